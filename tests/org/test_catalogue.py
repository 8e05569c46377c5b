"""The Indonesian catalogues of the foundation and the field are complete: every message of
org/, outlets/ and the project's templates (locale/) has a translation that is not marked fuzzy."""

import re
from pathlib import Path

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = ["org", "outlets", "."]


def untranslated(po_text: str) -> list[str]:
    missing = []
    for block in po_text.split("\n\n"):
        if "msgid" not in block:
            continue
        msgid = "".join(re.findall(r'"(.*)"', block.split("msgid ", 1)[1].split("\nmsg")[0]))
        if not msgid:
            continue  # the header
        if "#, fuzzy" in block:
            missing.append(f"fuzzy: {msgid}")
            continue
        strings = re.split(r"\nmsgstr(?:\[\d+\])? ", block)[1:]
        for text in strings:
            if not "".join(re.findall(r'"(.*)"', text)):
                missing.append(msgid)
                break
    return missing


@pytest.mark.parametrize("app", CATALOGUES)
def test_every_message_has_an_indonesian_translation(app):
    po = ROOT / app / "locale" / "id" / "LC_MESSAGES" / "django.po"
    assert po.with_suffix(".mo").exists()
    assert untranslated(po.read_text(encoding="utf-8")) == []


def test_the_checker_finds_empty_and_fuzzy_messages():
    po = 'msgid ""\nmsgstr "header"\n\nmsgid "a"\nmsgstr ""\n\n#, fuzzy\nmsgid "b"\nmsgstr "x"\n'
    assert untranslated(po) == ["a", "fuzzy: b"]


def test_the_compiled_catalogues_are_used():
    with translation.override("id"):
        assert translation.gettext("Audit trail") == "Jejak audit"
        assert translation.gettext("Import data") == "Impor data"
        assert translation.gettext("visit/day") == "kunjungan/hari"
