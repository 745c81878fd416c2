"""One throttled login for the portal and the back office, and optional two-factor for staff.

The Django admin's own login form is not throttled; the portal's (django-allauth) is, per
address and per account (`ACCOUNT_RATE_LIMITS["login_failed"]`), and asks for the second factor
of a user who turned it on. So the admin has no login form: `admin_login` sends to the
portal's login and back to the admin page that was asked for.

A per-account limit alone would let anyone keep an account locked by failing on purpose every
few minutes. So a browser where an account logged in before carries a signed "login device"
cookie, and that account's failures from that browser are counted apart from everyone
else's (`device_of`, used by `portal.accounts.AccountAdapter`): the owner gets in from their
own browser while strangers are locked out (OWASP's "device cookies"). The cookie holds a
random device id and a keyed hash of the account's address, never the address itself.
"""

import secrets

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import admin, messages
from django.core import signing
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
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
#: The salt of the cookie's signature; a new one for the keyed-hash format, so a cookie of
#: the old format (which carried the address) fails the signature and counts as none.
DEVICE_SALT = "portal.login_protection.device.v2"
ACCOUNT_HASH_SALT = "portal.login_protection.device.account"


def _account_hash(device, login):
    """A keyed hash (HMAC, with a key derived from SECRET_KEY) of the login address and this
    device: the cookie names its account without saying which, and two browsers' cookies of
    one account do not match each other."""
    return salted_hmac(
        ACCOUNT_HASH_SALT, f"{device}\n{login.lower()}", algorithm="sha256"
    ).hexdigest()


def device_of(request, login):
    """The id of this browser's login device cookie when it was issued for `login`, else None."""
    value = request.COOKIES.get(DEVICE_COOKIE)
    if not value or not login:
        return None
    try:
        payload = signing.loads(value, salt=DEVICE_SALT, max_age=DEVICE_COOKIE_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    device, account = payload.get("device"), payload.get("account")
    if not isinstance(device, str) or not isinstance(account, str):
        return None
    if not constant_time_compare(account, _account_hash(device, login)):
        return None
    return device


def device_cookie_value(login):
    """A new device id for `login`, signed with the time it was issued (for the cookie's age)."""
    device = secrets.token_urlsafe(16)
    return signing.dumps(
        {"device": device, "account": _account_hash(device, login)}, salt=DEVICE_SALT
    )


class LoginDeviceMiddleware:
    """After a successful login, mark the browser as a known device of that account."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        was_authenticated = request.user.is_authenticated
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if not was_authenticated and user is not None and user.is_authenticated and user.email:
            response.set_cookie(
                DEVICE_COOKIE,
                device_cookie_value(user.email),
                max_age=DEVICE_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
