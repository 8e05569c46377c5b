"""Reads that depend on who asks, and the objective outcomes the incentive rules read.

Who sees which objective (the same rule on every page, the API and the home panel):

- company objectives: everyone who is logged in;
- team objectives: the team's people, its supervisor and manager (and the manager above its
  supervisor), HR and admin: exactly `org.visibility.teams_visible_to`;
- person objectives: whoever may see the person (`org.visibility.salesmen_visible_to`).

Anything else answers 404. Who may change what among the objectives a user sees is decided in
`org/policy.py` (`may_manage_okrs`, `may_check_in`).
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from org import visibility
from org.models import Role, User
from org.policy import own_profile
from spm.months import month_end

from . import scoring
from .models import CheckIn, Cycle, KeyResult, Level, Objective
from .scoring import ObjectiveOutcome
from .services import measure_key_result

__all__ = [
    "ObjectiveOutcome",
    "current_cycle",
    "objective_outcomes",
    "objective_tree",
    "objectives_visible_to",
]

LEVEL_ORDER = {Level.COMPANY: 0, Level.TEAM: 1, Level.PERSON: 2}


def objectives_visible_to(user: User) -> QuerySet[Objective]:
    """The objectives this user may see; the rule lives in org/visibility.py."""
    return visibility.objectives_visible_to(user)


def with_key_results(objectives: QuerySet[Objective]) -> QuerySet[Objective]:
    return objectives.prefetch_related(
        Prefetch("key_results", queryset=KeyResult.objects.order_by("position", "id"))
    )


def get_objective_or_404(user: User, code: str) -> Objective:
    try:
        return with_key_results(objectives_visible_to(user)).get(code=code)
    except Objective.DoesNotExist as exc:
        raise Http404 from exc


def key_results_visible_to(user: User) -> QuerySet[KeyResult]:
    return KeyResult.objects.select_related(
        "objective", "objective__cycle", "objective__team", "objective__owner"
    ).filter(objective__in=objectives_visible_to(user).values("id"))


def get_key_result_or_404(user: User, pk: int) -> KeyResult:
    try:
        return key_results_visible_to(user).get(pk=pk)
    except KeyResult.DoesNotExist as exc:
        raise Http404 from exc


def check_ins_of(key_result: KeyResult) -> QuerySet[CheckIn]:
    return key_result.check_ins.select_related("by").order_by("-date", "-id")


def current_cycle(today: date) -> Cycle | None:
    """The cycle to show first: the shortest one running today, else the latest that started,
    else the earliest to come."""
    running = Cycle.objects.filter(start__lte=today, end__gte=today).order_by("end", "-start")
    return (
        running.first()
        or Cycle.objects.filter(start__lte=today).order_by("-start", "end").first()
        or Cycle.objects.order_by("start").first()
    )


# Up to this many objectives the whole tree is shown; above it, the personal objectives are
# folded under their parent ("12 personal objectives"), one parent opened at a time, so the
# page of a national sales force (thousands of personal objectives) stays small.
TREE_UNFOLDED_UP_TO = 300

# `open` value that unfolds the personal objectives aligned to nothing the reader sees.
UNALIGNED = "-"


@dataclass
class TreeNode:
    objective: Objective
    children: list["TreeNode"]
    folded: int = 0  # personal objectives under this node left out (a link opens them)


@dataclass
class Tree:
    roots: list[TreeNode]
    folded: int = 0  # personal objectives aligned to nothing shown, left out
    opened: str = ""  # the objective whose personal objectives are unfolded


def objective_tree(user: User, cycle: Cycle, *, opened: str = "") -> Tree:
    """The cycle's objectives the user sees, nested by alignment: company → team → person.

    An objective whose parent he cannot see, or whose parent belongs to another cycle, is a
    root of the tree (its page still names what it is aligned to). Past
    `TREE_UNFOLDED_UP_TO` objectives, personal objectives are counted, not listed, except the
    reader's own and those under the `opened` objective (`UNALIGNED`: the roots)."""
    visible = objectives_visible_to(user).filter(cycle=cycle)
    shown = visible
    folded_by_parent: dict[int | None, int] = {}
    fold = visible.count() > TREE_UNFOLDED_UP_TO
    if fold:
        person = Q(level=Level.PERSON)
        keep = ~person
        profile = own_profile(user)
        if profile is not None:
            keep |= Q(owner=profile)
        if opened == UNALIGNED:
            keep |= person & (Q(parent__isnull=True) | ~Q(parent__in=visible.values("id")))
        elif opened:
            keep |= person & Q(parent__code=opened)
        shown = visible.filter(keep)
        for parent_id, count in (
            visible.filter(person)
            .exclude(id__in=shown.values("id"))
            .order_by()
            .values_list("parent_id")
            .annotate(n=Count("id"))
        ):
            folded_by_parent[parent_id] = count
    objectives = list(with_key_results(shown).order_by("code"))
    objectives.sort(key=lambda o: (LEVEL_ORDER[o.level], o.code))
    nodes = {o.id: TreeNode(o, []) for o in objectives}
    tree = Tree(roots=[], opened=opened if fold else "")
    for objective in objectives:
        parent = nodes.get(objective.parent_id)
        if parent is not None:
            parent.children.append(nodes[objective.id])
        else:
            tree.roots.append(nodes[objective.id])
    for parent_id, count in folded_by_parent.items():
        if parent_id in nodes:
            nodes[parent_id].folded = count
        else:
            tree.folded += count
    return tree


def own_objectives(user: User, today: date) -> list[Objective]:
    """A sales-force member's objectives in the cycles running today: those he owns or takes
    part in, and his team's."""
    profile = own_profile(user)
    if profile is None:
        return []
    mine = Q(owner=profile) | Q(participants=profile)
    if profile.team_id:
        mine |= Q(level=Level.TEAM, team_id=profile.team_id)
    if user.role == Role.SUPERVISOR:
        mine |= Q(level=Level.TEAM, team__supervisor=user)
    ids = (
        objectives_visible_to(user)
        .filter(mine, cycle__start__lte=today, cycle__end__gte=today)
        .values("id")
    )
    objectives = with_key_results(Objective.objects.filter(id__in=ids)).select_related(
        "cycle", "team", "owner"
    )
    return sorted(objectives, key=lambda o: (o.cycle.end, LEVEL_ORDER[o.level], o.code))


def objective_outcomes(*, codes: set[str], month: date) -> dict[str, ObjectiveOutcome]:
    """The objectives named by `codes`, scored as of the end of `month` or of their cycle,
    whichever comes first. Codes that name no objective are left out.

    Metric-linked key results are measured afresh from the metric snapshot up to that day,
    manual ones take their latest check-in on or before it, so a month's outcome does not
    change when later check-ins arrive."""
    objectives = (
        Objective.objects.filter(code__in=codes)
        .select_related("cycle")
        .prefetch_related("key_results", "participants")
    )
    outcomes = {}
    for objective in objectives:
        as_of = min(month_end(month), objective.cycle.end)
        inputs = [
            scoring.KeyResultInput(
                start=kr.start_value,
                target=kr.target_value,
                direction=kr.direction,
                value=measure_key_result(key_result=kr, as_of=as_of),
                weight=kr.weight,
            )
            for kr in objective.key_results.all()
        ]
        outcomes[objective.code] = ObjectiveOutcome(
            code=objective.code,
            score=scoring.display_score(scoring.objective_score(inputs)),
            cycle_end_month=objective.cycle.end_month,
            participant_ids=frozenset(p.id for p in objective.participants.all()),
        )
    return outcomes
