"""Every benchmark of issue 8 in one run: ``make bench`` (or ``.venv/bin/python bench/run.py``).

It creates a throwaway database of its own beside the configured one (DATABASE_URL; a SQLite
file under var/ by default, never the developer's database), seeds it at realistic scale (the
demo data, ``seed_demo``) and at large scale (10,000 companies, 2,000 applications in one call
with 2,000 reviews, a 2,000-booth floor, 100,000 consultations over two editions), then:

- pages: requests/s of each page served by gunicorn (``bench/gunicorn.conf.py``: one sync
  worker, DEBUG off) under one load generator on loopback (wrk if installed, otherwise a
  small Python one), against the bare view ``/bench/bare/`` served by the same gunicorn;
- imports: rows/s of companies and consultations through their import-export resources,
  against ``bulk_create`` of the same rows;
- the dashboard's figures (``pavilion_figures(tables=True)``) against one
  hand-written SQL query (``bench/dashboard.py``);
- the automatic booth allocation at 2,000 exhibitors against 200 (``bench/allocation.py``);
- the deadline-night load test (``bench/deadline.py``), on PostgreSQL only;
- meeting requests at scale, 500 buyers × 4 requests and 600 racing accepts
  (``bench/meetings.py``), on PostgreSQL only.

Every figure is a ratio against a baseline measured in the same run. The figures go to
``bench/results.json`` and a table is printed. Options: ``--quick`` (shorter page runs, fewer
rows: a smoke test), ``--only pages,imports,...``.
"""

import argparse
import copy
import datetime
import http.client
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

import django  # noqa: E402

django.setup()

import allocation  # noqa: E402
import dashboard  # noqa: E402
from _benchdb import expo, test_database  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

PORT = int(os.environ.get("BENCH_PORT", "8765"))
COMPANY_PAGE_TARGET = 0.2  # logged-in company pages: at least a fifth of the bare view
PUBLIC_CATALOGUE_TARGET = 0.3  # the public catalogue: at least 0.3
ADMIN_PAGE_TARGET = 0.1  # back-office pages at demo size: at least a tenth
LARGE_PAGE_TARGET = 0.05  # any page at large size (2,000 reviews, 100,000 consultations...)
IMPORT_TARGET = 0.2
IMPORT_REPEAT = 3  # imports and their baselines: the median of this many runs
LARGE_COMPANIES = 10_000
LARGE_APPLICATIONS = 2_000
CONSULTATIONS = 100_000
THEMES = dashboard.THEMES


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# Seeding ----------------------------------------------------------------------------------


def session_cookie(user):
    """A logged-in session for ``user`` written to the database, as the cookie header."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def seed_large():
    """10,000 companies; one call open now with 2,000 submitted applications, each with a
    review assigned to one reviewer (half of them scored); one member of the first company."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from events.models import Series
    from exhibitors import roles
    from exhibitors.applications.models import Application, ApplicationStatus, Review
    from exhibitors.companies import registration
    from exhibitors.companies.models import Company, Membership, MembershipRole

    User = get_user_model()
    now = timezone.now()
    companies = Company.objects.bulk_create(
        (
            Company(
                name_ko=f"대형 회사 {i}",
                name_en=f"Large Company {i:05d}",
                registration_number=registration.complete(str(720_000_000 + i)),
                email=f"company{i}@large.example",
            )
            for i in range(LARGE_COMPANIES)
        ),
        batch_size=1000,
    )
    series = Series.objects.create(
        slug="bench-large", short_name="L", name_en="Large Expo", name_ko="대형 엑스포"
    )
    _event, pavilion, themes = expo(
        series,
        "large-2031",
        name="Large Expo 2031",
        pavilion_name="Large Pavilion",
        starts_on=(now + datetime.timedelta(days=200)).date(),
        opens=now - datetime.timedelta(days=10),
        closes=now + datetime.timedelta(days=20),
        confirm_by=now + datetime.timedelta(days=60),
        reports_by=now + datetime.timedelta(days=300),
        capacity=200,
        themes=THEMES,
    )
    applications = Application.objects.bulk_create(
        (
            Application(
                pavilion=pavilion,
                company=company,
                status=ApplicationStatus.SUBMITTED,
                theme=themes[i % len(themes)],
                product_name_ko=f"제품 {i}",
                product_name_en=f"Product {i}",
                product_description_ko="설명",
                product_description_en="A description",
                target_markets=["ES", "DE"],
                goals="Meet distributors",
                booth_preference="standard",
                introduction_pdf=f"bench/intro-{i}.pdf",
                submitted_at=now - datetime.timedelta(hours=i % 200),
            )
            for i, company in enumerate(companies[:LARGE_APPLICATIONS])
        ),
        batch_size=1000,
    )
    reviewer = User.objects.create(
        username="large-reviewer@example.com", email="large-reviewer@example.com", is_staff=True
    )
    reviewer.groups.add(Group.objects.get(name=roles.REVIEWER))
    Review.objects.bulk_create(
        (
            Review(
                application=application,
                reviewer=reviewer,
                total=Decimal((i * 37) % 10_000) / 100 if i % 2 else None,
                submitted_at=now if i % 2 else None,
            )
            for i, application in enumerate(applications)
        ),
        batch_size=1000,
    )
    member = User.objects.create(username="large-member@example.com", email="m@large.example")
    Membership.objects.create(user=member, company=companies[0], role=MembershipRole.OWNER)
    return {"pavilion": pavilion, "member": member, "reviewer": reviewer}


REPORT_CONSULTATIONS = 5_000


def seed_report():
    """A returned, editable report of another 2024 exhibitor than the demo's
    ``exhibitor@example.com`` (whose report stays at demo size) with 5,000 consultations,
    and a member of that company: the report page at large size for the exhibitor and for
    staff in the admin. Returns the exhibitor, the report and the member."""
    from django.contrib.auth import get_user_model

    from exhibitors.companies.models import Exhibitor, Membership, MembershipRole
    from exhibitors.outcomes import services as outcomes
    from exhibitors.outcomes.models import Consultation

    exhibitor = (
        Exhibitor.objects.select_related("pavilion__event")
        .filter(pavilion__event__slug="scewc-2024")
        .exclude(company__memberships__user__email="exhibitor@example.com")
        .order_by("pk")
        .first()
    )
    member = get_user_model().objects.create(
        username="big-report@bench.example", email="big-report@bench.example"
    )
    Membership.objects.create(user=member, company=exhibitor.company, role=MembershipRole.OWNER)
    report = outcomes.report_get_or_create(exhibitor)
    starts_on = exhibitor.pavilion.event.starts_on
    Consultation.objects.bulk_create(
        (
            Consultation(
                report=report,
                met_on=starts_on + datetime.timedelta(days=i % 3),
                buyer_organisation=f"Bench Buyer {i:05d}",
                buyer_country=("ES", "DE", "JP", "US", "NL")[i % 5],
                product="Bench platform",
                amount_usd=Decimal(1000 + i),
                expected_contract_usd=Decimal(i % 700),
                note="met at the booth" if i % 4 == 0 else "",
            )
            for i in range(REPORT_CONSULTATIONS - report.consultations.count())
        ),
        batch_size=1000,
    )
    return exhibitor, report, member


# Pages ------------------------------------------------------------------------------------


def database_url():
    """The throwaway database as a URL, for the gunicorn processes."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    auth = quote(settings.get("USER") or "")
    if settings.get("PASSWORD"):
        auth += ":" + quote(settings["PASSWORD"])
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{settings['NAME']}"


#: Several workers share one cache in production (README: ``CACHE_URL``, Redis or the
#: database's table): the benches with several workers use this Redis database, emptied
#: first, when one answers (``BENCH_SHARED_CACHE_URL``), and say so.
SHARED_CACHE_URL = os.environ.get("BENCH_SHARED_CACHE_URL", "redis://127.0.0.1:6379/15")


def shared_cache_url():
    """The shared cache's URL, emptied, or None when no Redis answers there."""
    try:
        import redis

        client = redis.Redis.from_url(SHARED_CACHE_URL, socket_connect_timeout=1)
        client.flushdb()
    except Exception as error:  # noqa: BLE001 - any failure means: no shared cache
        log(f"no shared cache at {SHARED_CACHE_URL} ({error}): each worker caches alone")
        return None
    return SHARED_CACHE_URL


class Gunicorn:
    """gunicorn with ``bench/gunicorn.conf.py`` on the throwaway database; with several
    workers, on the shared cache (:func:`shared_cache_url`) as production has it."""

    def __init__(self, workers=1, port=PORT, env=None):
        self.workers, self.port = workers, port
        shared = shared_cache_url() if workers > 1 else None
        self.cache = shared or "locmem"
        log(f"gunicorn: {workers} worker(s), cache {self.cache}")
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "BENCH_WORKERS": str(workers),
            "BENCH_PORT": str(port),
            "PYTHONPATH": str(ROOT),
            **({"CACHE_URL": shared} if shared else {}),
            **(env or {}),
        }

    def __enter__(self):
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.process = subprocess.Popen(
            [str(gunicorn), "--config", str(BENCH / "gunicorn.conf.py")],
            cwd=ROOT,
            env=self.env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited at start")
            try:
                status, _body = get("/bench/bare/", port=self.port)
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def get(path, cookie=None, port=PORT):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def load_wrk(path, cookie, seconds, connections):
    # wrk takes whole seconds only ("3s", not "3.0s"); a slow page's requests are counted,
    # not dropped at wrk's default 2 s timeout.
    duration = f"-d{max(1, round(seconds))}s"
    command = ["wrk", "-t1", f"-c{connections}", duration, "--timeout", "30s"]
    command.append(f"http://127.0.0.1:{PORT}{path}")
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    problems = []
    if bad:
        problems.append(f"{bad.group(1)} non-2xx responses")
    if errors:
        problems.append(f"socket errors: {errors.group(1)}")
    return rate, problems


def load_python(path, cookie, seconds, connections):
    """The fallback load generator: ``connections`` threads, each with one keep-alive
    connection, requesting the page for ``seconds``."""
    counts, problems = [0] * connections, []
    stop = time.monotonic() + seconds
    headers = {"Cookie": cookie} if cookie else {}

    def worker(k):
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        while time.monotonic() < stop:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                problems.append(response.status)
            counts[k] += 1
        conn.close()

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    rate = sum(counts) / (time.monotonic() - started)
    return rate, ([f"{len(problems)} non-200 responses"] if problems else [])


def load(path, cookie, seconds, connections=2):
    if shutil.which("wrk"):
        return load_wrk(path, cookie, seconds, connections)
    return load_python(path, cookie, seconds, connections)


def bench_pages(pages, seconds):
    """Each page, then the bare view, in turns (bare, page, page, ..., bare, ...): the
    baseline is the median of the bare runs, which spread over the whole measurement."""
    results = {}
    with Gunicorn(workers=1):
        for page in pages.values():
            status, body = get(page["path"], page.get("cookie"))
            if status != 200:
                raise RuntimeError(f"{page['path']} answered {status}, not 200")
            page["bytes"] = len(body)
        bare_rates = []
        for index, (key, page) in enumerate(pages.items()):
            if index % 4 == 0:
                load("/bench/bare/", None, 1, 2)  # warm-up
                bare_rates.append(load("/bench/bare/", None, seconds, 2)[0])
                log(f"  bare view: {bare_rates[-1]:.0f} req/s")
            load(page["path"], page.get("cookie"), 1, 2)  # warm-up
            rate, problems = load(page["path"], page.get("cookie"), seconds, 2)
            results[key] = (rate, problems)
            log(f"  {key}: {rate:.0f} req/s {'; '.join(problems)}")
        bare_rates.append(load("/bench/bare/", None, seconds, 2)[0])
        log(f"  bare view: {bare_rates[-1]:.0f} req/s")
    bare = statistics.median(bare_rates)
    figures = {}
    for key, page in pages.items():
        rate, problems = results[key]
        target = page["target"]  # None: a scaling figure, measured with no target
        figures[f"page: {key}"] = figure(
            value=rate,
            baseline=bare,
            target=target,
            met=(target is None or rate / bare >= target) and not problems,
            unit="requests/s",
            notes=(
                f"GET {page['path']} ({page['bytes']:,} bytes); baseline: the bare view "
                f"(median of {len(bare_rates)} runs: "
                f"{', '.join(f'{r:.0f}' for r in bare_rates)}); "
                + (f"target: ratio ≥ {target}" if target else "no target: a scaling figure")
                + (f"; {'; '.join(problems)}" if problems else "")
            ),
        )
    return figures


def figure(*, value, baseline, target, met, unit, notes="", ratio=None):
    return {
        "value": round(value, 4),
        "baseline": round(baseline, 4),
        "ratio": round(ratio if ratio is not None else value / baseline, 4),
        "target": target,
        "met": bool(met),
        "unit": unit,
        "notes": notes,
    }


# Imports ----------------------------------------------------------------------------------


def bench_imports(companies=2_000, consultations=3_000):
    """Rows/s of each resource against ``bulk_create`` of the same rows. The imported rows
    are deleted afterwards; the baseline's rows are rolled back."""
    import tablib

    from events.models import Series
    from exhibitors.companies import registration
    from exhibitors.companies.models import Company, Exhibitor
    from exhibitors.companies.resources import CompanyResource
    from exhibitors.outcomes.models import Consultation, OutcomeReport
    from exhibitors.outcomes.resources import ConsultationResource

    figures = {}
    # Companies: new rows keyed on their registration number.
    headers = list(CompanyResource._meta.fields)
    rows = [
        (
            registration.complete(str(730_000_000 + i)),
            f"가져온 회사 {i}",
            f"Imported Company {i}",
            "홍길동",
            2010 + i % 10,
            10 + i % 500,
            f"https://company{i}.example",
            f"info{i}@company.example",
            "02-1234-5678",
            "company",
        )
        for i in range(companies)
    ]
    times = []
    for _ in range(IMPORT_REPEAT):  # the median of a few runs: one 0.1 s timing is noisy
        started = time.perf_counter()
        result = CompanyResource().import_data(
            tablib.Dataset(*rows, headers=headers), dry_run=False
        )
        times.append(time.perf_counter() - started)
        assert not result.has_errors() and not result.has_validation_errors(), "company import"
        assert result.totals["new"] == companies, result.totals
        Company.objects.filter(registration_number__startswith="73").delete()
    imported = statistics.median(times)
    baseline = _bulk_create_seconds(
        Company,
        [
            Company(
                registration_number=row[0],
                name_ko=row[1],
                name_en=row[2],
                representative=row[3],
                founded=row[4],
                employees=row[5],
                website=row[6],
                email=row[7],
                phone=row[8],
                kind=row[9],
            )
            for row in rows
        ],
    )
    figures["import: companies"] = figure(
        value=companies / imported,
        baseline=companies / baseline,
        target=IMPORT_TARGET,
        met=baseline / imported >= IMPORT_TARGET,
        unit="rows/s",
        notes=f"{companies:,} new companies through CompanyResource (dry_run=False) against "
        f"Company.objects.bulk_create, each the median of {IMPORT_REPEAT} runs; target: "
        f"ratio ≥ {IMPORT_TARGET}",
    )

    # Consultations: into 50 exhibitors' reports of an expo that has started.
    today = timezone.localdate()
    series = Series.objects.create(slug="bench-import", short_name="I", name_en="I", name_ko="I")
    event, pavilion, _themes = expo(
        series,
        "import-expo",
        name="Import Expo",
        city=("Seoul", "서울", "KR"),
        starts_on=today - datetime.timedelta(days=30),
        opens=timezone.now() - datetime.timedelta(days=200),
        reports_by=timezone.now() + datetime.timedelta(days=60),
        width=50,
        depth=50,
        capacity=50,
    )
    holders = Company.objects.bulk_create(
        Company(
            name_ko=f"보고 회사 {i}",
            name_en=f"Reporting Company {i}",
            registration_number=registration.complete(str(740_000_000 + i)),
        )
        for i in range(50)
    )
    Exhibitor.objects.bulk_create(Exhibitor(pavilion=pavilion, company=c) for c in holders)
    headers = ConsultationResource.COLUMNS
    countries = dashboard.COUNTRIES
    rows = [
        (
            event.slug,
            holders[k % 50].registration_number,
            (event.starts_on + datetime.timedelta(days=k % 3)).isoformat(),
            f"Buyer {k % 997}",
            countries[k % len(countries)],
            "distributor",
            "Platform",
            str(500 + (k * 7919) % 20_000),
            str((k * 104_729) % 9_000),
            "consulted",
            "",
        )
        for k in range(consultations)
    ]
    times = []
    for attempt in range(IMPORT_REPEAT):  # the reports are opened by the first run only
        if attempt:
            Consultation.objects.filter(report__exhibitor__pavilion=pavilion).delete()
        started = time.perf_counter()
        result = ConsultationResource().import_data(
            tablib.Dataset(*rows, headers=headers), dry_run=False
        )
        times.append(time.perf_counter() - started)
        assert not result.has_errors() and not result.has_validation_errors(), (
            "consultation import",
            [(r.number, r.error) for r in result.invalid_rows[:3]],
        )
    imported = statistics.median(times)
    assert Consultation.objects.filter(report__exhibitor__pavilion=pavilion).count() == len(rows)
    reports = {
        r.exhibitor.company.registration_number: r
        for r in OutcomeReport.objects.filter(exhibitor__pavilion=pavilion).select_related(
            "exhibitor__company"
        )
    }
    Consultation.objects.filter(report__exhibitor__pavilion=pavilion).delete()
    baseline = _bulk_create_seconds(
        Consultation,
        [
            Consultation(
                report=reports[row[1]],
                met_on=datetime.date.fromisoformat(row[2]),
                buyer_organisation=row[3],
                buyer_country=row[4],
                buyer_type=row[5],
                product=row[6],
                amount_usd=Decimal(row[7]),
                expected_contract_usd=Decimal(row[8]),
                stage=row[9],
                note=row[10],
            )
            for row in rows
        ],
    )
    figures["import: consultations"] = figure(
        value=consultations / imported,
        baseline=consultations / baseline,
        target=IMPORT_TARGET,
        met=baseline / imported >= IMPORT_TARGET,
        unit="rows/s",
        notes=f"{consultations:,} consultations into 50 reports through ConsultationResource "
        f"against Consultation.objects.bulk_create, each the median of {IMPORT_REPEAT} runs; "
        f"target: ratio ≥ {IMPORT_TARGET}",
    )
    return figures


def _bulk_create_seconds(model, objects):
    """The median time of ``bulk_create`` of copies of ``objects`` in one transaction, rolled
    back afterwards, over ``IMPORT_REPEAT`` runs."""

    class Rollback(Exception):
        pass

    times = []
    for _ in range(IMPORT_REPEAT):
        batch = [copy.copy(obj) for obj in objects]  # bulk_create sets their keys
        try:
            with transaction.atomic():
                started = time.perf_counter()
                model.objects.bulk_create(batch, batch_size=1000)
                times.append(time.perf_counter() - started)
                raise Rollback
        except Rollback:
            pass
    return statistics.median(times)


# Dashboard and allocation ---------------------------------------------------------------


def bench_dashboard(pavilions):
    from exhibitors.outcomes.figures import pavilion_figures

    pavilion, previous = pavilions[-1], pavilions[-2]
    seconds, figures = dashboard.best_of(lambda: pavilion_figures(pavilion, tables=True))
    sql, expected = dashboard.best_of(lambda: dashboard.sql_totals(pavilion.pk))
    same = (
        dashboard.dashboard_totals(figures) == expected
        and dashboard.dashboard_totals(figures.previous) == dashboard.sql_totals(previous.pk)
        and sum(r["consultations"] for r in figures.by_exhibitor) == expected["consultations"]
        and sum(r["amount"] for r in figures.by_country) == expected["consultation_amount_usd"]
        and sum(r["amount"] for r in figures.by_theme) == expected["consultation_amount_usd"]
    )
    return {
        "dashboard figures": figure(
            value=seconds,
            baseline=sql,
            target=dashboard.MAX_RATIO,
            met=seconds / sql <= dashboard.MAX_RATIO and same,
            unit="seconds",
            notes=f"pavilion_figures(tables=True) at {CONSULTATIONS:,} consultations "
            f"(two editions) against one hand-written SQL query of the same totals, best of "
            f"{dashboard.REPEAT}; same figures: {'yes' if same else 'NO'}; target: ratio ≤ "
            f"{dashboard.MAX_RATIO:g}",
        )
    }


def bench_allocation():
    """The allocation figure, and the allocated pavilions by size (their floor plans are
    pages of the run)."""
    results, pavilions = {}, {}
    for n in allocation.SIZES:
        pavilions[n] = allocation.build_pavilion(n)
        results[n] = allocation.measure(pavilions[n], n)
    small, large = min(allocation.SIZES), max(allocation.SIZES)
    seconds, base = results[large][0], results[small][0]
    growth = seconds / base
    return pavilions, {
        "allocation: 2,000 exhibitors": figure(
            value=seconds,
            baseline=base,
            target=allocation.MAX_GROWTH,
            met=growth <= allocation.MAX_GROWTH and seconds < allocation.MAX_SECONDS,
            unit="seconds",
            notes=f"booths.pavilion_allocate for {large:,} exhibitors against {small} "
            f"(best of {allocation.REPEAT}); target: ratio ≤ {allocation.MAX_GROWTH:g} and "
            f"under {allocation.MAX_SECONDS:g} s (bare bulk_update of the {large:,} holders: "
            f"{results[large][1]:.3f} s)",
        )
    }


# Deadline night ---------------------------------------------------------------------------


def run_deadline():
    out = ROOT / "var" / "bench-deadline.json"
    out.unlink(missing_ok=True)
    command = [sys.executable, str(BENCH / "deadline.py"), "--json", str(out)]
    env = dict(os.environ)
    if os.environ.get("BENCH_DEADLINE_DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["BENCH_DEADLINE_DATABASE_URL"]
    completed = subprocess.run(command, cwd=ROOT, env=env, timeout=600)
    if out.exists():
        return json.loads(out.read_text())
    return {
        "deadline night": {
            "value": None,
            "baseline": None,
            "ratio": None,
            "target": 0,
            "met": False,
            "unit": "lost or duplicated submissions",
            "notes": f"bench/deadline.py failed (exit {completed.returncode})",
        }
    }


# Meeting requests -------------------------------------------------------------------------


def run_meetings():
    """``bench/meetings.py`` on the PostgreSQL database of the deadline night."""
    out = ROOT / "var" / "bench-meetings.json"
    out.unlink(missing_ok=True)
    command = [sys.executable, str(BENCH / "meetings.py"), "--json", str(out)]
    env = dict(os.environ)
    if os.environ.get("BENCH_DEADLINE_DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["BENCH_DEADLINE_DATABASE_URL"]
    completed = subprocess.run(command, cwd=ROOT, env=env, timeout=1200)
    if out.exists():
        return json.loads(out.read_text())
    return {
        "meetings: lost or double-booked": {
            "value": None,
            "baseline": None,
            "ratio": None,
            "target": 0,
            "met": False,
            "unit": "lost, duplicated or double-booked meetings",
            "notes": f"bench/meetings.py failed (exit {completed.returncode})",
        }
    }


# The run ----------------------------------------------------------------------------------


def machine():
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        database_version = cursor.fetchone()[0]
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": f"{connection.vendor} {database_version}",
        "load_average_at_start": os.getloadavg(),
        "load_generator": "wrk" if shutil.which("wrk") else "python threads",
        "host": socket.gethostname(),
    }


def print_table(figures):
    print()
    print(f"{'figure':<44} {'value':>12} {'baseline':>12} {'ratio':>8} {'target':>8}  met")
    for name, f in figures.items():
        if f["value"] is None:
            print(f"{name:<44} {'—':>12} {'—':>12} {'—':>8} {str(f['target']):>8}  skipped")
            continue
        print(
            f"{name:<44} {f['value']:>12,.4g} {f['baseline']:>12,.4g} {f['ratio']:>8.3f} "
            f"{str(f['target']):>8}  {'yes' if f['met'] else 'NO'}"
        )
    print()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short smoke run")
    parser.add_argument("--seconds", type=float, default=5, help="seconds of load per page")
    parser.add_argument(
        "--only",
        default="pages,imports,dashboard,allocation,deadline,meetings",
        help="comma-separated: pages, imports, dashboard, allocation, deadline, meetings",
    )
    parser.add_argument(
        "--pages",
        default="",
        help="only the pages whose name contains one of these comma-separated texts",
    )
    parser.add_argument("--output", default=str(BENCH / "results.json"))
    options = parser.parse_args()
    only = set(options.only.split(","))
    seconds = 2 if options.quick else options.seconds
    global CONSULTATIONS
    if options.quick:
        CONSULTATIONS = 10_000

    from exhibitors import demo
    from exhibitors.applications.models import Application

    figures = {}
    setup_test_environment()
    old_name = test_database("run")
    try:
        info = machine()
        log(f"throwaway database: {connection.vendor} {connection.settings_dict['NAME']}")
        if "dashboard" in only or "pages" in only:
            log(f"seeding {CONSULTATIONS:,} consultations over two editions")
            editions = dashboard.build(CONSULTATIONS)
        if "dashboard" in only:
            log("dashboard figures against hand-written SQL")
            figures.update(bench_dashboard(editions))
        if "allocation" in only or "pages" in only:
            log("booth allocation, 200 and 2,000 exhibitors")
            floors, found = bench_allocation()
            if "allocation" in only:
                figures.update(found)
        if "imports" in only:
            log("imports against bulk_create")
            figures.update(bench_imports(*((500, 500) if options.quick else ())))
        if "pages" in only:
            log("seeding the demo data (realistic scale)")
            users = demo.seed_demo(stdout=open(os.devnull, "w"))  # noqa: SIM115
            log(f"seeding {LARGE_COMPANIES:,} companies, {LARGE_APPLICATIONS:,} applications")
            large = seed_large()
            big_exhibitor, big_report, big_member = seed_report()
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            from django.contrib.auth import get_user_model

            from exhibitors.companies.models import Exhibitor

            User = get_user_model()
            staff = session_cookie(users["staff"])
            company = session_cookie(users["company"])
            exhibitor_user = User.objects.get(email="exhibitor@example.com")
            exhibitor_cookie = session_cookie(exhibitor_user)
            upcoming = (
                Application.objects.filter(
                    status="draft", company__memberships__user=users["company"]
                )
                .select_related("pavilion__event")
                .first()
                .pavilion
            )
            past = (
                editions[-1]
                .__class__.objects.with_event()
                .get(event__slug="scewc-2024", slug=upcoming.slug)
            )
            exhibitor = Exhibitor.objects.get(
                pavilion=past, company__memberships__user=exhibitor_user
            )
            pages = {
                "open calls (home)": {"path": "/", "target": COMPANY_PAGE_TARGET},
                "pavilion page (demo)": {
                    "path": upcoming.get_absolute_url(),
                    "target": COMPANY_PAGE_TARGET,
                },
                "pavilion page (demo, logged in)": {
                    "path": upcoming.get_absolute_url(),
                    "cookie": company,
                    "target": COMPANY_PAGE_TARGET,
                },
                "pavilion page (2,000 applications)": {
                    "path": large["pavilion"].get_absolute_url(),
                    "cookie": session_cookie(large["member"]),
                    "target": COMPANY_PAGE_TARGET,
                },
                "my applications (demo)": {
                    "path": "/applications/",
                    "cookie": company,
                    "target": COMPANY_PAGE_TARGET,
                },
                "my applications (10,000 companies)": {
                    "path": "/applications/",
                    "cookie": session_cookie(large["member"]),
                    "target": COMPANY_PAGE_TARGET,
                },
                "report page (demo, exhibitor)": {
                    "path": f"/reports/{exhibitor.pk}/",
                    "cookie": exhibitor_cookie,
                    "target": COMPANY_PAGE_TARGET,
                },
                "report page, 5,000 consultations (exhibitor)": {
                    "path": f"/reports/{big_exhibitor.pk}/",
                    "cookie": session_cookie(big_member),
                    "target": LARGE_PAGE_TARGET,
                },
                "catalogue entry (exhibitor)": {
                    "path": f"/catalogue-entries/{exhibitor.pk}/",
                    "cookie": exhibitor_cookie,
                    "target": COMPANY_PAGE_TARGET,
                },
                "meetings (exhibitor)": {
                    "path": f"/meetings/{exhibitor.pk}/",
                    "cookie": exhibitor_cookie,
                    "target": COMPANY_PAGE_TARGET,
                },
                "public catalogue (demo)": {
                    "path": f"{past.get_absolute_url()}catalogue/",
                    "target": PUBLIC_CATALOGUE_TARGET,
                },
                "reviewer's list (demo)": {
                    "path": "/admin/exhibitors/review/",
                    "cookie": session_cookie(User.objects.get(username="reviewer1@example.com")),
                    "target": ADMIN_PAGE_TARGET,
                },
                "reviewer's list (2,000 reviews)": {
                    "path": "/admin/exhibitors/review/",
                    "cookie": session_cookie(large["reviewer"]),
                    "target": LARGE_PAGE_TARGET,
                },
                "admin ranking (demo)": {
                    "path": f"/admin/exhibitors/rankedapplication/?pavilion={upcoming.pk}",
                    "cookie": staff,
                    "target": ADMIN_PAGE_TARGET,
                },
                "admin ranking (2,000 applications)": {
                    "path": f"/admin/exhibitors/rankedapplication/?pavilion={large['pavilion'].pk}",
                    "cookie": staff,
                    "target": LARGE_PAGE_TARGET,
                },
                "outcome reports list (demo)": {
                    "path": "/admin/exhibitors/outcomereport/"
                    f"?exhibitor__pavilion__event__id__exact={past.event_id}",
                    "cookie": staff,
                    "target": ADMIN_PAGE_TARGET,
                },
                "outcome dashboard (demo)": {
                    "path": f"/admin/events/pavilion/{past.pk}/dashboard/",
                    "cookie": staff,
                    "target": ADMIN_PAGE_TARGET,
                },
                "outcome dashboard (100,000 consultations)": {
                    "path": f"/admin/events/pavilion/{editions[-1].pk}/dashboard/",
                    "cookie": staff,
                    "target": LARGE_PAGE_TARGET,
                },
                "matchmaking board (demo)": {
                    "path": f"/admin/exhibitors/meeting/board/{past.pk}/",
                    "cookie": staff,
                    "target": ADMIN_PAGE_TARGET,
                },
                "report page (demo, admin)": {
                    "path": f"/admin/exhibitors/outcomereport/{exhibitor.report.pk}/change/",
                    "cookie": staff,
                    "target": ADMIN_PAGE_TARGET,
                },
                "report page, 5,000 consultations (admin)": {
                    "path": f"/admin/exhibitors/outcomereport/{big_report.pk}/change/",
                    "cookie": staff,
                    "target": LARGE_PAGE_TARGET,
                },
                "floor plan (demo)": {
                    "path": f"/admin/events/pavilion/{past.pk}/floor-plan/",
                    "cookie": staff,
                    "target": ADMIN_PAGE_TARGET,
                },
                "floor plan (200 booths)": {
                    "path": f"/admin/events/pavilion/{floors[200].pk}/floor-plan/",
                    "cookie": staff,
                    "target": LARGE_PAGE_TARGET,
                },
                "floor plan (2,000 booths)": {
                    "path": f"/admin/events/pavilion/{floors[2000].pk}/floor-plan/",
                    "cookie": staff,
                    "target": None,  # no pavilion is that big: a scaling figure
                },
            }
            wanted = options.pages.split(",")
            pages = {n: page for n, page in pages.items() if any(w in n for w in wanted)}
            log(f"pages: {seconds:g} s each under {info['load_generator']}, gunicorn 1 worker")
            figures.update(bench_pages(pages, seconds))
        database = f"{connection.vendor} ({connection.settings_dict['NAME']})"
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()

    if "deadline" in only:
        log("deadline night (bench/deadline.py)")
        figures.update(run_deadline())

    if "meetings" in only:
        log("meeting requests (bench/meetings.py)")
        figures.update(run_meetings())

    info["load_average_at_end"] = os.getloadavg()
    info["database_run"] = database
    Path(options.output).write_text(
        json.dumps({"machine": info, "figures": figures}, indent=2, ensure_ascii=False) + "\n"
    )
    print_table(figures)
    print(f"written to {options.output}")
    missed = [name for name, f in figures.items() if f["value"] is not None and not f["met"]]
    if missed:
        print(f"targets not met: {', '.join(missed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
