"""The gamification pages: the manager's editor (boards, badges, levels; JSON import and
export), the leaderboard page, and badges with level history. Thin: forms in, one service or
selector, a template out. Outside the user's scope is 404."""

import json
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from org.periods import MonthLocked
from org.policy import may_configure_kpis, own_profile
from org.visibility import salesmen_visible_to
from spm.months import format_month

from ..dashboard_parts import BATTLE_TEAMS_SHOWN  # as on the overview
from ..selectors import require_configurer
from .document import DocumentError
from .forms import BadgeForm, BoardForm, ImportForm, LevelsForm, SetLevelForm
from .levels import level_in_force, scheme, set_level
from .models import LevelSource
from .selectors import (
    awards_visible_to,
    battle_for,
    best_teams,
    board_view_for,
    boards_for,
    level_history,
    scopes_for,
    today,
)
from .services import export_document, save_document


def _save(request, document) -> bool:
    """Save the edited document; its problems become the page's messages."""
    try:
        save_document(data=document, by=request.user)
    except DocumentError as exc:
        for problem in exc.problems:
            messages.error(request, problem)
        return False
    messages.success(request, _("Gamification saved."))
    return True


@login_required
def setup(request):
    require_configurer(request.user)
    document = export_document()
    return render(
        request,
        "kpi/gamification/setup.html",
        {"document": document, "import_form": ImportForm(), "levels": document.get("levels")},
    )


def _edit_item(request, *, key: str, form_class, code: str | None, template: str):
    require_configurer(request.user)
    document = export_document()
    items = document[key]
    index = next((i for i, item in enumerate(items) if item["code"] == code), None)
    if code is not None and index is None:
        raise Http404
    initial = form_class.initial_for(items[index]) if index is not None else None
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        item = form.item()
        if index is None:
            items.append(item)
        else:
            items[index] = item
        if _save(request, document):
            return redirect("gamification:setup")
    return render(request, template, {"form": form, "code": code})


@login_required
def board_edit(request, code=None):
    return _edit_item(
        request,
        key="boards",
        form_class=BoardForm,
        code=code,
        template="kpi/gamification/board_form.html",
    )


@login_required
def badge_edit(request, code=None):
    return _edit_item(
        request,
        key="badges",
        form_class=BadgeForm,
        code=code,
        template="kpi/gamification/badge_form.html",
    )


@login_required
@require_POST
def item_delete(request, kind: str, code: str):
    """Take a board or badge out of the document (its snapshots and awards are kept)."""
    require_configurer(request.user)
    key = {"board": "boards", "badge": "badges"}.get(kind)
    if key is None:
        raise Http404
    document = export_document()
    kept = [item for item in document[key] if item["code"] != code]
    if len(kept) == len(document[key]):
        raise Http404
    document[key] = kept
    _save(request, document)
    return redirect("gamification:setup")


@login_required
def levels_edit(request):
    require_configurer(request.user)
    document = export_document()
    form = LevelsForm(request.POST or None, initial=LevelsForm.initial_for(document.get("levels")))
    if request.method == "POST" and form.is_valid():
        levels = form.levels()
        if levels is None:
            document.pop("levels", None)
        else:
            document["levels"] = levels
        if _save(request, document):
            return redirect("gamification:setup")
    return render(request, "kpi/gamification/levels_form.html", {"form": form})


@login_required
def export(request):
    require_configurer(request.user)
    text = json.dumps(export_document(), ensure_ascii=False, indent=2) + "\n"
    response = HttpResponse(text, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="gamification.json"'
    return response


@login_required
@require_POST
def import_document(request):
    require_configurer(request.user)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        raw = form.cleaned_data["file"].read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            messages.error(request, _("The file is not UTF-8 text."))
        else:
            _save(request, text)
    else:
        messages.error(request, _("Choose a JSON file to import."))
    return redirect("gamification:setup")


def _as_of(request) -> date:
    text = request.GET.get("as_of")
    if not text:
        return today()
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise Http404 from exc


@login_required
def leaderboards(request):
    """Pick a board and a scope; the rows of the user's scope with their movement."""
    boards = list(boards_for(request.user))
    code = request.GET.get("board")
    board = next((b for b in boards if b.code == code), None) if code else None
    if code and board is None:
        raise Http404
    board = board or (boards[0] if boards else None)
    as_of = _as_of(request)
    context = {
        "boards": boards,
        "board": board,
        "may_edit": may_configure_kpis(request.user),
    }
    battle = battle_for(request.user, as_of.replace(day=1))
    context.update(
        battle=battle,
        battle_teams=best_teams(battle, BATTLE_TEAMS_SHOWN),
        battle_teams_total=len(battle.teams),
    )
    if board is not None:
        scope = request.GET.get("scope") or None
        view = board_view_for(request.user, board, as_of=as_of, scope=scope)
        me = own_profile(request.user)
        page, pinned = _board_page(request, view, me.pk if me else None)
        scopes = scopes_for(request.user, board, limit=SCOPES_LISTED + 1)
        query = request.GET.copy()
        query.pop("page", None)
        query.setdefault("board", board.code)
        context.update(
            page_query=query.urlencode(),
            view=view,
            page=page,
            rows=[*page.object_list, *([pinned] if pinned else [])],
            pinned=pinned,
            scope=scope,
            scopes=scopes[:SCOPES_LISTED],
            scopes_typed=len(scopes) > SCOPES_LISTED,
            me=me.pk if me else None,
        )
    return render(request, "kpi/gamification/leaderboards.html", context)


BOARD_PAGE_ROWS = 50
SCOPES_LISTED = 50  # more teams to pick from: a typed name with suggestions (the teams API)


def _board_page(request, view, me: int | None):
    """A page of the board's rows in rank order (`?page=`, `?per_page=` up to 500), and the
    reader's own row when it is on another page (shown after the page): a channel's board of
    a national sales force holds 16,000 people."""
    try:
        per_page = min(max(int(request.GET.get("per_page", BOARD_PAGE_ROWS)), 1), 500)
    except ValueError:
        per_page = BOARD_PAGE_ROWS
    page = Paginator(view.rows, per_page).get_page(request.GET.get("page"))
    if me is None or any(row.member.pk == me for row in page.object_list):
        return page, None
    return page, view.row_of(me)


@login_required
def badges(request):
    """Badges earned and level history: his own for a salesman, his people's for a leader
    (`?salesman=CODE` narrows to one of them)."""
    people = salesmen_visible_to(request.user)
    code = request.GET.get("salesman")
    person = None
    if code:
        person = people.filter(code=code).first()
        if person is None:
            raise Http404
    elif (me := own_profile(request.user)) is not None and request.user.role == "salesman":
        person = me
    awards = awards_visible_to(request.user, person)[:200]
    context = {"awards": awards, "person": person, "people": people.order_by("code")[:500]}
    if person is not None:
        month = today().replace(day=1)
        context.update(
            history=level_history(person),
            level=level_in_force(person.pk, month),
            scheme=scheme(),
            level_form=SetLevelForm(
                initial={"month": format_month(month), "level": context.get("level")}
            )
            if may_configure_kpis(request.user)
            else None,
        )
    return render(request, "kpi/gamification/badges.html", context)


@login_required
@require_POST
def level_set(request, code: str):
    """A manager's override of a salesman's level from a month on, in the audit trail."""
    require_configurer(request.user)
    person = salesmen_visible_to(request.user).filter(code=code).first()
    if person is None:
        raise Http404
    form = SetLevelForm(request.POST)
    if form.is_valid():
        try:
            set_level(
                salesman=person,
                month=form.cleaned_data["month"],
                level=form.cleaned_data["level"],
                source=LevelSource.MANUAL,
                by=request.user,
            )
        except MonthLocked as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Level saved."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(f"{reverse('gamification:badges')}?salesman={person.code}")
