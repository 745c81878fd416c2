"""Every URL of the project's own apps and of the admin, with the arguments that name the
objects of :func:`tests.authz_world.build_world`, and how one request is judged."""

import re

from django.contrib import admin
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

LOGIN_PATHS = ("/accounts/login/", "/admin/login/")
#: Redirects that refuse too: the admin's "no such object" (to its index) for an object outside
#: the user's queryset, the portal's "first create your company" for a user without one, and a
#: buyer's own page for a buyer asking for a company's page.
REFUSING_REDIRECTS = ("/admin/", "/company/new/", "/buyers/")

#: URLs that are public by design and not the project's: allauth's own pages (login, sign-up,
#: password reset...) and Django's language switch.
PUBLIC_BY_DESIGN_MODULES = ("allauth.", "django.views.i18n")


def url_patterns():
    """(name, pattern, callback module) of every named URL, namespaces joined by ':'."""

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                yield from walk(entry.url_patterns, inner)
            elif isinstance(entry, URLPattern):
                callback = entry.callback
                module = getattr(callback, "__module__", "") or ""
                if entry.name is None:
                    # The admin's "<object_id>/" redirect to the change page and its catch-all
                    # (a redirect to the login page or a 404): nothing of their own.
                    assert namespace == "admin", entry
                    continue
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                yield name, entry.pattern, module

    return list(walk(get_resolver().url_patterns, ""))


def project_url_names():
    """Every URL name the matrix must cover: all but the public-by-design ones."""
    return sorted(
        {
            name
            for name, _pattern, module in url_patterns()
            if not module.startswith(PUBLIC_BY_DESIGN_MODULES)
        }
    )


ADMIN_PAGES = ("changelist", "add", "change", "history", "delete")
#: The audit trail's page of one past version, on the admins that keep one (simple-history).
VERSION_PAGE = "simple_history"


def admin_model_pages():
    """{url name: (model label, page)} for the standard pages of every registered model, and
    the page of one past version where the admin has the audit trail."""
    pages = {}
    names = {name for name, _pattern, _module in url_patterns()}
    for model in admin.site._registry:
        opts = model._meta
        for page in (*ADMIN_PAGES, VERSION_PAGE):
            name = f"admin:{opts.app_label}_{opts.model_name}_{page}"
            if page in ADMIN_PAGES or name in names:
                pages[name] = (opts.label, page)
    return pages


def url_for(name, world):
    """The URL of ``name`` for the world's objects."""
    objects = world["objects"]
    pages = admin_model_pages()
    if name in pages:
        label, page = pages[name]
        if page in ("changelist", "add"):
            return reverse(name)
        if page == VERSION_PAGE:
            version = objects[label].history.order_by("history_id").last()
            return reverse(name, args=[objects[label].pk, version.history_id])
        return reverse(name, args=[objects[label].pk])
    application, exhibitor = world["application"], world["exhibitor"]
    pavilion = world["pavilion"]
    slugs = [pavilion.event.slug, pavilion.slug]
    arguments = {
        "events:pavilion": slugs,
        "exhibitors:results": slugs,
        "exhibitors:application_start": slugs,
        "exhibitors:report": [exhibitor.pk],
        "exhibitors:report_upload": [exhibitor.pk],
        "exhibitors:report_confirm_all": [exhibitor.pk],
        "exhibitors:report_template": [exhibitor.pk],
        "exhibitors:report_scan": [exhibitor.pk, world["mou"].pk],
        "exhibitors:report_consultation": [exhibitor.pk, objects["exhibitors.Consultation"].pk],
        "exhibitors:report_consultation_delete": [
            exhibitor.pk,
            objects["exhibitors.Consultation"].pk,
        ],
        "exhibitors:application_report": [application.pk],
        # Meetings (world["meeting"]: the buyer's request to the world's exhibitor).
        "exhibitors:meeting_request": [exhibitor.pk],
        "exhibitors:buyer_meeting": [world["meeting"].pk],
        "exhibitors:application_meetings": [application.pk],
        "exhibitors:exhibitor_meetings": [exhibitor.pk],
        "exhibitors:exhibitor_meeting": [exhibitor.pk, world["meeting"].pk],
        "exhibitors:exhibitor_schedule": [exhibitor.pk],
        "exhibitors:exhibitor_schedule_ics": [exhibitor.pk],
        "exhibitors:catalogue": slugs,
        "exhibitors:catalogue_cards": slugs,
        "exhibitors:catalogue_exhibitor": [*slugs, exhibitor.pk],
        "exhibitors:catalogue_logo": [*slugs, exhibitor.pk],
        "exhibitors:catalogue_entry": [exhibitor.pk],
        "exhibitors:catalogue_entry_for_application": [application.pk],
        "exhibitors:calendar_feed": [world["calendar_feed"].token],
        "exhibitors:booth": [exhibitor.pk],
        "exhibitors:booth_meeting_mark": [exhibitor.pk],
        "exhibitors:invitation": [world["invitation"].token],
        "exhibitors:buyer_badge_scan": [world["buyer"].badge_token],
        "exhibitors:application": [application.pk],
        "exhibitors:application_edit": [application.pk],
        "exhibitors:application_withdraw": [application.pk],
        "exhibitors:application_respond": [application.pk],
        "exhibitors:booth_offer_accept": [application.pk, world["booth"].pk],
        "exhibitors:application_document": [application.pk, "introduction"],
        "exhibitors:document": ["application", application.pk, "introduction_pdf"],
        "admin:exhibitors_review_score": [world["review"].pk],
        "admin:exhibitors_review_document": [application.pk, "introduction"],
        "admin:events_pavilion_floor_plan": [pavilion.pk],
        "admin:events_pavilion_dashboard": [pavilion.pk],
        "admin:events_pavilion_dashboard_xlsx": [pavilion.pk],
        "admin:events_pavilion_publish_revised": [pavilion.pk],
        "admin:exhibitors_meeting_board": [pavilion.pk],
        "admin:app_list": ["exhibitors"],
        "admin:auth_user_password_change": [world["users"]["owner"].pk],
    }
    if name == "admin:view_on_site":
        from django.contrib.contenttypes.models import ContentType

        kind = ContentType.objects.get_for_model(pavilion)
        return reverse(name, args=[kind.pk, pavilion.pk])
    if name == "admin:autocomplete":
        return reverse(name) + "?app_label=events&model_name=pavilion&field_name=event"
    return reverse(name, args=arguments.get(name, []))


WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def writes_in(queries):
    """The statements that changed a table other than the session store."""
    return [
        q["sql"] for q in queries if WRITES.match(q["sql"]) and "django_session" not in q["sql"]
    ]


def ask(client, method, url, data=None):
    """One request whose changes are rolled back afterwards (so that the world stays the same
    for the next one): (response, the writes it made)."""
    with transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            send = client.get if method == "get" else client.post
            response = send(url, data or {})
        transaction.set_rollback(True)
    if response.streaming:
        b"".join(response.streaming_content)
    return response, writes_in(queries.captured_queries)


def refused(response):
    """Whether the answer refuses: 403, 404, 405 (a GET of a POST-only page), or a redirect to
    a login page (the portal's or the admin's) or to one of :data:`REFUSING_REDIRECTS`."""
    if response.status_code in (403, 404, 405):
        return True
    if response.status_code == 302:
        path = response.url.split("?")[0]
        return path.endswith(LOGIN_PATHS) or path in REFUSING_REDIRECTS
    return False


def answered(response):
    """Whether the answer serves the request: 200, or a redirect that does not refuse."""
    return response.status_code == 200 or (response.status_code == 302 and not refused(response))
