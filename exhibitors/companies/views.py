from functools import wraps
from urllib.parse import urlencode, urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from exhibitors.companies import selectors, services
from exhibitors.companies.forms import CompanyForm, InvitationForm


def _is_buyer(user) -> bool:
    """Whether ``user`` has a buyer account (``user.buyer``, the reverse one-to-one of the
    buyers' package, above this one: read by name, not imported). One query, asked only of a
    user who is no company's member."""
    return hasattr(user, "buyer")


def company_required(view):
    """Logged in and member of a company; the company is ``request.company``. A buyer (a role of
    its own, never a company's member) is sent to their own page."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        membership = selectors.user_membership(request.user)
        if membership is None:
            if _is_buyer(request.user):
                return redirect("exhibitors:buyer_home")
            messages.info(request, _("First tell us about your company."))
            query = urlencode({"next": _back_after_company(request)})
            return redirect(f"{reverse('exhibitors:company_create')}?{query}")
        request.company = membership.company
        request.membership = membership
        return view(request, *args, **kwargs)

    return wrapper


def _safe_next(request, url):
    return (
        url
        if url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure())
        else ""
    )


def _back_after_company(request):
    """Where to go once the company exists: the page asked for, or for a form that was sent
    (Apply now), the page that showed the form, since a redirect can only GET."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = _safe_next(request, request.headers.get("referer", ""))
    return urlsplit(referer).path if referer else reverse("events:home")


@login_required
def company_create(request):
    if selectors.user_has_company(request.user):
        return redirect("exhibitors:company")
    if _is_buyer(request.user):  # a buyer account cannot also be a company's
        return redirect("exhibitors:buyer_home")
    form = CompanyForm(
        request.POST or None,
        request.FILES or None,
        initial={"email": request.user.email, "preferred_language": request.LANGUAGE_CODE},
    )
    if request.method == "POST" and form.is_valid():
        services.company_create(company=form.save(commit=False), owner=request.user)
        messages.success(request, _("Your company profile is saved."))
        next_url = _safe_next(request, request.GET.get("next", ""))
        return redirect(next_url or "exhibitors:applications")
    return render(
        request,
        "exhibitors/company_form.html",
        {
            "form": form,
            "creating": True,
            # A colleague may have invited this address already: joining beats a duplicate.
            "pending_invitations": selectors.invitations_open_for(request.user),
        },
    )


@company_required
def company_profile(request):
    company = request.company
    form = CompanyForm(request.POST or None, request.FILES or None, instance=company)
    if request.method == "POST" and form.is_valid():
        services.company_update(company=form.save(commit=False), user=request.user)
        messages.success(request, _("Your company profile is saved."))
        return redirect("exhibitors:company")
    return render(
        request,
        "exhibitors/company_form.html",
        {
            "form": form,
            "company": company,
            "members": selectors.company_members(company),
            "invitations": selectors.company_open_invitations(company),
            "invitation_form": InvitationForm(),
        },
    )


@require_POST
@company_required
def company_invite(request):
    form = InvitationForm(request.POST)
    form.instance.company = request.company
    if form.is_valid():
        try:
            invitation = services.invitation_send(invitation=form.instance, inviter=request.user)
        except services.InvitationRefused as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("We sent an invitation to %(email)s.") % {"email": invitation.email}
            )
    else:
        for error in form.errors.get("email", []) + form.non_field_errors():
            messages.error(request, error)
    return redirect("exhibitors:company")


@login_required
def invitation_accept(request, token):
    """The invitation's page and its Join button: for the holder of the invited address only;
    anyone else logged in is told to log in with that address (and joins nothing)."""
    invitation = selectors.invitation_by_token(token)
    if invitation is None:
        raise Http404
    if not selectors.invitation_is_for(invitation=invitation, user=request.user):
        login_url = f"{reverse('account_login')}?{urlencode({'next': request.path})}"
        return render(
            request,
            "exhibitors/invitation_other_address.html",
            {"login_url": login_url},
            status=403,
        )
    if not invitation.is_open():
        messages.error(request, _("This invitation has expired or was already used."))
        return redirect("events:home")
    if selectors.user_has_company(request.user):
        messages.error(request, _("Your account already belongs to a company."))
        return redirect("exhibitors:company")
    if _is_buyer(request.user):
        messages.error(
            request, _("A buyer account cannot join a company: accept with another address.")
        )
        return redirect("exhibitors:buyer_home")
    if request.method == "POST":
        try:
            services.invitation_accept(invitation=invitation, user=request.user)
        except services.InvitationRefused as error:
            messages.error(request, error.message)
            return redirect("events:home")
        messages.success(request, _("You joined %(company)s.") % {"company": invitation.company})
        return redirect("exhibitors:applications")
    return render(request, "exhibitors/invitation.html", {"invitation": invitation})
