from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events and pavilions")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from events import public
        from events.models import Event, Pavilion, Series, SideEvent, Theme

        # Every edit of what the public pages show makes their cached copies stale.
        for model in (Series, Event, Theme, Pavilion, SideEvent):
            post_save.connect(public.changed, sender=model, dispatch_uid=f"public-{model.__name__}")
            post_delete.connect(
                public.changed, sender=model, dispatch_uid=f"public-delete-{model.__name__}"
            )
