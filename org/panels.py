"""The home page's panels: each app registers its own from its `AppConfig.ready()`.

A panel is a function `panel(request) -> tuple[str, dict] | None`: a template name and its
context, or None when it has nothing to show to this user. Panels appear by their `order`
(lowest first): KPI scorecard 10, incentive statement 20, OKRs 30, team metrics 40.
"""

from collections.abc import Callable

Panel = Callable[..., tuple[str, dict] | None]

_panels: dict[str, tuple[int, Panel]] = {}


def register(panel: Panel, *, order: int) -> Panel:
    """Add `panel` to the home page at `order`. Registering the same function again (a second
    `ready()` in tests) replaces it rather than showing it twice."""
    _panels[f"{panel.__module__}.{panel.__qualname__}"] = (order, panel)
    return panel


def home_panels(request) -> list[tuple[str, dict]]:
    """The panels that have something to show to `request.user`, in order."""
    result = []
    for _order, panel in sorted(_panels.values(), key=lambda entry: entry[0]):
        shown = panel(request)
        if shown is not None:
            result.append(shown)
    return result
