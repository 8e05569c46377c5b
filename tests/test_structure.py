"""How the project's modules hang together: the pure helpers load without Django or Celery, the
Celery app finds every task, the home panels come from the apps, and no project module imports
another that imports it back (docs/architecture.md)."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("org", "outlets", "kpi", "okr", "incentives", "spm")
PURE = [
    "spm.money",
    "spm.months",
    "spm.numbers",
    "spm.workdays",
    "kpi.scoring",
    "kpi.allocation",
    "kpi.pace",
    "okr.scoring",
    "kpi.gamification.rules",
    "kpi.gamification.document",
]
if (ROOT / "incentives" / "engine" / "__init__.py").exists():
    PURE.append("incentives.engine")


def _run(code: str, *, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_the_pure_helpers_import_without_django_or_celery():
    code = (
        f"import {', '.join(PURE)}; import sys; "
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & {'django', 'celery'}); "
        "print(','.join(loaded))"
    )
    done = _run(code, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_the_celery_app_named_by_the_worker_finds_every_task():
    # What `celery -A spm.celery worker` does: load the app module, then the apps' tasks.
    done = _run(
        "from spm.celery import app; app.loader.import_default_modules(); "
        "print('\\n'.join(sorted(name for name in app.tasks if not name.startswith('celery.'))))"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [
        "incentives.tasks.close_period_task",
        "incentives.tasks.close_previous_month_task",
        "kpi.gamification.tasks.publish_leaderboards_task",
        "kpi.tasks.refresh_current_month_scorecards",
        "kpi.tasks.refresh_month_task",
        "kpi.tasks.warm_overview_pareto",
        "okr.tasks.refresh_key_results",
        "org.tasks.apply_due_assignments_task",
        "org.tasks.count_active_members",
        "outlets.tasks.maintain_partitions",
        "outlets.tasks.refresh_month_to_date",
        "outlets.tasks.run_import_job",
    ]


def test_django_makes_the_project_app_the_current_celery_app():
    from celery import current_app

    from spm.celery import app

    assert current_app._get_current_object() is app


def test_every_app_registers_its_home_panel_in_order():
    from org.panels import _panels

    assert [name for name, _entry in sorted(_panels.items(), key=lambda kv: kv[1][0])] == [
        "incentives.waiting.panel",
        "kpi.dashboard.panel",
        "incentives.dashboard.panel",
        "okr.dashboard.panel",
        "outlets.dashboard.panel",
    ]


def _project_modules() -> dict[str, tuple[Path, bool]]:
    modules = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if "migrations" in parts:
                continue
            package = parts[-1] == "__init__"
            modules[".".join(parts[:-1] if package else parts)] = (path, package)
    return modules


def _imports(name: str, path: Path, package: bool, modules) -> set[str]:
    """The project modules `name` imports, at the top or inside a function (a circle hidden in
    a function is still a circle), except under `if TYPE_CHECKING:`."""
    base = name if package else name.rpartition(".")[0]
    tree = ast.parse(path.read_text())
    skipped = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for statement in block.body
        for node in ast.walk(statement)
    }
    wanted = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            wanted.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module
            if node.level:
                parent = base
                for _ in range(node.level - 1):
                    parent = parent.rpartition(".")[0]
                module = f"{parent}.{node.module}" if node.module else parent
            for alias in node.names:
                full = f"{module}.{alias.name}"
                wanted.add(full if full in modules else module)
    found = set()
    for target in wanted:
        parts = target.split(".")
        for end in range(len(parts), 0, -1):  # the deepest module the name is in
            candidate = ".".join(parts[:end])
            if candidate in modules:
                if candidate != name:
                    found.add(candidate)
                break
    return found


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                group.append(other)
                if other == node:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return circles


def test_the_circle_finder_finds_a_circle_hidden_in_a_function():
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _circles({"a": {"b"}, "b": set()}) == []


@pytest.mark.parametrize("app", APPS)
def test_no_import_circles(app):
    modules = _project_modules()
    graph = {
        name: _imports(name, path, package, modules) for name, (path, package) in modules.items()
    }
    circles = [group for group in _circles(graph) if any(m.split(".")[0] == app for m in group)]
    described = [
        " ; ".join(f"{m} → {', '.join(sorted(graph[m] & set(group)))}" for m in group)
        for group in circles
    ]
    assert described == []
