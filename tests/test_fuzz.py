"""Fuzz tests (hypothesis): no input to the application form, the outcome report's formsets or
the spreadsheet imports causes a server error. An import either succeeds, and then writes
exactly the rows of the file, or reports its bad rows, and then writes nothing.

The examples are few and derandomised, so that the suite stays fast and CI reproducible."""

import csv
import datetime
import importlib
import io
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exhibitors.applications.forms import ApplicationForm
from exhibitors.companies import registration
from exhibitors.companies.models import Company, Exhibitor
from exhibitors.floor.models import Booth
from exhibitors.outcomes.forms import ROW_KINDS, ReportForm
from exhibitors.outcomes.models import Consultation
from portal import spreadsheets
from portal.spreadsheets import cell_text

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text as people and robots type it: any printable or control character but lone surrogates
# (which no browser can send), NUL included.
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=120)
tricky = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "0",
        "-1",
        "1e309",
        "NaN",
        "Infinity",
        "9" * 40,
        "1,000.5",
        "１２３",
        "2024-02-30",
        "0000-00-00",
        "99999-12-31",
        "2024-11-05",
        "<script>alert(1)</script>",
        "=1+1",
        "' OR 1=1 --",
        "%ff",
        "x" * 5000,
    ]
)
form_value = st.one_of(any_text, tricky)


def client_for(user):
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def assert_answered(response):
    assert response.status_code < 500, response.status_code


# The application form ------------------------------------------------------------------------

#: Every field of the form but the two uploads, so that a field added later is fuzzed too.
APPLICATION_FIELDS = [
    name
    for name in ApplicationForm._meta.fields
    if name not in ("introduction_pdf", "product_image")
]


@pytest.fixture
def draft():
    from tests.factories import ApplicationFactory, MembershipFactory

    membership = MembershipFactory()
    application = ApplicationFactory(company=membership.company)
    return application, membership.user


@FUZZ
@given(
    data=st.dictionaries(
        st.sampled_from(APPLICATION_FIELDS), form_value, max_size=len(APPLICATION_FIELDS)
    ),
    lists=st.dictionaries(
        st.sampled_from(["target_markets", "past_pavilions"]),
        st.lists(form_value, max_size=4),
        max_size=2,
    ),
    button=st.sampled_from(["save_draft", "submit"]),
)
def test_the_application_form_never_fails(draft, data, lists, button):
    application, user = draft
    ApplicationForm({**data, **lists}, instance=application).is_valid()  # no exception
    response = client_for(user).post(
        reverse("exhibitors:application_edit", args=[application.pk]),
        {**data, **lists, button: "1"},
    )
    assert_answered(response)


# The outcome report's formsets ----------------------------------------------------------------

#: The report's fields and each row formset's, taken from the forms (scans excluded: no files
#: here), so that a field added later is fuzzed too.
ROW_FIELDS = {
    kind.prefix: [name for name in kind.form._meta.fields if name != "scan"] + ["id", "DELETE"]
    for kind in ROW_KINDS
}
REPORT_FIELDS = list(ReportForm._meta.fields)
count_value = st.one_of(st.integers(-2, 4).map(str), tricky)


@st.composite
def report_post(draw):
    data = draw(
        st.dictionaries(st.sampled_from(REPORT_FIELDS), form_value, max_size=len(REPORT_FIELDS))
    )
    for prefix, fields in ROW_FIELDS.items():
        data[f"{prefix}-TOTAL_FORMS"] = draw(count_value)
        data[f"{prefix}-INITIAL_FORMS"] = draw(count_value)
        for index in range(draw(st.integers(0, 2))):
            row = draw(st.dictionaries(st.sampled_from(fields), form_value, max_size=6))
            data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    data[draw(st.sampled_from(["save", "submit", "add_rows", "other"]))] = "1"
    return data


@pytest.fixture
def reporter():
    from tests.exhibitors.exhibiting import confirmed_exhibitor, member_of, started_pavilion

    exhibitor = confirmed_exhibitor(started_pavilion())
    return exhibitor, member_of(exhibitor.company)


@FUZZ
@given(data=report_post())
def test_the_report_formsets_never_fail(reporter, data):
    from exhibitors.outcomes.forms import report_formsets
    from exhibitors.outcomes.services import report_get_or_create

    exhibitor, user = reporter
    report = report_get_or_create(exhibitor)
    form = ReportForm(data, instance=report, editable=True)
    formsets = report_formsets(report, exhibitor=exhibitor, data=data, files={}, editable=True)
    all([form.is_valid(), *(formset.is_valid() for formset in formsets)])  # no exception
    response = client_for(user).post(reverse("exhibitors:report", args=[exhibitor.pk]), data)
    assert_answered(response)


# The spreadsheet imports ---------------------------------------------------------------------

cell_value = st.one_of(
    st.none(),
    any_text,
    tricky,
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=False, allow_infinity=False, places=3),
    st.dates(),
    st.datetimes(min_value=datetime.datetime(1900, 1, 1)),
    st.booleans(),
)


def as_csv(headers, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows([["" if v is None else str(v) for v in row] for row in rows])
    return buffer.getvalue().encode("utf-8")


XLSX_ILLEGAL = {chr(n) for n in range(32)} - {"\t", "\n", "\r"}


def xlsx_cell(value):
    if isinstance(value, str):
        return "".join(c for c in value if c not in XLSX_ILLEGAL)
    if isinstance(value, float) and value != value or value in (float("inf"), float("-inf")):
        return str(value)  # a workbook stores no NaN or infinity
    if isinstance(value, Decimal):
        return float(value)
    return value


def as_xlsx(headers, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([xlsx_cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@st.composite
def spreadsheet(draw, headers, known, good=None):
    """A file with the resource's columns (some maybe missing or extra) and a few rows whose
    cells are arbitrary or values the portal knows (slugs, registration numbers), or, with
    ``good`` (a strategy of {column: value}), rows that import, so that files that import
    are drawn too."""
    headers = list(headers)
    if draw(st.booleans()):
        headers = draw(st.permutations(headers))[: draw(st.integers(1, len(headers)))]
    value = st.one_of(cell_value, st.sampled_from(known))
    row = st.lists(value, min_size=len(headers), max_size=len(headers))
    if good is not None:
        row = st.one_of(row, good.map(lambda cells: [cells.get(h, "") for h in headers]))
    rows = draw(st.lists(row, max_size=3))
    kind = draw(st.sampled_from(["csv", "xlsx"]))
    data = as_csv(headers, rows) if kind == "csv" else as_xlsx(headers, rows)
    return f"upload.{kind}", data


def read(name, data):
    """The file through the portal's reader, or None when the reader refuses it (with its
    reason, which is a clean answer too)."""
    try:
        return spreadsheets.guess_format(name).create_dataset(data)
    except (
        spreadsheets.SpreadsheetTooLarge,
        spreadsheets.UnreadableSpreadsheet,
        spreadsheets.UndecodableFile,
    ) as error:
        assert str(error)
        return None


#: What the imports may write, in the order of :func:`counts`.
COUNTED = (Company, Booth, Consultation)


def counts():
    return tuple(model.objects.count() for model in COUNTED)


@pytest.fixture
def floor():
    from tests.exhibitors.exhibiting import confirmed_exhibitor, started_pavilion

    return confirmed_exhibitor(started_pavilion())


def known_values(exhibitor):
    pavilion = exhibitor.pavilion
    return [
        pavilion.event.slug,
        pavilion.slug,
        exhibitor.company.registration_number,
        exhibitor.company.registration_number_display,
        "company",
        "district",
        "A1",
        "KR",
        "DE",
        "negotiating",
        "distributor",
    ]


def headers_of(resource_class):
    return [str(h) for h in resource_class().get_export_headers()]


def documented_columns():
    """{resource class name: its columns} as the README's table of spreadsheets lists them."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    row = re.compile(r"^\| `exhibitors\.(?:\w+\.)*?resources\.(\w+)`[^|]*\|[^|]*\| `([^`]+)`")
    return {
        match[1]: match[2].split(", ")
        for match in (row.match(line) for line in readme.splitlines())
        if match
    }


@pytest.mark.parametrize(
    "resource_path",
    [
        "companies.resources.CompanyResource",
        "floor.resources.BoothResource",
        "outcomes.resources.ConsultationResource",
        "buyers.resources.BuyerResource",
    ],
)
def test_the_resources_have_the_columns_the_readme_documents(resource_path):
    """The headers of each import are exactly the columns the README documents, in order."""
    module, name = resource_path.rsplit(".", 1)
    resource = getattr(importlib.import_module(f"exhibitors.{module}"), name)
    assert headers_of(resource) == documented_columns()[name]


def _blank(row):
    return all(cell_text(value) == "" for value in row.values())


def _keys(dataset, key):
    """The key of each non-blank row of ``dataset`` (``key(row)``), or None when a row has no
    valid key: then the import must fail, and the keys are not used."""
    try:
        return {key(row) for row in dataset.dict if not _blank(row)}
    except (KeyError, ValueError, ValidationError):
        return None


def _check_import(resource, dataset, *, keys, existing, model):
    """Import ``dataset``. A failed import reports each problem and writes nothing; a
    successful one writes exactly the rows of the file: each row's key exists afterwards, the
    keys that did not exist before are the new rows (``model``'s count grows by exactly
    those), and nothing else is written."""
    before = counts()
    existed = None if keys is None else existing(keys)
    result = resource.import_data(dataset)
    problems = spreadsheets.import_problems(result, resource)
    if problems:
        assert all(str(problem) for problem in problems)
        assert counts() == before  # a failed import writes nothing
        return
    assert keys is not None  # a row without a valid key cannot import
    assert existing(keys) == keys  # every row of the file is there
    after = dict(zip(COUNTED, counts(), strict=True))
    expected = dict(zip(COUNTED, before, strict=True))
    expected[model] += len(keys - existed)
    assert after == expected


@FUZZ
@given(data=st.data())
def test_the_company_import_never_fails(floor, data):
    from exhibitors.companies.resources import CompanyResource

    good = st.builds(
        lambda n: {
            "registration_number": registration.complete(f"{n:09d}"),
            "name_ko": f"회사 {n}",
            "name_en": f"Company {n}",
            "kind": "company",
        },
        st.integers(100_000_000, 100_000_003),
    )
    name, content = data.draw(spreadsheet(headers_of(CompanyResource), known_values(floor), good))
    dataset = read(name, content)
    if dataset is not None:
        resource = CompanyResource()
        number = resource.fields["registration_number"].widget
        _check_import(
            resource,
            dataset,
            keys=_keys(dataset, lambda row: number.clean(row["registration_number"])),
            existing=lambda keys: set(
                Company.objects.filter(registration_number__in=keys).values_list(
                    "registration_number", flat=True
                )
            ),
            model=Company,
        )


@FUZZ
@given(data=st.data())
def test_the_booth_import_never_fails(floor, data):
    from exhibitors.floor.resources import BoothResource, PavilionWidget

    good = st.builds(
        lambda k: {
            "event": floor.pavilion.event.slug,
            "pavilion": floor.pavilion.slug,
            "code": f"F{k}",
            "kind": "stage",
            "x": 2 * k,
            "y": 0,
            "width": 2,
            "depth": 2,
        },
        st.integers(0, 10),
    )
    name, content = data.draw(spreadsheet(headers_of(BoothResource), known_values(floor), good))
    dataset = read(name, content)
    if dataset is not None:
        pavilion = PavilionWidget()

        def existing(keys):
            return {
                key
                for key in Booth.objects.filter(
                    pavilion__in={pavilion_id for pavilion_id, _code in keys}
                ).values_list("pavilion", "code")
                if key in keys
            }

        _check_import(
            BoothResource(),
            dataset,
            keys=_keys(
                dataset,
                lambda row: (pavilion.clean(row["event"], row=row).pk, cell_text(row["code"])),
            ),
            existing=existing,
            model=Booth,
        )


@FUZZ
@given(data=st.data())
def test_the_consultation_import_never_fails(floor, data):
    from exhibitors.outcomes.resources import ConsultationResource, consultation_log_import
    from exhibitors.outcomes.services import report_get_or_create

    good = st.builds(
        lambda amount: {
            "event": floor.pavilion.event.slug,
            "registration_number": floor.company.registration_number,
            "met_on": floor.pavilion.event.starts_on.isoformat(),
            "buyer_organisation": "Rhein Mobility GmbH",
            "buyer_country": "DE",
            "amount_usd": amount,
        },
        st.integers(0, 10**6),
    )
    name, content = data.draw(spreadsheet(ConsultationResource.COLUMNS, known_values(floor), good))
    dataset = read(name, content)
    if dataset is None:
        return
    rows = sum(1 for row in dataset.dict if not _blank(row))
    report = report_get_or_create(Exhibitor.objects.get(pk=floor.pk))
    before = counts()
    added, problems, _matches = consultation_log_import(report=report, dataset=dataset)
    if problems:
        assert added == 0 and counts() == before
    else:  # exactly the file's rows, in the report
        assert added == rows
        assert counts() == (before[0], before[1], before[2] + rows)
        assert report.consultations.count() == before[2] + rows
