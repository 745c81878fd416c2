"""Builders for the booth tests: floors, booths and exhibitors made through the services the
portal uses (a confirmed exhibitor applied, was accepted and confirmed; a booth is placed by
``booths.booth_save``)."""

from decimal import Decimal

from django.contrib.auth.models import Group

from exhibitors import roles
from exhibitors.applications import reviews
from exhibitors.applications import services as applications
from exhibitors.applications.models import BoothPreference
from exhibitors.companies.models import Company, Exhibitor, ExhibitorRole, OrganisationKind
from exhibitors.floor import services as booths
from exhibitors.floor.models import Booth, BoothKind
from tests.factories import ApplicationFactory, ThemeFactory, UserFactory, open_pavilion


def floor(**kwargs):
    """A pavilion whose call is open, on the Seoul pavilion's 23 m × 12 m floor of 276 m²,
    with room for 40 companies."""
    kwargs.setdefault("capacity", 40)
    return open_pavilion(**kwargs)


def theme(pavilion, name):
    """The event's theme of that name (an open pavilion's event already has "Mobility")."""
    return pavilion.event.themes.filter(name_en=name).first() or ThemeFactory(
        event=pavilion.event, name_en=name, name_ko=name
    )


def booth(pavilion, code, x, y, width=3, depth=3, kind=BoothKind.COMPANY):
    """A booth placed through the service (refused like any other if it breaks a rule)."""
    return booths.booth_save(
        booth=Booth(
            pavilion=pavilion,
            code=code,
            kind=kind,
            x=Decimal(x),
            y=Decimal(y),
            width=Decimal(width),
            depth=Decimal(depth),
        )
    )


def row(pavilion, letter, y, count, *, x=0, kind=BoothKind.COMPANY):
    """``count`` 3 m × 3 m booths side by side from ``x``: A1, A2, ..."""
    return [booth(pavilion, f"{letter}{n + 1}", x + 3 * n, y, kind=kind) for n in range(count)]


def reviewer():
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=roles.REVIEWER))
    return user


def exhibitor(pavilion, *, theme=None, corner=False, score=None, by=None, **company):
    """A company that applied (with its theme and booth preference), was scored (``score``
    on 0-10 for every criterion, by the reviewer ``by``), accepted and confirmed."""
    application = ApplicationFactory(
        pavilion=pavilion,
        theme=theme or pavilion.event.themes.first(),
        booth_preference=BoothPreference.CORNER if corner else BoothPreference.STANDARD,
        **({"company__" + k: v for k, v in company.items()}),
    )
    applications.application_submit(application=application, user=None)
    if score is not None:
        by = by or reviewer()
        review = reviews.reviewer_assign(application=application, reviewer=by, user=None)
        reviews.review_submit(
            review=review,
            user=by,
            values={criterion.pk: score for criterion in pavilion.criteria.all()},
        )
    applications.application_accept(application=application, user=None, notify=False)
    applications.application_confirm(application=application, user=None)
    return Exhibitor.objects.select_related("company").get(
        pavilion=pavilion, company=application.company
    )


def district(pavilion, name_en="Gangnam-gu, Seoul", name_ko="서울특별시 강남구", number=None):
    """A district government co-exhibiting in the pavilion."""
    company = Company.objects.create(
        kind=OrganisationKind.DISTRICT,
        name_en=name_en,
        name_ko=name_ko,
        registration_number=number,
    )
    return Exhibitor.objects.create(
        pavilion=pavilion, company=company, role=ExhibitorRole.CO_EXHIBITOR
    )


def adjacent(a, b):
    """Two booths stand next to each other: they share a stretch of an edge."""
    share_x = a.x < b.x + b.width and b.x < a.x + a.width
    share_y = a.y < b.y + b.depth and b.y < a.y + a.depth
    touch_x = a.x + a.width == b.x or b.x + b.width == a.x
    touch_y = a.y + a.depth == b.y or b.y + b.depth == a.y
    return (touch_x and share_y) or (touch_y and share_x)


def connected(group):
    """The booths of ``group`` form one block: each can be reached from any other through
    neighbouring booths of the group."""
    group = list(group)
    if not group:
        return True
    reached, frontier = {group[0].pk}, [group[0]]
    while frontier:
        current = frontier.pop()
        for other in group:
            if other.pk not in reached and adjacent(current, other):
                reached.add(other.pk)
                frontier.append(other)
    return len(reached) == len(group)
