"""Every page of every role reads in one language: Korean pages in Korean, English pages in
English.

Built on the authorisation world (:func:`tests.authz_world.build_world`) and its list of URLs
(:mod:`tests.authz_urls`): each URL that answers 200 with a page for a kind of user is rendered
in Korean and in English, so a new page is checked as soon as it has a row in the matrix.

What is checked is the visible text of a page: its text nodes, without <script>, <style>, the
language switch (and anything marked with another ``lang``), and without the data the world put
into the database (company names, products, people...), which are the users' words, not the
portal's.

- A Korean page: every remaining text node holds Hangul, or is only digits, punctuation and
  symbols, or is one of :data:`SAME_IN_KOREAN` (abbreviations and names Korean writes in Latin
  letters). So an untranslated word of the portal, of the admin or of a library fails.
- An English page: no text node holds Hangul.
- Both: none of :data:`KNOWN_BAD` (wordings that were translated badly before) appears.
"""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests.authz_urls import admin_model_pages, ask, project_url_names, url_for, url_patterns
from tests.authz_world import ANONYMOUS, WHO, build_world

pytestmark = pytest.mark.django_db

HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
#: Digits, punctuation, symbols and spaces only: numbers, dates in figures, separators.
NEUTRAL = re.compile(r"^[\W\d_]*$")

#: Words a Korean page writes in Latin letters too (compared without case): file and image
#: formats, units and coordinates, the name of the password hasher the tests use, and the
#: names of things Django's own Korean keeps ("Single Sign-On").
SAME_IN_KOREAN = {
    *("csv", "xlsx", "xls", "json", "yaml", "tsv", "html", "ods", "png", "jpeg", "webp"),
    *("m", "m²", "md5", "single", "sign-on"),
}
#: Abbreviations (USD, KRW, PDF, MOU, ES...) are written as they are in Korean, and so are
#: sizes and lengths in figures (10MB, 3m).
ABBREVIATION = re.compile(r"^\W*([A-Z][A-Z0-9]{0,4}|\d+(MB|KB|GB|m|cm|m²))\W*$")
#: Machine words: column names of the spreadsheets (``registration_number``, ``(kind)`` after
#: a column's name), addresses' slugs (``scewc-2024``), and the codes, tokens, masked hashes
#: and identifiers the pages show as data.
MACHINE_WORD = re.compile(
    r"^\W*([a-z0-9]+(_[a-z0-9]+)+|[a-z0-9]+(-[a-z0-9]+)*-\d+|\([a-z][a-z0-9_]*\)"
    r"|(?=[\w*-]*[\d*])[\w*-]{12,}|[a-z]+\.[a-z]+|https?://\S*)\W*$"
)
#: A spreadsheet's list of column headers ("registration_number, name_ko, name_en, ...").
COLUMN_LIST = re.compile(r"^[a-z][a-z0-9_]*(, [a-z][a-z0-9_]*){2,}$")
#: Quoted examples and literals ('예: "LIVE BETTER"', the "Control" key), and Django's name of
#: an object without one ("Group_permissions object (1)"), are data, not the page's words.
LITERAL = re.compile(r"\"[^\"]*\"|“[^”]*”|\b\w+ object \([^)]*\)")

#: Wordings that are wrong wherever they appear: the libraries' Korean that the portal's
#: catalogue corrects ("뷰 심사", "보기위한 1심사 를(을) 선택", "독자는 뷰 및 수정 권한이
#: 없습니다", "케이맨 섬1"), the half of the day after the hour ("6:00 오후"), the given name
#: before the family name ("지수 김"), and the Korean particles left for the reader to choose ("을/를", "(으)로").
KNOWN_BAD = [
    re.compile(r"(^|[\s>])뷰 "),
    re.compile("보기위한"),
    re.compile(r"를\(을\)|을/를|이/가|은/는|\(으\)로"),
    re.compile("독자"),
    re.compile(r"섬1"),
    re.compile(r"\d:\d\d ?(오전|오후)"),
    re.compile("지수 김"),
]


class _Text(HTMLParser):
    """The visible text nodes of a page in the language ``language``."""

    #: <code> holds literal values to type (spreadsheet column names and codes such as
    #: ``negotiating``), the same in every language.
    SKIPPED = {"script", "style", "template", "noscript", "textarea", "code"}
    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }

    def __init__(self, language):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.stack = []  # (tag, whether its content is skipped)
        self.nodes = []

    def _skipping(self):
        return bool(self.stack) and self.stack[-1][1]

    #: Attributes whose text a reader sees or hears: placeholders, tooltips, labels for screen
    #: readers, image descriptions, and the label of a button made with <input>.
    SHOWN_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if not self._skipping() and attrs.get("lang") in (None, "", self.language):
            shown = [attrs.get(name) for name in self.SHOWN_ATTRIBUTES]
            if "/admin/img/" in (attrs.get("src") or ""):
                # Django's own icons: their alt is "True", "False", "None" or "Search" in
                # every language (django/contrib/admin/utils.py, search_form.html).
                shown.remove(attrs.get("alt"))
            if tag == "input" and attrs.get("type") in ("submit", "button", "reset"):
                shown.append(attrs.get("value"))
            self.handle_data(" ".join(text for text in shown if text))
        if tag in self.VOID:
            return
        skip = (
            self._skipping()
            or tag in self.SKIPPED
            or (attrs.get("lang") not in (None, "", self.language))
            or (tag == "form" and (attrs.get("action") or "").endswith(reverse("set_language")))
        )
        self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self._skipping():
            self.nodes.append(text)


def visible_text(html, language):
    parser = _Text(language)
    parser.feed(html)
    parser.close()
    return parser.nodes


def data_values(*more):
    """Every text the world stored in the database (the users' words, in either language), as
    one pattern that finds them as whole words: the values of the text fields that have no
    choices."""
    values = set()
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and not f.choices
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            for value in row:
                if isinstance(value, str) and (len(value.strip()) >= 2 or HANGUL.search(value)):
                    values.add(value.strip())
    ordered = sorted(values | set(more), key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(map(re.escape, ordered)) + r")(?!\w)")


def without_data(text, values):
    return values.sub(" ", text)


def _korean_or_neutral(word):
    return bool(
        HANGUL.search(word)
        or NEUTRAL.match(word)
        or word.strip(".,:;()[]").casefold() in SAME_IN_KOREAN
        or ABBREVIATION.match(word)
        or MACHINE_WORD.match(word)
    )


def wrong_words(nodes, language, values):
    """The text nodes that are not in ``language``: on an English page, those with Hangul; on
    a Korean page, those without Hangul that have a word of Latin letters that is not one of
    the words Korean writes so too."""
    wrong = []
    for node in nodes:
        if language == "ko" and COLUMN_LIST.match(node):
            continue
        rest = LITERAL.sub(" ", without_data(node, values)).strip()
        if language == "en":
            if HANGUL.search(rest):
                wrong.append(node)
        elif not all(map(_korean_or_neutral, rest.split())):
            wrong.append(node)
    return wrong


def page_names():
    """Every URL name a page may have: the project's and the admin's (the authorisation
    matrix's), and allauth's pages that take no argument (log in, sign up...)."""
    names = set(project_url_names()) | set(admin_model_pages())
    for name, _pattern, module in url_patterns():
        if module.startswith("allauth."):
            try:
                reverse(name)
            except NoReverseMatch:
                continue
            names.add(name)
    names -= {"admin:logout", "account_logout"}  # would end the session the test reads in
    return sorted(names)


def _client(user, language):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("person", WHO)
def test_every_page_reads_in_its_language(person):
    world = build_world()
    user = world["users"][person]
    # People with Korean names, which the pages must write family name first ("김지수").
    for who, (last, first) in {"owner": ("김", "지수"), "reviewer": ("이", "서연")}.items():
        named = world["users"][who]
        named.last_name, named.first_name = last, first
        named.save(update_fields=["last_name", "first_name"])
    # The task queue's list shows the world's task by its function's name.
    task = world["objects"]["django_tasks_database.DBTaskResult"].task_name
    values = data_values(task, "김지수", "이서연")
    clients = {language: _client(user, language) for language in ("ko", "en")}
    problems, pages = {}, 0
    for name in page_names():
        url = url_for(name, world)
        for language, client in clients.items():
            response, _ = ask(client, "get", url)
            if response.status_code != 200 or response.streaming:
                break
            if not response.get("Content-Type", "").startswith("text/html"):
                break
            pages += 1
            html = response.content.decode()
            assert f'lang="{language}"' in html[:300], (name, language)
            for bad in KNOWN_BAD:
                if found := bad.search(html):
                    problems.setdefault(f"{language} {found.group()!r}", []).append(name)
            for node in wrong_words(visible_text(html, language), language, values):
                problems.setdefault(f"{language} {node!r}", []).append(name)
    assert pages >= 2 if person == ANONYMOUS else pages >= 4
    assert not problems, "\n".join(
        f"{text} on {', '.join(sorted(set(names))[:3])}" for text, names in sorted(problems.items())
    )


# The defects one by one, as a reader meets them --------------------------------------------


def _reader(client, language, user=None):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if user is not None:
        client.force_login(user)
    return client


def _staff(role, **kwargs):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=role))
    return user


def test_an_open_call_reads_as_open_in_korean(client):
    from tests.factories import open_pavilion

    pavilion = open_pavilion()
    page = _reader(client, "ko").get(
        reverse("events:pavilion", args=[pavilion.event.slug, pavilion.slug])
    )
    assert "모집 중" in page.content.decode()
    assert "열기" not in page.content.decode()


def test_times_read_with_the_half_of_the_day_first_in_korean(client):
    import datetime

    from django.utils import formats, timezone, translation

    from tests.factories import open_pavilion

    day = timezone.localdate() + datetime.timedelta(days=20)
    evening = timezone.make_aware(datetime.datetime.combine(day, datetime.time(18)))
    pavilion = open_pavilion(applications_close_at=evening)
    page = _reader(client, "ko").get(
        reverse("events:pavilion", args=[pavilion.event.slug, pavilion.slug])
    )
    assert f"{day.year}년 {day.month}월 {day.day}일 오후 6:00" in page.content.decode()
    with translation.override("ko"):
        assert formats.time_format(evening.time()) == "오후 6:00"
        short = formats.date_format(evening, "SHORT_DATETIME_FORMAT")
        assert short == f"{day.year}-{day.month}-{day.day} 오후 6:00"
    with translation.override("en"):
        assert formats.date_format(evening, "DATETIME_FORMAT").endswith(", 6 p.m.")


def test_a_korean_name_reads_family_name_first(client):
    from exhibitors import roles
    from portal.names import display_name, full_name
    from tests.factories import UserFactory

    assert full_name(UserFactory.build(first_name="지수", last_name="김")) == "김지수"
    assert full_name(UserFactory.build(first_name="Jisoo", last_name="Kim")) == "Jisoo Kim"
    assert display_name(UserFactory.build(email="a@example.com")) == "a@example.com"

    manager = _staff(roles.PROGRAMME_MANAGER, first_name="지수", last_name="김")
    for language, welcome in (
        ("ko", "<strong>김지수</strong> 님, 환영합니다."),
        ("en", "Welcome, <strong>김지수</strong>."),
    ):
        page = _reader(client, language, manager).get(reverse("admin:index"))
        assert welcome in page.content.decode()


def test_the_list_of_users_names_each_person_in_their_languages_order(client):
    from tests.factories import UserFactory

    UserFactory(first_name="지수", last_name="김")
    UserFactory(first_name="Jisoo", last_name="Kim")
    superuser = UserFactory(is_staff=True, is_superuser=True)
    page = _reader(client, "ko", superuser).get(reverse("admin:auth_user_changelist"))
    content = page.content.decode()
    assert ">김지수<" in content and ">Jisoo Kim<" in content


def test_the_reviewers_are_named_family_name_first_in_the_admins_lists(client):
    from exhibitors import roles
    from exhibitors.applications import reviews
    from exhibitors.applications.services import application_submit
    from tests.factories import ApplicationFactory, open_pavilion

    manager = _staff(roles.PROGRAMME_MANAGER)
    reviewer = _staff(roles.REVIEWER, first_name="서연", last_name="이")
    application = ApplicationFactory(pavilion=open_pavilion())
    application_submit(application=application, user=None)
    reviews.reviewer_assign(application=application, reviewer=reviewer, user=manager)
    other = _staff(roles.REVIEWER, first_name="Jisoo", last_name="Kim")
    reviews.reviewer_assign(application=application, reviewer=other, user=manager)
    page = _reader(client, "ko", manager).get(reverse("admin:exhibitors_review_changelist"))
    content = page.content.decode()
    assert content.count("이서연") >= 2  # the column and the filter
    assert "서연 이" not in content
    assert content.count("Jisoo Kim") >= 2


def test_the_admin_speaks_korean_without_the_frameworks_slips(client):
    from tests.factories import UserFactory

    nobody = UserFactory(is_staff=True)
    page = _reader(client, "ko", nobody).get(reverse("admin:index"))
    assert "보거나 수정할 수 있는 권한이 없습니다." in page.content.decode()
    assert "독자" not in page.content.decode()

    from exhibitors import roles

    reviewer = _staff(roles.REVIEWER)
    page = _reader(client, "ko", reviewer).get(reverse("admin:exhibitors_review_changelist"))
    content = page.content.decode()
    assert "볼 심사 선택" in content and "보기위한" not in content
    assert "심사 0건" in content  # Django wrote "0 심사"
    page = _reader(client, "en").get(reverse("admin:exhibitors_review_changelist"))
    assert "0 reviews" in page.content.decode()


def test_the_theme_filter_reads_in_the_pages_language(client):
    from exhibitors import roles
    from exhibitors.applications.services import application_submit
    from tests.factories import ApplicationFactory, open_pavilion

    pavilion = open_pavilion()
    application = ApplicationFactory(pavilion=pavilion, theme=pavilion.event.themes.get())
    application_submit(application=application, user=None)
    manager = _staff(roles.PROGRAMME_MANAGER)
    url = reverse("admin:exhibitors_application_changelist")
    korean = _reader(client, "ko", manager).get(url).content.decode()
    assert "전시 주제" in korean and "모빌리티" in korean
    assert ">Mobility<" not in korean
    english = _reader(client, "en").get(url).content.decode()
    assert ">Mobility<" in english and "모빌리티" not in english
    chosen = client.get(url, {"theme": "Mobility"})
    assert list(chosen.context["cl"].result_list) == [application]


def test_the_assignment_message_counts_reviews_and_reviewers(client):
    from django.contrib.messages import get_messages

    from exhibitors import roles
    from exhibitors.applications.services import application_submit
    from tests.factories import ApplicationFactory, open_pavilion

    pavilion = open_pavilion()
    applications = [ApplicationFactory(pavilion=pavilion) for _ in range(6)]
    for application in applications:
        application_submit(application=application, user=None)
    team = [_staff(roles.REVIEWER) for _ in range(3)]
    manager = _staff(roles.PROGRAMME_MANAGER)
    response = _reader(client, "ko", manager).post(
        reverse("admin:exhibitors_application_changelist"),
        {
            "action": "assign_reviewers",
            "_selected_action": [a.pk for a in applications],
            "apply": "1",
            "reviewers": [r.pk for r in team],
            "per_application": 2,
        },
    )
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert "신청서 6건의 심사 12건을 심사위원 3명에게 배정했습니다." in said


def test_a_stored_file_shows_a_download_label_not_its_storage_name(client):
    world = build_world()
    exhibitor, mou = world["exhibitor"], world["mou"]
    owner = world["users"]["owner"]
    stored = mou.scan.name.rsplit("/", 1)[-1]
    page = _reader(client, "ko", owner).get(reverse("exhibitors:report", args=[exhibitor.pk]))
    assert "내려받기 (PDF)" in page.content.decode()
    assert stored not in page.content.decode()
    staff = world["users"]["programme"]
    page = _reader(client, "en", staff).get(reverse("admin:exhibitors_mou_change", args=[mou.pk]))
    assert "Download (PDF)</a>" in page.content.decode()
    assert stored not in page.content.decode()


def test_the_country_list_reads_as_korean(client):
    from django.utils import translation
    from django_countries import countries

    with translation.override("ko"):
        assert countries.name("KY") == "케이맨 제도"


def test_a_past_pavilion_does_not_say_see_you(client):
    world = build_world()
    event = world["pavilion"].event
    event.ends_on = event.starts_on  # the expo was a one-day show, five days ago
    event.save(update_fields=["ends_on"])
    owner = world["users"]["owner"]
    page = _reader(client, "ko", owner).get(reverse("exhibitors:applications"))
    assert "만나요" not in page.content.decode()
    assert f"{event.name_ko} 전시관에 참가했습니다." in page.content.decode()
    page = _reader(client, "en").get(reverse("exhibitors:applications"))
    assert f"You exhibited in the pavilion at {event.name_en}." in page.content.decode()


def test_the_released_decision_reads_in_the_readers_language(client):
    from django.utils import translation

    from exhibitors import roles
    from exhibitors.applications.services import (
        application_start_review,
        application_submit,
        decision_record,
        decisions_release,
    )
    from tests.factories import ApplicationFactory, MembershipFactory, open_pavilion

    application = ApplicationFactory(pavilion=open_pavilion())
    application_submit(application=application, user=None)
    application_start_review(application=application, user=None)
    manager = _staff(roles.PROGRAMME_MANAGER)
    decision_record(application=application, decision="accept", user=manager)
    after_the_call = application.pavilion.applications_close_at + datetime.timedelta(seconds=1)
    with translation.override("ko"):  # the manager works in Korean
        decisions_release(pavilion=application.pavilion, user=manager, now=after_the_call)
    owner = MembershipFactory(company=application.company).user
    url = reverse("exhibitors:application", args=[application.pk])
    english = _reader(client, "en", owner).get(url).content.decode()
    assert "Decision released." in english and "결정이 발표되었습니다." not in english
    korean = _reader(client, "ko").get(url).content.decode()
    assert "결정이 발표되었습니다." in korean


def test_the_catalogue_carries_every_correction_of_the_libraries_korean():
    """portal/framework_strings.py lists the libraries' texts the portal translates; each has
    its Korean in the portal's catalogue (``make messages`` keeps them because of the list)."""
    from django.utils import translation

    from portal import framework_strings

    with translation.override("ko"):
        shown = [translation.gettext(text) for text in framework_strings.ALL]
        shown += [str(text) for text in framework_strings.IN_CONTEXT]
        shown += [framework_strings.PLURAL % {"count": 2, "name": "심사"}]
    untranslated = [text for text in shown if not HANGUL.search(text)]
    assert not untranslated


def test_the_migration_turns_stored_korean_notes_back_into_their_source_text():
    """Notes written before the fix, in Korean, read in the reader's language after it."""
    import importlib
    from pathlib import Path

    from django.apps import apps as registry

    from exhibitors.applications.models import StatusChange
    from tests.factories import ApplicationFactory, open_pavilion

    application = ApplicationFactory(pavilion=open_pavilion())
    korean = StatusChange.objects.create(
        application=application, to_status="accepted", note="결정이 발표되었습니다."
    )
    typed = StatusChange.objects.create(
        application=application, to_status="withdrawn", note="사정이 생겼습니다."
    )
    (path,) = Path(registry.get_app_config("exhibitors").path, "migrations").glob(
        "*_system_notes_untranslated.py"
    )
    migration = importlib.import_module(f"exhibitors.migrations.{path.stem}")
    migration.untranslate(registry, None)
    korean.refresh_from_db()
    typed.refresh_from_db()
    assert korean.note == "Decision released." and korean.note_shown == "Decision released."
    assert typed.note == "사정이 생겼습니다."
