"""What the admin takes from the address bar."""

from django.core.exceptions import ValidationError
from django.db import models


class AddressInitialAdminMixin:
    """The add page fills its fields from the address (``?pavilion=3``); a value that is not
    a valid key for an autocomplete field (a hand-edited or garbled link) is dropped, instead
    of reaching the widget's query and failing there with a server error."""

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        for name in self.get_autocomplete_fields(request):
            if name not in initial:
                continue
            value = initial[name]
            target = self.model._meta.get_field(name).target_field
            try:
                for one in value if isinstance(value, list) else [value]:
                    target.to_python(one)
            except ValidationError:
                del initial[name]
        return initial


#: Web addresses typed without a scheme become https:// (Django 6's default, the portal form's
#: too), for the admins with a URL field.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}
