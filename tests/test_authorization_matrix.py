"""Who may read and who may write every URL of the portal and of the admin.

The columns: anonymous (A), the staff roles reviewer (Rv), programme manager (P), floor manager
(F) and reporting (Rp), a superuser (S), a member of another company (X) and the owner (O), a
member of the company that owns the objects, an approved buyer (B), who owns the world's buyer
objects, and another approved buyer (Y), who owns none.

Read: a GET answers (200, or a redirect that is not a refusal) for those listed, and is refused
for everyone else (the login page, 403, 404, or the admin's "no such object"). Write: a POST is
taken by those listed, and refused for everyone else, with nothing written to the database.

A URL that is in neither table fails the test: a new page cannot be added unprotected.
"""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from exhibitors import roles
from portal.admin_history import AuditedAdmin
from tests.authz_urls import (
    admin_model_pages,
    answered,
    ask,
    project_url_names,
    refused,
    url_for,
)
from tests.authz_world import (
    ANONYMOUS,
    BUYER,
    FLOOR,
    HISTORY_SECRET,
    OTHER,
    OTHER_BUYER,
    OWNER,
    PROGRAMME,
    REPORTING,
    REVIEWER,
    SUPERUSER,
    WHO,
    build_world,
)

pytestmark = pytest.mark.django_db

CODES = {
    "A": ANONYMOUS,
    "Rv": REVIEWER,
    "P": PROGRAMME,
    "F": FLOOR,
    "Rp": REPORTING,
    "S": SUPERUSER,
    "X": OTHER,
    "O": OWNER,
    "B": BUYER,
    "Y": OTHER_BUYER,
}


def who(codes):
    return frozenset(CODES[code] for code in codes.split())


STAFF = "Rv P F Rp S"
EVERYONE = "A Rv P F Rp S X O B Y"
SIGNED_IN = "Rv P F Rp S X O B Y"
NOBODY = ""

# The admin's pages of each registered model: (view, add, change, delete). The changelist and
# the history are read with view (a POST to them without an action changes nothing); add,
# change and delete are written with their own permission.
MODELS = {
    "events.Series": ("P S", "P S", "P S", "P S"),
    "events.Event": ("P F Rp S", "P S", "P S", "P S"),
    "events.Pavilion": ("P F Rp S", "P S", "P S", "P S"),
    "events.Theme": ("P S", "P S", "P S", "P S"),
    "events.SideEvent": ("P S", "P S", "P S", "P S"),
    "exhibitors.Company": ("P F Rp S", "P S", "P S", "S"),
    "exhibitors.Membership": ("P S", "S", "P S", "S"),
    "exhibitors.CompanyInvitation": ("P S", "P S", "P S", "S"),
    # Who agreed to which notice: a record, read by superusers only, never written by hand.
    "exhibitors.Consent": ("S", NOBODY, NOBODY, NOBODY),
    "exhibitors.Exhibitor": ("P F Rp S", "P S", "P S", "S"),
    "exhibitors.Application": ("P S", NOBODY, "P S", "S"),
    "exhibitors.StatusChange": ("P S", NOBODY, NOBODY, NOBODY),
    "exhibitors.RankedApplication": ("P S", NOBODY, "P S", NOBODY),
    "exhibitors.Criterion": ("P S", "P S", "P S", "P S"),
    # A reviewer scores on the score page; the change page is read-only for everyone.
    "exhibitors.Review": ("Rv P S", "P S", NOBODY, "P S"),
    "exhibitors.Booth": ("P F S", "F S", "F S", "F S"),
    # Reports are approved or returned from their page, never edited by staff.
    "exhibitors.OutcomeReport": ("P Rp S", NOBODY, NOBODY, NOBODY),
    "exhibitors.Consultation": ("P Rp S", NOBODY, NOBODY, NOBODY),
    "exhibitors.Mou": ("P Rp S", NOBODY, NOBODY, NOBODY),
    "exhibitors.OnSiteContract": ("P Rp S", NOBODY, NOBODY, NOBODY),
    "exhibitors.FollowUp": ("P Rp S", NOBODY, NOBODY, NOBODY),
    # The publication log of the figures: written by publishing, never edited or deleted.
    "exhibitors.FiguresPublication": ("P Rp S", NOBODY, NOBODY, NOBODY),
    # The meetings' back office: rules, slots (generated, never typed), places (the floor's),
    # and the meetings, read only (their status moves through the meeting services).
    "exhibitors.MeetingSettings": ("P S", "P S", "P S", "S"),
    "exhibitors.MeetingSlot": ("P F S", NOBODY, NOBODY, "P S"),
    "exhibitors.MeetingPlace": ("P F S", "P F S", "P F S", "P F S"),
    "exhibitors.Meeting": ("P Rp S", "P S", NOBODY, NOBODY),
    # The catalogue: the programme manager publishes it, the floor manager reads it (and
    # prints the booth cards); the entries are the companies' own, read only in the admin.
    "exhibitors.Catalogue": ("P F S", "P S", "P S", "S"),
    "exhibitors.CatalogueEntry": ("P F S", NOBODY, NOBODY, "S"),
    # Buyers sign up on the portal or are imported; staff approve or refuse (the actions).
    "exhibitors.Buyer": ("P S", NOBODY, "P S", "S"),
    "auth.User": ("S", "S", "S", "S"),
    "auth.Group": ("S", "S", "S", "S"),
    "account.EmailAddress": ("S", "S", "S", "S"),
    "django_tasks_database.DBTaskResult": ("S", NOBODY, NOBODY, NOBODY),
    "mfa.Authenticator": ("S", "S", "S", "S"),
}

# Every other URL: name -> (who may read, who may write).
PAGES = {
    # The public pages.
    "events:home": (EVERYONE, EVERYONE),
    "events:pavilion": (EVERYONE, EVERYONE),
    "exhibitors:results": (EVERYONE, EVERYONE),
    # The notices agreed to at sign-up and on confirming a place: read only.
    "privacy": (EVERYONE, NOBODY),
    "terms": (EVERYONE, NOBODY),
    # The company's own pages: its members only; staff have no company.
    "exhibitors:company": ("X O", "X O"),
    # Anyone signed in may register a company, but a buyer (sent to their own page).
    "exhibitors:company_create": ("Rv P F Rp S X O", "Rv P F Rp S X O"),
    "exhibitors:company_invite": (NOBODY, "X O"),
    # Only the holder of the invited address (verified, in any letter case), whom the world
    # does not have: everyone else is refused and joins nothing, the token alone proves
    # nothing. The invitee is tested below, two at once in
    # tests/exhibitors/companies/test_services.py.
    "exhibitors:invitation": (NOBODY, NOBODY),
    "exhibitors:applications": ("X O", "X O"),
    "exhibitors:application_start": (NOBODY, "X O"),
    "exhibitors:application": ("O", "O"),
    "exhibitors:application_edit": ("O", "O"),
    "exhibitors:application_withdraw": ("O", "O"),
    "exhibitors:application_respond": ("O", "O"),
    "exhibitors:application_document": ("O", "O"),
    # Any private file (here an application's PDF): its company, the entitled staff (the
    # assigned reviewer, those who may view applications); downloads only, never a POST.
    "exhibitors:document": ("Rv P S O", NOBODY),
    "exhibitors:booth_offer_accept": (NOBODY, "O"),
    "exhibitors:reports": ("X O", "X O"),
    "exhibitors:report": ("O", "O"),
    "exhibitors:report_upload": (NOBODY, "O"),
    # "Confirm all as they are": the rows from the expo of the own report (a POST only).
    "exhibitors:report_confirm_all": (NOBODY, "O"),
    # One saved consultation of the own report: its page to change it, and the removal (a
    # page that asks, then the POST).
    "exhibitors:report_consultation": ("O", "O"),
    "exhibitors:report_consultation_delete": ("O", "O"),
    "exhibitors:report_template": ("O", "O"),
    "exhibitors:report_scan": ("O", "O"),
    "exhibitors:application_report": ("O", "O"),
    # Meetings, the buyer's side: approved buyers only (companies and staff get 404). Each
    # buyer asks for meetings and reads their own list and schedule; one meeting's page is
    # its buyer's (B), another buyer (Y) gets 404.
    "exhibitors:meeting_request": ("B Y", "B Y"),
    "exhibitors:buyer_meetings": ("B Y", NOBODY),
    "exhibitors:buyer_meeting": ("B", "B"),
    "exhibitors:buyer_schedule": ("B Y", NOBODY),
    "exhibitors:buyer_schedule_ics": ("B Y", NOBODY),
    # Meetings, the exhibitor's side: its company's members; no buyer (B, Y) reads them.
    "exhibitors:application_meetings": ("O", NOBODY),
    "exhibitors:exhibitor_meetings": ("O", NOBODY),
    "exhibitors:exhibitor_meeting": ("O", "O"),
    "exhibitors:exhibitor_schedule": ("O", NOBODY),
    "exhibitors:exhibitor_schedule_ics": ("O", NOBODY),
    # The public catalogue (published, the entry agreed), its logo; staff's booth cards; the
    # company's own entry and the link to it from the application; read-only pages refuse a
    # POST (405).
    "exhibitors:catalogue": (EVERYONE, NOBODY),
    "exhibitors:catalogue_exhibitor": (EVERYONE, NOBODY),
    "exhibitors:catalogue_logo": (EVERYONE, NOBODY),
    "exhibitors:catalogue_cards": ("P F S", NOBODY),
    "exhibitors:catalogue_entry": ("O", "O"),
    "exhibitors:catalogue_entry_for_application": ("O", NOBODY),
    # The calendar feeds: each signed-in user's own page; the feed itself by its secret alone.
    "exhibitors:calendar_feeds": (SIGNED_IN, SIGNED_IN),
    "exhibitors:calendar_feed": (EVERYONE, NOBODY),
    # At the booth: the exhibitor's phone page (log a consultation) and the held / no-show
    # marks of its meetings (POST only).
    "exhibitors:booth": ("O", "O"),
    "exhibitors:booth_meeting_mark": (NOBODY, "O"),
    # The buyer's own pages: buyers only (a waiting buyer reads their page too); the sign-up
    # is for nobody signed in. The badge's QR code opens for members of an exhibiting company.
    "exhibitors:buyer_home": ("B Y", "B Y"),
    "exhibitors:buyer_signup": ("A", "A"),
    "exhibitors:buyer_badge": ("B Y", NOBODY),
    "exhibitors:buyer_badge_renew": (NOBODY, "B Y"),
    "exhibitors:buyer_badge_scan": ("O", NOBODY),
    # The admin site's own pages.
    "admin:index": (STAFF, STAFF),
    "admin:app_list": (STAFF, STAFF),
    "admin:password_change": (STAFF, STAFF),
    "admin:password_change_done": (STAFF, NOBODY),
    "admin:jsi18n": (STAFF, NOBODY),
    "admin:autocomplete": ("P F Rp S", NOBODY),  # those who may view events
    "admin:view_on_site": (STAFF, STAFF),
    "admin:auth_user_password_change": ("S", "S"),
    # Pages added by the project's admins (get_urls) and by django-import-export.
    "admin:exhibitors_company_import": ("P S", "P S"),
    "admin:exhibitors_company_process_import": (NOBODY, "P S"),
    "admin:exhibitors_company_export": ("P F Rp S", "P F Rp S"),
    "admin:exhibitors_booth_import": ("F S", "F S"),
    "admin:exhibitors_booth_process_import": (NOBODY, "F S"),
    "admin:exhibitors_booth_export": ("F S", "F S"),
    "admin:exhibitors_buyer_import": ("P S", "P S"),
    "admin:exhibitors_buyer_process_import": (NOBODY, "P S"),
    "admin:exhibitors_buyer_export": ("P S", "P S"),
    "admin:exhibitors_rankedapplication_export": ("P S", "P S"),
    "admin:exhibitors_review_export": ("P S", "P S"),
    "admin:exhibitors_review_score": ("Rv P S", "Rv"),  # managers read, the reviewer scores
    "admin:exhibitors_review_document": ("Rv P S", "Rv P S"),
    "admin:events_pavilion_floor_plan": ("P F Rp S", "P F Rp S"),
    "admin:events_pavilion_dashboard": ("P Rp S", "P Rp S"),
    "admin:events_pavilion_dashboard_xlsx": ("P Rp S", "P Rp S"),
    "admin:events_pavilion_publish_revised": ("P Rp S", "P Rp S"),
    # The meetings' back office: generating slots and places, the matchmaking board (GET only).
    "admin:exhibitors_meetingslot_generate": ("P S", "P S"),
    "admin:exhibitors_meetingplace_generate": ("P F S", "P F S"),
    "admin:exhibitors_meeting_board": ("P Rp S", NOBODY),
}


# The audit trail of objects beside the world's own (tests.authz_world._histories): who may
# read their History page and the page of their last version. A deleted object is judged by
# its last version, as the live one is: a reviewer reads their own deleted review, never
# another reviewer's (live or deleted). The History page takes a POST from its readers (it
# changes nothing); a version page takes no POST from anyone.
HISTORIES = {
    "a live review of another reviewer": "P S",
    "a deleted review of another reviewer": "P S",
    "a deleted review of their own": "Rv P S",
    "a deleted application of another company": "P S",
    "a deleted report of another company": "P Rp S",
    "a deleted consultation of another company": "P Rp S",
    "a deleted MOU of another company": "P Rp S",
    "a deleted on-site contract of another company": "P Rp S",
    "a deleted follow-up of another company": "P Rp S",
    "a deleted exhibitor": "P F Rp S",
    "a deleted booth": "P F S",
    "a deleted company": "P F Rp S",
    "a deleted meeting settings": "P S",
    "a deleted meeting": "P Rp S",
    "a deleted catalogue": "P F S",
    "a deleted catalogue entry": "P F S",
    "a deleted buyer": "P S",
}


def history_pages(world):
    """[(what, url, readers, writers)]: the History page and the page of the last version of
    each object of :data:`HISTORIES`."""
    pages = []
    for what, (label, pk, version_id) in sorted(world["histories"].items()):
        app_label, model_name = label.lower().split(".")
        prefix = f"admin:{app_label}_{model_name}"
        readers = who(HISTORIES[what])
        pages.append((what, reverse(f"{prefix}_history", args=[pk]), readers, readers))
        url = reverse(f"{prefix}_simple_history", args=[pk, version_id])
        pages.append((what, url, readers, frozenset()))
    return pages


#: Logging in and out is for everyone, and a logout would end the session the test runs in.
#: /admin/login/ only sends to the portal's (throttled) login.
PUBLIC_BY_DESIGN = {"admin:login", "admin:logout", "admin_login"}


def matrix():
    """{url name: (readers, writers)} from both tables."""
    table = {name: (who(read), who(write)) for name, (read, write) in PAGES.items()}
    for name, (label, page) in admin_model_pages().items():
        view, add, change, delete = MODELS[label]
        read, write = {
            "changelist": (view, view),
            "history": (view, view),
            # one past version: read with view, read only (simple-history's revert is off)
            "simple_history": (view, NOBODY),
            "add": (add, add),
            "change": (view, change),
            "delete": (delete, delete),
        }[page]
        table[name] = (who(read), who(write))
    return table


def test_every_url_is_in_the_matrix():
    """A URL of the project or of the admin that the tables do not cover fails here."""
    assert set(MODELS) == {model._meta.label for model in admin.site._registry}
    missing = sorted(set(project_url_names()) - set(matrix()) - PUBLIC_BY_DESIGN)
    assert not missing, f"URLs without a row in the authorisation matrix: {missing}"
    stale = sorted(set(matrix()) - set(project_url_names()))
    assert not stale, f"rows for URLs that no longer exist: {stale}"


def test_the_migration_created_every_role():
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(roles.ALL)


def _outcome(response):
    location = f" -> {response.url}" if response.status_code == 302 else ""
    return f"{response.status_code}{location}"


@pytest.mark.parametrize("person", WHO)
def test_matrix(person):
    """Each kind of user against every URL: reads and writes as the tables say, and a refused
    POST writes nothing."""
    world = build_world()
    user = world["users"][person]
    secret = world["application"].company.name_en.encode()
    client = Client()
    if user is not None:
        client.force_login(user)
    wrong = []
    for name, (readers, writers) in sorted(matrix().items()):
        url = url_for(name, world)
        response, _ = ask(client, "get", url)
        may_read = person in readers
        if (answered(response) if may_read else refused(response)) is False:
            wrong.append(f"GET {name} {url}: {_outcome(response)}, expected read={may_read}")
        elif not may_read and response.status_code != 302 and not response.streaming:
            assert secret not in response.content, name
        response, writes = ask(client, "post", url)
        may_write = person in writers
        if may_write and not answered(response):
            wrong.append(f"POST {name} {url}: {_outcome(response)}, expected to be taken")
        if not may_write and not (refused(response) and not writes):
            wrong.append(f"POST {name} {url}: {_outcome(response)} wrote {writes[:1]}")
    for what, url, readers, writers in history_pages(world):
        response, _ = ask(client, "get", url)
        may_read = person in readers
        if (answered(response) if may_read else refused(response)) is False:
            wrong.append(f"GET {what} {url}: {_outcome(response)}, expected read={may_read}")
        elif not may_read and response.status_code != 302:
            assert HISTORY_SECRET.encode() not in response.content, what
        response, writes = ask(client, "post", url)
        may_write = person in writers
        if may_write and not answered(response):
            wrong.append(f"POST {what} {url}: {_outcome(response)}, expected to be taken")
        if not may_write and not (refused(response) and not writes):
            wrong.append(f"POST {what} {url}: {_outcome(response)} wrote {writes[:1]}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("address", ["colleague@example.com", "Colleague@EXAMPLE.com"])
def test_the_invited_address_reads_and_accepts_its_invitation(address):
    """The invitation's one reader and writer: a user with the invited address, verified."""
    from allauth.account.models import EmailAddress

    from exhibitors.companies.models import Membership
    from tests.factories import UserFactory

    world = build_world()
    invitee = UserFactory(username=address, email=address)
    EmailAddress.objects.create(user=invitee, email=address, verified=True, primary=True)
    client = Client()
    client.force_login(invitee)
    url = url_for("exhibitors:invitation", world)
    response, writes = ask(client, "get", url)
    assert response.status_code == 200 and not writes
    assert answered(client.post(url))
    assert Membership.objects.get(user=invitee).company == world["invitation"].company


def test_every_audited_model_has_a_deleted_object_in_the_world():
    """The history pages of a deleted object are in the matrix for every admin with an audit
    trail."""
    world = build_world()
    audited = {
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, AuditedAdmin)
    }
    deleted = {label for what, (label, _pk, _v) in world["histories"].items() if "deleted" in what}
    assert deleted == audited
    assert set(world["histories"]) == set(HISTORIES)


def test_staff_without_a_role_open_no_model_page(client):
    """is_staff alone opens the admin's index, never a model's page."""
    from tests.factories import UserFactory

    world = build_world()
    client.force_login(UserFactory(is_staff=True))
    opened = []
    for name in admin_model_pages():
        response, _ = ask(client, "get", url_for(name, world))
        if not refused(response):
            opened.append(name)
    assert opened == []
