"""The company-facing portal: profile, colleagues, applications.

Every view here works on the requesting user's own company only: querysets are filtered by
``request.company``, so another company's objects are a 404, never their data.
"""

from functools import wraps
from urllib.parse import urlencode, urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events.models import Pavilion

from . import applications as services
from . import booths, consents, floorplan, invitations
from .documents import document_response
from .forms import (
    ApplicationForm,
    CompanyForm,
    ConfirmForm,
    DeclineForm,
    InvitationForm,
    WithdrawForm,
)
from .models import Application, Booth, CompanyInvitation, Exhibitor, Membership, MembershipRole


def company_required(view):
    """Logged in and member of a company; the company is ``request.company``."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        membership = Membership.objects.select_related("company").filter(user=request.user).first()
        if membership is None:
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


def _own_application(request, pk):
    return get_object_or_404(
        Application.objects.select_related("pavilion__event", "theme"),
        pk=pk,
        company=request.company,
    )


# Company profile and colleagues -------------------------------------------------------------


@login_required
def company_create(request):
    if Membership.objects.filter(user=request.user).exists():
        return redirect("exhibitors:company")
    form = CompanyForm(
        request.POST or None,
        request.FILES or None,
        initial={"email": request.user.email, "preferred_language": request.LANGUAGE_CODE},
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            company = form.save()
            Membership.objects.create(user=request.user, company=company, role=MembershipRole.OWNER)
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
            "pending_invitations": invitations.invitations_open_for(request.user),
        },
    )


@company_required
def company_profile(request):
    company = request.company
    form = CompanyForm(request.POST or None, request.FILES or None, instance=company)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your company profile is saved."))
        return redirect("exhibitors:company")
    members = company.memberships.select_related("user").order_by("joined_at")
    invitations = company.invitations.filter(accepted_at__isnull=True)
    return render(
        request,
        "exhibitors/company_form.html",
        {
            "form": form,
            "company": company,
            "members": members,
            "invitations": invitations,
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
            invitation = invitations.invitation_send(invitation=form.instance, inviter=request.user)
        except invitations.InvitationError as error:
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
    invitation = get_object_or_404(CompanyInvitation.objects.select_related("company"), token=token)
    if not invitations.invitation_is_for(invitation=invitation, user=request.user):
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
    if Membership.objects.filter(user=request.user).exists():
        messages.error(request, _("Your account already belongs to a company."))
        return redirect("exhibitors:company")
    if request.method == "POST":
        try:
            invitations.invitation_accept(invitation=invitation, user=request.user)
        except invitations.InvitationError as error:
            messages.error(request, error.message)
            return redirect("events:home")
        messages.success(request, _("You joined %(company)s.") % {"company": invitation.company})
        return redirect("exhibitors:applications")
    return render(request, "exhibitors/invitation.html", {"invitation": invitation})


# Applications -------------------------------------------------------------------------------

#: The columns "My applications" reads (templates/exhibitors/application_list.html and
#: _next_step.html); a field left out costs a query per row, which the query-count tests catch.
LIST_FIELDS = [
    "status",
    "status_changed_at",
    "confirm_by",
    "pavilion__name_en",
    "pavilion__name_ko",
    "pavilion__applications_open_at",
    "pavilion__applications_close_at",
    "pavilion__confirmation_deadline",
    "pavilion__event__name_en",
    "pavilion__event__name_ko",
    "pavilion__event__starts_on",
]


@company_required
def application_list(request):
    """My applications: each with its status, date and the action due."""
    applications = (
        Application.objects.for_company(request.company)
        .select_related("pavilion__event")
        # Only what the table shows: an application has its whole form in its row.
        .only(*LIST_FIELDS)
        .order_by("-pavilion__event__starts_on")
    )
    return render(
        request,
        "exhibitors/application_list.html",
        {"applications": applications, "now": timezone.now()},
    )


@require_POST
@company_required
def application_start(request, event_slug, pavilion_slug):
    pavilion = get_object_or_404(
        Pavilion.objects.with_event(), event__slug=event_slug, slug=pavilion_slug
    )
    try:
        application = services.application_start(
            pavilion=pavilion, company=request.company, user=request.user
        )
    except services.ApplicationError as error:
        messages.error(request, error.message)
        existing = Application.objects.filter(pavilion=pavilion, company=request.company).first()
        if existing:
            return redirect("exhibitors:application", existing.pk)
        return redirect(pavilion.get_absolute_url())
    if services.is_full(pavilion):
        messages.warning(request, _waiting_list_notice(pavilion))
    return redirect("exhibitors:application_edit", application.pk)


def _waiting_list_notice(pavilion):
    return _(
        "All %(capacity)s places of %(pavilion)s are taken: your application goes to the "
        "waiting list, and is offered a place if one becomes free."
    ) % {"capacity": pavilion.capacity, "pavilion": pavilion.name}


@company_required
def application_detail(request, pk):
    application = _own_application(request, pk)
    now = timezone.now()
    # A confirmed exhibitor sees the pavilion's floor with its own booth, and staff's offers.
    plan = None
    if application.status == services.S.CONFIRMED:
        plan = floorplan.floor_plan(application.pavilion, company=request.company, now=now)
    return render(
        request,
        "exhibitors/application_detail.html",
        {
            "application": application,
            "pavilion": application.pavilion,
            "changes": application.status_changes.select_related("changed_by"),
            "target_markets": application.target_markets,
            "can_edit": services.can_edit(application, now),
            "can_withdraw": services.can_withdraw(application, now),
            "can_respond": services.can_respond(application, now),
            "plan": plan,
            "now": now,
        },
    )


@require_POST
@company_required
def booth_offer_accept(request, pk, booth_pk):
    """The exhibitor takes the booth staff offered it, while the offer lasts."""
    application = _own_application(request, pk)
    exhibitor = get_object_or_404(
        Exhibitor, pavilion_id=application.pavilion_id, company=request.company
    )
    booth = get_object_or_404(Booth, pk=booth_pk, pavilion_id=application.pavilion_id)
    try:
        booths.booth_offer_accept(booth=booth, exhibitor=exhibitor)
    except booths.BoothError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Booth %(code)s is yours. See you at the pavilion!") % {"code": booth.code}
        )
    return redirect("exhibitors:application", pk)


@company_required
def application_edit(request, pk):
    application = _own_application(request, pk)
    # The call's window is judged at the request's arrival, not at its turn (portal/arrival.py).
    arrived_at = getattr(request, "arrived_at", None)
    if not services.can_edit(application, services.submission_time(arrived_at=arrived_at)):
        messages.error(request, _("This application can no longer be changed."))
        return redirect("exhibitors:application", pk)
    form = ApplicationForm(request.POST or None, request.FILES or None, instance=application)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.application_save(
                    application=application,
                    form=form,
                    user=request.user,
                    version=form.cleaned_data["loaded_version"],
                    arrived_at=arrived_at,
                )
            except services.ApplicationError as error:
                messages.error(request, error.message)
                if not error.errors and not isinstance(error, services.StaleApplicationError):
                    return redirect("exhibitors:application", pk)
                # Refused as a whole: the page comes back with what was typed and every problem.
                for field, message in error.errors.items():
                    form.add_error(field, ValidationError(message))
                return render(
                    request,
                    "exhibitors/application_form.html",
                    {"form": form, "application": application},
                )
            if "submit" in request.POST and application.status == services.S.DRAFT:
                try:
                    services.application_submit(
                        application=application, user=request.user, arrived_at=arrived_at
                    )
                except services.ApplicationError as error:
                    messages.error(request, error.message)
                    for field, message in error.errors.items():
                        form.add_error(field, ValidationError(message))
                    return render(
                        request,
                        "exhibitors/application_form.html",
                        {"form": form, "application": application},
                    )
                messages.success(
                    request, _("Your application is submitted. A receipt is on its way by e-mail.")
                )
                if services.is_full(application.pavilion):
                    messages.warning(request, _waiting_list_notice(application.pavilion))
                return redirect("exhibitors:application", pk)
            messages.success(request, _("Your changes are saved."))
            return redirect("exhibitors:application_edit", pk)
        messages.error(request, _("Please correct the fields marked below; nothing was saved yet."))
    return render(
        request, "exhibitors/application_form.html", {"form": form, "application": application}
    )


@company_required
def application_withdraw(request, pk):
    application = _own_application(request, pk)
    if not services.can_withdraw(application):
        messages.error(request, _("This application can no longer be withdrawn."))
        return redirect("exhibitors:application", pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(
                application=application, user=request.user, reason=form.cleaned_data["reason"]
            )
        except services.ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your application is withdrawn."))
            return redirect("exhibitors:application", pk)
    return render(
        request, "exhibitors/application_withdraw.html", {"form": form, "application": application}
    )


@company_required
def application_respond(request, pk):
    """Confirm participation, or decline the place, by the confirmation deadline."""
    application = _own_application(request, pk)
    if not services.can_respond(application):
        messages.error(request, _("There is nothing to confirm for this application."))
        return redirect("exhibitors:application", pk)
    form = DeclineForm(request.POST or None)
    confirming = request.method == "POST" and "confirm" in request.POST
    confirm_form = ConfirmForm(
        request.POST if confirming else None, initial={"terms_version": consents.TERMS_VERSION}
    )
    if request.method == "POST":
        try:
            if confirming and confirm_form.is_valid():
                services.application_confirm(
                    application=application,
                    user=request.user,
                    terms_version=confirm_form.cleaned_data["terms_version"],
                )
                messages.success(
                    request, _("Your participation is confirmed. Welcome to the pavilion!")
                )
                return redirect("exhibitors:application", pk)
            if "decline" in request.POST and form.is_valid():
                services.application_decline(
                    application=application, user=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("You declined your place. Thank you for telling us."))
                return redirect("exhibitors:application", pk)
        except services.ApplicationError as error:
            messages.error(request, error.message)
            return redirect("exhibitors:application", pk)
    return render(
        request,
        "exhibitors/application_respond.html",
        {
            "form": form,
            "confirm_form": confirm_form,
            "terms_version": consents.TERMS_VERSION,
            "application": application,
            "pavilion": application.pavilion,
        },
    )


@company_required
def application_document(request, pk, kind):
    """An application's document, for its own company only, as a download."""
    return document_response(_own_application(request, pk), kind)
