from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events.models import Pavilion
from exhibitors.applications import consents, selectors, services
from exhibitors.applications.documents import document_response
from exhibitors.applications.forms import ApplicationForm, ConfirmForm, DeclineForm, WithdrawForm
from exhibitors.applications.models import Application
from exhibitors.companies.views import company_required
from portal import pagecache


def _own_application(request, pk, now=None):
    """The company's own application ``pk`` with its ``next`` steps at ``now``, or a 404."""
    try:
        return selectors.company_application(company=request.company, pk=pk, now=now)
    except Application.DoesNotExist as missing:
        raise Http404 from missing


#: What "My applications" shows, by their version names (portal.pagecache).
LIST_VERSIONS = ("events:public", "exhibitors:roster")


@company_required
def application_list(request):
    """My applications: each with its status, date and the action due. Drawn from the cache
    per company and language while nothing it shows has been written and no call window,
    deadline or expo date has passed since (``application_steps_change_at``)."""
    now = timezone.now()

    def make():
        applications = selectors.company_applications(company=request.company, now=now)
        context = {"applications": applications, "now": now}
        return {
            "part": pagecache.render_part(LIST_CONTENT, context, request),
            "until": services.application_steps_change_at(applications, now),
        }

    key = f"my-applications:{request.company.pk}:{get_language()}"
    page = pagecache.cached(key, LIST_VERSIONS, make, until=lambda page: page["until"])
    return render(
        request,
        "exhibitors/application_list.html",
        {"content": pagecache.part_html(request, page["part"])},
    )


LIST_CONTENT = "exhibitors/_application_list_content.html"


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
    except services.ApplicationRefused as error:
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
    now = timezone.now()
    application = _own_application(request, pk, now)
    # A confirmed exhibitor sees the pavilion's floor with its own booth and staff's offers,
    # drawn by the ``own_booth`` tag (exhibitors/templatetags/floorplan_tags.py).
    return render(
        request,
        "exhibitors/application_detail.html",
        {
            "application": application,
            "pavilion": application.pavilion,
            "changes": selectors.application_changes(application=application),
            "target_markets": application.target_markets,
            "now": now,
        },
    )


def _typed_changes(form):
    """The application's fields whose posted value differs from the stored one (uploads and
    cleared files included; compared as posted, before any check); the page's
    ``loaded_version`` is no change of the application."""
    return [name for name in form.changed_data if name != "loaded_version"]


@company_required
def application_edit(request, pk):
    # The call's window is judged at the request's arrival, not at its turn (portal/arrival.py).
    arrived_at = getattr(request, "arrived_at", None)
    application = _own_application(request, pk, services.submission_time(arrived_at=arrived_at))
    if not application.next.can_edit:
        messages.error(request, _("This application can no longer be changed."))
        return redirect("exhibitors:application", pk)
    form = ApplicationForm(request.POST or None, request.FILES or None, instance=application)
    if request.method == "POST":
        submitting = "submit" in request.POST and application.next.can_submit
        # "Submit" on a draft saved as it is (the usual click on deadline night): nothing typed
        # differs from what is stored, so nothing is checked or saved again; the submission
        # alone, which checks the page's version instead.
        as_stored, version = False, None
        if submitting and not _typed_changes(form):
            try:
                version = form.fields["loaded_version"].clean(form["loaded_version"].data)
                as_stored = True
            except ValidationError:  # a page's version that is no number: the form says so
                pass
        if as_stored or form.is_valid():
            try:
                if not as_stored:
                    version = form.cleaned_data["loaded_version"]
                    services.application_save(
                        application=application,
                        values=form.cleaned_data,
                        user=request.user,
                        version=version,
                        arrived_at=arrived_at,
                    )
            except services.ApplicationRefused as error:
                messages.error(request, error.message)
                if not error.errors and not isinstance(error, services.ApplicationStale):
                    return redirect("exhibitors:application", pk)
                # Refused as a whole: the page comes back with what was typed and every problem.
                for field, message in error.errors.items():
                    form.add_error(field, ValidationError(message))
                return render(
                    request,
                    "exhibitors/application_form.html",
                    {"form": form, "application": application},
                )
            if submitting:
                try:
                    services.application_submit(
                        application=application,
                        user=request.user,
                        arrived_at=arrived_at,
                        version=version if as_stored else None,  # a save checked it
                    )
                except services.ApplicationRefused as error:
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
    if not application.next.can_withdraw:
        messages.error(request, _("This application can no longer be withdrawn."))
        return redirect("exhibitors:application", pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(
                application=application, user=request.user, reason=form.cleaned_data["reason"]
            )
        except services.ApplicationRefused as error:
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
    if not application.next.can_respond:
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
        except services.ApplicationRefused as error:
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
