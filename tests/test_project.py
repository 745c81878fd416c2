"""The project's own house rules: complete Korean catalogue, migrations in step with models."""

import gettext
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "ko" / "LC_MESSAGES"


def _unescape(text):
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def _entries(po_text):
    """(msgid, msgstr, flags) of each entry of a .po file, joined over continuation lines; an
    entry with a context has the msgid the compiled catalogue keys it by ("context\x04msgid")."""
    entries, current, key, flags = [], {}, None, ""
    for line in po_text.splitlines() + [""]:
        if line.startswith("#,"):
            flags = line
        elif line.startswith(("msgctxt ", "msgid ", "msgstr ", "msgid_plural ", "msgstr[0] ")):
            key, _, value = line.partition(" ")
            current[key] = _unescape(value.strip()[1:-1])
        elif line.startswith('"') and key:
            current[key] += _unescape(line.strip()[1:-1])
        elif not line.strip() and current:
            msgid = current.get("msgid", "")
            if "msgctxt" in current:
                msgid = f"{current['msgctxt']}\x04{msgid}"
            entries.append(
                (
                    msgid,
                    current.get("msgstr", current.get("msgstr[0]", "")),
                    flags,
                )
            )
            current, key, flags = {}, None, ""
    return entries


def test_every_string_has_a_korean_translation():
    entries = [e for e in _entries((LOCALE / "django.po").read_text()) if e[0]]
    assert entries, "the catalogue is empty"
    untranslated = [msgid for msgid, msgstr, _ in entries if not msgstr]
    fuzzy = [msgid for msgid, _, flags in entries if "fuzzy" in flags]
    assert untranslated == [] and fuzzy == []


def test_the_compiled_catalogue_is_in_step_with_the_po_file():
    """The committed .mo says what the .po says (run `make messages` after editing the .po)."""
    with (LOCALE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = [
        msgid
        for msgid, msgstr, _ in _entries((LOCALE / "django.po").read_text())
        if msgid and compiled.gettext(msgid) != msgstr
    ]
    assert stale == []
    with translation.override("ko"):
        assert translation.gettext("Open calls") == "모집 중인 공모"


@pytest.mark.django_db
def test_no_model_change_lacks_its_migration():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
