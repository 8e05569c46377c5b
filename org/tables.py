import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .history import in_words
from .models import AuditEntry, Salesman, Team


class SalesmanTable(tables.Table):
    code = tables.Column(linkify=("org:person", {"code": tables.A("code")}))
    role = tables.Column(verbose_name=_("role"), accessor="user__role", order_by="user__role")

    class Meta:
        model = Salesman
        fields = ("code", "name", "role", "channel", "team", "territory", "level", "active")
        attrs = {"class": "table table-sm table-hover align-middle"}


class TeamTable(tables.Table):
    name = tables.Column(linkify=lambda record: f"{reverse('org:people')}?team={record.pk}")
    members = tables.Column(verbose_name=_("members"), accessor="member_count")

    class Meta:
        model = Team
        fields = ("name", "channel", "supervisor", "manager", "members")
        attrs = {"class": "table table-sm table-hover align-middle"}


class AuditEntryTable(tables.Table):
    """The audit trail in words (`org.history`): when, who, what was done to what, and the
    changed fields only, each "field: before → after"."""

    at = tables.DateTimeColumn(verbose_name=_("when"), format="DATETIME_FORMAT")
    actor = tables.Column(verbose_name=_("who"), default=_("system"))
    action = tables.Column(verbose_name=_("what"), orderable=False)
    changes = tables.Column(verbose_name=_("what changed"), empty_values=(), orderable=False)
    note = tables.Column(verbose_name=_("note"), orderable=False)

    class Meta:
        model = AuditEntry
        fields = ("at", "actor", "action", "changes", "note")
        attrs = {"class": "table table-sm align-top small", "id": "audit-table"}

    @staticmethod
    def _words(record):
        if not hasattr(record, "_in_words"):
            record._in_words = in_words(record)
        return record._in_words

    def render_actor(self, record):
        return self._words(record).who

    def render_action(self, record):
        words = self._words(record)
        return format_html('{}<div class="text-body-secondary">{}</div>', words.what, words.kind)

    def render_note(self, record):
        return self._words(record).note

    def render_changes(self, record):
        changes = self._words(record).changes
        if not changes:
            return "–"
        return format_html(
            '<ul class="list-unstyled mb-0">{}</ul>',
            format_html_join(
                "",
                '<li><span class="text-body-secondary">{}:</span> {} → {}</li>',
                ((c.field, c.before, c.after) for c in changes),
            ),
        )
