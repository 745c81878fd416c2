"""Where the time of a page goes: ``bench/profile_page.py [--large] [--profile] PATH...``.

Seeds the demo data (with ``--large`` also the large data of ``bench/run.py``: 10,000
companies, 2,000 applications and reviews, 100,000 consultations, a 2,000-booth floor) in a
throwaway database and requests each PATH in-process (no server, no load generator) as the
user ``--user`` (a username; the demo's superuser by default). Prints the milliseconds per
request (best of 5) and the queries; with ``--profile``, the cProfile summary of 5 requests.

A PATH may name seeded objects: {large} (the large pavilion's id), {floor} (the 2,000-booth
pavilion's id), {dashboard} (the 100,000-consultation pavilion's id), {demo} (the demo's past
pavilion's id), {upcoming} (the demo's open pavilion's id), {upcoming_url} (its
page), {large_url} (the large pavilion's page), {demoreport} (the 2024 exhibitor of the demo's
``exhibitor@example.com``: its report, catalogue entry and meetings pages), {bigreport} (the
exhibitor of ``bench/run.py``'s 5,000-consultation report, seeded when named; its member is
``big-report@bench.example``)."""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

import django  # noqa: E402

django.setup()

from _benchdb import test_database  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--user", default="staff@example.com")
    parser.add_argument("--large", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--lines", type=int, default=30)
    options = parser.parse_args()
    old_name = test_database("profile")
    try:
        from django.contrib.auth import get_user_model

        from events.models import Pavilion
        from exhibitors import demo

        demo.seed_demo(stdout=open(os.devnull, "w"))  # noqa: SIM115
        names = {
            "demo": Pavilion.objects.get(event__slug="scewc-2024").pk,
            "upcoming": Pavilion.objects.order_by("-event__starts_on").first().pk,
        }
        names["upcoming_url"] = Pavilion.objects.get(pk=names["upcoming"]).get_absolute_url()
        from exhibitors.companies.models import Exhibitor

        names["demoreport"] = (
            Exhibitor.objects.filter(
                pavilion__event__slug="scewc-2024",
                company__memberships__user__email="exhibitor@example.com",
            )
            .values_list("pk", flat=True)
            .first()
        )
        if any("{bigreport}" in path for path in options.paths):
            import run

            names["bigreport"] = run.seed_report()[0].pk
        if options.large:
            import allocation
            import dashboard
            import run

            from exhibitors.floor import services as booths

            large = run.seed_large()
            names["large"] = large["pavilion"].pk
            names["large_url"] = large["pavilion"].get_absolute_url()
            names["dashboard"] = dashboard.build(run.CONSULTATIONS)[-1].pk
            floor = allocation.build_pavilion(2000)
            allocation.fresh_booths(floor, 2000)
            booths.pavilion_allocate(pavilion=floor)
            names["floor"] = floor.pk
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        client = Client(HTTP_HOST="127.0.0.1")
        if options.user:
            client.force_login(get_user_model().objects.get(username=options.user))
        for template in options.paths:
            path = template.format(**names)
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            times = []
            for _ in range(5):
                started = time.perf_counter()
                client.get(path)
                times.append(time.perf_counter() - started)
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            print(
                f"{path}: {1000 * min(times):.1f} ms (best of 5), {len(queries)} queries, "
                f"{len(response.content):,} bytes"
            )
            slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]
            for query in slowest:
                print(f"    {float(query['time']) * 1000:.1f} ms: {query['sql'][:300]}")
            if options.profile:
                profile = cProfile.Profile()
                profile.enable()
                for _ in range(5):
                    client.get(path)
                profile.disable()
                pstats.Stats(profile).sort_stats("cumulative").print_stats(options.lines)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
