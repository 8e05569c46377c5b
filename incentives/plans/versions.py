"""Plan versions (docs/contracts.md "Plan and template versions").

Every document saved for a plan is a version: a draft while it is edited, then published with the
month it takes effect from. A published version never changes; editing a published plan starts
a new draft (`save_draft`). Month M is paid by each plan's published version whose
`effective_from` is the latest ≤ M, when M is within that version's `valid_from`/`valid_to`
(`versions_in_force`). Publishing is refused for a month that is locked, and when the version
would overlap another plan for the same role and channel in some month, unless one of the two
names the other in `stacks_with`.

The `Plan` row mirrors the latest version (its document is what the editor shows and edits) and
says `active` once any version is published.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from incentives import engine
from incentives.models import Plan, PlanStatus, PlanVersion, VersionStatus
from org import audit
from org.periods import locked_months, require_open
from spm.months import add_months, format_month, parse_month


class VersionRefused(ValidationError):
    """A version that may not be published (locked month, overlap): the message names the
    field (`effective_from`, `stacks_with`)."""


def version_document(version: PlanVersion) -> dict:
    """The version's document (Decimal numbers where the JSON had a fraction)."""
    return json.loads(version.document, parse_float=Decimal)


def first_open_month() -> date | None:
    """The first month after the last locked month, or None when no month is locked."""
    locked = locked_months()
    return add_months(max(locked), 1) if locked else None


def default_effective_from(plan: Plan | None, document: dict) -> date:
    """Where a version takes effect when its document does not say: the first version from the
    month of its `valid_from`, a later one from the first month after the last locked month;
    never in a locked month."""
    month = date.fromisoformat(document["valid_from"]).replace(day=1)
    opened = first_open_month()
    later = plan is not None and plan.versions.filter(status=VersionStatus.PUBLISHED).exists()
    if later and opened:
        return opened
    return max(month, opened) if opened else month


# ---------------------------------------------------------------------------------------------
# Which version pays a month


@dataclass(frozen=True)
class _Span:
    """The months one published version is in force: [start, end] (end None: open)."""

    version: PlanVersion
    start: date
    end: date | None


def _spans(versions: list[PlanVersion]) -> list[_Span]:
    """Each published version of one plan with the months it pays: from its effective month to
    the month before the next version's, within its own valid_from/valid_to."""
    ordered = sorted(versions, key=lambda v: (v.effective_from, v.number))
    spans = []
    for index, version in enumerate(ordered):
        later = [v.effective_from for v in ordered[index + 1 :] if v.effective_from]
        start = max(version.effective_from, version.valid_from.replace(day=1))
        end = add_months(min(later), -1) if later else None
        if version.valid_to is not None:
            last = version.valid_to.replace(day=1)
            end = last if end is None else min(end, last)
        # A later version with the same effective month replaces this one completely.
        if end is not None and end < start:
            continue
        spans.append(_Span(version, start, end))
    return spans


def versions_in_force(month: date, *, plan_codes=None) -> list[PlanVersion]:
    """The published version of each plan that pays `month`, by plan code."""
    return PlanVersion.objects.in_force(month.replace(day=1), plan_codes)


def version_in_force(plan: Plan, month: date) -> PlanVersion | None:
    found = versions_in_force(month, plan_codes=[plan.code])
    return found[0] if found else None


def latest_version(plan: Plan) -> PlanVersion | None:
    return plan.versions.order_by("-number").first()


def latest_published(plan: Plan) -> PlanVersion | None:
    return plan.versions.filter(status=VersionStatus.PUBLISHED).order_by("-number").first()


# ---------------------------------------------------------------------------------------------
# Writing versions


def _sync_plan(plan: Plan, version: PlanVersion, by) -> None:
    """The Plan row mirrors its latest version; `active` once any version is published."""
    document = version_document(version)
    plan.name = engine.text_in(document["name"], engine.LANGUAGES[0])
    plan.role = version.role
    plan.channel = version.channel
    plan.valid_from = version.valid_from
    plan.valid_to = version.valid_to
    plan.document = version.document
    published = (
        version.is_published or plan.versions.filter(status=VersionStatus.PUBLISHED).exists()
    )
    plan.status = PlanStatus.ACTIVE if published else PlanStatus.DRAFT
    plan.updated_by = by if by is not None and by.is_authenticated else None
    plan.save()


def _version_fields(valid: dict, text: str) -> dict:
    return {
        "role": valid["applies_to"]["role"],
        "channel": valid["applies_to"]["channel"],
        "valid_from": date.fromisoformat(valid["valid_from"]),
        "valid_to": date.fromisoformat(valid["valid_to"]) if valid["valid_to"] else None,
        "document": text,
    }


def store_version(*, plan: Plan | None, valid: dict, text: str, by) -> tuple[Plan, PlanVersion]:
    """Store the canonical document as the plan's draft: the latest version when it is still
    a draft, else a new version. Creates the plan for a new code."""
    user = by if by is not None and by.is_authenticated else None
    if plan is None:
        plan = Plan.objects.create(
            code=valid["code"],
            name=engine.text_in(valid["name"], engine.LANGUAGES[0]),
            status=PlanStatus.DRAFT,
            **{k: v for k, v in _version_fields(valid, text).items()},
        )
    version = latest_version(plan)
    if version is not None and not version.is_published:
        for name, value in _version_fields(valid, text).items():
            setattr(version, name, value)
        version.created_by = user
        version.save()
    else:
        number = version.number + 1 if version else 1
        version = PlanVersion.objects.create(
            plan=plan, number=number, created_by=user, **_version_fields(valid, text)
        )
    _sync_plan(plan, version, by)
    return plan, version


def _check_not_locked(effective_from: date) -> None:
    locked = [month for month in locked_months() if month >= effective_from]
    if locked:
        opened = add_months(max(locked), 1)
        raise VersionRefused(
            {
                "effective_from": _(
                    "%(month)s is locked: a version may take effect from %(open)s at the "
                    "earliest (effective_from)."
                )
                % {"month": format_month(max(locked)), "open": format_month(opened)}
            }
        )


def _overlaps(version: PlanVersion, effective_from: date, document: dict) -> list[str]:
    """The codes of other plans for the same role and channel that would be paid in a month
    this version pays, and that neither plan names in `stacks_with`."""
    stacks = set(document.get("stacks_with") or [])
    others = (
        PlanVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .exclude(plan_id=version.plan_id)
        .select_related("plan")
    )
    # This plan's spans as they will be once the version is published.
    mine = [
        v
        for v in version.plan.versions.filter(status=VersionStatus.PUBLISHED).exclude(pk=version.pk)
    ]
    candidate = PlanVersion(
        plan=version.plan,
        number=version.number,
        status=VersionStatus.PUBLISHED,
        effective_from=effective_from,
        role=version.role,
        channel=version.channel,
        valid_from=version.valid_from,
        valid_to=version.valid_to,
    )
    my_spans = [s for s in _spans([*mine, candidate]) if s.version is candidate]
    if not my_spans:
        return []
    start, end = my_spans[0].start, my_spans[0].end
    by_plan: dict[int, list[PlanVersion]] = {}
    for other in others:
        by_plan.setdefault(other.plan_id, []).append(other)
    found = []
    for versions in by_plan.values():
        for span in _spans(versions):
            other = span.version
            if (other.role, other.channel) != (version.role, version.channel):
                continue
            if span.end is not None and span.end < start or end is not None and span.start > end:
                continue
            other_stacks = set(version_document(other).get("stacks_with") or [])
            if other.plan.code in stacks or version.plan.code in other_stacks:
                continue
            found.append(other.plan.code)
            break
    return sorted(set(found))


@transaction.atomic
def publish_version(
    *,
    version: PlanVersion,
    by,
    effective_from: date | None = None,
    note: str = "",
    record: bool = True,
) -> PlanVersion:
    """Publish a draft version from `effective_from` (default: its document's
    `effective_from`, else `default_effective_from`). Refused (`VersionRefused`, naming the
    field) for a locked month or an overlap with another plan; nothing changes then."""
    version = PlanVersion.objects.select_for_update().select_related("plan").get(pk=version.pk)
    if version.is_published:
        raise VersionRefused(
            {"status": _("Version %(n)s is published already.") % {"n": version.number}}
        )
    plan = Plan.objects.select_for_update().get(pk=version.plan_id)
    document = version_document(version)
    if effective_from is None and document.get("effective_from"):
        effective_from = parse_month(document["effective_from"])
    if effective_from is None:
        effective_from = default_effective_from(plan, document)
    effective_from = effective_from.replace(day=1)
    _check_not_locked(effective_from)
    # Held until commit: a lock of that month waits for this publication, or refuses it.
    require_open(effective_from)
    overlapping = _overlaps(version, effective_from, document)
    if overlapping:
        raise VersionRefused(
            {
                "stacks_with": _(
                    "Plan %(code)s would overlap %(others)s for %(role)s %(channel)s from "
                    "%(month)s: give a later valid_from or valid_to, or list them in "
                    "stacks_with."
                )
                % {
                    "code": plan.code,
                    "others": ", ".join(overlapping),
                    "role": version.role,
                    "channel": version.channel,
                    "month": format_month(effective_from),
                }
            }
        )
    if document.get("effective_from") not in (None, format_month(effective_from)):
        raise VersionRefused(
            {
                "effective_from": _(
                    "The document says effective_from %(given)s: publish it from that month, "
                    "or change the document."
                )
                % {"given": document["effective_from"]}
            }
        )
    user = by if by is not None and by.is_authenticated else None
    version.status = VersionStatus.PUBLISHED
    version.effective_from = effective_from
    version.published_at = timezone.now()
    version.published_by = user
    version.save()
    before_status = plan.status
    _sync_plan(plan, latest_version(plan), by)
    if not record:  # the caller's own audit entry says it (import_plan)
        return version
    audit.record(
        actor=by,
        action="plan.status",
        obj=plan,
        before={"status": before_status, "version": version.number},
        after={
            "status": "published",
            "version": version.number,
            "effective_from": format_month(effective_from),
        },
        note=note
        or f"version {version.number} published, effective from {format_month(effective_from)}",
    )
    return version


# ---------------------------------------------------------------------------------------------
# Draft runs computed before a publication


def stale_plans(run) -> list[str]:
    """The plan codes whose version in force differs from the one a draft run was computed
    with: the run is stale until the month is closed again (`PayoutRun.stale_plans`)."""
    return run.stale_plans
