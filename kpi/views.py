"""The KPI pages: setup (KRAs, KPIs, templates, targets, breakdown) for managers; scorecards for
everyone in their scope; the "score a sheet" calculator. Every personal page starts from
`org.visibility`; configuration pages answer 404 to anyone who may not configure."""

import json
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from org.audit import history_of
from org.periods import is_month_locked
from org.visibility import get_visible_or_404, teams_visible_to
from spm.months import add_months, current_month, format_month, parse_month

from . import services
from .documents import (
    DocumentError,
    delete_template,
    dumps,
    export_template_document,
    save_template_document,
)
from .forms import (
    BreakdownForm,
    KPIForm,
    KRAForm,
    MonthTeamForm,
    TemplateForm,
    TemplateItemFormSet,
)
from .models import KRA, KPIDefinition, ManualActual, ScorecardTemplate, Target
from .scoring import ScoringError, SheetRow, score_sheet
from .selectors import (
    can_configure,
    default_month,
    kpis_of_templates,
    require_configurer,
    scorecards_visible_to,
    scorecards_with_rows,
    scored_people_visible_to,
)
from .tables import KPITable, KRATable, ScorecardTable, TemplateTable


def _metrics() -> dict:
    from outlets.metrics import METRICS

    return METRICS


def _month_from(request, user) -> tuple:
    """The month asked for (?month=YYYY-MM) or the default; 404 on a malformed month."""
    text = request.GET.get("month") or request.POST.get("month")
    if not text:
        return default_month(user)
    try:
        return parse_month(text)
    except ValueError as exc:
        raise Http404 from exc


# --- KRAs and KPIs ------------------------------------------------------------------------------


@login_required
def kra_list(request):
    require_configurer(request.user)
    table = KRATable(KRA.objects.annotate(kpi_count=Count("kpis")))
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "kpi/kra_list.html", {"table": table})


@login_required
def kra_edit(request, pk=None):
    require_configurer(request.user)
    kra = get_object_or_404(KRA, pk=pk) if pk else None
    form = KRAForm(request.POST or None, instance=kra)
    if request.method == "POST" and form.is_valid():
        services.save_kra(kra=form.instance, by=request.user)
        messages.success(request, _("KRA saved."))
        return redirect("kpi:kras")
    return render(request, "kpi/kra_form.html", {"form": form, "kra": kra})


@login_required
def kpi_list(request):
    require_configurer(request.user)
    table = KPITable(KPIDefinition.objects.select_related("kra"))
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "kpi/kpi_list.html", {"table": table})


@login_required
def kpi_edit(request, code=None):
    require_configurer(request.user)
    kpi = get_object_or_404(KPIDefinition, code=code) if code else None
    form = KPIForm(request.POST or None, instance=kpi, metrics=_metrics())
    if request.method == "POST" and form.is_valid():
        try:
            services.save_kpi(kpi=form.instance, by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("KPI saved."))
            return redirect("kpi:kpis")
    return render(request, "kpi/kpi_form.html", {"form": form, "kpi": kpi})


# --- Scorecard templates ------------------------------------------------------------------------


@login_required
def template_list(request):
    require_configurer(request.user)
    table = TemplateTable(ScorecardTemplate.objects.annotate(item_count=Count("items")))
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "kpi/template_list.html", {"table": table})


def _apply_document_errors(errors: dict, form, formset) -> None:
    """Put the document service's errors (by path) on the form fields they name."""
    live = [f for f in formset.forms if not (formset.can_delete and formset._should_delete_form(f))]
    live = [f for f in live if f.cleaned_data]
    for path, messages_ in errors.items():
        text = " ".join(messages_)
        if path in ("code", "name", "rounding"):
            form.add_error(path, text)
        elif path.startswith("applies_to."):
            form.add_error(path.split(".", 1)[1], text)
        elif path == "applies_to":  # another template already has this role + channel
            form.add_error("channel", text)
        elif path.startswith("items[") and "]." in path:
            index = int(path[len("items[") : path.index("]")])
            field = path.split("].", 1)[1]
            if index < len(live) and field in live[index].fields:
                live[index].add_error(field, text)
            else:
                formset._non_form_errors.append(text)
        elif path == "items":
            formset._non_form_errors.append(text)
        else:
            form.add_error(None, f"{path}: {text}")


@login_required
def template_edit(request, code=None):
    require_configurer(request.user)
    template = get_object_or_404(ScorecardTemplate, code=code) if code else None
    if request.method == "POST":
        form = TemplateForm(request.POST, instance=template)
        formset = TemplateItemFormSet(request.POST, prefix="items")
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            document = {
                "code": template.code if template else data["code"],
                "name": data["name"],
                "rounding": data["rounding"],
                "applies_to": {"role": data["role"], "channel": data["channel"] or None},
                "items": [
                    {
                        "kpi": item["kpi"].code,
                        "weight": item["weight"],
                        "cap": item["cap"],
                        "floor": item["floor"],
                    }
                    for item in formset.items()
                ],
            }
            try:
                saved = save_template_document(document=document, by=request.user)
            except DocumentError as exc:
                _apply_document_errors(exc.errors, form, formset)
            else:
                messages.success(request, _("Template %(code)s saved.") % {"code": saved.code})
                return redirect("kpi:templates")
    else:
        form = TemplateForm(instance=template)
        initial = []
        if template:
            initial = [
                {"kpi": item.kpi, "weight": item.weight, "cap": item.cap, "floor": item.floor}
                for item in template.items.select_related("kpi")
            ]
        formset = TemplateItemFormSet(prefix="items", initial=initial)
    return render(
        request,
        "kpi/template_form.html",
        {
            "form": form,
            "formset": formset,
            "template_obj": template,
            "assignments": (
                template.assignments.select_related("salesman").order_by("salesman__code")
                if template
                else []
            ),
            "assignable": (
                scored_people_visible_to(request.user).filter(active=True).order_by("code")
                if template
                else []
            ),
            "kpi_directions": {
                str(k.pk): k.direction for k in KPIDefinition.objects.only("pk", "direction")
            },
            "history": _template_history(template) if template else [],
        },
    )


def _template_history(template: ScorecardTemplate) -> list[dict]:
    """The template's last changes from the audit trail, each with its weight changes spelled
    out ("revenue 50 → 60", "+ hit_rate 10", "− aov 20")."""
    history = []
    for entry in history_of(template).order_by("-at", "-id")[:10]:
        before = {i["kpi"]: i["weight"] for i in (entry.before or {}).get("items", [])}
        after = {i["kpi"]: i["weight"] for i in (entry.after or {}).get("items", [])}
        changes = []
        for kpi, weight in after.items():
            if kpi not in before:
                changes.append(f"+ {kpi} {weight}")
            elif before[kpi] != weight:
                changes.append(f"{kpi} {before[kpi]} → {weight}")
        changes += [f"− {kpi} {weight}" for kpi, weight in before.items() if kpi not in after]
        history.append({"entry": entry, "changes": changes})
    return history


@login_required
@require_POST
def template_assign(request, code):
    """Assign the template to a person in the manager's scope, or remove an assignment."""
    require_configurer(request.user)
    template = get_object_or_404(ScorecardTemplate, code=code)
    person = get_visible_or_404(
        request.user,
        scored_people_visible_to(request.user),
        salesman_field="pk",
        code=request.POST.get("salesman", ""),
    )
    remove = request.POST.get("remove") == "1"
    services.assign_template(
        salesman=person, template=None if remove else template, by=request.user
    )
    if remove:
        messages.success(
            request, _("%(person)s no longer has an assigned template.") % {"person": person}
        )
    else:
        messages.success(
            request,
            _("%(person)s now uses template %(code)s.") % {"person": person, "code": template.code},
        )
    return redirect("kpi:template-edit", code=template.code)


@login_required
@require_POST
def template_delete(request, code):
    require_configurer(request.user)
    template = get_object_or_404(ScorecardTemplate, code=code)
    delete_template(template=template, by=request.user)
    messages.success(request, _("Template %(code)s deleted.") % {"code": code})
    return redirect("kpi:templates")


@login_required
def template_export(request, code):
    require_configurer(request.user)
    template = get_object_or_404(ScorecardTemplate, code=code)
    response = HttpResponse(
        dumps(export_template_document(template=template)),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{template.code}.json"'
    return response


@login_required
def template_import(request):
    require_configurer(request.user)
    problems: list[str] = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            problems.append(_("Choose a JSON file."))
        else:
            try:
                document = json.loads(upload.read().decode("utf-8"), parse_float=Decimal)
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                problems.append(_("The file is not valid JSON: %(error)s") % {"error": exc})
            else:
                try:
                    template = save_template_document(document=document, by=request.user)
                except DocumentError as exc:
                    problems = [
                        f"{path or _('(document)')}: {message}"
                        for path, msgs in exc.errors.items()
                        for message in msgs
                    ]
                else:
                    messages.success(
                        request, _("Template %(code)s imported.") % {"code": template.code}
                    )
                    return redirect("kpi:templates")
    return render(request, "kpi/template_import.html", {"problems": problems})


# --- Targets (and manual actuals) ---------------------------------------------------------------


GRID_KINDS = {"targets": Target, "actuals": ManualActual}


@login_required
def targets(request):
    """The targets of a month as a grid (people × KPIs of their templates), edited inline by
    managers; `?kind=actuals` shows the manual KPIs' actuals the same way."""
    kind = request.GET.get("kind") or request.POST.get("kind") or "targets"
    if kind not in GRID_KINDS:
        raise Http404
    month = _month_from(request, request.user)
    teams = teams_visible_to(request.user)
    filter_form = MonthTeamForm(
        {"month": format_month(month), "team": request.GET.get("team") or None}, teams=teams
    )
    filter_form.is_valid()
    team = filter_form.cleaned_data.get("team") if filter_form.is_valid() else None
    people = scored_people_visible_to(request.user).filter(active=True).select_related("user")
    if team:
        people = people.filter(team=team)
    page = Paginator(people.order_by("team__name", "code"), 50).get_page(request.GET.get("page"))
    persons = list(page.object_list)
    plan = services.templates_by_person(persons)
    kpis = kpis_of_templates(sorted(set(plan.values()), key=lambda t: t.code))
    if kind == "actuals":
        kpis = [k for k in kpis if k.source == "manual"]
    model = GRID_KINDS[kind]
    stored = {
        (row.salesman_id, row.kpi_id): row.value
        for row in model.objects.filter(month=month, salesman__in=persons, kpi__in=kpis)
    }
    editable = can_configure(request.user) and not is_month_locked(month)
    errors: list[str] = []
    if request.method == "POST":
        if not editable:
            raise Http404
        values, errors = _grid_values(request.POST, persons, plan, kpis, stored)
        if not errors:
            try:
                saver = services.save_targets if kind == "targets" else services.save_manual_actuals
                changed = saver(month=month, values=values, by=request.user)
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(request, _("%(count)s value(s) saved.") % {"count": changed})
                query = request.GET.urlencode()
                return redirect(f"{reverse('kpi:targets')}?{query}")
    # One table per template: its people and its KPIs (a single grid of every template's KPIs
    # is mostly empty cells and far too wide).
    groups: dict = {}
    rows = []
    for person in persons:
        template = plan.get(person.id)
        key = template.id if template else None
        if key not in groups:
            columns = [item.kpi for item in template.items.all()] if template else []
            if kind == "actuals":
                columns = [kpi for kpi in columns if kpi.source == "manual"]
            groups[key] = {"template": template, "kpis": columns, "rows": []}
        group = groups[key]
        cells = [
            {
                "kpi": kpi,
                "name": f"v-{person.id}-{kpi.id}",
                "value": stored.get((person.id, kpi.id)),
                "text": plain_number(stored.get((person.id, kpi.id))),
            }
            for kpi in group["kpis"]
        ]
        row = {"person": person, "template": template, "cells": cells}
        group["rows"].append(row)
        rows.append(row)
    ordered = sorted(
        groups.values(), key=lambda g: (not g["kpis"], g["template"].code if g["template"] else "")
    )
    return render(
        request,
        "kpi/targets.html",
        {
            "kind": kind,
            "keep": [("kind", kind)],
            "keep_team": team,
            "month": month,
            "previous": format_month(add_months(month, -1)),
            "next": format_month(add_months(month, 1)),
            "filter_form": filter_form,
            "team": team,
            "kpis": kpis,
            "rows": rows,
            "groups": [g for g in ordered if g["kpis"]],
            "without": [row["person"] for g in ordered if not g["kpis"] for row in g["rows"]],
            "page": page,
            "editable": editable,
            "locked": is_month_locked(month),
            "errors": errors,
            "can_configure": can_configure(request.user),
        },
    )


def plain_number(value: Decimal | None) -> str:
    """500000000.0000 → '500000000', 2.5000 → '2.5' (for an input's value)."""
    if value is None:
        return ""
    return format(value.normalize(), "f")


def _grid_values(post, persons, plan, kpis, stored):
    """The changed cells of the grid: {(salesman_id, kpi_id): value or None}, and problems."""
    values, errors = {}, []
    for person in persons:
        template = plan.get(person.id)
        on_card = {item.kpi_id for item in template.items.all()} if template else set()
        for kpi in kpis:
            name = f"v-{person.id}-{kpi.id}"
            if name not in post or kpi.id not in on_card:
                continue
            text = post[name].strip()
            value = None
            if text:
                try:
                    value = Decimal(text.replace(",", "."))
                except InvalidOperation:
                    errors.append(
                        _("%(person)s, %(kpi)s: %(value)s is not a number.")
                        % {"person": person.code, "kpi": kpi.code, "value": text}
                    )
                    continue
                if not value.is_finite() or value != value.quantize(Decimal("0.0001")):
                    errors.append(
                        _("%(person)s, %(kpi)s: at most 4 decimal places.")
                        % {"person": person.code, "kpi": kpi.code}
                    )
                    continue
            old = stored.get((person.id, kpi.id))
            if value != old:
                values[(person.id, kpi.id)] = value
    return values, errors


@login_required
def breakdown(request):
    """Break a company or team target down by history share; the manager edits, then saves."""
    require_configurer(request.user)
    teams = teams_visible_to(request.user)
    source = request.POST if request.method == "POST" else request.GET
    form = BreakdownForm(source or None, teams=teams, initial={"history_months": 3})
    proposal = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        people = scored_people_visible_to(request.user)
        if data["team"]:
            people = people.filter(team=data["team"])
        proposal = services.propose_breakdown(
            kpi=data["kpi"],
            month=data["month"],
            total=data["total"],
            salesmen=people,
            history_months=data["history_months"],
        )
        if request.method == "POST":
            for line in (line for team in proposal for line in team.lines):
                # shown again as typed if the form comes back with a problem
                line.entered = request.POST.get(f"p-{line.salesman_id}")
            allowed = {line.salesman_id for team in proposal for line in team.lines}
            values, bad = {}, []
            for sid in allowed:
                if f"p-{sid}" not in request.POST:
                    continue  # a line the form did not send is left as it is
                text = request.POST[f"p-{sid}"].strip()
                try:
                    value = Decimal(text) if text else None
                except InvalidOperation:
                    bad.append(text)
                    continue
                if value is not None and (not value.is_finite() or value < 0):
                    bad.append(text)
                    continue
                values[(sid, data["kpi"].id)] = value
            if bad:
                form.add_error(None, _("Not a number: %(values)s") % {"values": ", ".join(bad)})
            else:
                try:
                    services.save_targets(
                        month=data["month"],
                        values=values,
                        by=request.user,
                        note=_("breakdown of %(total)s") % {"total": data["total"]},
                    )
                except ValidationError as exc:
                    form.add_error(None, exc)
                else:
                    saved = sum(v for v in values.values() if v is not None)
                    messages.success(
                        request,
                        _("Targets saved: %(count)s salesmen, %(sum)s in total.")
                        % {"count": len(values), "sum": saved},
                    )
                    return redirect(f"{reverse('kpi:targets')}?month={format_month(data['month'])}")
    return render(request, "kpi/breakdown.html", {"form": form, "proposal": proposal})


# --- Scorecards ---------------------------------------------------------------------------------


@login_required
def scorecard_table(request):
    month = _month_from(request, request.user)
    teams = teams_visible_to(request.user)
    filter_form = MonthTeamForm(
        {"month": format_month(month), "team": request.GET.get("team") or None}, teams=teams
    )
    cards = scorecards_visible_to(request.user).filter(month=month)
    team = filter_form.cleaned_data.get("team") if filter_form.is_valid() else None
    if team:
        cards = cards.filter(salesman__team=team)
    table = ScorecardTable(cards)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request,
        "kpi/scorecard_table.html",
        {
            "table": table,
            "filter_form": filter_form,
            "keep_team": team,
            "month": month,
            "previous": format_month(add_months(month, -1)),
            "next": format_month(add_months(month, 1)),
            "can_configure": can_configure(request.user),
            "locked": is_month_locked(month),
        },
    )


@login_required
@require_POST
def scorecard_compute(request):
    """Recompute the month's scorecards of the people in the manager's scope."""
    require_configurer(request.user)
    month = _month_from(request, request.user)
    ids = list(scored_people_visible_to(request.user).values_list("id", flat=True))
    try:
        count = services.compute_scorecards(month=month, salesman_ids=ids)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(count)s scorecard(s) computed for %(month)s.")
            % {"count": count, "month": format_month(month)},
        )
    return redirect(f"{reverse('kpi:scorecards')}?month={format_month(month)}")


@login_required
def my_scorecard(request):
    person = scored_people_visible_to(request.user).filter(user=request.user).first()
    if person is None:
        return redirect("kpi:scorecards")
    return redirect(
        "kpi:scorecard", code=person.code, month=format_month(default_month(request.user))
    )


@login_required
def scorecard_detail(request, code, month=None):
    person = get_visible_or_404(
        request.user, scored_people_visible_to(request.user), salesman_field="pk", code=code
    )
    if month is None:
        # The month picker without JavaScript sends ?month=YYYY-MM here.
        wanted = request.GET.get("month") or format_month(current_month())
        return redirect("kpi:scorecard", code=code, month=wanted)
    try:
        month_date = parse_month(month)
    except ValueError as exc:
        raise Http404 from exc
    card = (
        scorecards_with_rows(scorecards_visible_to(request.user))
        .filter(salesman=person, month=month_date)
        .first()
    )
    rows = list(card.rows.all()) if card else []
    kra_names = {kra.name: kra.display_name for kra in KRA.objects.all()}
    for row in rows:
        row.kra_label = kra_names.get(row.kra, row.kra)  # the snapshot keeps the English key
    months = list(
        scorecards_visible_to(request.user)
        .filter(salesman=person)
        .order_by("-month")
        .values_list("month", flat=True)[:24]
    )
    return render(
        request,
        "kpi/scorecard_detail.html",
        {
            "person": person,
            "card": card,
            "rows": rows,
            "weight_total": sum((row.weight for row in rows), Decimal(0)),
            "month": month_date,
            "months": [format_month(m) for m in months],
            "previous": format_month(add_months(month_date, -1)),
            "next": format_month(add_months(month_date, 1)),
            "template": services.template_for(person),
            "can_configure": can_configure(request.user),
            "locked": is_month_locked(month_date),
        },
    )


# --- Score a sheet ------------------------------------------------------------------------------


SHEET_ROWS = 10


@login_required
def score_a_sheet(request):
    """Type a sheet's rows and see skor / skor akhir. With JavaScript the page asks the preview
    API as you type; without, the form posts here and the page shows the same result."""
    rows, result, errors = [], None, []
    source = request.POST
    example = SHEET_EXAMPLES.get(request.GET.get("example", ""))
    if request.method == "GET" and example:
        source = _example_data(example)
    rounding = source.get("rounding", "exact")
    for index in range(SHEET_ROWS):
        prefix = f"r{index}-"
        rows.append(
            {
                "index": index,
                **{
                    key: source.get(prefix + key, "")
                    for key in ("kpi", "weight", "direction", "target", "actual", "cap", "floor")
                },
            }
        )
    if request.method == "POST":
        if rounding not in ("exact", "row"):
            errors.append(_("rounding: choose exact or row."))
        sheet = []
        for row in rows:
            if not row["kpi"] and not row["weight"]:
                continue
            try:
                sheet.append(
                    SheetRow(
                        kpi=row["kpi"] or f"#{row['index'] + 1}",
                        weight=_number(row["weight"], required=True),
                        direction=row["direction"] or "higher",
                        target=_number(row["target"]),
                        actual=_number(row["actual"]),
                        cap=_number(row["cap"]),
                        floor=_number(row["floor"]),
                    )
                )
            except (InvalidOperation, ValueError):
                errors.append(
                    _("Row %(row)s: weight, target, actual, cap and floor must be numbers.")
                    % {"row": row["index"] + 1}
                )
        for line in sheet:
            if line.cap is not None and line.floor is not None and line.floor > line.cap:
                errors.append(_("%(kpi)s: the floor cannot be above the cap.") % {"kpi": line.kpi})
        if not errors and sheet:
            try:
                result = score_sheet(sheet, rounding)
            except ScoringError as exc:
                errors.append(str(exc))
        if result:
            by_kpi = iter(result.rows)
            for row in rows:
                if row["kpi"] or row["weight"]:
                    row["result"] = next(by_kpi)
    return render(
        request,
        "kpi/sheet.html",
        {"rows": rows, "result": result, "errors": errors, "rounding": rounding},
    )


def _sheet_examples() -> dict:
    from .demo import MANAGER_SHEET, SALESMAN_SHEET, SUPERVISOR_SHEET

    return {"salesman": SALESMAN_SHEET, "supervisor": SUPERVISOR_SHEET, "manager": MANAGER_SHEET}


SHEET_EXAMPLES = _sheet_examples()


def _example_data(sheet) -> dict:
    """The form data of one of DOMAIN.md's seed sheets (row-rounded, as the articles print)."""
    data = {"rounding": "row"}
    for index, (
        _code,
        _name_id,
        name_en,
        _kra,
        _unit,
        direction,
        weight,
        cap,
        target,
        actual,
    ) in enumerate(sheet):
        data |= {
            f"r{index}-kpi": name_en,
            f"r{index}-weight": str(weight),
            f"r{index}-direction": direction,
            f"r{index}-target": target,
            f"r{index}-actual": actual,
            f"r{index}-cap": "" if cap is None else str(cap),
        }
    return data


def _number(text: str, *, required: bool = False):
    text = (text or "").strip().replace(",", ".")
    if not text:
        if required:
            raise ValueError("required")
        return None
    value = Decimal(text)
    if not value.is_finite():
        raise ValueError("not finite")
    return value
