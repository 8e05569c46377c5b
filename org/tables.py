import django_tables2 as tables
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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


JSON_CELL = '{% if value %}<pre class="mb-0 small">{{ value|pprint }}</pre>{% else %}–{% endif %}'


class AuditEntryTable(tables.Table):
    at = tables.DateTimeColumn(format="Y-m-d H:i")
    before = tables.TemplateColumn(JSON_CELL, orderable=False)
    after = tables.TemplateColumn(JSON_CELL, orderable=False)

    class Meta:
        model = AuditEntry
        fields = ("at", "actor", "action", "object_type", "object_repr", "before", "after", "note")
        attrs = {"class": "table table-sm align-top small"}
