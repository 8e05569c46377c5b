"""Reads of payout runs and statements that depend on who asks (pages, API and export alike).

- runs: managers (lines of their teams' people only), HR and admin (everything); anyone else
  sees no run at all (404).
- statements: a salesman his own; a supervisor or manager their people's; HR and admin all.
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from incentives import engine, wording
from incentives.corrections.carry import line_text as carry_text
from incentives.corrections.restatement import line_text as restatement_text
from incentives.engine.features import factors_phrase
from incentives.models import PayoutLine, PayoutRun, PayoutStatement, RunStatus
from incentives.payouts.explain import explain
from org import policy
from org.models import Salesman, User
from org.policy import RunAccess, StatementAccess
from org.visibility import get_visible_or_404, person_seen_over_time_or_404, visible_to
from spm import formats as fmt
from spm.months import parse_month

_ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=18, decimal_places=0))


def _number(value) -> str:
    value = Decimal(str(value)).normalize()
    return fmt.number(value, max(0, -value.as_tuple().exponent))


def reached_text(line: PayoutLine) -> str:
    """What the line reached, in the active language (the stored `reached` is the engine's
    English), said by its rule type; anything unexpected keeps the stored text."""
    detail = line.detail or {}
    try:
        if not line.reached:
            return ""
        if line.type == "cap":
            if detail.get("cap") is not None:
                return _("cap %(cap)s") % {"cap": fmt.rupiah(detail["cap"])}
        elif line.type in engine.RULE_TYPES:
            text = engine.rule_type(line.type).reached_text(line, wording.say_plain())
            if text is not None:
                return text
    except (ArithmeticError, TypeError, ValueError):
        pass
    return line.reached


def is_multiplied(line_type: str) -> bool:
    """Whether lines of this type are multiplied by the level multiplier (its rule type's
    flag; caps and adjustments are not)."""
    return line_type in engine.RULE_TYPES and engine.rule_type(line_type).multiplied


def explained(line: PayoutLine) -> PayoutLine:
    """Attach `line.explained`: the rule line's explanation in the active language (from the
    engine's stored status and detail), else the stored text (adjustments, older lines); and
    `line.reached_text`, what it reached, in the same language."""
    line.explained = line.explanation
    line.reached_text = reached_text(line)
    line.multiplied = is_multiplied(line.type)
    line.label = wording.line_label(line)
    if line.type == "adjustment" and line.adjustment_id:
        line.explained = _adjustment_text(line.adjustment)
    elif line.type == "restatement" and line.detail:
        line.label, line.explained = restatement_text(line.detail)
    elif line.type == "carry_forward" and line.detail:
        line.label, line.explained = carry_text(line.detail)
    elif line.status:
        try:
            line.explained = explain(line)
        except (KeyError, TypeError, ValueError, ArithmeticError):
            line.explained = line.explanation
    return line


def _adjustment_text(adjustment) -> str:
    """An adjustment line said in the reader's language (the stored text is in the language of
    whoever added it)."""
    who = adjustment.created_by.username if adjustment.created_by else "–"
    corrects = (
        _(" (corrects %(month)s)") % {"month": fmt.month_label(adjustment.for_month)}
        if adjustment.for_month
        else ""
    )
    return _("Adjustment by %(who)s%(corrects)s: %(reason)s") % {
        "who": who,
        "corrects": corrects,
        "reason": adjustment.reason,
    }


def _scoped_lines(user: User) -> QuerySet[PayoutLine]:
    return visible_to(user, PayoutLine.objects.all())


def runs_visible_to(user: User) -> QuerySet[PayoutRun]:
    """The runs a user may open, each annotated with the total, people and line counts of the
    lines he may see (a manager's totals are his people's, not the company's)."""
    runs = _runs_without_totals(user)
    lines = _scoped_lines(user).filter(run=OuterRef("pk"))
    statements = visible_to(user, PayoutStatement.objects.all()).filter(run=OuterRef("pk"))
    total = lines.order_by().values("run").annotate(total=Sum("amount")).values("total")
    line_count = lines.order_by().values("run").annotate(n=Count("id")).values("n")
    people = statements.order_by().values("run").annotate(n=Count("id")).values("n")
    approved = (
        statements.filter(approved_at__isnull=False)
        .order_by()
        .values("run")
        .annotate(n=Count("id"))
        .values("n")
    )
    return runs.annotate(
        total=Coalesce(Subquery(total), _ZERO),
        line_count=Coalesce(Subquery(line_count), 0),
        people=Coalesce(Subquery(people), 0),
        approved_people=Coalesce(Subquery(approved), 0),
    ).order_by("-month")


def run_or_404(user: User, period: str, *, totals: bool = True) -> PayoutRun:
    """The run of `period` if `user` may open it, else 404. `totals`: with the sums of the
    lines he sees (`runs_visible_to`); without them (the review sums its own, an approval
    needs none) the run alone, which for a manager saves summing his people's lines."""
    try:
        month = parse_month(period)
    except ValueError as exc:
        raise Http404 from exc
    runs = runs_visible_to(user) if totals else _runs_without_totals(user)
    try:
        return runs.get(month=month)
    except PayoutRun.DoesNotExist as exc:
        raise Http404 from exc


def _runs_without_totals(user: User) -> QuerySet[PayoutRun]:
    """The runs `user` may open (all or none: a run holds everyone; what he sees of it is
    scoped line by line), without sums."""
    if not policy.may_see_runs(user):
        return PayoutRun.objects.none()
    return PayoutRun.objects.select_related("approved_by", "locked_by")


def _open_for_approval(run: PayoutRun) -> bool:
    return run.status == RunStatus.DRAFT and run.computed_at is not None


def waiting_for(user: User, run: PayoutRun) -> QuerySet[PayoutStatement]:
    """The statements of `run` that wait for `user`'s approval (his people's, not his own)."""
    return run.statements.filter(
        approved_at__isnull=True,
        salesman__in=policy.approvable_salesmen(user).values("id"),
    )


def run_approvers(run: PayoutRun) -> set[int]:
    """The ids of everyone who approved a statement of `run` (or the run itself)."""
    ids = set(
        run.statements.filter(approved_by__isnull=False)
        .order_by()
        .values_list("approved_by", flat=True)
        .distinct()
    )
    if run.approved_by_id is not None:
        ids.add(run.approved_by_id)
    return ids


def run_for_user(user: User, period: str, *, totals: bool = True) -> tuple[PayoutRun, RunAccess]:
    """The run of `period` with what `user` may do to it now; 404 outside his scope. He may
    approve while statements of his people wait (or, for a computed run without any statement,
    approve it outright), lock an approved run if he locks runs, and add adjustments.
    `totals`: as `run_or_404`."""
    run = run_or_404(user, period, totals=totals)
    to_approve = 0
    may_approve = False
    if _open_for_approval(run) and policy.may_approve_runs(user):
        to_approve = waiting_for(user, run).count()
        may_approve = to_approve > 0 or not run.statements.exists()
    may_lock = policy.may_lock_runs(user) and run.status == RunStatus.APPROVED
    four_eyes = False
    if may_lock:
        four_eyes = not policy.may_lock_run_approved_by(user, run_approvers(run))
    access = RunAccess(
        may_approve=may_approve,
        may_lock=may_lock and not four_eyes,
        may_adjust=policy.may_adjust_payouts(user),
        to_approve=to_approve,
        four_eyes=four_eyes,
    )
    return run, access


def statement_for_user(
    user: User, period: str, code: str
) -> tuple[PayoutStatement, StatementAccess]:
    """One salesman's statement of `period` with what `user` may do to it now; 404 when the
    salesman is outside his scope or has no statement that month."""
    try:
        month = parse_month(period)
    except ValueError as exc:
        raise Http404 from exc
    statements = PayoutStatement.objects.select_related(
        "run", "salesman__team", "salesman__user", "approved_by"
    )
    statement = get_visible_or_404(user, statements, run__month=month, salesman__code=code)
    may_approve = (
        _open_for_approval(statement.run)
        and statement.approved_at is None
        and policy.may_approve_statement_of(user, statement.salesman_id)
    )
    return statement, StatementAccess(
        may_approve=may_approve,
        may_adjust=policy.may_adjust_payouts(user),
    )


@dataclass
class StatementView:
    """One salesman's part of a run, ready for a page or a serializer."""

    run: PayoutRun
    salesman: Salesman
    statement: PayoutStatement | None
    lines: list[PayoutLine] = field(default_factory=list)
    access: StatementAccess | None = None

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal(0))

    @property
    def rewards(self) -> list[str]:
        return [line.reward for line in self.lines if line.reward]

    @property
    def is_final(self) -> bool:
        return self.run.status == RunStatus.LOCKED

    @property
    def how(self) -> list[str]:
        """How the month was computed, in the active language: the plan, the level multiplier,
        the gate, and the order of multiplying, rounding and the cap (docs/contracts.md)."""
        return how_computed(self.statement, self.lines)


def _plan_gate(statement: PayoutStatement, plan_code: str) -> Decimal | None:
    """The gate of the plan as the run was computed with it (`RunPlan`, stored at the close),
    never the plan as edited since: a locked month explains itself from what was stored."""
    if statement.run_id is None:
        return None
    run = statement.run
    documents = getattr(run, "_plan_documents", None)
    if documents is None:
        documents = dict(run.plans.values_list("plan_code", "document"))
        run._plan_documents = documents
    if plan_code not in documents:
        return None
    gate = json.loads(documents[plan_code], parse_float=Decimal).get("gate_total_score")
    return None if gate is None else Decimal(str(gate))


def how_computed(statement: PayoutStatement | None, lines: list[PayoutLine]) -> list[str]:
    """Sentences that say what the statement's lines did with the plan-level options. Read
    from the stored lines (the month's snapshot); a reached gate's threshold from the plan
    document stored with the run."""
    if statement is None or not statement.plan_code:
        return []
    plans = [code.strip() for code in statement.plan_code.split(",") if code.strip()]
    notes = [
        ngettext(
            "Plan %(plans)s, level %(level)s.", "Plans %(plans)s, level %(level)s.", len(plans)
        )
        % {"plans": ", ".join(plans), "level": statement.level}
    ]
    multiplied = [line for line in lines if is_multiplied(line.type)]
    if multiplied:
        # Gated lines carry the multiplier but not whether the plan lists the level.
        line = next((m for m in multiplied if "level_listed" in (m.detail or {})), multiplied[0])
        detail = line.detail or {}
        listed = detail.get("level_listed")
        if listed is None:
            listed = line.multiplier is not None and line.multiplier != 1
        if listed:
            notes.append(
                _(
                    "Level %(level)s multiplies the tiers, step, per-unit and rate lines by "
                    "%(m)s; OKR bonus and ranking lines are not multiplied."
                )
                % {"level": statement.level, "m": _number(line.multiplier)}
            )
        else:
            notes.append(
                _("Level %(level)s: multiplier 1 (the plan lists no multiplier for it).")
                % {"level": statement.level}
            )
    score = "–" if statement.total_score is None else fmt.number(statement.total_score, 2)
    for code in plans:
        if any(line.status == "gate" and line.plan_code == code for line in lines):
            notes.append(
                _(
                    "The gate of %(plan)s was not reached (total score %(score)s): tiers, "
                    "step, per-unit, rate and reward rules pay nothing; OKR bonus and ranking "
                    "rules still pay."
                )
                % {"plan": code, "score": score}
            )
            continue
        gate = _plan_gate(statement, code)
        reached = gate is not None and statement.total_score is not None
        if reached and statement.total_score >= gate:
            notes.append(
                _("Gate of %(plan)s reached: total score %(score)s ≥ %(gate)s; every rule may pay.")
                % {"plan": code, "score": score, "gate": fmt.number(gate, 2)}
            )
    for code in plans:
        # The plan's entry ticket (multipliers) as its lines carry it (engine/features.py).
        factored = next(
            (
                line
                for line in lines
                if line.plan_code == code and (line.detail or {}).get("factors")
            ),
            None,
        )
        if factored is not None:
            notes.append(
                _("%(plan)s: %(factors)s on the tiers, step, per-unit and rate lines.")
                % {"plan": code, "factors": factors_phrase(factored.detail, wording.say())}
            )
    notes.append(
        _(
            "Each line's amount is computed, multiplied, then rounded to whole Rupiah half "
            "up; the lines are summed; the plan cap applies last."
        )
    )
    cap = next((line for line in lines if line.type == "cap"), None)
    if cap is not None and (cap.detail or {}).get("cap") is not None:
        notes.append(
            _("The plan cap limits the month's cash lines to %(cap)s.")
            % {"cap": fmt.rupiah(cap.detail["cap"])}
        )
    return notes


def run_statement_rows(user: User, run: PayoutRun, *, search: str = "") -> QuerySet:
    """The run's statements the user may see (optionally searched), ordered by salesman code;
    pages paginate these and attach the lines of the page only (`with_lines`)."""
    statements = visible_to(user, run.statements.select_related("salesman", "approved_by"))
    statements = statements.order_by("salesman__code")
    if search:
        statements = statements.filter(
            Q(salesman__code__icontains=search)
            | Q(salesman__name__icontains=search)
            | Q(team_name__icontains=search)
        )
    return statements


def with_lines(user: User, run: PayoutRun, statements) -> list[StatementView]:
    """StatementViews for `statements` with their lines (explained) attached."""
    views = {s.salesman_id: StatementView(run, s.salesman, s) for s in statements}
    lines = list(
        visible_to(user, run.lines.all())
        .filter(salesman_id__in=list(views))
        .select_related("adjustment__created_by")
        .order_by("salesman__code", "position", "id")
    )
    for line in named(lines):
        view = views[line.salesman_id]
        line.salesman = view.salesman  # already loaded with the statement: no query per line
        view.lines.append(explained(line))
    return list(views.values())


def named(lines: list[PayoutLine]) -> list[PayoutLine]:
    """Attach `line.kpi_name`: the line's KPI (or metric) in the reader's language."""
    names = kpi_names({line.kpi for line in lines if line.kpi})
    for line in lines:
        line.kpi_name = names.get(line.kpi, line.kpi or "")
    return lines


def restated_lines(user: User, run: PayoutRun, *, salesman: Salesman | None = None) -> list:
    """The restated version of a locked run, beside what was paid: every `RestatedLine` of the
    people the user sees (optionally one person), with the run that paid the difference
    (incentives/corrections/). One query."""
    from incentives.corrections.models import RestatedLine

    lines = RestatedLine.objects.filter(restatement__run=run)
    if salesman is not None:
        lines = lines.filter(salesman=salesman)
    lines = visible_to(user, lines).select_related("restatement__paid_in", "salesman")
    rows = list(lines.order_by("restatement__paid_in__month", "salesman__code", "rule_code"))
    for row in rows:
        row.difference = row.amount - row.paid
    return rows


def run_total(user: User, run: PayoutRun) -> Decimal:
    return visible_to(user, run.lines.all()).aggregate(total=Coalesce(Sum("amount"), _ZERO))[
        "total"
    ]


def salesman_for_statement(user: User, code: str) -> Salesman:
    """The salesman whose statements `user` may read (also a former member of his teams, for
    the months they shared: `statement_months(..., user=)`), or 404."""
    return person_seen_over_time_or_404(user, code)


def statement_or_404(user: User, code: str, period: str) -> StatementView:
    statement, access = statement_for_user(user, period, code)
    salesman = statement.salesman
    lines = PayoutLine.objects.filter(run=statement.run, salesman=salesman)
    lines = lines.select_related("adjustment__created_by").order_by("position", "id")
    lines = [explained(line) for line in named(list(lines))]
    return StatementView(statement.run, salesman, statement, lines, access)


def kpi_names(codes: set[str]) -> dict[str, str]:
    """The reader's-language names of KPI codes (a rule's `kpi` may also name a metric of the
    catalogue, or a ranking's metric); unknown codes are left out."""
    from kpi.models import KPIDefinition
    from outlets.metrics import METRICS

    names = {code: METRICS[code].label for code in codes if code in METRICS}
    for kpi in KPIDefinition.objects.filter(code__in=codes):
        names[kpi.code] = kpi.display_name
    return names


def statement_months(salesman: Salesman, *, user: User | None = None) -> list[dict]:
    """Every month the salesman has a statement in, newest first, with its total and status;
    with `user`, only the months that user sees (people over time: a former supervisor sees the
    months they shared)."""
    lines = PayoutLine.objects.filter(salesman=salesman)
    statements = PayoutStatement.objects.filter(salesman=salesman)
    if user is not None:
        lines, statements = visible_to(user, lines), visible_to(user, statements)
    totals = {
        row["run"]: row["total"]
        for row in lines.order_by().values("run").annotate(total=Sum("amount"))
    }
    months = []
    for statement in statements.select_related("run").order_by("-run__month"):
        months.append(
            {
                "month": statement.run.month,
                "period": statement.run.period,
                "status": statement.run.status,
                "status_display": statement.run.get_status_display(),
                "total": totals.get(statement.run_id, Decimal(0)),
            }
        )
    return months
