"""The admin names every app in the reader's language (AppConfig.verbose_name), never its
Python label."""

from django.apps import apps
from django.utils import translation

OURS = ("org", "outlets", "kpi", "okr", "incentives")


def names() -> list[str]:
    return [str(apps.get_app_config(label).verbose_name) for label in OURS]


def test_app_names_in_indonesian_and_english():
    with translation.override("id"):
        assert names() == ["Personel dan tim", "Outlet", "KPI dan scorecard", "OKR", "Insentif"]
    with translation.override("en"):
        assert names() == [
            "People and teams",
            "Outlets",
            "KPIs and scorecards",
            "OKRs",
            "Incentives",
        ]
