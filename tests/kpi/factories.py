"""Factories for the KPI app. Templates are made in one transaction with their items, because on
PostgreSQL a template whose weights do not total 100 cannot be committed."""

import copy
from decimal import Decimal

import factory
from django.db import transaction

from kpi.models import KRA, KPIDefinition, ScorecardTemplate, Target, TemplateItem

GT_DOCUMENT = {
    "code": "GT-SALESMAN",
    "name": "Scorecard Salesman GT",
    "rounding": "exact",
    "applies_to": {"role": "salesman", "channel": "GT"},
    "items": [
        {"kpi": "revenue", "weight": 50, "cap": 150, "floor": None},
        {"kpi": "new_outlets", "weight": 30, "cap": 150, "floor": None},
        {"kpi": "visits_per_day", "weight": 20, "cap": 120, "floor": None},
    ],
    "kpis": [
        {
            "code": "revenue",
            "name": {"id": "Omzet", "en": "Revenue"},
            "kra": "Revenue & Volume",
            "unit": "Rp",
            "direction": "higher",
            "source": "metric:revenue",
        },
        {
            "code": "new_outlets",
            "name": {"id": "Outlet baru", "en": "New outlets"},
            "kra": "Coverage & Penetration",
            "unit": "outlet",
            "direction": "higher",
            "source": "metric:new_outlets",
        },
        {
            "code": "visits_per_day",
            "name": {"id": "Kunjungan per hari", "en": "Visits per day"},
            "kra": "Productivity & Efficiency",
            "unit": "visit/day",
            "direction": "higher",
            "source": "metric:visits_per_day",
        },
    ],
}


def gt_document() -> dict:
    return copy.deepcopy(GT_DOCUMENT)


class KRAFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KRA
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"KRA {n}")


class KPIFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KPIDefinition
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"kpi{n}")
    name_id = factory.LazyAttribute(lambda o: f"KPI {o.code} (id)")
    name_en = factory.LazyAttribute(lambda o: f"KPI {o.code}")
    kra = factory.SubFactory(KRAFactory)
    unit = ""
    direction = "higher"
    source = "manual"


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target


def make_template(
    code: str,
    items: list[tuple],
    *,
    role: str = "salesman",
    channel: str = "GT",
    rounding: str = "exact",
) -> ScorecardTemplate:
    """items: (kpi, weight[, cap[, floor]])."""
    with transaction.atomic():
        template = ScorecardTemplate.objects.create(
            code=code, name=code, role=role, channel=channel, rounding=rounding
        )
        for position, (kpi, weight, *rest) in enumerate(items):
            cap = rest[0] if rest else None
            floor = rest[1] if len(rest) > 1 else None
            TemplateItem.objects.create(
                template=template,
                kpi=kpi,
                weight=Decimal(weight),
                cap=None if cap is None else Decimal(cap),
                floor=None if floor is None else Decimal(floor),
                position=position,
            )
    return template
