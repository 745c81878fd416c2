"""A submitted application stays complete (issue 13, item 1): every later save passes the
submission's completeness check in the service, a required document can be replaced but not
removed, and a page loaded before a newer save is refused instead of overwriting it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exhibitors.applications import services
from exhibitors.applications.forms import ApplicationForm
from exhibitors.applications.models import Application, ApplicationStatus
from tests.factories import PDF_BYTES, ApplicationFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return MembershipFactory()


@pytest.fixture
def member_client(client, member):
    client.force_login(member.user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def submitted_of(member):
    application = ApplicationFactory(company=member.company)
    services.application_submit(application=application, user=member.user, notify=False)
    return Application.objects.get(pk=application.pk)


def post_of(application, **overrides):
    """What the edit page posts for ``application`` as it is stored, with ``overrides``."""
    data = {
        "loaded_version": application.version,
        "product_name_ko": application.product_name_ko,
        "product_name_en": application.product_name_en,
        "product_description_ko": application.product_description_ko,
        "product_description_en": application.product_description_en,
        "theme": application.theme_id,
        "target_markets": [str(country) for country in application.target_markets],
        "goals": application.goals,
        "booth_preference": application.booth_preference,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def stored(application):
    return Application.objects.values(
        "product_name_en", "goals", "introduction_pdf", "version", "status"
    ).get(pk=application.pk)


# The service --------------------------------------------------------------------------------


def test_the_service_refuses_a_save_that_empties_a_submitted_application(member):
    application = submitted_of(member)
    before = stored(application)
    form = ApplicationForm(
        post_of(application, product_name_en="", goals="", **{"introduction_pdf-clear": "on"}),
        instance=application,
    )
    assert form.is_valid(), form.errors  # the form lets it through: the service is the rule

    with pytest.raises(services.ApplicationRefused) as refused:
        services.application_save(
            application=application, values=form.cleaned_data, user=member.user
        )

    assert set(refused.value.errors) == {"product_name_en", "goals", "introduction_pdf"}
    assert "3 fields would be left empty" in refused.value.message
    assert "replace the file, but not remove it" in refused.value.errors["introduction_pdf"]
    assert stored(application) == before


def test_a_draft_may_still_be_saved_half_empty(member):
    application = ApplicationFactory(company=member.company)
    form = ApplicationForm(post_of(application, product_name_en=""), instance=application)
    assert form.is_valid()
    services.application_save(application=application, values=form.cleaned_data, user=member.user)
    assert stored(application)["product_name_en"] == ""


def test_a_submitted_application_can_replace_its_document(member):
    application = submitted_of(member)
    old_name = stored(application)["introduction_pdf"]
    new = SimpleUploadedFile("new-intro.pdf", PDF_BYTES, "application/pdf")
    form = ApplicationForm(post_of(application), {"introduction_pdf": new}, instance=application)
    assert form.is_valid(), form.errors
    services.application_save(application=application, values=form.cleaned_data, user=member.user)
    after = stored(application)
    assert after["introduction_pdf"] != old_name and after["introduction_pdf"].endswith(".pdf")
    assert (after["status"], after["version"]) == (ApplicationStatus.SUBMITTED, 1)


def test_a_stale_version_is_refused_and_the_newer_save_stays(member):
    application = submitted_of(member)
    first = ApplicationForm(post_of(application, goals="Newer goals"), instance=application)
    assert first.is_valid()
    services.application_save(
        application=application, values=first.cleaned_data, user=member.user, version=0
    )

    stale_copy = Application.objects.get(pk=application.pk)
    stale = ApplicationForm(
        post_of(stale_copy, goals="Old goals", loaded_version=0), instance=stale_copy
    )
    assert stale.is_valid()
    with pytest.raises(services.ApplicationStale, match="Reload the page"):
        services.application_save(
            application=stale_copy, values=stale.cleaned_data, user=member.user, version=0
        )
    assert stored(application)["goals"] == "Newer goals"
    assert stored(application)["version"] == 1


# The page -----------------------------------------------------------------------------------


def test_the_edit_page_of_a_submitted_application_says_so_and_until_when(member_client, member):
    application = submitted_of(member)
    page = member_client.get(reverse("exhibitors:application_edit", args=[application.pk]))
    notice = page.content.decode()
    assert "This application is submitted. You can change it until the call closes on" in notice
    assert 'name="loaded_version" value="0"' in notice


def test_the_page_refuses_a_blank_name_or_a_cleared_pdf_and_lists_every_problem(
    member_client, member
):
    application = submitted_of(member)
    before = stored(application)
    url = reverse("exhibitors:application_edit", args=[application.pk])

    response = member_client.post(
        url, post_of(application, product_name_ko="", **{"introduction_pdf-clear": "on"})
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "nothing was saved: 2 fields would be left empty" in page
    assert set(response.context["form"].errors) == {"product_name_ko", "introduction_pdf"}
    assert 'value=""' in page or "product_name_ko" in page
    assert stored(application) == before


def test_the_page_refuses_a_stale_form_and_keeps_what_was_typed(member_client, member):
    application = submitted_of(member)
    url = reverse("exhibitors:application_edit", args=[application.pk])
    member_client.post(url, post_of(application, goals="Saved in the second tab"))
    assert stored(application)["goals"] == "Saved in the second tab"

    response = member_client.post(url, post_of(application, goals="Typed in the first tab"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "changed elsewhere" in page and "Reload the page" in page
    assert "Typed in the first tab" in page
    assert stored(application)["goals"] == "Saved in the second tab"


# Staff in the admin -------------------------------------------------------------------------


def admin_form(application, rf, staff_user, **changes):
    from django.contrib import admin
    from django.forms.models import model_to_dict

    request = rf.get("/")
    request.user = staff_user
    model_admin = admin.site._registry[Application]
    form_class = model_admin.get_form(request, application, change=True)
    data = {
        key: value
        for key, value in model_to_dict(application, fields=form_class.base_fields).items()
        if value is not None and key not in ("introduction_pdf", "product_image")
    }
    data["past_pavilions"] = []
    data["target_markets"] = [str(country) for country in application.target_markets]
    data.update(changes)
    return form_class(data, {}, instance=application)


def test_staff_cannot_empty_a_submitted_application_in_the_admin(member, rf, staff_user):
    application = submitted_of(member)
    form = admin_form(application, rf, staff_user, goals="", **{"introduction_pdf-clear": "on"})
    assert not form.is_valid()
    assert set(form.errors) == {"goals", "introduction_pdf"}
    assert stored(application)["goals"] == "Meet European distributors"

    corrected = admin_form(
        Application.objects.get(pk=application.pk), rf, staff_user, goals="Buyers"
    )
    assert corrected.is_valid(), corrected.errors
