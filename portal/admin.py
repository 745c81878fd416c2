"""The admin's list of users names each person once, as their language writes them
(``portal.names``: "김지수", "Jisoo Kim"), instead of a first-name and a last-name column that
put a Korean name in the English order."""

from django.contrib import admin
from django.contrib.auth import admin as auth_admin  # registers the User admin first
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from portal.names import full_name

User = get_user_model()


class UserAdmin(auth_admin.UserAdmin):
    list_display = ["username", "name", "email", "is_staff"]

    @admin.display(description=_("name"), ordering="last_name")
    def name(self, user):
        return full_name(user)


admin.site.unregister(User)
admin.site.register(User, UserAdmin)
