"""Helpers of the floor plan tests: reading the drawn SVG, and floors built through the
services (booths placed, holders with their themes, a member's company confirmed)."""

import datetime
import re
from decimal import Decimal
from html.parser import HTMLParser

from django.contrib.auth.models import Group
from django.urls import reverse

from exhibitors.applications import consents, services
from exhibitors.companies.models import ExhibitorRole
from exhibitors.floor import services as booths
from exhibitors.floor.models import Booth, BoothKind
from tests.factories import (
    ApplicationFactory,
    CompanyFactory,
    ExhibitorFactory,
    PavilionFactory,
    ThemeFactory,
    UserFactory,
)

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


def without_csrf(response):
    """The page's HTML without its CSRF tokens (a fresh one on every request)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


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


def admin_url(pavilion):
    return reverse("admin:events_pavilion_floor_plan", args=[pavilion.pk])


def staff_with_role(role):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


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
