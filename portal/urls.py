from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from portal.legal import privacy, terms
from portal.login_protection import admin_login

admin.site.site_header = _("Pavilion portal back office")
admin.site.site_title = _("Pavilion portal")
admin.site.index_title = _("Back office")

urlpatterns = [
    path("", include("events.urls")),
    path("", include("exhibitors.urls")),
    path("privacy/", privacy, name="privacy"),
    path("terms/", terms, name="terms"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # The back office logs in through the portal's throttled login (portal/login_protection.py).
    path("admin/login/", admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
]

# Uploaded files are never served from MEDIA_URL: only through the permission-checked
# views (exhibitors.documents), in development too.
