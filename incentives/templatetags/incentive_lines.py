from django import template

from incentives import wording
from incentives.payouts.explain import explain

register = template.Library()


@register.filter(name="explain_line")
def explain_line(line) -> str:
    """`{{ line|explain_line }}`: a statement line explained in the active language."""
    return explain(line)


@register.filter(name="line_label")
def line_label(line) -> str:
    """`{{ line|line_label }}`: a line's label in the active language (plans may give both)."""
    return wording.line_label(line)


@register.filter(name="plan_name")
def plan_name(plan) -> str:
    """`{{ plan|plan_name }}`: a plan's name in the active language (plans may give both)."""
    return wording.plan_name(plan)
