"""Payout run pages (managers, HR, admin) and the salesman's statement pages.

Every page starts from `incentives.payouts.selectors`: a run or statement outside the user's scope
answers 404, a salesman or supervisor never sees a run page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from incentives import tasks
from incentives.disputes.selectors import attach_disputes
from incentives.models import RunStatus
from incentives.payouts import export, services
from incentives.payouts.forms import AdjustmentForm, CloseMonthForm
from incentives.payouts.history import run_history
from incentives.payouts.review import review_run
from incentives.payouts.selectors import (
    restated_lines,
    run_for_user,
    run_or_404,
    run_statement_rows,
    run_total,
    runs_visible_to,
    salesman_for_statement,
    statement_months,
    statement_or_404,
    waiting_for,
    with_lines,
)
from incentives.payouts.tables import (
    PayoutRunTable,
    ReviewChangeTable,
    ReviewTeamTable,
    StatementPeopleTable,
)
from org import policy
from org.models import Role
from org.periods import MonthLocked
from org.visibility import salesmen_visible_to
from spm.formats import month_label
from spm.months import parse_month

STATEMENTS_PER_PAGE = 25


def _require_run_pages(user) -> None:
    if not policy.may_see_runs(user):
        raise Http404


@login_required
def run_list(request):
    _require_run_pages(request.user)
    table = PayoutRunTable(runs_visible_to(request.user))
    RequestConfig(request, paginate={"per_page": 24}).configure(table)
    return render(
        request,
        "incentives/run_list.html",
        {"table": table, "close_form": CloseMonthForm()},
    )


@login_required
@require_POST
def run_close(request):
    """Queue the close of a month (HR, manager, admin); the worker writes the draft run."""
    if not policy.may_close_months(request.user):
        raise Http404
    form = CloseMonthForm(request.POST)
    refused = 400
    if form.is_valid():
        month = form.cleaned_data["month"]
        # A locked month or a run past draft is refused on the page, not in the worker's log.
        try:
            tasks.request_close(month=month)
        except (services.PayoutError, MonthLocked) as exc:
            form.add_error("month", str(exc))
            refused = 409
        except services.QueueUnavailable as exc:
            form.add_error("month", str(exc))
            refused = 503
    if not form.is_valid():
        table = PayoutRunTable(runs_visible_to(request.user))
        RequestConfig(request, paginate={"per_page": 24}).configure(table)
        return render(
            request,
            "incentives/run_list.html",
            {"table": table, "close_form": form},
            status=refused,
        )
    messages.info(
        request,
        _("Closing %(month)s: the draft run appears here when it is computed.")
        % {"month": month_label(month)},
    )
    return redirect("incentives:runs")


def _run_context(request, run, access, *, adjustment_form=None):
    search = request.GET.get("q", "").strip()
    statements = run_statement_rows(request.user, run, search=search)
    page = Paginator(statements, STATEMENTS_PER_PAGE).get_page(request.GET.get("page"))
    user = request.user
    # The statements of this page that the "approve my people" button would approve.
    waiting = set(
        waiting_for(user, run)
        .filter(pk__in=[s.pk for s in page.object_list])
        .values_list("pk", flat=True)
        if access.may_approve
        else ()
    )
    page.object_list = with_lines(request.user, run, page.object_list)
    return {
        "run": run,
        "access": access,
        "waiting_for_me": waiting,
        "page": page,
        "search": search,
        "grand_total": run_total(user, run),
        "restated": restated_lines(user, run) if run.status == RunStatus.LOCKED else [],
        "history": run_history(user, run),
        "adjustments": run.adjustments.filter(
            salesman__in=salesmen_visible_to(user).values("id")
        ).select_related("salesman", "created_by"),
        "adjustment_form": adjustment_form
        or AdjustmentForm(salesmen=salesmen_visible_to(user).filter(active=True)),
    }


@login_required
def run_detail(request, period):
    _require_run_pages(request.user)
    run, access = run_for_user(request.user, period)
    return render(request, "incentives/run_detail.html", _run_context(request, run, access))


def _transition(request, period, action):
    _require_run_pages(request.user)
    run = run_or_404(request.user, period, totals=False)
    try:
        action(run=run, by=request.user)
    except (PermissionDenied, services.PayoutError, MonthLocked) as exc:
        messages.error(request, str(exc))
        return redirect("incentives:run", period=run.period)
    return None


@login_required
def run_review(request, period):
    """The review before approving or locking: totals by team and channel, the change against
    the previous month per person, outliers, people without a scorecard, a stale run; then the
    confirmation that names the month, the headcount and the total."""
    _require_run_pages(request.user)
    run, access = run_for_user(request.user, period, totals=False)  # the review sums its own
    review = review_run(run=run, user=request.user)
    table = ReviewChangeTable(review.changes)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    teams = ReviewTeamTable(review.by_team, prefix="team-")
    RequestConfig(request, paginate={"per_page": 25}).configure(teams)
    return render(
        request,
        "incentives/run_review.html",
        {"run": run, "access": access, "review": review, "table": table, "teams": teams},
    )


def _confirmed(request, run) -> bool:
    """The ticked confirmation of the review (or run) page; without it nothing happens."""
    if request.POST.get("confirm") == "yes":
        return True
    messages.error(
        request,
        _("Tick the confirmation box: it names the month, the people and the total you confirm."),
    )
    return False


@login_required
@require_POST
def run_approve(request, period):
    """Approve my people: the statements of the run that wait for this user's approval, once
    the review page's confirmation is ticked."""
    _require_run_pages(request.user)
    if not _confirmed(request, run_or_404(request.user, period, totals=False)):
        return redirect("incentives:run-review", period=period)
    response = _transition(request, period, services.approve_run)
    if response is None:
        run = run_or_404(request.user, period, totals=False)
        if run.status == RunStatus.APPROVED:
            messages.success(
                request,
                _("The payout run of %(month)s is approved.") % {"month": month_label(run.month)},
            )
        else:
            messages.success(
                request,
                _(
                    "Your people's statements of %(month)s are approved; the run stays a draft "
                    "until every statement is approved."
                )
                % {"month": month_label(run.month)},
            )
        response = redirect("incentives:run", period=period)
    return response


@login_required
@require_POST
def run_lock(request, period):
    """Lock for payroll. Irreversible, so the form's confirmation box must be ticked (a plain
    checkbox: it works without JavaScript); without it nothing happens."""
    if request.POST.get("confirm") != "yes":
        _require_run_pages(request.user)
        run = run_or_404(request.user, period, totals=False)
        messages.error(request, _("Tick the confirmation box: locking the run cannot be undone."))
        back = "incentives:run-review" if request.POST.get("back") == "review" else "incentives:run"
        return redirect(back, period=run.period)
    response = _transition(request, period, services.lock_run)
    if response is None:
        messages.success(
            request,
            _("The payout run of %(month)s is locked; the month's data can no longer change.")
            % {"month": month_label(parse_month(period))},
        )
        response = redirect("incentives:run", period=period)
    return response


@login_required
@require_POST
def run_adjust(request, period):
    """Add an adjustment from a run's page; it lands in the first open run from this month."""
    _require_run_pages(request.user)
    run, access = run_for_user(request.user, period)
    if not access.may_adjust:
        raise Http404
    form = AdjustmentForm(request.POST, salesmen=salesmen_visible_to(request.user))
    if form.is_valid():
        try:
            adjustment = services.add_adjustment(
                run=run,
                salesman=form.cleaned_data["salesman"],
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        except (services.PayoutError, PermissionDenied) as exc:
            form.add_error(None, str(exc))
        else:
            target = adjustment.run.period
            messages.success(
                request,
                _("Adjustment for %(name)s added to the %(month)s run.")
                % {
                    "name": adjustment.salesman.name,
                    "month": month_label(adjustment.run.month),
                },
            )
            return redirect("incentives:run", period=target)
    context = _run_context(request, run, access, adjustment_form=form)
    return render(request, "incentives/run_detail.html", context, status=400)


@login_required
def run_export(request, period, fmt):
    """The HR export of the run, scoped to what the user may see."""
    _require_run_pages(request.user)
    run = run_or_404(request.user, period)
    if fmt not in export.FORMATS:
        raise Http404
    lines = request.GET.get("lines") in {"1", "true", "yes"}
    people = salesmen_visible_to(request.user)
    return export.export_response(run=run, fmt=fmt, lines=lines, people=people)


# --- statements ---------------------------------------------------------------------------


@login_required
def my_statements(request):
    """A salesman goes to his own statements; supervisors, managers, HR and admins get the
    people whose statements they may open."""
    profile = policy.own_profile(request.user)
    if profile is not None and policy.sees_only_own(request.user):
        return redirect("incentives:statements", code=profile.code)
    people = salesmen_visible_to(request.user).filter(user__role=Role.SALESMAN)
    search = request.GET.get("q", "").strip()
    if search:
        people = people.filter(Q(code__icontains=search) | Q(name__icontains=search))
    table = StatementPeopleTable(people.order_by("code"))
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(request, "incentives/statement_people.html", {"table": table, "search": search})


@login_required
def statement_list(request, code):
    salesman = salesman_for_statement(request.user, code)
    return render(
        request,
        "incentives/statement_list.html",
        {"salesman": salesman, "months": statement_months(salesman, user=request.user)},
    )


@login_required
def statement_detail(request, code, period):
    view = statement_or_404(request.user, code, period)
    statement_disputes = attach_disputes(request.user, view)
    return render(
        request,
        "incentives/statement.html",
        {
            "view": view,
            "salesman": view.salesman,
            "statement_disputes": statement_disputes,
            "may_raise": policy.may_raise_disputes(request.user),
            "months": statement_months(view.salesman, user=request.user),
            "restated": restated_lines(request.user, view.run, salesman=view.salesman)
            if view.run.status == RunStatus.LOCKED
            else [],
        },
    )
