"""Scorecard template versions (docs/contracts.md "Plan and template versions").

The same rule as plan versions: every document saved for a template is a version (weights, KPIs,
caps, floors, rounding); a published version never changes; month M is scored with the template's
published version whose `effective_from` is the latest ≤ M. A template's first version is in force
from the beginning (`BEGINNING`) unless some month is locked (then from the first open month), a
later one from the first month after the last locked month, unless the document says
`effective_from`. Publishing into a locked month is refused, naming `effective_from`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from org.periods import locked_months, require_open
from spm.months import add_months, format_month

from .models import (
    KPIDefinition,
    Scorecard,
    ScorecardStatus,
    ScorecardTemplate,
    TemplateItem,
    TemplateVersion,
    TemplateVersionStatus,
)

# The month a template's first version is in force from when no month is locked: every month.
BEGINNING = date(2000, 1, 1)


def version_document(version: TemplateVersion) -> dict:
    return json.loads(version.document, parse_float=Decimal)


def default_effective_from(template: ScorecardTemplate | None) -> date:
    locked = locked_months()
    return add_months(max(locked), 1) if locked else BEGINNING


def check_not_locked(effective_from: date) -> None:
    """`ValidationError` naming `effective_from` when that month (or a later one) is locked."""
    locked = [month for month in locked_months() if month >= effective_from]
    if locked:
        raise ValidationError(
            {
                "effective_from": _(
                    "%(month)s is locked: a version may take effect from %(open)s at the "
                    "earliest (effective_from)."
                )
                % {
                    "month": format_month(max(locked)),
                    "open": format_month(add_months(max(locked), 1)),
                }
            }
        )


def versions_in_force(month: date, template_ids=None) -> dict[int, TemplateVersion]:
    """{template id: its published version in force in `month`}."""
    rows = TemplateVersion.objects.filter(
        status=TemplateVersionStatus.PUBLISHED, effective_from__lte=month.replace(day=1)
    )
    if template_ids is not None:
        rows = rows.filter(template_id__in=list(template_ids))
    found: dict[int, TemplateVersion] = {}
    for version in rows.order_by("template_id", "effective_from", "number"):
        found[version.template_id] = version
    return found


def templates_in_force(month: date, template_ids) -> set[int]:
    """The templates among `template_ids` that score `month`: a version in force, or no
    version at all (a template written without the document service, e.g. in the admin or a
    fixture, scores with its items as they are)."""
    template_ids = set(template_ids)
    versioned = set(
        TemplateVersion.objects.filter(template_id__in=template_ids).values_list(
            "template_id", flat=True
        )
    )
    return set(versions_in_force(month, template_ids)) | (template_ids - versioned)


def mirror(template: ScorecardTemplate, document: dict) -> ScorecardTemplate:
    """Write the template's rows (name, scope, rounding, items) as a validated document says:
    what pages, the weights trigger and readers without a month see. Called for a published
    version only; `document` items carry Decimal or plain numbers."""
    template.name = document["name"]
    template.role = document["applies_to"]["role"]
    template.channel = document["applies_to"]["channel"] or ""
    template.rounding = document["rounding"]
    template.assigned_only = bool(document.get("assigned_only"))
    template.save()
    codes = [item["kpi"] for item in document["items"]]
    kpis = {kpi.code: kpi for kpi in KPIDefinition.objects.filter(code__in=codes)}
    template.items.all().delete()
    TemplateItem.objects.bulk_create(
        TemplateItem(
            template=template,
            kpi=kpis[item["kpi"]],
            weight=_number(item["weight"]),
            cap=_number(item["cap"]),
            floor=_number(item["floor"]),
            position=position,
        )
        for position, item in enumerate(document["items"])
    )
    return template


def latest_version(template: ScorecardTemplate) -> TemplateVersion | None:
    return template.versions.order_by("-number").first()


@transaction.atomic
def store_version(
    *, template: ScorecardTemplate, text: str, publish: bool, effective_from: date | None
) -> TemplateVersion:
    """Store the template's document as its draft (the latest draft, or a new version) and
    publish it when `publish` (from `effective_from`, else the default)."""
    version = latest_version(template)
    if version is not None and not version.is_published:
        version.document = text
        version.save()
    else:
        version = TemplateVersion.objects.create(
            template=template, number=version.number + 1 if version else 1, document=text
        )
    if publish:
        publish_version(version=version, effective_from=effective_from)
    return version


@transaction.atomic
def publish_version(*, version: TemplateVersion, effective_from: date | None = None):
    """Publish a draft version; refused for a locked month (`ValidationError` naming
    `effective_from`)."""
    version = TemplateVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_published:
        raise ValidationError(
            {"status": _("Version %(n)s is published already.") % {"n": version.number}}
        )
    if effective_from is None:
        effective_from = default_effective_from(version.template)
    effective_from = effective_from.replace(day=1)
    check_not_locked(effective_from)
    if effective_from != BEGINNING:
        require_open(effective_from)
    version.status = TemplateVersionStatus.PUBLISHED
    version.effective_from = effective_from
    version.published_at = timezone.now()
    version.save()
    later = version.template.versions.filter(
        status=TemplateVersionStatus.PUBLISHED, number__gt=version.number
    )
    if not later.exists():  # the rows mirror the latest published version
        mirror(version.template, version_document(version))
    return version


# ---------------------------------------------------------------------------------------------
# What compute_scorecards reads


@dataclass(frozen=True)
class VersionItem:
    kpi: KPIDefinition
    weight: Decimal
    cap: Decimal | None
    floor: Decimal | None


@dataclass(frozen=True)
class InForce:
    """A template as one of its versions says: what a month's scorecards are computed with."""

    template: ScorecardTemplate
    number: int | None  # None: a template without versions (see `templates_in_force`)
    name: str
    rounding: str
    items: tuple[VersionItem, ...]


def _number(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def in_force(templates, month: date) -> dict[int, InForce]:
    """{template id: InForce} for the templates that have a version in force in `month`."""
    templates = {template.id: template for template in templates}
    found = versions_in_force(month, templates)
    documents = {tid: version_document(version) for tid, version in found.items()}
    codes = {item["kpi"] for document in documents.values() for item in document["items"]}
    kpis = {
        kpi.code: kpi for kpi in KPIDefinition.objects.filter(code__in=codes).select_related("kra")
    }
    result = {}
    unversioned = set(templates) - set(
        TemplateVersion.objects.filter(template_id__in=list(templates)).values_list(
            "template_id", flat=True
        )
    )
    for tid in unversioned:
        template = templates[tid]
        items = tuple(
            VersionItem(item.kpi, item.weight, item.cap, item.floor)
            for item in template.items.all()
        )
        result[tid] = InForce(template, None, template.name, template.rounding, items)
    for tid, document in documents.items():
        items = tuple(
            VersionItem(
                kpis[item["kpi"]],
                _number(item["weight"]),
                _number(item["cap"]),
                _number(item["floor"]),
            )
            for item in document["items"]
            if item["kpi"] in kpis
        )
        result[tid] = InForce(
            templates[tid], found[tid].number, document["name"], document["rounding"], items
        )
    return result


def stale_scorecards(month: date) -> int:
    """How many of the month's draft scorecards were computed with another template version
    than the one in force now (a version published since): stale until recomputed."""
    month = month.replace(day=1)
    now = {tid: version.number for tid, version in versions_in_force(month).items()}
    drafts = Scorecard.objects.filter(month=month, status=ScorecardStatus.DRAFT)
    stale = Q()
    for tid, number in now.items():
        stale |= Q(template_id=tid) & ~Q(template_version=number)
    if not now:
        return 0
    return drafts.filter(stale).count()
