"""OKR pages: the tree of a cycle, objective pages, check-ins, and the managers' editing.

Every page starts from `okr.selectors` (visibility): an objective outside the user's scope is
404. A visible objective that the user may not change answers 403 on the change pages.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from org import policy
from org.audit import history_of

from . import selectors, services
from .filters import ObjectiveFilter
from .forms import CheckInForm, CycleForm, KeyResultForm, ObjectiveForm
from .models import Cycle
from .tables import CycleTable, ObjectiveTable


def _require_manager(user) -> None:
    if not policy.may_manage_okrs(user):
        raise PermissionDenied


@login_required
def okr_home(request):
    """The chosen (`?cycle=CODE`) or current cycle's tree; the cycle list when there is none."""
    cycle = Cycle.objects.filter(code=request.GET.get("cycle", "")).first()
    cycle = cycle or selectors.current_cycle(services.today())
    if cycle is None:
        return redirect("okr:cycles")
    return redirect("okr:cycle", code=cycle.code)


@login_required
def cycle_list(request):
    form = None
    if policy.may_manage_okrs(request.user):
        form = CycleForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                cycle = services.create_cycle(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Cycle %(name)s created.") % {"name": cycle.name})
                return redirect("okr:cycle", code=cycle.code)
    elif request.method == "POST":
        raise PermissionDenied
    table = CycleTable(Cycle.objects.all())
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "okr/cycle_list.html",
        {"table": table, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def cycle_tree(request, code):
    cycle = get_object_or_404(Cycle, code=code)
    tree = selectors.objective_tree(request.user, cycle, opened=request.GET.get("open", ""))
    return render(
        request,
        "okr/cycle_tree.html",
        {
            "cycle": cycle,
            "cycles": Cycle.objects.order_by("-start"),
            "roots": tree.roots,
            "tree": tree,
            "unaligned": selectors.UNALIGNED,
        },
    )


@login_required
def objective_list(request):
    objectives = selectors.with_key_results(selectors.objectives_visible_to(request.user))
    object_filter = ObjectiveFilter(request.GET, queryset=objectives, user=request.user)
    table = ObjectiveTable(object_filter.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "okr/objective_list.html",
        {
            "filter": object_filter,
            "table": table,
        },
    )


@login_required
def objective_detail(request, code):
    objective = selectors.get_objective_or_404(request.user, code)
    key_results = list(objective.key_results.all())
    for key_result in key_results:
        key_result.history = list(selectors.check_ins_of(key_result))
    children = selectors.with_key_results(
        selectors.objectives_visible_to(request.user).filter(parent=objective)
    ).order_by("level", "code")
    parent = None
    if objective.parent_id:
        parent = (
            selectors.objectives_visible_to(request.user).filter(pk=objective.parent_id).first()
        )
    return render(
        request,
        "okr/objective_detail.html",
        {
            "objective": objective,
            "key_results": key_results,
            "children": children,
            "parent": parent,
            "participants": objective.participants.order_by("name"),
            "history": history_of(objective),
            "can_check_in": policy.may_check_in(request.user, objective),
        },
    )


def _objective_form_page(request, form, objective=None):
    if request.method == "POST" and form.is_valid():
        instance = form.save(commit=False)
        try:
            services.save_objective(
                objective=instance,
                participants=list(form.cleaned_data["participants"]),
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Objective saved."))
            return redirect("okr:objective", code=instance.code)
    return render(
        request,
        "okr/objective_form.html",
        {"form": form, "objective": objective},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def objective_create(request):
    _require_manager(request.user)
    visible = selectors.objectives_visible_to(request.user)
    initial = {}
    cycle = Cycle.objects.filter(code=request.GET.get("cycle", "")).first()
    if cycle:
        initial["cycle"] = cycle
    parent = visible.filter(code=request.GET.get("parent", "")).first()
    if parent:
        initial["parent"] = parent
        initial["cycle"] = initial.get("cycle", parent.cycle)
    form = ObjectiveForm(
        request.POST or None, initial=initial, user=request.user, objectives=visible
    )
    return _objective_form_page(request, form)


@login_required
def objective_edit(request, code):
    objective = selectors.get_objective_or_404(request.user, code)
    _require_manager(request.user)
    form = ObjectiveForm(
        request.POST or None,
        instance=objective,
        user=request.user,
        objectives=selectors.objectives_visible_to(request.user),
    )
    return _objective_form_page(request, form, objective)


def _key_result_form_page(request, form, objective, key_result=None):
    if request.method == "POST" and form.is_valid():
        instance = form.save(commit=False)
        instance.objective = objective
        try:
            services.save_key_result(key_result=instance, by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Key result saved."))
            return redirect("okr:objective", code=objective.code)
    return render(
        request,
        "okr/key_result_form.html",
        {"form": form, "objective": objective, "key_result": key_result},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def key_result_create(request, code):
    objective = selectors.get_objective_or_404(request.user, code)
    _require_manager(request.user)
    initial = {"position": objective.key_results.count() + 1}
    form = KeyResultForm(request.POST or None, initial=initial, user=request.user)
    return _key_result_form_page(request, form, objective)


@login_required
def key_result_edit(request, pk):
    key_result = selectors.get_key_result_or_404(request.user, pk)
    _require_manager(request.user)
    form = KeyResultForm(request.POST or None, instance=key_result, user=request.user)
    return _key_result_form_page(request, form, key_result.objective, key_result)


@login_required
@require_POST
def key_result_delete(request, pk):
    key_result = selectors.get_key_result_or_404(request.user, pk)
    _require_manager(request.user)
    objective = key_result.objective
    try:
        services.delete_key_result(key_result=key_result, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Key result removed."))
    return redirect("okr:objective", code=objective.code)


@login_required
def check_in(request, pk):
    key_result = selectors.get_key_result_or_404(request.user, pk)
    objective = key_result.objective
    if not policy.may_check_in(request.user, objective):
        raise PermissionDenied
    initial = {"date": min(services.today(), objective.cycle.end)}
    if key_result.current_value is not None:
        initial["value"] = key_result.current_value.normalize()
    latest = key_result.check_ins.order_by("-date", "-id").first()
    if latest:
        initial["confidence"] = latest.confidence
    form = CheckInForm(request.POST or None, initial=initial, key_result=key_result)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_check_in(
                key_result=key_result,
                by=request.user,
                date=data["date"],
                value=data.get("value"),
                confidence=data["confidence"],
                note=data.get("note", ""),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Check-in recorded."))
            return redirect("okr:objective", code=objective.code)
    return render(
        request,
        "okr/check_in_form.html",
        {
            "form": form,
            "key_result": key_result,
            "objective": objective,
            "history": selectors.check_ins_of(key_result)[:10],
        },
        status=400 if request.method == "POST" else 200,
    )
