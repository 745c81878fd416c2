"""Where the time of one page goes: ``bench/profile_page.py PATH [--user EMAIL] [--large]``.

Seeds the demo data (and with ``--large`` the large data of ``bench/run.py``) in a throwaway
database, requests PATH through Django's test client a few times and prints the cProfile
summary of the last 10 requests (cumulative time)."""

import argparse
import cProfile
import os
import pstats
import sys
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
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--user", default="", help="log in as this username first")
    parser.add_argument("--large", action="store_true")
    parser.add_argument("--lines", type=int, default=30)
    options = parser.parse_args()
    setup_test_environment()
    old_name = test_database("profile")
    try:
        from django.contrib.auth import get_user_model

        from exhibitors import demo

        demo.seed_demo(stdout=open(os.devnull, "w"))  # noqa: SIM115
        if options.large:
            import run

            run.seed_large()
        client = Client()
        if options.user:
            client.force_login(get_user_model().objects.get(username=options.user))
        path = options.path.format(**{})
        for _ in range(3):
            response = client.get(path)
            assert response.status_code == 200, response.status_code
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(10):
            client.get(path)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(options.lines)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
