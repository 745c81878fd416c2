"""One throttled login for the portal and the back office, and optional two-factor for staff.

The Django admin's own login form is not throttled; the portal's (django-allauth) is, per
address and per account (`ACCOUNT_RATE_LIMITS["login_failed"]`), and asks for the second factor
of a user who turned it on. So the admin has no login form: `admin_login` sends to the
portal's login and back to the admin page that was asked for.

A per-account limit alone would let anyone keep an account locked by failing on purpose every
few minutes. So a browser where an account logged in before carries a signed "login device"
cookie, and that account's failures from that browser are counted apart from everyone
else's (`device_of`, used by `portal.accounts.AccountAdapter`): the owner gets in from their
own browser while strangers are locked out (OWASP's "device cookies").
"""

import secrets

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import admin, messages
from django.core import signing
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _


def _safe_next(request):
    """The admin page to return to: `?next=` when it is one of ours, else the admin's index."""
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


def admin_login(request):
    """/admin/login/: staff log in through the portal's throttled login, never here.

    Nothing is ever authenticated by this view, whatever is posted to it.
    """
    target = _safe_next(request)
    if admin.site.has_permission(request):
        return redirect(target)
    if request.user.is_authenticated:
        # Logged in, but not active staff: the admin's refusal, not a loop through the login.
        context = {
            **admin.site.each_context(request),
            "title": _("No access to the back office"),
            "login_url": f"{reverse('account_login')}?{urlencode({'next': target})}",
        }
        return render(request, "admin/login_refused.html", context, status=403)
    return redirect(f"{reverse('account_login')}?{urlencode({'next': target})}")


class StaffMFAMiddleware:
    """With STAFF_REQUIRE_MFA, the back office opens only to staff with two-factor turned on.

    Staff without it who ask for an admin page are sent to set up an authenticator app; the
    account pages (where that is done) and the portal stay open to them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.STAFF_REQUIRE_MFA
            and request.user.is_authenticated
            and request.user.is_staff
            and request.path.startswith(reverse("admin:index"))
            and request.path != reverse("admin:logout")
            and not is_mfa_enabled(request.user)
        ):
            messages.warning(
                request,
                _(
                    "The back office requires two-factor authentication. Set up an "
                    "authenticator app to continue."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class MFAAdapter(DefaultMFAAdapter):
    def build_totp_svg(self, url):
        """The QR code as an <svg> element to draw inline (without the XML declaration)."""
        svg = super().build_totp_svg(url)
        return svg[svg.index("<svg") :]


DEVICE_COOKIE = "login_device"
DEVICE_COOKIE_AGE = 365 * 24 * 60 * 60
DEVICE_SALT = "portal.login_protection.device"


def device_of(request, login):
    """The id of this browser's login device cookie when it was issued for `login`, else None."""
    value = request.COOKIES.get(DEVICE_COOKIE)
    if not value or not login:
        return None
    try:
        payload = signing.loads(value, salt=DEVICE_SALT, max_age=DEVICE_COOKIE_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("login") != login.lower():
        return None
    return payload.get("device")


class LoginDeviceMiddleware:
    """After a successful login, mark the browser as a known device of that account."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        was_authenticated = request.user.is_authenticated
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if not was_authenticated and user is not None and user.is_authenticated and user.email:
            payload = {"login": user.email.lower(), "device": secrets.token_urlsafe(16)}
            response.set_cookie(
                DEVICE_COOKIE,
                signing.dumps(payload, salt=DEVICE_SALT),
                max_age=DEVICE_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
