"""The throwaway database every benchmark script runs on."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_database(name):
    """Create a throwaway database for the benchmark ``name`` (a SQLite file under var/
    unless DATABASE_URL says otherwise); returns the name to hand to ``destroy_test_db``.
    Call after ``django.setup()``."""
    from django.db import connection

    test = connection.settings_dict.setdefault("TEST", {})
    if connection.vendor == "sqlite":
        path = ROOT / "var" / f"bench-{name}.sqlite3"
        path.parent.mkdir(exist_ok=True)
        test["NAME"] = str(path)
    else:  # beside the test suite's test_<name>, so that both can run at once
        test["NAME"] = f"bench_{name}_{connection.settings_dict['NAME']}"
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return old_name


def expo(
    series,
    slug,
    *,
    starts_on,
    opens,
    closes=None,
    confirm_by=None,
    reports_by=None,
    name="Bench Expo",
    pavilion_name="Seoul Pavilion",
    city=("Barcelona", "바르셀로나", "ES"),
    rate="1400.00",
    width=100,
    depth=60,
    area=None,
    capacity=40,
    themes=(),
):
    """An event of ``series`` (three days from ``starts_on``) with its Seoul pavilion and
    ``themes``; returns (event, pavilion, themes). The call opens at ``opens`` and closes 30
    days later, confirmations are due 60 days and reports 300 days after it opens, unless
    told otherwise. The floor is ``width`` × ``depth`` m (``area`` m², all of it by default)."""
    import datetime
    from decimal import Decimal

    from events.models import Event, Pavilion, Theme

    event = Event.objects.create(
        series=series,
        slug=slug,
        name_en=name,
        name_ko=name,
        city_en=city[0],
        city_ko=city[1],
        country=city[2],
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=2),
        usd_krw_rate=Decimal(rate),
    )
    made = Theme.objects.bulk_create(
        Theme(event=event, name_en=theme, name_ko=theme, position=position)
        for position, theme in enumerate(themes, 1)
    )
    pavilion = Pavilion.objects.create(
        event=event,
        slug="seoul",
        name_en=pavilion_name,
        name_ko=pavilion_name,
        organiser_en="Seoul Digital Foundation",
        organiser_ko="서울디지털재단",
        floor_width_m=Decimal(width),
        floor_depth_m=Decimal(depth),
        floor_area_m2=Decimal(area if area is not None else width * depth),
        capacity=capacity,
        applications_open_at=opens,
        applications_close_at=closes or opens + datetime.timedelta(days=30),
        confirmation_deadline=confirm_by or opens + datetime.timedelta(days=60),
        report_deadline=reports_by or opens + datetime.timedelta(days=300),
    )
    return event, pavilion, made
