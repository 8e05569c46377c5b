"""A statement line explained in the user's language.

`incentives.rules` writes each line's explanation in English and carries the same facts in
structured fields (`status`, `detail`, `value`, `multiplier`, `amount`); this module says it
again with gettext, so an Indonesian user reads Indonesian. Works on `rules.Line` objects and on
their `as_dict()` form.
"""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from incentives import rules
from spm.money import format_rupiah


def _num(value) -> str:
    if value is None:
        return "–"
    value = Decimal(str(value)).normalize()
    places = max(0, -value.as_tuple().exponent)
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def _month(value) -> str:
    """`YYYY-MM` of a month given as a date or as its stored ISO text (`2026-06-01`)."""
    if value is None:
        return "–"
    return value[:7] if isinstance(value, str) else f"{value:%Y-%m}"


def _get(line, name):
    return line.get(name) if isinstance(line, dict) else getattr(line, name)


def _subject(line) -> str:
    basis, value = _get(line, "basis"), _get(line, "value")
    # The KPI's name in the reader's language when the caller attached it (`kpi_name`).
    kpi = (line.get("kpi_name") if isinstance(line, dict) else getattr(line, "kpi_name", None)) or (
        _get(line, "kpi")
    )
    if basis == "total_score":
        return _("total score %(value)s") % {"value": _num(value)}
    if basis == "attainment":
        return _("%(kpi)s attainment %(value)s%%") % {"kpi": kpi, "value": _num(value)}
    return _("%(kpi)s actual %(value)s") % {"kpi": kpi, "value": _num(value)}


def _reached(line) -> str:
    kind, detail = _get(line, "type"), _get(line, "detail") or {}
    if kind in ("tiers", "reward"):
        return _("tier from %(from)s reached") % {"from": _num(detail.get("tier_from"))}
    if kind == "step":
        text = _("%(steps)s full step(s) of %(every)s above %(start)s") % {
            "steps": detail.get("steps"),
            "every": _num(detail.get("every")),
            "start": _num(detail.get("start")),
        }
        if detail.get("max_steps") and detail.get("steps_reached", 0) > detail["max_steps"]:
            text += " " + _("(limited to %(n)s)") % {"n": detail["max_steps"]}
        return text
    if kind == "per_unit":
        text = _("%(units)s unit(s) above %(start)s") % {
            "units": _num(detail.get("units")),
            "start": _num(detail.get("start")),
        }
        if detail.get("limited_to_max_amount"):
            text += " " + _("(limited to the maximum amount before the level multiplier)")
        return text
    if kind == "rate":
        if detail.get("mode") == "retroactive":
            return _("retroactive: %(rate)s%% of the whole value") % {
                "rate": _num(detail.get("rate"))
            }
        bands = "; ".join(
            _("%(rate)s%% of %(base)s") % {"rate": _num(b["rate"]), "base": _num(b["base"])}
            for b in detail.get("bands", [])
        )
        return _("marginal: %(bands)s") % {"bands": bands}
    return ""


def _multiplier(line) -> str:
    detail = _get(line, "detail") or {}
    multiplier = _get(line, "multiplier")
    if detail.get("level_listed"):
        return _("level %(level)s multiplier × %(m)s") % {
            "level": detail.get("level"),
            "m": _num(multiplier),
        }
    return _("multiplier × 1")


def explain(line) -> str:
    """The line's explanation in the active language. In English, the engine's own text (it is
    the source and says a little more, e.g. about rounding)."""
    original = _get(line, "explanation")
    if original and (get_language() or "").startswith("en"):
        return original
    kind, status = _get(line, "type"), _get(line, "status")
    label, detail = _get(line, "label"), _get(line, "detail") or {}
    amount = _get(line, "amount")
    if kind == "cap":
        return _(
            "Plan cap: the cash lines total %(total)s, above the cap %(cap)s; %(cut)s brings the "
            "total down to the cap."
        ) % {
            "total": format_rupiah(Decimal(str(detail.get("total_before_cap")))),
            "cap": format_rupiah(Decimal(str(detail.get("cap")))),
            "cut": format_rupiah(Decimal(str(amount))),
        }
    if status == rules.NO_DATA:
        return _("%(label)s: no data this month, pays nothing.") % {"label": label}
    if kind == "okr_bonus":
        params = {
            "label": label,
            "objective": detail.get("objective"),
            "score": _num(_get(line, "value")),
            "min": _num(detail.get("min_score")),
        }
        if status == rules.NOT_DUE:
            params["month"] = _month(detail.get("cycle_end_month"))
            return _("%(label)s: pays in %(month)s, when the objective's cycle ends.") % params
        if status == rules.NOT_PARTICIPANT:
            return _("%(label)s: not a participant of objective %(objective)s.") % params
        if status == rules.NOT_REACHED:
            return _("%(label)s: score %(score)s is below %(min)s, pays nothing.") % params
        paid = _(
            "%(label)s: objective %(objective)s ended with score %(score)s ≥ %(min)s: %(amount)s."
        )
        return paid % {
            **params,
            "amount": format_rupiah(Decimal(str(amount))),
        }
    if kind == "ranking":
        end = detail.get("window_end")
        params = {
            "label": label,
            "position": detail.get("position"),
            "size": detail.get("field_size"),
            "metric": detail.get("metric"),
            "month": _month(end),
        }
        if status == rules.NOT_DUE:
            return _("%(label)s: the ranking pays in %(month)s, the window's last month.") % params
        if status == rules.NOT_REACHED:
            return _("%(label)s: rank %(position)s of %(size)s by %(metric)s, not a paid rank.") % (
                params
            )
        return _("%(label)s: rank %(position)s of %(size)s by %(metric)s: %(amount)s.") % {
            **params,
            "amount": format_rupiah(Decimal(str(amount))),
        }
    subject = _subject(line)
    if status == rules.GATE:
        return _("%(label)s: %(subject)s; gate not reached, pays nothing.") % {
            "label": label,
            "subject": subject,
        }
    if status == rules.NOT_REACHED:
        return _("%(label)s: %(subject)s; not reached, pays nothing.") % {
            "label": label,
            "subject": subject,
        }
    if kind == "reward":
        return _("%(label)s: %(subject)s; %(reached)s: %(reward)s.") % {
            "label": label,
            "subject": subject,
            "reached": _reached(line),
            "reward": _get(line, "reward"),
        }
    return _("%(label)s: %(subject)s; %(reached)s; %(multiplier)s: %(amount)s.") % {
        "label": label,
        "subject": subject,
        "reached": _reached(line),
        "multiplier": _multiplier(line),
        "amount": format_rupiah(Decimal(str(amount))),
    }
