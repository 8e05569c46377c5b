"""The KPI app's Indonesian catalogue is complete (no empty or fuzzy message) and compiled: the
.mo holds every message of the .po, so a string added without compiling shows up here."""

import gettext
import re
from pathlib import Path

from django.utils import translation

from tests.org.test_catalogue import untranslated

PO = Path(__file__).resolve().parents[2] / "kpi" / "locale" / "id" / "LC_MESSAGES" / "django.po"


def msgids(po_text: str) -> set[str]:
    ids = set()
    for block in po_text.split("\n\n"):
        if "msgid" not in block or block.lstrip().startswith("#~"):
            continue
        head = block.split("msgid ", 1)[1].split("\nmsg")[0]
        msgid = "".join(re.findall(r'"(.*)"', head))
        if msgid:
            ids.add(msgid.encode().decode("unicode_escape").encode("latin-1").decode("utf-8"))
    return ids


def test_every_kpi_message_has_an_indonesian_translation():
    assert untranslated(PO.read_text(encoding="utf-8")) == []


def test_the_compiled_catalogue_holds_every_message():
    with PO.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    compiled_ids = {key[0] if isinstance(key, tuple) else key for key in compiled}
    assert msgids(PO.read_text(encoding="utf-8")) - compiled_ids == set()


def test_domain_words_and_units_read_indonesian():
    with translation.override("id"):
        assert translation.gettext("no data") == "tidak ada data"
        assert translation.gettext("Unknown KPI code, or not a manual KPI.") == (
            "Kode KPI tidak dikenal, atau bukan KPI manual."
        )
        assert translation.gettext("All my teams") == "Semua tim saya"
