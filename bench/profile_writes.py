"""Where the time of a write goes: ``bench/profile_writes.py [--profile] submit|request|accept``.

The in-process counterpart of ``bench/deadline.py`` and ``bench/meetings.py``: the same seed
(``deadline.seed``, ``meetings.seed``) in a throwaway database, mail queued with the database
task backend as under gunicorn, then ``--count`` POSTs of the real form, one at a time, through
the Django test client (no server, no load generator):

- ``submit``: an applicant submits its complete draft (``exhibitors:application_edit`` with
  ``submit``), each POST another applicant (``--edit``: with a change typed, saved first);
- ``request``: a buyer asks an exhibitor for a meeting (``exhibitors:meeting_request``), every
  other one naming a slot, each POST another buyer or exhibitor;
- ``accept``: an exhibitor's member accepts a request (``exhibitors:exhibitor_meeting``), each
  in its own slot.

Prints the milliseconds per POST (best and median, and the median CPU time of this process,
which a busy machine disturbs less), the queries of one POST (with
``--queries`` their SQL) and, with ``--profile``, the cProfile summary of all of them. Run it
on PostgreSQL (``DATABASE_URL=postgres://...``): that is where the bursts run."""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ.setdefault("TASK_BACKEND", "database")  # as the bursts run: the mail is queued

import django  # noqa: E402

django.setup()

from _benchdb import test_database  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

REASON = "We distribute traffic sensors in our region."


def client_for(cookie):
    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="en")
    name, value = cookie.split("=", 1)
    client.cookies[name] = value
    return client


def submit_posts(count, edit=False):
    """(client, path, data) of ``count`` applicants submitting their drafts (``edit``: with a
    change typed, which is saved first, as for an applicant who types and submits at once)."""
    import deadline

    deadline.APPLICANTS = max(count, 1)
    posts = []
    for application, cookie in deadline.seed():
        path = f"/applications/{application.pk}/edit/"
        data = {}
        for key, value in deadline.form_data(application, "unused"):
            if key == "csrfmiddlewaretoken":
                continue
            data.setdefault(key, []).append(value)
        if edit:
            data["goals"] = [f"{application.goals} (final)"]
        posts.append((client_for(cookie), path, data))
    return posts


def request_posts(count):
    """(client, path, data) of ``count`` meeting requests, as bench/meetings.py plans them."""
    import meetings

    meetings.BUYERS = max(1, -(-count // meetings.REQUESTS_PER_BUYER))
    world = meetings.seed()
    posts = []
    for b, wanted in enumerate(meetings.request_plan(world)):
        client = client_for(world["buyer_cookies"][b])
        for _buyer, _exhibitor, slot_id, path in wanted:
            data = {"slot": "" if slot_id is None else str(slot_id), "reason": REASON}
            posts.append((client, path, data))
    return world, posts[:count]


def accept_posts(count):
    """(client, path, data) of ``count`` accepts, each request in a slot of its own."""
    import meetings
    from django.urls import reverse

    from exhibitors.buyers.models import Meeting, MeetingStatus

    world, requests = request_posts(count)
    for client, path, data in requests:
        response = client.post(path, data)
        assert response.status_code == 302, (path, response.status_code)
    posts = []
    later = world["slots"][meetings.SLOTS_PER_DAY :]  # days 2 and 3: free on every side
    buyers = {buyer.pk: b for b, buyer in enumerate(world["buyers"])}
    taken = {}  # per buyer: its k-th meeting in its own slot
    for e, exhibitor in enumerate(world["exhibitors"]):
        client = client_for(world["member_cookies"][e])
        for meeting in Meeting.objects.filter(exhibitor=exhibitor, status=MeetingStatus.REQUESTED):
            k = taken[meeting.buyer_id] = taken.get(meeting.buyer_id, -1) + 1
            data = {
                "action": "accept",
                "accept-action": "accept",
                "accept-version": str(meeting.version),
                "accept-slot": str(later[(4 * buyers[meeting.buyer_id] + k) % len(later)].pk),
                "accept-place": str(world["booth_places"][e].pk),
            }
            path = reverse("exhibitors:exhibitor_meeting", args=[exhibitor.pk, meeting.pk])
            posts.append((client, path, data))
            if len(posts) == count:
                return posts
    return posts


def refusal(response):
    import meetings

    return meetings.reason_of(response.content)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["submit", "request", "accept"])
    parser.add_argument("--count", type=int, default=40, help="POSTs measured (default 40)")
    parser.add_argument("--profile", action="store_true", help="cProfile of the POSTs")
    parser.add_argument("--queries", action="store_true", help="the SQL of one POST")
    parser.add_argument("--edit", action="store_true", help="submit: with a change typed")
    parser.add_argument("--lines", type=int, default=40)
    parser.add_argument("--width", type=int, default=400, help="characters of SQL shown")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--callees", help="print what the functions matching this call")
    parser.add_argument("--only", help="print only the functions whose file:line(name) matches")
    options = parser.parse_args()
    old_name = test_database("profile_writes")
    try:
        # One warm-up POST (imports, templates, connections), then the measured ones.
        count = options.count + 2
        if options.what == "submit":
            posts = submit_posts(count, edit=options.edit)
        elif options.what == "request":
            posts = request_posts(count)[1]
        else:
            posts = accept_posts(count)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        (client, path, data), one, *measured = posts
        assert client.post(path, data).status_code == 302, path
        client, path, data = one
        with CaptureQueriesContext(connection) as queries:
            response = client.post(path, data)
        assert response.status_code == 302, (path, response.status_code)
        queries = queries.captured_queries  # before the next request clears the log
        profile = cProfile.Profile() if options.profile else None
        times, cpu = [], []
        for client, path, data in measured:
            if profile:
                profile.enable()
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.post(path, data)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
            if profile:
                profile.disable()
            assert response.status_code == 302, (path, response.status_code, refusal(response))
        print(
            f"{options.what} POST on {connection.vendor}: {1000 * min(times):.1f} ms best, "
            f"{1000 * statistics.median(times):.1f} ms median of {len(times)} (this process's "
            f"CPU: {1000 * statistics.median(cpu):.1f} ms median); {len(queries)} queries in one "
            "POST"
        )
        if options.queries:
            for query in queries:
                print(f"    {float(query['time']) * 1000:.2f} ms: {query['sql'][: options.width]}")
        if profile:
            stats = pstats.Stats(profile).sort_stats(options.sort)
            if options.callees:
                stats.print_callees(options.callees)
            elif options.only:
                stats.print_stats(options.only, options.lines)
            else:
                stats.print_stats(options.lines)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
