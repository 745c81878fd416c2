"""The floor plan: drawn by the server at true scale, in the admin (with the free booths and
the exhibitors still without one) and on a confirmed exhibitor's application page (with its
booth highlighted and staff's offers to accept)."""

import datetime
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from exhibitors import roles
from exhibitors.applications import consents, services
from exhibitors.companies.models import ExhibitorRole, OrganisationKind
from exhibitors.floor import drawing as floorplan
from exhibitors.floor import services as booths
from exhibitors.floor.models import Booth, BoothKind
from portal.numbers import plain
from tests.factories import (
    ApplicationFactory,
    CompanyFactory,
    ExhibitorFactory,
    MembershipFactory,
    PavilionFactory,
    ThemeFactory,
    UserFactory,
    open_pavilion,
)

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


# Reading the drawing ------------------------------------------------------------------------


class _SVG(HTMLParser):
    """The floor plan's elements, as attribute dicts: booth rects (those with a data-code),
    legend entries, scale bar groups, and the svg element itself."""

    def __init__(self):
        super().__init__()
        self.booths, self.legend, self.scale, self.svg, self.highlights = {}, [], [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "svg" and "floorplan-svg" in attrs.get("class", ""):
            self.svg.append(attrs)
        elif tag == "rect" and "data-code" in attrs:
            assert attrs["data-code"] not in self.booths, "one rect per booth"
            self.booths[attrs["data-code"]] = attrs
        elif tag == "rect" and attrs.get("class") == "booth-highlight":
            self.highlights.append(attrs)
        elif tag == "g" and "data-legend" in attrs:
            self.legend.append(attrs["data-legend"])
        elif tag == "g" and "data-scale-bar" in attrs:
            self.scale.append(attrs["data-scale-bar"])

    handle_startendtag = handle_starttag


def drawing(response):
    assert response.status_code == 200
    parser = _SVG()
    parser.feed(response.content.decode())
    return parser


def geometry(rect):
    return tuple(Decimal(rect[name]) for name in ("x", "y", "width", "height"))


# Building a floor through the services ----------------------------------------------------------


def place(pavilion, code, x, y, width=3, depth=3, kind=BoothKind.COMPANY):
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


def holder(pavilion, theme=None, **company):
    """An exhibitor with an application that gives its theme (the drawing's colour)."""
    exhibitor = ExhibitorFactory(
        pavilion=pavilion, role=ExhibitorRole.COMPANY, company=CompanyFactory(**company)
    )
    ApplicationFactory(pavilion=pavilion, company=exhibitor.company, theme=theme)
    return exhibitor


def confirmed(pavilion, member):
    """``member``'s company through the real steps: submitted, accepted, confirmed."""
    application = ApplicationFactory(pavilion=pavilion, company=member.company)
    services.application_submit(application=application, user=member.user)
    services.application_accept(application=application, user=None, notify=False)
    services.application_confirm(
        application=application, user=member.user, terms_version=consents.TERMS_VERSION
    )
    return application, member.company.exhibitions.get(pavilion=pavilion)


@pytest.fixture(autouse=True)
def _english(client):
    """Pages in English (the portal's default language is Korean)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def pavilion():
    """A 23 m × 12 m, 276 m² pavilion whose call is open (so that companies can apply)."""
    pavilion = open_pavilion()
    ThemeFactory(event=pavilion.event, position=1, name_en="Energy", name_ko="에너지")
    return pavilion


@pytest.fixture
def member():
    return MembershipFactory()


@pytest.fixture
def member_client(client, member):
    client.force_login(member.user)
    return client


def admin_url(pavilion):
    return reverse("admin:events_pavilion_floor_plan", args=[pavilion.pk])


def staff_with_role(role):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


# The drawing ------------------------------------------------------------------------------------


def test_each_booth_is_one_rect_at_its_place_in_metres(staff_client, pavilion):
    mobility, energy = pavilion.event.themes.all()
    place(pavilion, "A1", 0, 0)
    place(pavilion, "A2", 3, 0, width="4.5", depth="2.5")
    place(pavilion, "D1", 3, 8, kind=BoothKind.DISTRICT)
    place(pavilion, "ST", 12, 8, width=6, depth=4, kind=BoothKind.STAGE)
    booths.booth_allocate(booth=Booth.objects.get(code="A1"), exhibitor=holder(pavilion, mobility))
    booths.booth_allocate(booth=Booth.objects.get(code="A2"), exhibitor=holder(pavilion, energy))

    svg = drawing(staff_client.get(admin_url(pavilion)))

    assert {code: geometry(rect) for code, rect in svg.booths.items()} == {
        "A1": (0, 0, 3, 3),
        "A2": (3, 0, Decimal("4.5"), Decimal("2.5")),
        "D1": (3, 8, 3, 3),
        "ST": (12, 8, 6, 4),
    }
    # True scale: the viewBox is in metres, so 1 m is the same length across and down.
    (root,) = svg.svg
    assert (root["data-floor-width"], root["data-floor-depth"]) == ("23", "12")
    left, top, width, height = (float(n) for n in root["viewbox"].split())
    assert left < 0 and top < 0 and width > 23 and height > 12
    assert root["preserveaspectratio"] == "xMidYMin meet"
    assert svg.booths["A1"]["data-kind"] == "company"
    assert svg.booths["A1"]["data-state"] == "allocated"
    assert svg.booths["ST"]["data-state"] == "shared"
    # Colour by theme: the theme's place among the event's themes picks the palette colour.
    assert svg.booths["A1"]["fill"] == floorplan.PALETTE[0]
    assert svg.booths["A2"]["fill"] == floorplan.PALETTE[1]
    assert svg.booths["D1"]["fill"] == floorplan.KIND_COLOURS[BoothKind.DISTRICT]


def test_the_drawing_has_a_legend_a_scale_bar_and_the_floor_size(staff_client, pavilion):
    mobility = pavilion.event.themes.get(name_en="Mobility")
    place(pavilion, "A1", 0, 0)
    place(pavilion, "A2", 3, 0)
    place(pavilion, "ST", 12, 8, width=6, depth=4, kind=BoothKind.STAGE)
    booths.booth_allocate(booth=Booth.objects.get(code="A1"), exhibitor=holder(pavilion, mobility))

    response = staff_client.get(admin_url(pavilion))
    svg = drawing(response)
    page = response.content.decode()

    assert svg.legend == [f"theme-{mobility.pk}", "free", "kind-stage"]
    assert ">Mobility</text>" in page and ">Free company booth</text>" in page
    assert svg.scale == ["5"]  # a round length within a quarter of 23 m
    assert ">5 m</text>" in page
    assert "276 m² (83.5 pyeong)" in page
    assert "Floor 23 m × 12 m" in page


def test_the_scale_bar_follows_the_floor():
    assert [floorplan.scale_bar_length(width) for width in (3, 8, 23, 60, 250)] == [
        1,
        2,
        5,
        10,
        50,
    ]


def test_lengths_are_written_as_people_write_them():
    assert plain(Decimal("3.00")) == "3"
    assert plain(Decimal("270.00")) == "270"  # not 2.7E+2
    assert plain(Decimal("2.50")) == "2.5"
    assert plain(0.1234, 3) == "0.123"


def test_holder_names_are_text_never_markup(staff_user, member_client, member, pavilion):
    place(pavilion, "A1", 0, 0)
    place(pavilion, "A2", 3, 0)
    evil = holder(pavilion, name_en="<script>alert(1)</script>")
    booths.booth_allocate(booth=Booth.objects.get(code="A1"), exhibitor=evil)
    application, _ = confirmed(pavilion, member)

    staff_client = Client(HTTP_ACCEPT_LANGUAGE="en")
    staff_client.force_login(staff_user)
    for response in (
        staff_client.get(admin_url(pavilion)),
        member_client.get(reverse("exhibitors:application", args=[application.pk])),
    ):
        page = response.content.decode()
        assert "data-code" in page
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the booth's tooltip


def test_an_offer_shows_as_offered_and_an_expired_one_as_free(pavilion):
    place(pavilion, "A1", 0, 0)
    place(pavilion, "A2", 3, 0)
    now = timezone.now()
    first, second = holder(pavilion), holder(pavilion)
    booths.booth_offer(
        booth=Booth.objects.get(code="A1"), exhibitor=first, expires_at=now + HOUR, now=now
    )
    booths.booth_offer(
        booth=Booth.objects.get(code="A2"),
        exhibitor=second,
        expires_at=now - HOUR,
        now=now - 2 * HOUR,
    )

    plan = floorplan.floor_plan(pavilion, staff=True, now=now)

    assert [(shape.code, shape.state) for shape in plan.booths] == [
        ("A1", "offered"),
        ("A2", "free"),
    ]
    assert plan.booths[0].offered_to_name == first.company.name
    assert " ".join(line.text for line in plan.booths[0].lines[1:]) == (
        f"Offered: {first.company.name}"
    )
    # Companies see that a booth is offered, not to whom.
    public = floorplan.floor_plan(pavilion, company=second.company, now=now)
    assert [line.text for line in public.booths[0].lines] == ["A1", "Offered"]
    assert first.company.name not in public.booths[0].title


def test_corner_booths_are_marked(pavilion):
    """Two rows back to back: the booths at the ends of the rows are the corners."""
    for index in range(3):
        place(pavilion, f"A{index + 1}", 3 * index, 0)
        place(pavilion, f"B{index + 1}", 3 * index, 3)

    plan = floorplan.floor_plan(pavilion)

    assert {shape.code: (shape.sides, shape.corner) for shape in plan.booths} == {
        "A1": (2, True),
        "A2": (1, False),
        "A3": (2, True),
        "B1": (2, True),
        "B2": (1, False),
        "B3": (2, True),
    }
    assert "corner" in plan.booths[0].title and "corner" not in plan.booths[1].title


def test_long_names_fit_their_booth(pavilion):
    place(pavilion, "A1", 0, 0)
    long = holder(pavilion, name_en="Supercalifragilistic Expialidocious Smart City Holdings")
    booths.booth_allocate(booth=Booth.objects.get(code="A1"), exhibitor=long)

    (shape,) = floorplan.floor_plan(pavilion).booths

    code, *name = shape.lines
    assert code.text == "A1" and 1 <= len(name) <= 2
    for line in name:
        assert floorplan._em(line.text) * line.size <= 3  # never wider than the booth
    assert shape.title.count("Supercalifragilistic Expialidocious Smart City Holdings") == 1


# The admin page ---------------------------------------------------------------------------------


def test_the_pavilion_page_links_to_its_floor_plan(staff_client, pavilion):
    page = staff_client.get(reverse("admin:events_pavilion_change", args=[pavilion.pk]))
    assert f'href="{admin_url(pavilion)}"' in page.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (roles.FLOOR_MANAGER, 200),
        (roles.PROGRAMME_MANAGER, 200),
        (roles.REPORTING, 200),  # may view pavilions
        (roles.REVIEWER, 403),
    ],
)
def test_who_may_open_the_floor_plan(client, pavilion, role, status):
    place(pavilion, "A1", 0, 0)
    client.force_login(staff_with_role(role))
    assert client.get(admin_url(pavilion)).status_code == status


def test_superuser_opens_the_floor_plan_and_others_are_sent_away(client, staff_user, pavilion):
    response = client.get(admin_url(pavilion))
    assert response.status_code == 302 and "/admin/login/" in response.url
    client.force_login(UserFactory(is_staff=False))
    assert client.get(admin_url(pavilion)).status_code == 302
    client.force_login(UserFactory(is_staff=True))  # staff without a role
    assert client.get(admin_url(pavilion)).status_code == 403
    client.force_login(staff_user)
    assert client.get(admin_url(pavilion)).status_code == 200


def test_beside_the_plan_the_free_booths_and_the_exhibitors_without_one(client, pavilion):
    place(pavilion, "A1", 0, 0)
    place(pavilion, "A2", 3, 0)
    place(pavilion, "A3", 6, 0)
    place(pavilion, "D1", 3, 8, kind=BoothKind.DISTRICT)
    placed, waiting, offered = holder(pavilion), holder(pavilion), holder(pavilion)
    booths.booth_allocate(booth=Booth.objects.get(code="A1"), exhibitor=placed)
    booths.booth_offer(
        booth=Booth.objects.get(code="A3"),
        exhibitor=offered,
        expires_at=timezone.now() + HOUR,
    )
    district = ExhibitorFactory(
        pavilion=pavilion,
        role=ExhibitorRole.CO_EXHIBITOR,
        company=CompanyFactory(kind=OrganisationKind.DISTRICT, registration_number=None),
    )
    client.force_login(staff_with_role(roles.FLOOR_MANAGER))

    response = client.get(admin_url(pavilion))
    page = response.content.decode()

    assert [booth.code for booth in response.context["free_booths"]] == ["A2", "D1"]
    assert 'data-free-booth="A2"' in page and 'data-free-booth="A1"' not in page
    assert 'data-offered-booth="A3"' in page
    assert {exhibitor.pk for exhibitor in response.context["unplaced"]} == {
        waiting.pk,
        offered.pk,
        district.pk,
    }
    assert f'data-unplaced="{waiting.pk}"' in page and f'data-unplaced="{placed.pk}"' not in page


def test_booths_link_to_their_allocation(staff_client, pavilion):
    booth = place(pavilion, "A1", 0, 0)
    page = staff_client.get(admin_url(pavilion)).content.decode()
    try:
        url = reverse("admin:exhibitors_booth_change", args=[booth.pk])
    except NoReverseMatch:
        # The booth admin is not registered: the drawing is there, without links.
        assert 'data-code="A1"' in page and '<a class="floorplan-booth"' not in page
    else:
        assert f'<a class="floorplan-booth" href="{url}">' in page


def big_pavilion():
    """A 60 m × 40 m floor with three themes."""
    pavilion = PavilionFactory(
        floor_width_m=Decimal(60), floor_depth_m=Decimal(40), floor_area_m2=Decimal(2400)
    )
    for position in range(3):
        ThemeFactory(event=pavilion.event, position=position)
    return pavilion


def fill(pavilion, upto, now):
    """Booths up to ``upto`` in rows of 3 m × 3 m: every other one allocated to an exhibitor
    of some theme, every fifth offered, the rest free; and one exhibitor without a booth
    per ten booths."""
    themes = list(pavilion.event.themes.all())
    start = Booth.objects.filter(pavilion=pavilion).count()
    for index in range(start, upto):
        row, column = divmod(index, 20)
        booth = place(pavilion, f"{chr(65 + row)}{column + 1}", 3 * column, 3 * row)
        if index % 2 == 0:
            booths.booth_allocate(
                booth=booth, exhibitor=holder(pavilion, themes[index % len(themes)])
            )
        elif index % 5 == 0:
            booths.booth_offer(booth=booth, exhibitor=holder(pavilion), expires_at=now + HOUR)
        if index % 10 == 0:
            holder(pavilion, themes[0])


# Session, user, the user's and the groups' permissions, pavilion; booths with holders and
# offers, themes, applications (the plan); exhibitors without a booth.
ADMIN_QUERIES = 9
# Session, user, membership, application; booths, themes, applications; status changes.
COMPANY_QUERIES = 8


def test_the_admin_floor_plan_takes_a_fixed_number_of_queries(client, django_assert_num_queries):
    pavilion = big_pavilion()
    now = timezone.now()
    fill(pavilion, 5, now)
    client.force_login(staff_with_role(roles.FLOOR_MANAGER))
    client.get(admin_url(pavilion))  # warm the content-type cache
    with django_assert_num_queries(ADMIN_QUERIES):
        small = client.get(admin_url(pavilion))
    fill(pavilion, 60, now)
    with django_assert_num_queries(ADMIN_QUERIES):
        large = client.get(admin_url(pavilion))
    assert len(drawing(small).booths) == 5
    assert len(drawing(large).booths) == 60


def test_the_company_page_takes_a_fixed_number_of_queries(
    member_client, member, django_assert_num_queries
):
    pavilion = open_pavilion(
        floor_width_m=Decimal(60), floor_depth_m=Decimal(40), floor_area_m2=Decimal(2400)
    )
    ThemeFactory(event=pavilion.event)
    application, exhibitor = confirmed(pavilion, member)
    now = timezone.now()
    fill(pavilion, 5, now)
    booths.booth_allocate(booth=place(pavilion, "Z1", 57, 37), exhibitor=exhibitor)
    url = reverse("exhibitors:application", args=[application.pk])
    with django_assert_num_queries(COMPANY_QUERIES):
        small = member_client.get(url)
    fill(pavilion, 60, now)
    with django_assert_num_queries(COMPANY_QUERIES):
        large = member_client.get(url)
    assert len(drawing(small).booths) == 6
    assert len(drawing(large).booths) == 60


# The company's page ----------------------------------------------------------------------------


def test_a_confirmed_company_sees_its_booth_highlighted(member_client, member, pavilion):
    place(pavilion, "A1", 0, 0)
    place(pavilion, "A2", 3, 0)
    place(pavilion, "A3", 6, 0)
    other = holder(pavilion, name_en="Neighbour Robotics")
    booths.booth_allocate(booth=Booth.objects.get(code="A2"), exhibitor=other)
    application, exhibitor = confirmed(pavilion, member)
    booths.booth_allocate(booth=Booth.objects.get(code="A1"), exhibitor=exhibitor)

    response = member_client.get(reverse("exhibitors:application", args=[application.pk]))
    svg = drawing(response)
    page = response.content.decode()

    assert [code for code, rect in svg.booths.items() if rect.get("data-own") == "true"] == ["A1"]
    assert "booth--own" in svg.booths["A1"]["class"]
    assert len(svg.highlights) == 1 and geometry(svg.highlights[0]) == (0, 0, 3, 3)
    assert "Your booth: A1, 3 m × 3 m, corner" in page
    # The public layout names the neighbours.
    assert "3 m × 3 m · Neighbour Robotics" in page  # in A2's tooltip
    assert "own" in svg.legend


def test_a_company_not_yet_confirmed_sees_no_plan(member_client, member, pavilion):
    place(pavilion, "A1", 0, 0)
    application = ApplicationFactory(pavilion=pavilion, company=member.company)
    services.application_submit(application=application, user=member.user)
    page = member_client.get(reverse("exhibitors:application", args=[application.pk]))
    assert "data-code" not in page.content.decode()


def test_a_confirmed_company_without_a_booth_is_told_so(member_client, member, pavilion):
    place(pavilion, "A1", 0, 0)
    application, _ = confirmed(pavilion, member)
    page = member_client.get(reverse("exhibitors:application", args=[application.pk]))
    text = page.content.decode()
    assert "Your booth is not allocated yet" in text
    assert 'data-own="true"' not in text and 'data-code="A1"' in text


def offer(pavilion, exhibitor, *, expires_at=None, now=None):
    booth = Booth.objects.get(pavilion=pavilion, code="A2")
    return booths.booth_offer(
        booth=booth,
        exhibitor=exhibitor,
        expires_at=expires_at or timezone.now() + datetime.timedelta(days=3),
        now=now,
    )


def accept_url(application, booth):
    return reverse("exhibitors:booth_offer_accept", args=[application.pk, booth.pk])


def test_the_company_accepts_the_booth_offered_to_it(member_client, member, pavilion):
    place(pavilion, "A1", 0, 0)
    place(pavilion, "A2", 3, 0)
    application, exhibitor = confirmed(pavilion, member)
    booth = offer(pavilion, exhibitor)
    url = reverse("exhibitors:application", args=[application.pk])

    response = member_client.get(url)
    page = response.content.decode()
    assert 'data-offer="A2"' in page and "Accept this booth" in page
    assert f'action="{accept_url(application, booth)}"' in page
    assert drawing(response).booths["A2"]["data-offered-to-you"] == "true"

    assert member_client.get(accept_url(application, booth)).status_code == 405
    response = member_client.post(accept_url(application, booth))

    assert response.status_code == 302 and response.url == url
    booth.refresh_from_db()
    assert (booth.holder, booth.held_for, booth.hold_expires_at) == (exhibitor, None, None)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Booth A2 is yours. See you at the pavilion!"
    ]
    assert 'data-own="true"' in member_client.get(url).content.decode()


def test_another_company_cannot_accept_the_offer(client, member, pavilion):
    place(pavilion, "A1", 0, 0)
    place(pavilion, "A2", 3, 0)
    application, exhibitor = confirmed(pavilion, member)
    booth = offer(pavilion, exhibitor)
    rival = MembershipFactory()
    rival_application, _ = confirmed(pavilion, rival)
    client.force_login(rival.user)

    # Through the offered company's application: not theirs, so not found.
    assert client.post(accept_url(application, booth)).status_code == 404
    # Through their own application: the booth is not offered to them.
    response = client.post(accept_url(rival_application, booth))
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "This booth is not offered to you."
    ]
    # Nor through a booth of another pavilion.
    elsewhere = place(open_pavilion(), "A2", 3, 0)
    assert client.post(accept_url(rival_application, elsewhere)).status_code == 404
    booth.refresh_from_db()
    assert booth.holder is None and booth.held_for == exhibitor


def test_an_expired_offer_cannot_be_accepted(member_client, member, pavilion):
    place(pavilion, "A1", 0, 0)
    place(pavilion, "A2", 3, 0)
    application, exhibitor = confirmed(pavilion, member)
    earlier = timezone.now() - datetime.timedelta(days=2)
    booth = offer(pavilion, exhibitor, expires_at=earlier + datetime.timedelta(days=1), now=earlier)

    page = member_client.get(reverse("exhibitors:application", args=[application.pk]))
    assert "Accept this booth" not in page.content.decode()  # a lapsed offer is not shown

    response = member_client.post(accept_url(application, booth))

    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "The offer of booth A2 has expired."
    ]
    booth.refresh_from_db()
    assert booth.holder is None


# The drawing, booth by booth -------------------------------------------------------------------


class _Booths(HTMLParser):
    """Each booth of the drawing as the user meets it: the link it opens (if any), its tooltip,
    its rectangle's attributes and its label's lines, each line with its weight and colour
    (inherited from the booths' group unless the line sets its own)."""

    def __init__(self):
        super().__init__()
        self.booths, self.group, self.booth, self.line, self.in_title = [], {}, None, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "floorplan-booths" in attrs.get("class", ""):
            self.group = attrs
        elif attrs.get("class") == "floorplan-booth":
            self.booth = {"href": attrs.get("href"), "title": "", "lines": []}
            self.booths.append(self.booth)
        elif self.booth is not None and tag == "title":
            self.in_title = True
        elif self.booth is not None and tag == "rect":
            self.booth["rect"] = attrs
        elif self.booth is not None and tag == "text":
            self.line = [
                "",
                attrs.get("font-weight", "normal"),
                attrs.get("fill", self.group.get("fill")),
                attrs.get("text-anchor", self.group.get("text-anchor")),
            ]
            self.booth["lines"].append(self.line)

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        elif tag == "text":
            self.line = None
        elif tag in ("a", "g") and self.booth is not None and self.line is None:
            self.booth = None

    def handle_data(self, data):
        if self.in_title:
            self.booth["title"] += data
        elif self.line is not None:
            self.line[0] += data


def booth_drawings(response):
    assert response.status_code == 200
    parser = _Booths()
    parser.feed(response.content.decode())
    return parser.booths


@pytest.fixture
def small_floor(pavilion, member):
    """A1 held by the member's company (theme Mobility; a name with markup in it), A2 offered
    to another company until 2 January 2099 at noon in Seoul, A3 free, and a stage."""
    mobility = pavilion.event.themes.get(name_en="Mobility")
    place(pavilion, "A1", 0, 0)
    place(pavilion, "A2", 3, 0)
    place(pavilion, "A3", 6, 0)
    place(pavilion, "ST", 12, 8, width=6, depth=4, kind=BoothKind.STAGE)
    company = member.company
    company.name_en, company.name_ko = "Kim & Lee <Robotics>", "김앤리 <로보틱스>"
    company.save()
    application, exhibitor = confirmed(pavilion, member)
    application.theme = mobility
    application.save()
    booths.booth_allocate(booth=Booth.objects.get(code="A1"), exhibitor=exhibitor)
    booths.booth_offer(
        booth=Booth.objects.get(code="A2"),
        exhibitor=holder(pavilion, name_en="Offer Co", name_ko="오퍼"),
        expires_at=datetime.datetime(2099, 1, 2, 3, 0, tzinfo=datetime.UTC),
    )
    return application


def test_the_staff_drawing_booth_by_booth(staff_client, pavilion, small_floor):
    response = staff_client.get(admin_url(pavilion))
    drawn = booth_drawings(response)
    mobility = pavilion.event.themes.get(name_en="Mobility")

    assert [booth["title"] for booth in drawn] == [
        "A1 · Company booth · 3 m × 3 m · Kim & Lee <Robotics> · Mobility · corner",
        "A2 · Company booth · 3 m × 3 m · offered to Offer Co until 2099-01-02 12:00 · corner",
        "A3 · Company booth · 3 m × 3 m · free · corner",
        "ST · Stage · 6 m × 4 m",
    ]
    dark, muted = floorplan.TEXT, floorplan.MUTED_TEXT
    assert [[tuple(line) for line in booth["lines"]] for booth in drawn] == [
        [
            ("A1", "700", dark, "middle"),
            ("Kim & Lee", "normal", dark, "middle"),
            ("<Robotics>", "normal", dark, "middle"),
        ],
        [
            ("A2", "700", dark, "middle"),
            ("Offered:", "normal", muted, "middle"),
            ("Offer Co", "normal", muted, "middle"),
        ],
        [("A3", "700", dark, "middle"), ("Free", "normal", muted, "middle")],
        [("ST", "700", dark, "middle"), ("Stage", "normal", dark, "middle")],
    ]
    rects = [booth["rect"] for booth in drawn]
    assert [
        (
            rect["data-code"],
            rect["class"],
            rect["data-kind"],
            rect["data-state"],
            rect["data-corner"],
            rect.get("data-theme"),
            rect["fill"],
            rect["stroke"],
            rect["stroke-width"],
            rect.get("stroke-dasharray"),
            rect["vector-effect"],
        )
        for rect in rects
    ] == [
        (
            "A1",
            "booth booth--company booth--allocated",
            "company",
            "allocated",
            "true",
            str(mobility.pk),
            floorplan.PALETTE[0],
            floorplan.OUTLINE,
            "1",
            None,
            "non-scaling-stroke",
        ),
        (
            "A2",
            "booth booth--company booth--offered",
            "company",
            "offered",
            "true",
            None,
            floorplan.FREE_COLOUR,
            floorplan.OFFER_OUTLINE,
            "2",
            "6 3",
            "non-scaling-stroke",
        ),
        (
            "A3",
            "booth booth--company booth--free",
            "company",
            "free",
            "true",
            None,
            floorplan.FREE_COLOUR,
            floorplan.OUTLINE,
            "1",
            None,
            "non-scaling-stroke",
        ),
        (
            "ST",
            "booth booth--stage booth--shared",
            "stage",
            "shared",
            "true",
            None,
            floorplan.KIND_COLOURS[BoothKind.STAGE],
            floorplan.OUTLINE,
            "1",
            None,
            "non-scaling-stroke",
        ),
    ]
    assert [booth["href"] for booth in drawn] == [
        reverse("admin:exhibitors_booth_change", args=[Booth.objects.get(code=code).pk])
        for code in ("A1", "A2", "A3", "ST")
    ]
    # The holder's name is text: escaped in the tooltip and the label, never markup.
    page = response.content.decode()
    assert "Kim &amp; Lee &lt;Robotics&gt;" in page and "<Robotics>" not in page
    assert "&lt;Robotics&gt;</text>" in page


def test_the_company_drawing_in_korean(client, member, pavilion, small_floor):
    client.force_login(member.user)
    response = client.get(
        reverse("exhibitors:application", args=[small_floor.pk]), HTTP_ACCEPT_LANGUAGE="ko"
    )
    drawn = booth_drawings(response)
    svg = drawing(response)

    # Companies see that a booth is offered, not to whom.
    assert [booth["title"] for booth in drawn] == [
        "A1 · 기업 부스 · 3 m × 3 m · 김앤리 <로보틱스> · 모빌리티 · 코너",
        "A2 · 기업 부스 · 3 m × 3 m · 제안됨 · 코너",
        "A3 · 기업 부스 · 3 m × 3 m · 비어 있음 · 코너",
        "ST · 무대 · 6 m × 4 m",
    ]
    assert [[line[0] for line in booth["lines"]] for booth in drawn] == [
        ["A1", "김앤리", "<로보틱스>"],
        ["A2", "제안됨"],
        ["A3", "비어 있음"],
        ["ST", "무대"],
    ]
    assert [booth["href"] for booth in drawn] == [None, None, None, None]
    assert [rect.get("data-own") for rect in svg.booths.values()] == ["true", None, None, None]
    assert [geometry(rect) for rect in svg.highlights] == [(0, 0, 3, 3)]
    page = response.content.decode()
    assert "김앤리 &lt;로보틱스&gt;" in page and "<로보틱스>" not in page
