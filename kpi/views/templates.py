"""The scorecard template pages: list, editor (a form that builds the template document
`kpi.documents` saves), assignments, delete, JSON export and import."""

import json
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from org.audit import history_of
from org.visibility import get_visible_or_404, visible_to
from spm import formats as fmt
from spm.months import current_month, format_month, parse_month

from ..configuration import assign_template
from ..documents import (
    DocumentError,
    delete_template,
    dumps,
    export_template_document,
    save_template_document,
)
from ..forms import TemplateForm, TemplateItemFormSet
from ..models import KPIDefinition, ScorecardTemplate, TemplateVersion
from ..selectors import require_configurer, scored_people_visible_to
from ..tables import TemplateTable
from ..versions import BEGINNING, publish_version, stale_scorecards


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
        if path in ("code", "name", "rounding", "assigned_only", "effective_from", "confirm_moves"):
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
    if request.method == "POST" and template and request.POST.get("publish_version"):
        return _publish(request, template)
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
                "assigned_only": data["assigned_only"],
                **(
                    {"effective_from": format_month(data["effective_from"])}
                    if data["effective_from"]
                    else {}
                ),
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
            draft = "save_draft" in request.POST
            try:
                saved = save_template_document(
                    document=document,
                    by=request.user,
                    publish=not draft,
                    confirm_moves=data["confirm_moves"],
                )
            except DocumentError as exc:
                _apply_document_errors(exc.errors, form, formset)
            else:
                if draft:
                    messages.success(
                        request,
                        _("Template %(code)s saved as a draft version: publish it below.")
                        % {"code": saved.code},
                    )
                    return redirect("kpi:template-edit", code=saved.code)
                messages.success(request, _("Template %(code)s saved.") % {"code": saved.code})
                _say_stale(request)
                return redirect("kpi:templates")
    else:
        form = TemplateForm(instance=template)
        initial = []
        draft = _draft_of(template) if template else None
        if draft is not None:
            # A draft version is edited where it was left; the published one keeps scoring.
            kpis = {
                k.code: k
                for k in KPIDefinition.objects.filter(
                    code__in=[item["kpi"] for item in draft["items"]]
                )
            }
            initial = [
                {
                    "kpi": kpis.get(item["kpi"]),
                    "weight": item["weight"],
                    "cap": item["cap"],
                    "floor": item["floor"],
                }
                for item in draft["items"]
            ]
            form = TemplateForm(
                instance=template,
                initial={
                    "code": template.code,
                    "name": draft["name"],
                    "role": draft["applies_to"]["role"],
                    "channel": draft["applies_to"]["channel"] or "",
                    "rounding": draft["rounding"],
                    "assigned_only": bool(draft.get("assigned_only")),
                },
            )
        elif template:
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
            # The people of other teams assigned to it stay out of sight (org/visibility.py).
            "assignments": (
                visible_to(request.user, template.assignments.select_related("salesman")).order_by(
                    "salesman__code"
                )
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
            "versions": _versions(template) if template else [],
            "asks_to_confirm": "confirm_moves" in form.errors,
        },
    )


def _draft_of(template: ScorecardTemplate) -> dict | None:
    """The document of the template's latest version when it is a draft."""
    latest = template.versions.order_by("-number").first()
    if latest is None or latest.is_published:
        return None
    return json.loads(latest.document, parse_float=Decimal)


def _versions(template: ScorecardTemplate) -> list[dict]:
    """The template's versions, newest first, each with what changed from the one before."""
    result = []
    previous = None
    for version in template.versions.order_by("number"):
        document = json.loads(version.document, parse_float=Decimal)
        weights = {item["kpi"]: item["weight"] for item in document["items"]}
        changes = []
        if previous is not None:
            for kpi, weight in weights.items():
                if kpi not in previous:
                    changes.append(f"+ {kpi} {weight}")
                elif previous[kpi] != weight:
                    changes.append(f"{kpi} {previous[kpi]} → {weight}")
            changes += [
                f"− {kpi} {weight}" for kpi, weight in previous.items() if kpi not in weights
            ]
        result.append(
            {
                "version": version,
                "from_start": version.effective_from == BEGINNING,
                "month": fmt.month_label(version.effective_from) if version.effective_from else "",
                "weights": document["items"],
                "changes": changes,
            }
        )
        previous = weights
    return list(reversed(result))


def _say_stale(request) -> None:
    """After a publication: the month's draft scorecards computed with an earlier version."""
    month = current_month()
    stale = stale_scorecards(month)
    if stale:
        messages.warning(
            request,
            _(
                "%(count)s draft scorecards of %(month)s were computed with an earlier template "
                "version: they are stale until recomputed."
            )
            % {"count": stale, "month": fmt.month_label(month)},
        )


def _publish(request, template: ScorecardTemplate):
    """Publish the template's draft version from the month given (blank: the default)."""
    version = get_object_or_404(
        TemplateVersion, template=template, number=request.POST.get("publish_version")
    )
    effective_from = None
    if request.POST.get("effective_from"):
        try:
            effective_from = parse_month(request.POST["effective_from"])
        except ValueError:
            messages.error(request, _("effective from: give a month YYYY-MM."))
            return redirect("kpi:template-edit", code=template.code)
    try:
        publish_version(version=version, effective_from=effective_from)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(
            request,
            _("Version %(n)s of %(code)s published, in force from %(month)s.")
            % {
                "n": version.number,
                "code": template.code,
                "month": fmt.month_label(version.effective_from),
            },
        )
        _say_stale(request)
    return redirect("kpi:template-edit", code=template.code)


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
    assign_template(salesman=person, template=None if remove else template, by=request.user)
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
