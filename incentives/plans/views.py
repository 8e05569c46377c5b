"""The plan editor (managers and admins) and the what-if page.

Every change goes through `plans.documents.import_plan`: the editor builds the whole new plan
document from the stored one plus the edited part, the service validates it completely, stores
it and records the audit entry. Problems come back with their path in the document and are shown
on the field they concern. Anyone else gets 404 for every page here.
"""

import copy
from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Max, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from incentives import engine
from incentives.engine import features
from incentives.models import LineType, Plan, PlanStatus
from incentives.plans.documents import (
    PlanInvalid,
    check_plan,
    dumps,
    import_plan,
    parse_document_text,
    plan_document,
)
from incentives.plans.forms import (
    RULE_FORMS,
    RULE_TYPE_LABELS,
    PlanHeaderForm,
    PlanJsonForm,
    SimulateForm,
    problems_to_form,
    rule_field_for,
    tier_formset_class,
)
from incentives.plans.simulation import simulate
from incentives.plans.tables import PlanTable
from incentives.wording import localized, say_plain
from kpi.models import Scorecard
from org import audit, history, policy
from org.models import Role
from org.visibility import salesmen_visible_to
from spm import formats as fmt
from spm.months import add_months, current_month, format_month


def _require_editor(user) -> None:
    if not policy.may_edit_plans(user):
        raise Http404


def _plan_or_404(code: str) -> Plan:
    plan = Plan.objects.filter(code=code).select_related("updated_by").first()
    if plan is None:
        raise Http404
    return plan


def _save(request, document: dict, *, status=PlanStatus.DRAFT, note="") -> Plan:
    """Store the document (PlanInvalid on problems) and say so. The editor saves drafts: a
    published version never changes, so editing a published plan starts a new draft version
    (incentives/plans/versions.py) that pays nothing until it is published."""
    plan = import_plan(document=document, by=request.user, status=status, note=note)
    latest = plan.versions.order_by("-number").first()
    if latest is not None and not latest.is_published and plan.status == PlanStatus.ACTIVE:
        messages.success(
            request,
            _(
                "Plan %(code)s saved as draft version %(n)s: the published version keeps paying "
                "until you publish this one (Versions)."
            )
            % {"code": plan.code, "n": latest.number},
        )
    else:
        messages.success(request, _("Plan %(code)s saved.") % {"code": plan.code})
    return plan


# ---------------------------------------------------------------------------------------------
# Plans


@login_required
def plan_list(request):
    _require_editor(request.user)
    plans = Plan.objects.select_related("updated_by")
    query = request.GET.get("q", "").strip()
    if query:
        plans = plans.filter(Q(code__icontains=query) | Q(name__icontains=query))
    status = request.GET.get("status", "")
    if status in PlanStatus.values:
        plans = plans.filter(status=status)
    table = PlanTable(plans)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "incentives/plan_list.html",
        {"table": table, "query": query, "status": status, "statuses": PlanStatus.choices},
    )


@login_required
def plan_create(request):
    _require_editor(request.user)
    if request.method == "POST":
        form = PlanHeaderForm(request.POST)
        if form.is_valid():
            if Plan.objects.filter(code=form.cleaned_data["code"]).exists():
                form.add_error("code", _("A plan with this code exists already."))
            else:
                document = {**form.header(), "rules": []}
                try:
                    plan = _save(request, document, status=form.cleaned_data["status"])
                except PlanInvalid as exc:
                    problems_to_form(form, exc.problems, PlanHeaderForm.field_for)
                else:
                    return redirect("incentives:plan", code=plan.code)
    else:
        form = PlanHeaderForm(
            initial={
                "valid_from": current_month(),
                "status": PlanStatus.DRAFT,
                "role": Role.SALESMAN,
            }
        )
    return render(
        request,
        "incentives/plan_form.html",
        {"form": form, "plan": None},
        status=400 if form.errors else 200,
    )


def _n(value) -> str:
    """A plan number in the app's notation (500000000 → 500.000.000, 0.5 → 0,5)."""
    value = Decimal(str(value)).normalize()
    return fmt.number(value, max(0, -value.as_tuple().exponent))


def describe_rule(rule: dict) -> str:
    """A one-line summary of a rule's parameters for the plan page, in the active language
    (said by its rule type, numbers in the app's notation)."""
    say = say_plain()
    summary = engine.rule_type(rule["type"]).describe(rule, say)
    extra = features.describe_rule_features(rule, say)  # requires, a booster's days
    return f"{summary}; {extra}" if extra else summary


@login_required
def plan_detail(request, code):
    _require_editor(request.user)
    plan = _plan_or_404(code)
    document = plan_document(plan)
    rules = [
        {
            **rule,
            "label": localized(rule["label"]),
            "summary": describe_rule(rule),
            "type_label": RULE_TYPE_LABELS[rule["type"]],
            "type_name": LineType(rule["type"]).label,
        }
        for rule in document["rules"]
    ]
    return render(
        request,
        "incentives/plan_detail.html",
        {
            "plan": plan,
            "document": document,
            "rules": rules,
            "rule_types": RULE_TYPE_LABELS.items(),
            "multipliers": [
                features.describe_multiplier(item, say_plain())
                for item in document.get("multipliers") or []
            ],
        },
    )


@login_required
def plan_edit(request, code):
    _require_editor(request.user)
    plan = _plan_or_404(code)
    document = plan_document(plan)
    if request.method == "POST":
        form = PlanHeaderForm(
            request.POST, editing=True, initial=PlanHeaderForm.initial_from(plan, document)
        )
        if form.is_valid():
            new_document = {**form.header(), "rules": document["rules"]}
            # Once published, a header edit is a draft version too (publish it on Versions).
            status = PlanStatus.DRAFT if plan.status == PlanStatus.ACTIVE else None
            try:
                _save(request, new_document, status=status or form.cleaned_data["status"])
            except PlanInvalid as exc:
                problems_to_form(form, exc.problems, PlanHeaderForm.field_for)
            else:
                return redirect("incentives:plan", code=plan.code)
    else:
        form = PlanHeaderForm(editing=True, initial=PlanHeaderForm.initial_from(plan, document))
    return render(
        request,
        "incentives/plan_form.html",
        {"form": form, "plan": plan},
        status=400 if form.errors else 200,
    )


# ---------------------------------------------------------------------------------------------
# Rules


def _rule_forms(rule_type: str, data=None, rule: dict | None = None):
    form_class = RULE_FORMS[rule_type]
    initial = form_class.initial_from(rule) if rule else None
    form = form_class(data, initial=initial, prefix="rule")
    formset = None
    if form_class.has_tiers():
        tiers = rule["tiers"] if rule else []
        tier_initial = [{"from_": tier["from"], **tier} for tier in tiers]
        formset = tier_formset_class(rule_type)(data, initial=tier_initial or None, prefix="tiers")
        if data is None and not tiers:
            formset.extra = 1
    return form, formset


def _rule_page(request, plan, document, *, rule_type, index=None):
    """Add (index None) or edit the rule at `index`."""
    existing = document["rules"][index] if index is not None else None
    if request.method == "POST":
        form, formset = _rule_forms(rule_type, request.POST)
        valid = form.is_valid() & (formset is None or formset.is_valid())
        if valid:
            rule = form.rule(formset.tiers() if formset is not None else None)
            new_document = copy.deepcopy(document)
            if index is None:
                new_document["rules"].append(rule)
                where = len(new_document["rules"]) - 1
            else:
                new_document["rules"][index] = rule
                where = index
            try:
                _save(request, new_document)
            except PlanInvalid as exc:
                prefix = f"rules[{where}]"
                ours = [p for p in exc.problems if p.path.startswith(prefix)]
                others = [p for p in exc.problems if not p.path.startswith(prefix)]
                problems_to_form(form, ours, rule_field_for)
                for problem in others:
                    form.add_error(None, problem.localized())
            else:
                return redirect("incentives:plan", code=plan.code)
    else:
        form, formset = _rule_forms(rule_type, rule=existing)
    status = 400 if form.errors or (formset is not None and formset.total_error_count()) else 200
    return render(
        request,
        "incentives/plan_rule_form.html",
        {
            "plan": plan,
            "form": form,
            "formset": formset,
            "rule_type": rule_type,
            "rule_type_label": RULE_TYPE_LABELS[rule_type],
            "rule": existing,
        },
        status=status,
    )


@login_required
def rule_add(request, code):
    _require_editor(request.user)
    plan = _plan_or_404(code)
    rule_type = request.GET.get("type") or request.POST.get("type")
    if rule_type not in RULE_FORMS:
        raise Http404
    return _rule_page(request, plan, plan_document(plan), rule_type=rule_type)


def _rule_index(document: dict, rule_code: str) -> int:
    for index, rule in enumerate(document["rules"]):
        if rule["code"] == rule_code:
            return index
    raise Http404


@login_required
def rule_edit(request, code, rule_code):
    _require_editor(request.user)
    plan = _plan_or_404(code)
    document = plan_document(plan)
    index = _rule_index(document, rule_code)
    rule_type = document["rules"][index]["type"]
    return _rule_page(request, plan, document, rule_type=rule_type, index=index)


@login_required
@require_POST
def rule_delete(request, code, rule_code):
    _require_editor(request.user)
    plan = _plan_or_404(code)
    document = plan_document(plan)
    index = _rule_index(document, rule_code)
    document["rules"].pop(index)
    try:
        _save(request, document, note=f"rule {rule_code} deleted")
    except PlanInvalid as exc:
        for problem in exc.problems:
            messages.error(request, problem.localized())
    return redirect("incentives:plan", code=plan.code)


@login_required
@require_POST
def rule_move(request, code, rule_code, direction):
    _require_editor(request.user)
    plan = _plan_or_404(code)
    document = plan_document(plan)
    index = _rule_index(document, rule_code)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(document["rules"]):
        raise Http404
    rules = document["rules"]
    rules[index], rules[other] = rules[other], rules[index]
    try:
        _save(request, document, note=f"rule {rule_code} moved {direction}")
    except PlanInvalid as exc:
        for problem in exc.problems:
            messages.error(request, problem.localized())
    return redirect("incentives:plan", code=plan.code)


# ---------------------------------------------------------------------------------------------
# JSON and history


def _json_import(request, form: PlanJsonForm, *, expected_code: str | None = None):
    """Import the pasted or uploaded document; (plan, problems)."""
    try:
        document = parse_document_text(form.cleaned_data["text"])
        if expected_code and document.get("code") not in (None, expected_code):
            # Pasting another code on a plan's JSON page would silently create a second plan.
            message = _(
                "The code must stay %(code)s on this page; use Import to create a new plan."
            )
            return None, [message % {"code": expected_code}]
        # On a plan's own JSON page the edit is a draft version; Import publishes (import_plan).
        status = form.cleaned_data.get("status") or (PlanStatus.DRAFT if expected_code else None)
        plan = _save(request, document, status=status, note="JSON import")
    except PlanInvalid as exc:
        return None, [problem.localized() for problem in exc.problems]
    return plan, []


@login_required
def plan_json(request, code):
    _require_editor(request.user)
    plan = _plan_or_404(code)
    text = dumps(plan_document(plan))
    if request.GET.get("download"):
        response = HttpResponse(text + "\n", content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{plan.code}.json"'
        return response
    problems = []
    if request.method == "POST":
        form = PlanJsonForm(request.POST, request.FILES)
        if form.is_valid():
            saved, problems = _json_import(request, form, expected_code=plan.code)
            if saved is not None:
                return redirect("incentives:plan", code=saved.code)
    else:
        form = PlanJsonForm(initial={"document": text})
    return render(
        request,
        "incentives/plan_json.html",
        {"plan": plan, "text": text, "form": form, "problems": problems},
        status=400 if problems or form.errors else 200,
    )


@login_required
def plan_import(request):
    _require_editor(request.user)
    problems = []
    if request.method == "POST":
        form = PlanJsonForm(request.POST, request.FILES)
        if form.is_valid():
            saved, problems = _json_import(request, form)
            if saved is not None:
                return redirect("incentives:plan", code=saved.code)
    else:
        form = PlanJsonForm()
    return render(
        request,
        "incentives/plan_json.html",
        {"plan": None, "text": "", "form": form, "problems": problems},
        status=400 if problems or form.errors else 200,
    )


@login_required
def plan_history(request, code):
    _require_editor(request.user)
    plan = _plan_or_404(code)
    entries = [
        {
            "entry": entry,
            # the changed fields in words: "rule «Revenue 100%», tier 2, amount" (org/history.py)
            "what": history.action_sentence(entry.action, entry.object_repr),
            "changes": history.changes(entry.object_type, entry.before, entry.after)
            if entry.before
            else [],
            "before": dumps(entry.before["document"]) if entry.before else "",
            "after": dumps(entry.after["document"]) if entry.after else "",
        }
        for entry in audit.history_of(plan)[:100]
    ]
    return render(request, "incentives/plan_history.html", {"plan": plan, "entries": entries})


# ---------------------------------------------------------------------------------------------
# What-if


def _latest_scored_month() -> date | None:
    """The latest month before this one with stored scorecards: the month a what-if starts on,
    so that a new user sees real amounts rather than Rp 0 for a month with no data yet."""
    return Scorecard.objects.filter(month__lt=current_month()).aggregate(m=Max("month"))["m"]


def _default_simulation_month() -> str:
    return format_month(_latest_scored_month() or add_months(current_month(), -1))


@login_required
def simulate_page(request):
    """Run a stored plan or a pasted document (unsaved edits) against a past month, optionally
    beside another plan; nothing is stored. People are those the user may see."""
    _require_editor(request.user)
    result = None
    no_data = None
    problems = []
    if request.method == "POST" and request.POST.get("from_json"):
        # From a plan's JSON page: prefill the document (unsaved edits), choose the month here.
        form = SimulateForm(
            initial={
                "document": request.POST.get("document", ""),
                "month": _default_simulation_month(),
            }
        )
    elif request.method == "POST":
        form = SimulateForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            document = None
            try:
                if not data["plan"]:
                    document = check_plan(parse_document_text(data["document"]))
                result = simulate(
                    plan_document=document,
                    plan_code=data["plan"].code if data["plan"] else None,
                    month=data["month"],
                    compare_with=data["compare_with"].code if data["compare_with"] else None,
                    people=salesmen_visible_to(request.user),
                )
                if not Scorecard.objects.filter(
                    month=data["month"], salesman__in=salesmen_visible_to(request.user)
                ).exists():
                    no_data = {"month": data["month"], "latest": _latest_scored_month()}
            except PlanInvalid as exc:
                problems = [problem.localized() for problem in exc.problems]
            except ValidationError as exc:
                problems = [
                    f"{name}: {' '.join(messages_)}" for name, messages_ in exc.message_dict.items()
                ]
    else:
        initial = {"month": _default_simulation_month()}
        if request.GET.get("plan"):
            initial["plan"] = request.GET["plan"]
        if request.GET.get("compare_with"):
            initial["compare_with"] = request.GET["compare_with"]
        form = SimulateForm(initial=initial)
    return render(
        request,
        "incentives/simulate.html",
        {
            "form": form,
            "result": result,
            "no_data": no_data,
            "problems": problems,
        },
        status=400 if problems or form.errors else 200,
    )
