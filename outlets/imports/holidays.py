"""The `holidays` import kind (docs/contracts.md "Working days"): company days off, columns
`date, name, working` (`working=true` turns a listed public holiday back into a working day).
The calendar is org's (org/days_off.py writes and audits); org cannot import the registry, so
the kind lives here and registers from `OutletsConfig.ready()`. HR and admins only."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext_lazy

from org import days_off
from org.models import Role

from .base import Counts, ImportKind, Row, a_boolean, a_date, register, text


@register
class HolidayKind(ImportKind):
    name = "holidays"
    label = gettext_lazy("Company days off (working-day calendar)")
    columns = ("date", "name", "working")
    roles = frozenset({Role.HR, Role.ADMIN})

    def parsers(self):
        return {"date": a_date(), "name": text(150), "working": a_boolean(default=False)}

    def write(self, rows: Iterator[Row]) -> Counts:
        written = days_off.write_days_off((values for _row_no, values in rows), by=self.by)
        return Counts(created=written.created, updated=written.updated)
