"""Meeting requests at scale: 500 buyers × 4 requests, then exhibitors accepting in a race.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/meetings.py

A script, not a test; it stops by itself. PostgreSQL only (on SQLite every writer waits for
one lock, which says nothing about races on the production database): on anything else it
says it is skipped, and why. Like ``bench/deadline.py`` it creates a throwaway database beside
the one DATABASE_URL names and starts gunicorn (``bench/gunicorn.conf.py``, 4 sync workers,
mail queued with the database task backend, as in production). It seeds one pavilion of an
expo 30 days ahead (Europe/Madrid) with a published catalogue and requests open (the default
limits: 6 meetings per buyer and 8 per exhibitor a day), 40 exhibitors, each with a member, an
agreed catalogue entry, a booth and the booth's meeting place, 6 lounge tables, 16 slots a day
over the 3 expo days and 500 approved buyers, each logged in by a session written to the
database (as deadline.py does). Then:

1. requests: every buyer opens one request page (the CSRF cookie and token), and at one
   signal 500 clients, one per buyer, each post their 4 requests one after the other to the
   real page (``exhibitors:meeting_request``) of 4 different exhibitors: 2,000 POSTs. Every
   other request names a slot, one of the first 8 of day 1 (so that each exhibitor is asked
   for the same slots several times); the others ask for "any time";
2. accepts: each exhibitor's member opens one meeting page (the token), then 3 clients per
   exhibitor (120 at once: three tabs or colleagues) post "accept" (``exhibitors:exhibitor_meeting``)
   on the exhibitor's first 15 requests, 600 attempts: the slot asked for, or for "any time"
   one of the first 4 slots of day 1; every third one at a lounge table (the 6 tables shared
   by the 40 exhibitors) instead of the booth. So the same exhibitor, the same buyer and the
   same lounge table are taken in the same slot by requests racing each other, and the daily
   limits are reached;
3. the baseline: the bare view (``/bench/bare/``) served by the same gunicorn under the same
   shape of load, measured in the same run: 500 clients × 4 GETs for the requests, 120
   clients × 5 GETs for the accepts, all released at one signal. The latency of a burst is
   mostly the queue in front of 4 workers; the bare burst shows what that queue costs when a
   request does nothing.

It counts in the database: one meeting per request answered by a redirect (and none for a
refused one), exactly the meetings whose accept was answered by a redirect booked (and no
other), no exhibitor, buyer or place booked twice in a slot (SQL over the booked statuses),
no buyer or exhibitor over the day's limit; it tallies the refusals by the reason the page
shows, and the latency p50/p95/p99 of the request POST and of the accept POST.

Issue 17's target: no double booking, nothing lost, p95 ≤ 1 s. ``--json FILE`` writes the
figures for ``bench/run.py`` (``--only meetings``).
"""

import argparse
import datetime
import html
import http.client
import json
import os
import re
import statistics
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

import django  # noqa: E402

django.setup()

from _benchdb import expo, test_database  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

EXHIBITORS = 40
BUYERS = 500
REQUESTS_PER_BUYER = 4
LOUNGE_TABLES = 6
DAYS = 3
SLOTS_PER_DAY = 16  # 09:00 to 17:00, 30 minutes each
HOT_SLOTS = 8  # the slots the named requests ask for (day 1, 09:00-13:00)
ANY_SLOT_ACCEPT_SLOTS = 4  # where the exhibitors put the "any time" requests
ACCEPTS_PER_EXHIBITOR = 15
TABS_PER_EXHIBITOR = 3
WORKERS = 4
TARGET_P95 = 1.0
ZONE = "Europe/Madrid"
PORT = int(os.environ.get("BENCH_MEETINGS_PORT", "8767"))
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
# Where a refused page says why: a message (alert-danger), a form error (crispy's
# invalid-feedback or its non-field alert), or the request page's list of refusals.
REASONS = (
    re.compile(r'<div class="alert alert-danger" role="alert">(.*?)</div>', re.S),
    re.compile(r'class="invalid-feedback"[^>]*>\s*(?:<p[^>]*>)?\s*<strong>(.*?)</strong>', re.S),
    re.compile(r'alert-block alert-danger">\s*<ul[^>]*>\s*<li>(.*?)</li>', re.S),
    re.compile(r'<div class="alert alert-warning" role="alert">\s*<p class="mb-0">(.*?)</p>', re.S),
)


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# Seeding ----------------------------------------------------------------------------------


def seed():
    """The pavilion, its exhibitors, places, slots and buyers, written in bulk (the set-up is
    not what is measured); returns a dict of what the load needs."""
    from zoneinfo import ZoneInfo

    from django.contrib.auth import get_user_model
    from run import session_cookie

    from events.models import Series
    from exhibitors.buyers.models import (
        Buyer,
        BuyerStatus,
        Catalogue,
        CatalogueEntry,
        MeetingPlace,
        MeetingPlaceKind,
        MeetingSettings,
        MeetingSlot,
    )
    from exhibitors.companies import registration
    from exhibitors.companies.models import Company, Exhibitor, Membership, MembershipRole
    from exhibitors.floor.models import Booth

    User = get_user_model()
    now = timezone.now()
    starts_on = (now + datetime.timedelta(days=30)).date()
    series = Series.objects.create(slug="meetings", short_name="M", name_en="M", name_ko="M")
    event, pavilion, _themes = expo(
        series,
        "meetings-expo",
        name="Meetings Expo",
        starts_on=starts_on,
        opens=now - datetime.timedelta(days=120),
        confirm_by=now - datetime.timedelta(days=30),
        reports_by=now + datetime.timedelta(days=300),
        capacity=EXHIBITORS,
    )
    event.time_zone = ZONE
    event.save(update_fields=["time_zone"])
    Catalogue.objects.create(pavilion=pavilion, published_at=now - datetime.timedelta(days=1))
    MeetingSettings.objects.create(pavilion=pavilion, requests_open=True)

    companies = Company.objects.bulk_create(
        Company(
            name_ko=f"회의 회사 {i}",
            name_en=f"Meeting Company {i:02d}",
            registration_number=registration.complete(str(760_000_000 + i)),
            email=f"office{i}@meetings.example",
        )
        for i in range(EXHIBITORS)
    )
    members = User.objects.bulk_create(
        User(username=f"member{i}@meetings.example", email=f"member{i}@meetings.example")
        for i in range(EXHIBITORS)
    )
    Membership.objects.bulk_create(
        Membership(user=u, company=c, role=MembershipRole.OWNER)
        for u, c in zip(members, companies, strict=True)
    )
    exhibitors = Exhibitor.objects.bulk_create(
        Exhibitor(pavilion=pavilion, company=c) for c in companies
    )
    CatalogueEntry.objects.bulk_create(
        CatalogueEntry(
            exhibitor=e,
            product_ko="스마트 센서",
            product_en="Smart sensors",
            summary_ko="도시 센서",
            summary_en="Sensors for cities",
            agreed_at=now,
            agreed_by=m,
        )
        for e, m in zip(exhibitors, members, strict=True)
    )
    booths = Booth.objects.bulk_create(
        Booth(
            pavilion=pavilion,
            code=f"B{i + 1:02d}",
            x=(i % 20) * 4,
            y=(i // 20) * 4,
            width=3,
            depth=3,
            holder=e,
        )
        for i, e in enumerate(exhibitors)
    )
    booth_places = MeetingPlace.objects.bulk_create(
        MeetingPlace(
            pavilion=pavilion, kind=MeetingPlaceKind.BOOTH, booth=b, label=f"Booth {b.code}"
        )
        for b in booths
    )
    tables = MeetingPlace.objects.bulk_create(
        MeetingPlace(pavilion=pavilion, kind=MeetingPlaceKind.LOUNGE, label=f"Lounge table {n}")
        for n in range(1, LOUNGE_TABLES + 1)
    )
    zone = ZoneInfo(ZONE)
    slots = MeetingSlot.objects.bulk_create(
        MeetingSlot(
            pavilion=pavilion,
            starts_at=start,
            ends_at=start + datetime.timedelta(minutes=30),
        )
        for day in range(DAYS)
        for n in range(SLOTS_PER_DAY)
        for start in [
            datetime.datetime.combine(
                starts_on + datetime.timedelta(days=day), datetime.time(9), zone
            )
            + datetime.timedelta(minutes=30 * n)
        ]
    )
    buyer_users = User.objects.bulk_create(
        User(username=f"buyer{i}@meetings.example", email=f"buyer{i}@meetings.example")
        for i in range(BUYERS)
    )
    buyers = Buyer.objects.bulk_create(
        Buyer(
            user=u,
            organisation=f"Buyer Organisation {i:03d}",
            country=("ES", "DE", "PL", "JP", "US")[i % 5],
            contact_name=f"Buyer {i}",
            status=BuyerStatus.APPROVED,
            decided_at=now,
        )
        for i, u in enumerate(buyer_users)
    )
    return {
        "pavilion": pavilion,
        "exhibitors": exhibitors,
        "member_cookies": [session_cookie(u) for u in members],
        "booth_places": booth_places,
        "tables": tables,
        "slots": slots,
        "buyers": buyers,
        "buyer_cookies": [session_cookie(u) for u in buyer_users],
    }


# HTTP -------------------------------------------------------------------------------------


def open_form(path, cookie):
    """GET a page with a form: the session plus CSRF cookie, and the form's token."""
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
    try:
        conn.request("GET", path, headers={"Cookie": cookie, "Accept-Language": "en"})
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {path}: {response.status}")
        csrf = next(
            value.split(";", 1)[0]
            for name, value in response.getheaders()
            if name.lower() == "set-cookie" and value.startswith("csrftoken=")
        )
        return f"{cookie}; {csrf}", TOKEN.search(body).group(1).decode()
    finally:
        conn.close()


def reason_of(body):
    """Why a page answered 200 instead of redirecting: the first message or form error."""
    text = body.decode("utf-8", "replace")
    for pattern in REASONS:
        found = pattern.search(text)
        if found:
            reason = html.unescape(re.sub(r"<[^>]+>", " ", found.group(1)))
            reason = re.sub(r"\s+", " ", reason).strip()
            if reason.startswith("Select a valid choice"):  # the slot is no longer offered
                return "form: the slot is no longer among the exhibitor's free slots"
            # A refusal with several reasons: the same reasons in one order.
            return " + ".join(sorted(re.split(r"(?<=\.) ", reason)))
    return "(a page without a reason)"


def send(method, path, cookie, body=None):
    """One request on its own connection; (status, Location, seconds, reason or None)."""
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=300)
    headers = {"Accept-Language": "en", **({"Cookie": cookie} if cookie else {})}
    if method == "POST":
        headers.update(
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{PORT}{path}",
                "Origin": f"http://127.0.0.1:{PORT}",
            }
        )
    started = time.perf_counter()
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        content = response.read()
        seconds = time.perf_counter() - started
        reason = reason_of(content) if method == "POST" and response.status == 200 else None
        return response.status, response.getheader("Location"), seconds, reason
    except Exception as error:  # a lost request is a finding, not a crash
        return f"error: {type(error).__name__}", None, time.perf_counter() - started, str(error)
    finally:
        conn.close()


def burst(clients):
    """Run ``clients`` (each a list of (key, method, path, cookie, body)) in one thread each,
    released together; every client sends its requests one after the other. Returns
    ({key: (status, location, seconds, reason)}, wall seconds)."""
    start = threading.Event()
    results = {}

    def client(requests):
        start.wait()
        for key, method, path, cookie, body in requests:
            results[key] = send(method, path, cookie, body)

    threads = [threading.Thread(target=client, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    began = time.perf_counter()
    start.set()
    for thread in threads:
        thread.join(timeout=600)
    return results, time.perf_counter() - began


def percentiles(seconds):
    values = sorted(seconds)

    def at(q):
        return values[min(len(values) - 1, int(q * len(values)))]

    return {"p50": statistics.median(values), "p95": at(0.95), "p99": at(0.99), "max": values[-1]}


def bare_clients(clients):
    """The same shape of load on the bare view: as many clients, as many requests each."""
    return [
        [((k, n), "GET", "/bench/bare/", None, None) for n in range(len(requests))]
        for k, requests in enumerate(clients)
    ]


# The two bursts ---------------------------------------------------------------------------


def request_plan(world):
    """Per buyer: 4 different exhibitors ((b + 10k) mod 40), every other request naming one of
    the first HOT_SLOTS slots of day 1, the rest "any time"."""
    from django.urls import reverse

    exhibitors, slots = world["exhibitors"], world["slots"]
    plan = []
    for b, buyer in enumerate(world["buyers"]):
        wanted = []
        for k in range(REQUESTS_PER_BUYER):
            exhibitor = exhibitors[(b + 10 * k) % EXHIBITORS]
            slot = slots[(b + k) % HOT_SLOTS] if (b + k) % 2 == 0 else None
            path = reverse("exhibitors:meeting_request", args=[exhibitor.pk])
            wanted.append((buyer.pk, exhibitor.pk, slot.pk if slot else None, path))
        plan.append(wanted)
    return plan


def request_burst(world):
    plan = request_plan(world)
    clients = []
    for b, wanted in enumerate(plan):
        cookie, token = open_form(wanted[0][3], world["buyer_cookies"][b])
        clients.append(
            [
                (
                    (buyer_id, exhibitor_id, slot_id),
                    "POST",
                    path,
                    cookie,
                    urlencode(
                        {
                            "csrfmiddlewaretoken": token,
                            "slot": "" if slot_id is None else str(slot_id),
                            "reason": "We distribute traffic sensors in our region.",
                        }
                    ),
                )
                for buyer_id, exhibitor_id, slot_id, path in wanted
            ]
        )
    return clients


def accept_burst(world):
    """Each exhibitor's first 15 requests, accepted by 3 clients of the exhibitor at once."""
    from django.urls import reverse

    from exhibitors.buyers.models import Meeting, MeetingStatus

    slots, tables = world["slots"], world["tables"]
    clients = []
    attempts = {}
    for e, exhibitor in enumerate(world["exhibitors"]):
        requested = list(
            Meeting.objects.filter(exhibitor=exhibitor, status=MeetingStatus.REQUESTED)
            .order_by("pk")
            .values_list("pk", "requested_slot_id", "version")[:ACCEPTS_PER_EXHIBITOR]
        )
        if not requested:
            continue
        first = reverse("exhibitors:exhibitor_meeting", args=[exhibitor.pk, requested[0][0]])
        cookie, token = open_form(first, world["member_cookies"][e])
        mine = []
        for i, (pk, requested_slot, version) in enumerate(requested):
            slot = requested_slot or slots[i % ANY_SLOT_ACCEPT_SLOTS].pk
            place = tables[(e + i) % LOUNGE_TABLES] if i % 3 == 2 else world["booth_places"][e]
            attempts[pk] = (exhibitor.pk, slot, place.pk)
            path = reverse("exhibitors:exhibitor_meeting", args=[exhibitor.pk, pk])
            body = urlencode(
                {
                    "csrfmiddlewaretoken": token,
                    "action": "accept",
                    "accept-action": "accept",
                    "accept-version": str(version),
                    "accept-slot": str(slot),
                    "accept-place": str(place.pk),
                }
            )
            mine.append((pk, "POST", path, cookie, body))
        # Sorted by slot, dealt to the tabs in turn: the tabs post requests for the same
        # slot at the same moment.
        mine.sort(key=lambda item: attempts[item[0]][1])
        for tab in range(TABS_PER_EXHIBITOR):
            clients.append(mine[tab::TABS_PER_EXHIBITOR])
    return clients, attempts


# Checks -----------------------------------------------------------------------------------

DOUBLE_BOOKINGS = """
SELECT 'exhibitor', COUNT(*) FROM (SELECT exhibitor_id, slot_id FROM {t} WHERE status = ANY(%s)
    AND pavilion_id = %s GROUP BY exhibitor_id, slot_id HAVING COUNT(*) > 1) AS e
UNION ALL
SELECT 'buyer', COUNT(*) FROM (SELECT buyer_id, slot_id FROM {t} WHERE status = ANY(%s)
    AND pavilion_id = %s GROUP BY buyer_id, slot_id HAVING COUNT(*) > 1) AS b
UNION ALL
SELECT 'place', COUNT(*) FROM (SELECT place_id, slot_id FROM {t} WHERE status = ANY(%s)
    AND pavilion_id = %s GROUP BY place_id, slot_id HAVING COUNT(*) > 1) AS p
"""

OVER_THE_DAY = """
SELECT 'buyer', COUNT(*) FROM (SELECT m.buyer_id, DATE(s.starts_at AT TIME ZONE %s)
    FROM {t} m JOIN {s} s ON s.id = m.slot_id WHERE m.status = ANY(%s) AND m.pavilion_id = %s
    GROUP BY 1, 2 HAVING COUNT(*) > %s) AS b
UNION ALL
SELECT 'exhibitor', COUNT(*) FROM (SELECT m.exhibitor_id, DATE(s.starts_at AT TIME ZONE %s)
    FROM {t} m JOIN {s} s ON s.id = m.slot_id WHERE m.status = ANY(%s) AND m.pavilion_id = %s
    GROUP BY 1, 2 HAVING COUNT(*) > %s) AS e
"""


def check(world, requests, accepts, attempts):
    from exhibitors.buyers.models import (
        BOOKED_STATUSES,
        Meeting,
        MeetingSettings,
        MeetingSlot,
        MeetingStatus,
    )

    pavilion = world["pavilion"]
    rows = Counter(
        Meeting.objects.filter(pavilion=pavilion).values_list("buyer_id", "exhibitor_id")
    )
    sent_ok = {(b, e) for (b, e, _slot), r in requests.items() if r[0] == 302}
    requests_lost = sum(1 for pair in sent_ok if rows[pair] == 0)
    requests_duplicated = sum(n - 1 for n in rows.values() if n > 1)
    requests_phantom = sum(1 for pair in rows if pair not in sent_ok)
    booked = set(
        Meeting.objects.filter(pavilion=pavilion, status__in=BOOKED_STATUSES).values_list(
            "pk", flat=True
        )
    )
    accepted_ok = {pk for pk, r in accepts.items() if r[0] == 302}
    accepts_lost = len(accepted_ok - booked)
    accepts_phantom = len(booked - accepted_ok)
    statuses = [s.value for s in BOOKED_STATUSES]
    table, slot_table = Meeting._meta.db_table, MeetingSlot._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(DOUBLE_BOOKINGS.format(t=table), [statuses, pavilion.pk] * 3)
        double = dict(cursor.fetchall())
        limits = MeetingSettings.objects.get(pavilion=pavilion)
        cursor.execute(
            OVER_THE_DAY.format(t=table, s=slot_table),
            [ZONE, statuses, pavilion.pk, limits.max_per_buyer_per_day]
            + [ZONE, statuses, pavilion.pk, limits.max_per_exhibitor_per_day],
        )
        over = dict(cursor.fetchall())
    # Each booked meeting where the exhibitor asked for it.
    wrong_place = sum(
        1
        for pk, slot_id, place_id in Meeting.objects.filter(pk__in=booked).values_list(
            "pk", "slot_id", "place_id"
        )
        if attempts.get(pk, (None, slot_id, place_id))[1:] != (slot_id, place_id)
    )
    return {
        "meeting_rows": sum(rows.values()),
        "requests_answered_302": len(sent_ok),
        "requests_lost": requests_lost,
        "requests_duplicated": requests_duplicated,
        "requests_phantom": requests_phantom,
        "booked": len(booked),
        "still_requested": Meeting.objects.filter(
            pavilion=pavilion, status=MeetingStatus.REQUESTED
        ).count(),
        "accepts_answered_302": len(accepted_ok),
        "accepts_lost": accepts_lost,
        "accepts_phantom": accepts_phantom,
        "booked_elsewhere_than_asked": wrong_place,
        "double_bookings": double,
        "over_the_day_limit": over,
    }


# The run ----------------------------------------------------------------------------------


def summary(results):
    statuses = Counter(str(r[0]) for r in results.values())
    reasons = Counter(r[3] for r in results.values() if r[0] != 302)
    return dict(statuses), dict(reasons.most_common())


def skipped(name, unit, reason):
    return {
        name: {
            "value": None,
            "baseline": None,
            "ratio": None,
            "target": TARGET_P95 if "p95" in name else 0,
            "met": False,
            "unit": unit,
            "notes": f"skipped: {reason}",
        }
    }


def main():
    global BUYERS
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument(
        "--buyers", type=int, default=BUYERS, help=f"buyers (default {BUYERS}; fewer: a smoke run)"
    )
    options = parser.parse_args()
    BUYERS = options.buyers

    def done(entries):
        if options.json:
            Path(options.json).write_text(json.dumps(entries, indent=2, ensure_ascii=False) + "\n")
        return 0

    if connection.vendor != "postgresql":
        reason = (
            f"the configured database is {connection.vendor}; the meeting-request load test "
            "runs on PostgreSQL only (set DATABASE_URL=postgres://...)"
        )
        print(f"Meeting requests SKIPPED: {reason}")
        return done(
            {
                **skipped("meetings: request POST p95", "seconds", reason),
                **skipped("meetings: accept POST p95", "seconds", reason),
                **skipped("meetings: lost or double-booked", "meetings", reason),
            }
        )

    from run import Gunicorn

    setup_test_environment()
    old_name = test_database("meetings")
    try:
        load_start = os.getloadavg()
        log(f"seeding {EXHIBITORS} exhibitors, {DAYS * SLOTS_PER_DAY} slots, {BUYERS} buyers")
        world = seed()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        env = {"TASK_BACKEND": "database", "DB_CONN_MAX_AGE": "60"}
        with Gunicorn(workers=WORKERS, port=PORT, env=env):
            log("buyers open the request page (CSRF tokens)")
            clients = request_burst(world)
            log(f"bare view, {len(clients)} clients × {REQUESTS_PER_BUYER} GETs at once")
            bare_requests, bare_requests_wall = burst(bare_clients(clients))
            log(f"requests: {len(clients)} clients × {REQUESTS_PER_BUYER} POSTs at once")
            requests, requests_wall = burst(clients)
            log("exhibitors open a meeting page (CSRF tokens)")
            accept_clients, attempts = accept_burst(world)
            n = max(len(c) for c in accept_clients)
            log(f"bare view, {len(accept_clients)} clients × {n} GETs at once")
            bare_accepts, bare_accepts_wall = burst(bare_clients(accept_clients))
            log(f"accepts: {len(attempts)} attempts from {len(accept_clients)} clients at once")
            accepts, accepts_wall = burst(accept_clients)
        found = check(world, requests, accepts, attempts)
        database = connection.settings_dict["NAME"]
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    load_end = os.getloadavg()

    request_p = percentiles(r[2] for r in requests.values())
    accept_p = percentiles(r[2] for r in accepts.values())
    bare_request_p = percentiles(r[2] for r in bare_requests.values())
    bare_accept_p = percentiles(r[2] for r in bare_accepts.values())
    bare_bad = sum(1 for r in [*bare_requests.values(), *bare_accepts.values()] if r[0] != 200)
    request_statuses, request_reasons = summary(requests)
    accept_statuses, accept_reasons = summary(accepts)
    double = sum(found["double_bookings"].values())
    over = sum(found["over_the_day_limit"].values())
    errors = sum(1 for r in [*requests.values(), *accepts.values()] if r[0] not in (200, 302))
    problems = (
        found["requests_lost"]
        + found["requests_duplicated"]
        + found["requests_phantom"]
        + found["accepts_lost"]
        + found["accepts_phantom"]
        + found["booked_elsewhere_than_asked"]
        + double
        + over
        + errors
    )

    def ms(p):
        return f"p50 {p['p50']:.3f} s, p95 {p['p95']:.3f} s, p99 {p['p99']:.3f} s, max {p['max']:.3f} s"

    print(f"\nMeeting requests on PostgreSQL ({database}), gunicorn {WORKERS} sync workers")
    print(f"load average {load_start[0]:.2f} at start, {load_end[0]:.2f} at end")
    print(
        f"requests: {len(requests)} POSTs from {BUYERS} buyers at once in {requests_wall:.1f} s; "
        f"responses {request_statuses}; refusals {request_reasons or 'none'}"
    )
    print(
        f"  meetings created {found['meeting_rows']} for {found['requests_answered_302']} "
        f"requests answered 302: lost {found['requests_lost']}, duplicated "
        f"{found['requests_duplicated']}, created without a 302 {found['requests_phantom']}"
    )
    print(f"  latency {ms(request_p)}; {len(requests) / requests_wall:.1f} requests/s")
    print(f"  bare view, same load ({bare_requests_wall:.1f} s): {ms(bare_request_p)}")
    print(
        f"accepts: {len(accepts)} POSTs from {len(accept_clients)} clients at once in "
        f"{accepts_wall:.1f} s; responses {accept_statuses}"
    )
    for reason, count in accept_reasons.items():
        print(f"  refused {count:4d}: {reason}")
    print(
        f"  booked {found['booked']} for {found['accepts_answered_302']} accepts answered 302: "
        f"lost {found['accepts_lost']}, booked without a 302 {found['accepts_phantom']}, "
        f"elsewhere than asked {found['booked_elsewhere_than_asked']}"
    )
    print(f"  latency {ms(accept_p)}; {len(accepts) / accepts_wall:.1f} requests/s")
    print(f"  bare view, same load ({bare_accepts_wall:.1f} s): {ms(bare_accept_p)}")
    print(
        f"double bookings (exhibitor, buyer, place in a slot): {found['double_bookings']}; over "
        f"the day's limit: {found['over_the_day_limit']}; HTTP errors {errors}"
        + (f"; bare view non-200: {bare_bad}" if bare_bad else "")
    )
    print(
        f"problems {problems}: {'OK' if problems == 0 else 'FAILED'}; p95 ≤ {TARGET_P95:g} s: "
        f"requests {'met' if request_p['p95'] <= TARGET_P95 else 'NOT met'}, accepts "
        f"{'met' if accept_p['p95'] <= TARGET_P95 else 'NOT met'}"
    )

    common = (
        f"gunicorn {WORKERS} sync workers on PostgreSQL, {EXHIBITORS} exhibitors, "
        f"{DAYS * SLOTS_PER_DAY} slots, {LOUNGE_TABLES} lounge tables; load average "
        f"{load_start[0]:.2f} → {load_end[0]:.2f}"
    )
    entries = {
        "meetings: request POST p95": {
            "value": round(request_p["p95"], 4),
            "baseline": round(bare_request_p["p95"], 4),
            "ratio": round(request_p["p95"] / bare_request_p["p95"], 4),
            "target": TARGET_P95,
            "met": request_p["p95"] <= TARGET_P95 and problems == 0,
            "unit": "seconds",
            "notes": (
                f"{len(requests)} meeting requests ({BUYERS} buyers × {REQUESTS_PER_BUYER}, "
                f"half naming one of {HOT_SLOTS} slots) from {BUYERS} clients at once in "
                f"{requests_wall:.1f} s ({len(requests) / requests_wall:.1f}/s); responses "
                f"{request_statuses}; refusals "
                f"{request_reasons or 'none'}; meetings created {found['meeting_rows']} "
                f"(lost {found['requests_lost']}, duplicated {found['requests_duplicated']}); "
                f"latency {ms(request_p)}; baseline: the bare view, {BUYERS} clients × "
                f"{REQUESTS_PER_BUYER} GETs at once ({ms(bare_request_p)}); target: p95 ≤ "
                f"{TARGET_P95:g} s; {common}"
            ),
            "latency_p50_s": round(request_p["p50"], 4),
            "latency_p95_s": round(request_p["p95"], 4),
            "latency_p99_s": round(request_p["p99"], 4),
            "bare_p50_s": round(bare_request_p["p50"], 4),
            "bare_p99_s": round(bare_request_p["p99"], 4),
        },
        "meetings: accept POST p95": {
            "value": round(accept_p["p95"], 4),
            "baseline": round(bare_accept_p["p95"], 4),
            "ratio": round(accept_p["p95"] / bare_accept_p["p95"], 4),
            "target": TARGET_P95,
            "met": accept_p["p95"] <= TARGET_P95 and problems == 0,
            "unit": "seconds",
            "notes": (
                f"{len(accepts)} accepts racing ({len(accept_clients)} clients at once, "
                f"{TABS_PER_EXHIBITOR} per exhibitor) in {accepts_wall:.1f} s "
                f"({len(accepts) / accepts_wall:.1f}/s); responses "
                f"{accept_statuses}; refusals {accept_reasons or 'none'}; booked "
                f"{found['booked']} (lost {found['accepts_lost']}, without a 302 "
                f"{found['accepts_phantom']}); latency {ms(accept_p)}; baseline: the bare "
                f"view, same clients, same number of GETs ({ms(bare_accept_p)}); target: p95 "
                f"≤ {TARGET_P95:g} s; {common}"
            ),
            "latency_p50_s": round(accept_p["p50"], 4),
            "latency_p95_s": round(accept_p["p95"], 4),
            "latency_p99_s": round(accept_p["p99"], 4),
            "bare_p50_s": round(bare_accept_p["p50"], 4),
            "bare_p99_s": round(bare_accept_p["p99"], 4),
        },
        "meetings: lost or double-booked": {
            "value": problems,
            "baseline": len(requests) + len(accepts),
            "ratio": problems / (len(requests) + len(accepts)),
            "target": 0,
            "met": problems == 0,
            "unit": "lost, duplicated or double-booked meetings",
            "notes": (
                f"checks: {json.dumps(found, ensure_ascii=False)}; HTTP errors {errors}; {common}"
            ),
        },
    }
    done(entries)
    return 0 if problems == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
