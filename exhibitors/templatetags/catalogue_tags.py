"""What exhibitors adds to events' public pavilion page about its catalogue: the link, once
staff have published it.

``events`` imports nothing from ``exhibitors``, so the page asks here, inside its cached
fragment (whose key holds the public version token that publishing replaces):
``{% load catalogue_tags %}{% catalogue_published pavilion as published %}``."""

from django import template
from django.utils import timezone

from exhibitors.buyers.models import Catalogue

register = template.Library()


@register.simple_tag
def catalogue_published(pavilion) -> bool:
    """Whether ``pavilion``'s exhibitor catalogue is public. One query."""
    return Catalogue.objects.filter(
        pavilion=pavilion, published_at__isnull=False, published_at__lte=timezone.now()
    ).exists()
