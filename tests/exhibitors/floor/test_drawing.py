"""The floor plan as drawn by the server at true scale: the booths, their colours and names,
the legend and scale, offers and corners, booth by booth for staff and for a company."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from exhibitors.floor import drawing as floorplan
from exhibitors.floor import drawing_shapes as shapes
from exhibitors.floor import drawing_text
from exhibitors.floor import services as booths
from exhibitors.floor.models import Booth, BoothKind
from portal.numbers import plain
from tests.exhibitors.floor.plans import (
    HOUR,
    admin_url,
    booth_drawings,
    confirmed,
    drawing,
    geometry,
    holder,
    place,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    """Pages in English (the portal's default language is Korean)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


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
    assert svg.booths["A1"]["fill"] == shapes.PALETTE[0]
    assert svg.booths["A2"]["fill"] == shapes.PALETTE[1]
    assert svg.booths["D1"]["fill"] == shapes.KIND_COLOURS[BoothKind.DISTRICT]


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
    assert [shapes.scale_bar_length(width) for width in (3, 8, 23, 60, 250)] == [
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
        assert drawing_text._em(line.text) * line.size <= 3  # never wider than the booth
    assert shape.title.count("Supercalifragilistic Expialidocious Smart City Holdings") == 1


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
    dark, muted = shapes.TEXT, shapes.MUTED_TEXT
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
            shapes.PALETTE[0],
            shapes.OUTLINE,
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
            shapes.FREE_COLOUR,
            shapes.OFFER_OUTLINE,
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
            shapes.FREE_COLOUR,
            shapes.OUTLINE,
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
            shapes.KIND_COLOURS[BoothKind.STAGE],
            shapes.OUTLINE,
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
