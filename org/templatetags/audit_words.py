"""Audit entries in words in templates (`org.history`): `{% with words=entry|in_words %}`."""

from django import template

from org.history import in_words as entry_in_words

register = template.Library()


@register.filter
def in_words(entry):
    return entry_in_words(entry)
