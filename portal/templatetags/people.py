from django import template

from portal.names import display_name, full_name

register = template.Library()

register.filter("full_name", full_name)
register.filter("display_name", display_name)
