"""How long the automatic booth allocation takes for 200 and for 2,000 exhibitors.

    .venv/bin/python bench/allocation.py            # the table
    .venv/bin/python bench/allocation.py --profile  # and where the time of 2,000 goes

A script, not a test. It sets Django up with the test settings on a throwaway database of its
own (a SQLite file under var/, or a database beside the one DATABASE_URL names, created and
dropped here), builds a pavilion with N confirmed exhibitors spread over the seven themes
(every third asking for a corner booth, every one with a review score) and N free 3 m × 3 m
booths (``booths.layout_generate`` on a floor with room for exactly N), and times
``booths.pavilion_allocate``: best of 3, fresh booths each time. The baseline is the bare
write of the same holders, ``Booth.objects.bulk_update`` without any planning.

Issue 8's target: 2,000 exhibitors take at most 15 times as long as 200, and under 5 seconds
on these 2-core machines.
"""

import argparse
import cProfile
import datetime
import math
import os
import pstats
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402

django.setup()

from _benchdb import expo, test_database  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

SIZES = (200, 2000)
REPEAT = 3
THEMES = [
    "Enabling Technologies",
    "Energy & Environment",
    "Mobility",
    "Governance & Economy",
    "Living & Inclusion",
    "Infrastructure & Buildings",
    "Blue Economy",
]
MAX_SECONDS = 5.0
MAX_GROWTH = 15.0


def build_pavilion(n):
    """A pavilion with ``n`` confirmed exhibitors (applied, scored, confirmed), written in
    bulk: the set-up is not what is measured."""
    from django.contrib.auth import get_user_model

    from events.models import Series
    from exhibitors.applications.models import (
        Application,
        ApplicationStatus,
        BoothPreference,
        Review,
    )
    from exhibitors.companies import registration
    from exhibitors.companies.models import Company, Exhibitor

    series, _ = Series.objects.get_or_create(
        slug="bench-floor", defaults={"short_name": "B", "name_en": "Bench", "name_ko": "벤치"}
    )
    columns = math.ceil(math.sqrt(n))
    pairs = math.ceil(n / columns / 2)  # two rows back to back, then a 2 m aisle
    opens = timezone.now() - datetime.timedelta(days=100)
    _event, pavilion, themes = expo(
        series,
        f"bench-{n}",
        name=f"Bench {n}",
        pavilion_name="Bench Pavilion",
        city=("Seoul", "서울", "KR"),
        starts_on=datetime.date(2030, 11, 5),
        opens=opens,
        width=3 * columns,
        depth=8 * pairs,
        area=9 * n,  # room for exactly n booths
        capacity=n,
        themes=THEMES,
    )
    base = 700_000_000 + 10_000 * (n % 1000)
    companies = Company.objects.bulk_create(
        Company(
            name_ko=f"회사 {n}-{i}",
            name_en=f"Company {n}-{i:05d}",
            registration_number=registration.complete(str(base + i)),
        )
        for i in range(n)
    )
    applications = Application.objects.bulk_create(
        Application(
            pavilion=pavilion,
            company=company,
            status=ApplicationStatus.CONFIRMED,
            theme=themes[i % len(themes)],
            booth_preference=BoothPreference.CORNER if i % 3 == 0 else BoothPreference.STANDARD,
            submitted_at=opens + datetime.timedelta(hours=i),
        )
        for i, company in enumerate(companies)
    )
    reviewer, _ = get_user_model().objects.get_or_create(username="bench-reviewer@example.com")
    Review.objects.bulk_create(
        Review(
            application=application,
            reviewer=reviewer,
            total=Decimal((i * 37) % 10_000) / 100,
            submitted_at=opens + datetime.timedelta(days=40),
        )
        for i, application in enumerate(applications)
    )
    Exhibitor.objects.bulk_create(Exhibitor(pavilion=pavilion, company=c) for c in companies)
    return pavilion


def fresh_booths(pavilion, n):
    """The floor emptied and filled again with n free booths; returns the generator's time."""
    from exhibitors.floor import services as booths
    from exhibitors.floor.models import Booth

    Booth.objects.filter(pavilion=pavilion).delete()
    started = time.perf_counter()
    created = booths.layout_generate(pavilion=pavilion, aisle=2)
    elapsed = time.perf_counter() - started
    assert len(created) == n, (len(created), n)
    return elapsed


def measure(pavilion, n, profile=None):
    """Best of REPEAT for the allocation and for the bare write of the same holders."""
    from exhibitors.floor import services as booths
    from exhibitors.floor.models import Booth

    allocation, baseline, generator = [], [], []
    for _ in range(REPEAT):
        generator.append(fresh_booths(pavilion, n))
        started = time.perf_counter()
        if profile is not None:
            profile.enable()
        plan = booths.pavilion_allocate(pavilion=pavilion)
        if profile is not None:
            profile.disable()
        allocation.append(time.perf_counter() - started)
        assert len(plan.placed) == n and not plan.unplaced, (len(plan.placed), plan.unplaced)

        # The baseline: the same holders written without any planning.
        placed = {booth.pk: exhibitor for booth, exhibitor, _theme in plan.placed}
        Booth.objects.filter(pavilion=pavilion).update(holder=None)
        rows = list(Booth.objects.filter(pavilion=pavilion))
        for booth in rows:
            booth.holder = placed[booth.pk]
        started = time.perf_counter()
        with transaction.atomic():
            Booth.objects.bulk_update(rows, ["holder"], batch_size=500)
        baseline.append(time.perf_counter() - started)
    return min(allocation), min(baseline), min(generator)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", action="store_true", help="profile the largest size")
    options = parser.parse_args()

    setup_test_environment()
    old_name = test_database("allocation")
    try:
        results = {}
        profile = None
        for n in SIZES:
            pavilion = build_pavilion(n)
            if options.profile and n == max(SIZES):
                profile = cProfile.Profile()
            results[n] = measure(pavilion, n, profile if n == max(SIZES) else None)
        database = f"{connection.vendor} ({connection.settings_dict['NAME']})"
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()

    print(f"Automatic booth allocation, best of {REPEAT}, on {database}")
    print()
    print(
        f"{'N':>6}  {'seconds':>8}  {'rows/s':>8}  {'baseline s':>10}  {'× baseline':>10}  "
        f"{'generator s':>11}"
    )
    for n, (seconds, baseline, generator) in results.items():
        print(
            f"{n:>6}  {seconds:>8.3f}  {n / seconds:>8.0f}  {baseline:>10.3f}  "
            f"{seconds / baseline:>10.1f}  {generator:>11.3f}"
        )
    small, large = min(SIZES), max(SIZES)
    growth = results[large][0] / results[small][0]
    print()
    print(
        f"{large}/{small} time ratio: {growth:.1f} (target ≤ {MAX_GROWTH:g}); "
        f"{large} in {results[large][0]:.2f} s (target < {MAX_SECONDS:g} s)"
    )
    ok = growth <= MAX_GROWTH and results[large][0] < MAX_SECONDS
    print("within target" if ok else "OUTSIDE THE TARGET")
    if profile is not None:
        print()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
