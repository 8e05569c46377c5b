"""Filters of the dashboards: a month in words in the reader's language (`Desember 2026`).
A movement on a board is the gamification tags' `arrow` / `arrow_words`."""

from django import template

from spm import formats

register = template.Library()


@register.filter
def month_label(value):
    return formats.month_label(value)
