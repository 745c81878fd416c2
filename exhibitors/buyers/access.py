"""Who may open the buyers' pages.

A user is a buyer (``user.buyer``), a company's member or staff, never two of them. Buyers'
pages are for buyers only; a company's pages refuse buyers (``company_required`` sends them to
their own page), and a buyer never sees another buyer's requests or meetings: the views read
them through ``request.buyer``, never by a bare id.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from exhibitors.buyers.models import Buyer


def user_buyer(user) -> Buyer | None:
    """The user's buyer account, or None (anonymous, staff, a company's member)."""
    if not user.is_authenticated:
        return None
    try:
        return user.buyer
    except Buyer.DoesNotExist:
        return None


def buyer_required(view=None, *, approved: bool = True):
    """Logged in with a buyer account; the account is ``request.buyer``.

    With ``approved`` (the default) the account must also have been approved by staff: a
    buyer still waiting (or refused) is sent to their own page, which says so. Anyone else
    (a company's member, staff) gets a 404, as for any page that is not theirs."""

    def decorate(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            from django.http import Http404

            buyer = user_buyer(request.user)
            if buyer is None:
                raise Http404
            if approved and not buyer.is_approved:
                return redirect("exhibitors:buyer_home")
            request.buyer = buyer
            return view(request, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate
