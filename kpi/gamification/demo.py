"""The demo's gamification document (docs/contracts.md "Gamification document"): the two boards,
the two badges and the levels of the contract's example. `seed_demo` runs this step before the
incentives' closes (which record levels and the battle) and publishes past weeks' boards after.
Idempotent: the same document again changes nothing."""

from .services import export_document, save_document

DEMO_DOCUMENT = {
    "boards": [
        {
            "code": "score",
            "name": {"id": "Skor bulan ini", "en": "Score this month"},
            "measure": "total_score",
            "window": "month",
            "scope": "team",
            "applies_to": {"role": "salesman", "channel": None},
        },
        {
            "code": "visits-week",
            "name": {"id": "Kunjungan minggu ini", "en": "Visits this week"},
            "measure": "metric:visits",
            "window": "week",
            "scope": "channel",
            "applies_to": {"role": "salesman", "channel": "GT"},
        },
    ],
    "badges": [
        {
            "code": "outlet-hunter",
            "name": {"id": "Pemburu Outlet", "en": "Outlet Hunter"},
            "icon": "target",
            "measure": "metric:new_outlets",
            "window": "month",
            "award": {"top": 1, "scope": "channel"},
        },
        {
            "code": "visit-machine",
            "name": {"id": "Mesin Kunjungan", "en": "Visit Machine"},
            "icon": "lightning",
            "measure": "metric:visits_per_day",
            "window": "month",
            "award": {"min": 19},
        },
    ],
    "levels": {
        "measure": "total_score",
        "months": 3,
        "thresholds": [
            {"level": 1, "from": 0},
            {"level": 2, "from": 100},
            {"level": 3, "from": 110},
        ],
    },
}


def seed(out=None) -> None:
    if export_document() == DEMO_DOCUMENT:
        return
    save_document(data=DEMO_DOCUMENT, by=None)
    if out is not None:
        out.write("Gamification: boards score, visits-week; badges outlet-hunter, visit-machine")
