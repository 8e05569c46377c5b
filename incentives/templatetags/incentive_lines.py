from django import template

from incentives.payouts.explain import explain

register = template.Library()


@register.filter(name="explain_line")
def explain_line(line) -> str:
    """`{{ line|explain_line }}`: a statement line explained in the active language."""
    return explain(line)
