"""One small world with an object of every kind the portal and the admin show, and a user of
every kind that may ask for them: anonymous, each staff role, a superuser, a member of another
company and the owner (a member of the company that owns the objects)."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from exhibitors import roles
from exhibitors.applications.models import Consent, ConsentKind, Criterion, Review
from exhibitors.buyers.models import Catalogue, CatalogueEntry
from exhibitors.companies.models import CompanyInvitation, Membership
from exhibitors.floor import services as booths
from exhibitors.floor.models import Booth
from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.figures import figures_publish
from exhibitors.outcomes.models import Consultation, FollowUp, Mou, OnSiteContract
from tests.exhibitors.exhibiting import confirmed_exhibitor, started_pavilion
from tests.factories import (
    PDF_BYTES,
    ApplicationFactory,
    CompanyFactory,
    MembershipFactory,
    SideEventFactory,
    UserFactory,
)

#: Who asks, in the order of the matrix's columns.
ANONYMOUS = "anonymous"
REVIEWER = "reviewer"
PROGRAMME = "programme"
FLOOR = "floor"
REPORTING = "reporting"
SUPERUSER = "superuser"
OTHER = "other"  # a member of another company
OWNER = "owner"  # a member of the company that owns the objects
BUYER = "buyer"  # an approved buyer, who owns the world's buyer objects (their meeting)
OTHER_BUYER = "other_buyer"  # another approved buyer, who owns nothing

WHO = [
    ANONYMOUS,
    REVIEWER,
    PROGRAMME,
    FLOOR,
    REPORTING,
    SUPERUSER,
    OTHER,
    OWNER,
    BUYER,
    OTHER_BUYER,
]
ROLE_OF = {
    REVIEWER: roles.REVIEWER,
    PROGRAMME: roles.PROGRAMME_MANAGER,
    FLOOR: roles.FLOOR_MANAGER,
    REPORTING: roles.REPORTING,
}


def build_world():
    """Every object the URLs name, and the users. Returns a dict."""
    users = {ANONYMOUS: None}
    for who, role in ROLE_OF.items():
        user = UserFactory(username=f"{who}@example.com", is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        users[who] = user
    users[SUPERUSER] = UserFactory(
        username="superuser@example.com", is_staff=True, is_superuser=True
    )
    users[OTHER] = MembershipFactory(user__username="other@example.com").user
    buyers = {who: _approved_buyer(who) for who in (BUYER, OTHER_BUYER)}
    users.update({who: buyer.user for who, buyer in buyers.items()})

    pavilion = started_pavilion(days_ago=5)
    publication = figures_publish(
        pavilion=pavilion, user=None, now=timezone.now() - datetime.timedelta(hours=1)
    )
    exhibitor = confirmed_exhibitor(pavilion)
    company = exhibitor.company
    owner_membership = MembershipFactory(company=company, user__username="owner@example.com")
    users[OWNER] = owner_membership.user
    application = company.applications.get()

    criterion = Criterion.objects.filter(pavilion=pavilion).first() or Criterion.objects.create(
        pavilion=pavilion, name_en="Innovation", name_ko="혁신", weight=Decimal("1")
    )
    review = Review.objects.create(application=application, reviewer=users[REVIEWER])
    side_event = SideEventFactory(pavilion=pavilion)
    booth = booths.booth_save(booth=Booth(pavilion=pavilion, code="A1", x=0, y=0, width=3, depth=3))
    booths.booth_offer(
        booth=booth,
        exhibitor=exhibitor,
        expires_at=timezone.now() + datetime.timedelta(days=2),
    )
    report = outcomes.report_get_or_create(exhibitor)
    consultation = Consultation.objects.create(
        report=report,
        met_on=pavilion.event.starts_on,
        buyer_organisation="Rhein Mobility GmbH",
        buyer_country="DE",
        amount_usd=Decimal("1000"),
        expected_contract_usd=Decimal("0"),
    )
    mou = Mou.objects.create(
        report=report,
        partner="Partner",
        country="PL",
        signed_on=pavilion.event.starts_on,
        scan=SimpleUploadedFile("mou.pdf", PDF_BYTES),
    )
    contract = OnSiteContract.objects.create(
        report=report, partner="Buyer", country="ES", amount_usd=Decimal("10")
    )
    follow_up = FollowUp.objects.create(report=report, months=3)
    invitation = CompanyInvitation.objects.create(
        company=company, email="colleague@example.com", invited_by=users[OWNER]
    )
    consent = Consent.objects.create(
        user=users[OWNER], kind=ConsentKind.TERMS, version="1", application=application
    )
    catalogue_objects = _catalogue_world(pavilion, exhibitor, users)
    from allauth.account.models import EmailAddress
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from django_tasks_db.models import DBTaskResult

    email_address = EmailAddress.objects.create(
        user=users[OWNER], email=users[OWNER].email, verified=True, primary=True
    )
    task_result = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="portal.mail.send",
        backend_name="default",
        run_after=timezone.now(),
    )
    meeting = _meeting(exhibitor, buyers[BUYER])
    # Real recovery codes (allauth's own pages read them).
    authenticator = RecoveryCodes.activate(users[SUPERUSER]).instance
    objects = {
        "events.Series": pavilion.event.series,
        "events.Event": pavilion.event,
        "events.Pavilion": pavilion,
        "events.Theme": pavilion.event.themes.first(),
        "events.SideEvent": side_event,
        "exhibitors.Company": company,
        "exhibitors.Membership": owner_membership,
        "exhibitors.Exhibitor": exhibitor,
        "exhibitors.Application": application,
        "exhibitors.RankedApplication": application,
        "exhibitors.StatusChange": application.status_changes.first(),
        "exhibitors.CompanyInvitation": invitation,
        "exhibitors.Consent": consent,
        "exhibitors.Booth": booth,
        "exhibitors.Criterion": criterion,
        "exhibitors.Review": review,
        "exhibitors.OutcomeReport": report,
        "exhibitors.Consultation": consultation,
        "exhibitors.Mou": mou,
        "exhibitors.OnSiteContract": contract,
        "exhibitors.FollowUp": follow_up,
        "exhibitors.FiguresPublication": publication,
        "exhibitors.Buyer": buyers[BUYER],
        "auth.User": users[OWNER],
        "auth.Group": Group.objects.get(name=roles.REVIEWER),
        "account.EmailAddress": email_address,
        "django_tasks_database.DBTaskResult": task_result,
        "mfa.Authenticator": authenticator,
        "exhibitors.Catalogue": catalogue_objects["catalogue"],
        "exhibitors.CatalogueEntry": catalogue_objects["entry"],
    }
    objects.update(_meeting_objects(pavilion, exhibitor, booth))
    return {
        "users": users,
        "objects": objects,
        "histories": _histories(pavilion, application, users),
        "pavilion": pavilion,
        "application": application,
        "exhibitor": exhibitor,
        "booth": booth,
        "review": review,
        "mou": mou,
        "invitation": invitation,
        "meeting": meeting,
        "calendar_feed": catalogue_objects["calendar_feed"],
        "buyer": buyers[BUYER],
    }


def _catalogue_world(pavilion, exhibitor, users):
    """The pavilion's catalogue, published, with the exhibitor's entry agreed (logo shown),
    and the owner's calendar feed."""
    import io

    from PIL import Image

    from exhibitors.buyers import calendars
    from exhibitors.buyers import catalogue as catalogues

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    company = exhibitor.company
    company.logo = SimpleUploadedFile("logo.png", buffer.getvalue())
    company.save()
    entry = catalogues.catalogue_entry_save(
        exhibitor=exhibitor,
        user=users[OWNER],
        product_ko="제품",
        product_en="Product",
        summary_ko="",
        summary_en="",
        target_markets=["ES"],
        partner_types=["distributor"],
        show_logo=True,
        show_website=True,
        agree=True,
    )
    return {
        "catalogue": catalogues.catalogue_publish(pavilion=pavilion, user=users[SUPERUSER]),
        "entry": entry,
        "calendar_feed": calendars.calendar_feed_get_or_create(user=users[OWNER]),
    }


def _meeting(exhibitor, buyer):
    """A meeting request from the world's buyer (role B, buyer@example.com, approved) to the
    world's exhibitor."""
    from exhibitors.buyers.models import Meeting

    return Meeting.objects.create(
        pavilion=exhibitor.pavilion,
        buyer=buyer,
        exhibitor=exhibitor,
        reason="Smart parking",
        requested_by=buyer.user,
    )


def _approved_buyer(who):
    """An approved buyer signed in as ``<who>@example.com``."""
    from exhibitors.buyers.models import Buyer, BuyerStatus

    return Buyer.objects.create(
        user=UserFactory(username=f"{who}@example.com"),
        organisation=f"{who.title()} Procurement SL",
        country="ES",
        contact_name=who.title(),
        status=BuyerStatus.APPROVED,
    )


#: Words that only the objects of :func:`_histories` hold: a page refused to someone must not
#: show them.
HISTORY_SECRET = "Confidential history"


def _version(model, pk):
    """(model label, pk, id of the last recorded version) of the object ``pk`` of ``model``."""
    last = model.history.filter(**{model._meta.pk.attname: pk}).order_by("-history_id").first()
    return model._meta.label, pk, last.history_id


def _histories(pavilion, application, users):
    """{what: (model label, pk, last version id)}: objects whose audit trail is read beside the
    world's own: another reviewer's review, and a deleted object of every audited model (the
    history pages judge a deleted object by its last version)."""
    second = UserFactory(username="reviewer2@example.com", is_staff=True)
    second.groups.add(Group.objects.get(name=roles.REVIEWER))
    other_company = Membership.objects.get(user=users[OTHER]).company
    other_application = ApplicationFactory(
        pavilion=pavilion, company=other_company, status="submitted"
    )
    histories = {
        "a live review of another reviewer": _version(
            Review, Review.objects.create(application=other_application, reviewer=second).pk
        )
    }
    theirs = Review.objects.create(
        application=application,
        reviewer=second,
        total=Decimal("87.5"),
        comment=f"{HISTORY_SECRET}: weak export plan",
        submitted_at=timezone.now(),
    )
    own = Review.objects.create(
        application=other_application, reviewer=users[REVIEWER], comment=HISTORY_SECRET
    )
    deleted_application = ApplicationFactory(
        pavilion=pavilion,
        company=CompanyFactory(name_en=f"{HISTORY_SECRET} Ltd"),
        goals=HISTORY_SECRET,
    )
    exhibitor = confirmed_exhibitor(pavilion, CompanyFactory(name_en=f"{HISTORY_SECRET} Corp"))
    deleted_entry = CatalogueEntry.objects.create(exhibitor=exhibitor, product_en=HISTORY_SECRET)
    deleted_catalogue = Catalogue.objects.create(pavilion=started_pavilion(slug="deleted-expo"))
    report = outcomes.report_get_or_create(exhibitor)
    report.survey_comment = HISTORY_SECRET
    report.save()
    rows = {
        "a deleted consultation of another company": Consultation.objects.create(
            report=report,
            met_on=pavilion.event.starts_on,
            buyer_organisation=HISTORY_SECRET,
            buyer_country="DE",
            amount_usd=Decimal("5"),
            expected_contract_usd=Decimal("0"),
        ),
        "a deleted MOU of another company": Mou.objects.create(
            report=report, partner=HISTORY_SECRET, country="PL", signed_on=pavilion.event.starts_on
        ),
        "a deleted on-site contract of another company": OnSiteContract.objects.create(
            report=report, partner=HISTORY_SECRET, country="ES", amount_usd=Decimal("1")
        ),
        "a deleted follow-up of another company": FollowUp.objects.create(
            report=report, months=6, note=HISTORY_SECRET
        ),
    }
    booth = booths.booth_save(booth=Booth(pavilion=pavilion, code="Z9", x=6, y=6, width=3, depth=3))
    company = CompanyFactory(name_en=f"{HISTORY_SECRET} Inc")
    from exhibitors.buyers.models import Buyer

    buyer = Buyer.objects.create(
        user=UserFactory(username="deleted-buyer@example.com"),
        organisation=f"{HISTORY_SECRET} Buyer",
        country="DE",
        contact_name=HISTORY_SECRET,
    )
    deleted = {
        "a deleted review of another reviewer": theirs,
        "a deleted review of their own": own,
        "a deleted application of another company": deleted_application,
        "a deleted report of another company": report,
        **rows,
        "a deleted exhibitor": exhibitor,
        "a deleted booth": booth,
        "a deleted company": company,
        "a deleted catalogue entry": deleted_entry,
        "a deleted catalogue": deleted_catalogue,
        "a deleted buyer": buyer,
    }
    keys = {what: (type(obj), obj.pk) for what, obj in deleted.items()}
    for obj in deleted.values():
        # the rows go with the report, the report with its exhibitor: delete what is still there
        if type(obj).objects.filter(pk=obj.pk).exists():
            obj.delete()
    histories.update({what: _version(*key) for what, key in keys.items()})
    histories.update(_meeting_histories(pavilion, application))
    return histories


# The meetings' back office (exhibitors.buyers.admin_meetings) ----------------------------------


def _meeting_objects(pavilion, exhibitor, booth):
    """The pavilion's meeting settings, a slot, its booth as a place and a requested meeting."""
    from exhibitors.buyers.models import MeetingPlace, MeetingPlaceKind
    from tests.exhibitors.buyers.mtgadmin_factories import (
        a_buyer,
        a_meeting,
        a_slot,
        meeting_settings,
    )

    buyer = a_buyer("Rhein Mobility GmbH", username="mtgadmin-buyer@example.com")
    return {
        "exhibitors.MeetingSettings": meeting_settings(pavilion),
        "exhibitors.MeetingSlot": a_slot(pavilion),
        "exhibitors.MeetingPlace": MeetingPlace.objects.create(
            pavilion=pavilion, kind=MeetingPlaceKind.BOOTH, booth=booth, label="Booth A1"
        ),
        "exhibitors.Meeting": a_meeting(exhibitor, buyer),
    }


def _meeting_histories(pavilion, application):
    """A deleted pavilion's meeting settings and a deleted meeting (with the world's exhibitor),
    both with secrets."""
    from tests.exhibitors.buyers.mtgadmin_factories import a_buyer, a_meeting, meeting_settings

    exhibitor = application.company.exhibitions.get(pavilion=pavilion)
    # A pavilion of another event: the world's event keeps its one pavilion (commands such as
    # pavilion_report find it by the event alone).
    other = started_pavilion(slug="history-meetings")
    settings = meeting_settings(other, meeting_minutes=45)
    meeting = a_meeting(exhibitor, a_buyer(f"{HISTORY_SECRET} Trading"))
    meeting.reason = HISTORY_SECRET
    meeting.save()
    keys = {
        "a deleted meeting settings": (type(settings), settings.pk),
        "a deleted meeting": (type(meeting), meeting.pk),
    }
    meeting.delete()
    settings.delete()
    return {what: _version(*key) for what, key in keys.items()}
