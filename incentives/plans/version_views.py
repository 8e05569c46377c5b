"""A plan's versions page (managers and admins; anyone else 404): the versions side by side
(what changed, from which month), a draft simulated against a past month beside the version in
force then, and publication with a confirmation naming the month it takes effect from."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from incentives.models import Plan
from incentives.plans.documents import to_plain
from incentives.plans.simulation import simulate
from incentives.plans.versions import (
    default_effective_from,
    publish_version,
    version_document,
    version_in_force,
)
from incentives.plans.views import _default_simulation_month, describe_rule
from incentives.wording import localized
from org import history, policy
from org.visibility import salesmen_visible_to
from spm import formats as fmt
from spm.months import format_month, parse_month


def _plan_or_404(user, code: str) -> Plan:
    if not policy.may_edit_plans(user):
        raise Http404
    plan = Plan.objects.filter(code=code).first()
    if plan is None:
        raise Http404
    return plan


def _month(text: str | None) -> date | None:
    try:
        return parse_month(text or "")
    except ValueError:
        return None


def _columns(plan: Plan) -> tuple[list[dict], list[dict]]:
    """(one column per version, oldest first; the rows of the side-by-side table)."""
    versions = list(plan.versions.select_related("published_by").order_by("number"))
    documents = [version_document(version) for version in versions]
    columns = []
    previous = None
    for version, document in zip(versions, documents, strict=True):
        changes = []
        if previous is not None:
            changes = history.changes(
                "incentives.plan",
                {"document": to_plain(previous)},
                {"document": to_plain(document)},
            )
        columns.append(
            {
                "version": version,
                "document": document,
                "month": fmt.month_label(version.effective_from) if version.effective_from else "",
                "default_month": document.get("effective_from")
                or format_month(default_effective_from(plan, document)),
                "changes": changes,
            }
        )
        previous = document
    codes: list[str] = []
    for document in documents:
        codes += [rule["code"] for rule in document["rules"] if rule["code"] not in codes]
    rows = []
    for code in codes:
        cells = []
        for document in documents:
            rule = next((r for r in document["rules"] if r["code"] == code), None)
            cells.append(
                {"label": localized(rule["label"]), "summary": describe_rule(rule)}
                if rule
                else None
            )
        rows.append({"code": code, "cells": cells})
    return columns, rows


def _simulation(request, plan: Plan):
    """The draft (or any version) `?simulate=N` against `?month=`, beside the version in force
    in that month; nothing is stored. (result, problems)."""
    number = request.GET.get("simulate")
    if not number:
        return None, []
    version = plan.versions.filter(number=number if number.isdigit() else 0).first()
    month = _month(request.GET.get("month"))
    if version is None or month is None:
        return None, [_("Choose a version and a month (YYYY-MM).")]
    in_force = version_in_force(plan, month)
    compare = version_document(in_force) if in_force and in_force.pk != version.pk else None
    try:
        result = simulate(
            plan_document=version_document(version),
            month=month,
            compare_with=compare,
            people=salesmen_visible_to(request.user),
        )
    except ValidationError as exc:
        return None, exc.messages
    return {
        "result": result,
        "version": version,
        "in_force": in_force,
        "month": fmt.month_label(month),
    }, []


def _publish(request, plan: Plan):
    """POST: publish a draft from a month, after a confirmation naming that month. Returns a
    redirect once published, else the confirmation to show (or None after a refusal)."""
    version = plan.versions.filter(number=request.POST.get("version") or 0).first()
    if version is None or version.is_published:
        messages.error(request, _("Choose a draft version to publish."))
        return None
    text = request.POST.get("effective_from") or ""
    month = _month(text) if text else default_effective_from(plan, version_document(version))
    if month is None:
        messages.error(request, _("effective from: give a month YYYY-MM."))
        return None
    if request.POST.get("confirmed") != "1":
        return {"version": version, "month": month, "label": fmt.month_label(month)}
    try:
        publish_version(version=version, by=request.user, effective_from=month)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return None
    messages.success(
        request,
        _("Version %(n)s of %(code)s is published: it pays from %(month)s.")
        % {"n": version.number, "code": plan.code, "month": fmt.month_label(month)},
    )
    return redirect("incentives:plan-versions", code=plan.code)


@login_required
def plan_versions(request, code):
    plan = _plan_or_404(request.user, code)
    confirm = None
    if request.method == "POST":
        answer = _publish(request, plan)
        if answer is not None and not isinstance(answer, dict):
            return answer
        confirm = answer
    simulation, problems = _simulation(request, plan)
    columns, rows = _columns(plan)
    return render(
        request,
        "incentives/plan_versions.html",
        {
            "plan": plan,
            "columns": columns,
            "rows": rows,
            "confirm": confirm,
            "simulation": simulation,
            "problems": problems,
            "simulation_month": request.GET.get("month") or _default_simulation_month(),
        },
        status=400 if problems else 200,
    )
