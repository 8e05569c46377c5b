"""The six field-data kinds of docs/contracts.md "Import files": salesmen, outlets, products,
visits,
orders, audits."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from django.core.exceptions import EmptyResultSet, ValidationError
from django.core.validators import validate_email
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from org import assignments
from org.models import Channel, Role, Salesman, Team, Territory, User
from org.periods import is_month_locked, locked_months
from org.visibility import salesmen_visible_to, sees_everyone

from ..models import OrderLine, Outlet, Product, ShelfAudit, Visit
from .base import (
    UNKNOWN_OUTLET,
    UNKNOWN_SALESMAN,
    UNKNOWN_SKU,
    WRONG_CHANNEL,
    WRONG_ROLE,
    CellError,
    Counts,
    ImportKind,
    Row,
    a_boolean,
    a_choice,
    a_date,
    a_decimal,
    a_positive_int,
    a_reference,
    blank_text,
    register,
    text,
)
from .signals import salesman_levels_imported
from .tables import Table, write_table

CHANNELS = {Channel.GT.value, Channel.MT.value}
PERCENT = a_decimal(max_digits=5, places=2, maximum=100)


def code_ids(queryset, code_field: str = "code") -> dict[str, int]:
    """{code: id} of `queryset`, unordered, through a plain cursor: the 380,000 outlets of a
    2,000-salesman force cost about 3 s through an ordered `values_list` (the server sorts the
    codes, Django builds a tuple per row) and about 1 s so (bench/bench_live_month.py)."""
    try:
        sql, params = queryset.order_by().values_list(code_field, "id").query.sql_with_params()
    except EmptyResultSet:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


class FieldKind(ImportKind):
    """A kind stored in one table through `tables.write_table`, with the common lookups."""

    table: Table

    def prepare(self) -> None:
        self.scope: set[int] | None = None
        salesmen = Salesman.objects.all()
        if self.by is not None and not sees_everyone(self.by):
            # Codes outside the importer's teams read as unknown: forbidden looks like missing.
            salesmen = salesmen_visible_to(self.by)
            self.scope = set(salesmen.values_list("id", flat=True))
        self.salesman_ids = code_ids(salesmen)
        # Read without a lock; `tables.write_table` takes the locks of the months it writes.
        # A late import refuses no locked month: it records them (tables._hold).
        self.locked = set() if self.late else locked_months()

    def outlet_ids(self) -> dict[str, int]:
        self.outlets = code_ids(Outlet.objects.all())
        return self.outlets

    def records(self, rows: Iterable[Row]) -> Iterator[tuple]:
        """Validated rows → table records `(row_no, value, …)` in `table.fields` order.
        Consumed while the COPY streams: it must not query the database."""
        for row_no, values in rows:
            yield (row_no, *values)

    def write(self, rows: Iterator[Row]) -> Counts:
        return write_table(
            self, self.table, self.records(rows), locked=self.locked, scope=self.scope
        )


@register
class OutletKind(FieldKind):
    name = "outlets"
    label = gettext_lazy("Outlets")
    columns = (
        "code",
        "name",
        "channel",
        "type",
        "territory",
        "salesman",
        "key_account",
        "acquired_on",
        "acquired_by",
    )
    table = Table(
        model=Outlet,
        fields=(
            "code",
            "name",
            "channel",
            "type",
            "territory_id",
            "salesman_id",
            "key_account",
            "acquired_on",
            "acquired_by_id",
        ),
        key=("code",),
        key_column="code",
        date_field="acquired_on",
        date_column="acquired_on",
        salesman_field="salesman_id",
    )

    def parsers(self):
        return {
            "code": text(40),
            "name": text(200),
            "channel": a_choice(CHANNELS, WRONG_CHANNEL),
            "type": text(40),
            "territory": text(100, required=False),
            "salesman": a_reference(self.salesman_ids, UNKNOWN_SALESMAN, required=False),
            "key_account": a_boolean(default=False),
            "acquired_on": a_date(required=False),
            "acquired_by": a_reference(self.salesman_ids, UNKNOWN_SALESMAN, required=False),
        }

    def write(self, rows):
        # A territory named in the file is created when missing (docs/contracts.md). Created before
        # the
        # COPY starts: no other query may run on the connection while it streams.
        rows = list(rows)
        territories = dict(Territory.objects.values_list("name", "id"))
        for name in {values[4] for _row, values in rows} - set(territories) - {None}:
            territories[name] = Territory.objects.create(name=name).id
        for _row, values in rows:
            values[4] = territories.get(values[4])
        return super().write(iter(rows))


GROUP_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,29}")
NO_GROUPS = "-"


def _group_codes(value: str) -> tuple[str, ...] | None:
    """The `groups` cell: SKU group codes separated by `;` ("focus;must-stock"); None when
    blank (the product keeps its groups), () for "-" (the product leaves every group)."""
    if not value:
        return None
    if value == NO_GROUPS:
        return ()
    codes = [code.strip() for code in value.split(";") if code.strip()]
    for code in codes:
        if not GROUP_CODE.fullmatch(code):
            raise CellError(
                _("%(code)s is not a group code (letters, digits, - and _; at most 30)")
                % {"code": code}
            )
    return tuple(dict.fromkeys(codes))


@register
class ProductKind(FieldKind):
    """Products, and optionally the SKU groups each belongs to (`groups`: codes separated by
    `;`; a group named is created when missing; blank keeps the product's groups, `-` clears
    them)."""

    name = "products"
    label = gettext_lazy("Products")
    columns = ("sku", "name", "category", "new_product", "groups")
    optional_columns = frozenset({"groups"})
    roles = frozenset({Role.MANAGER, Role.ADMIN})
    table = Table(
        model=Product,
        fields=("sku", "name", "category", "new_product"),
        key=("sku",),
        key_column="sku",
    )

    def parsers(self):
        return {
            "sku": text(40),
            "name": text(200),
            "category": blank_text(100),
            "new_product": a_boolean(default=False),
            "groups": _group_codes,
        }

    def write(self, rows):
        # The groups are set after the COPY: no other query may run while it streams.
        rows = list(rows)
        memberships = {values[0]: values.pop() for _row, values in rows}
        counts = super().write(iter(rows))
        if not self.report.ok:
            return counts
        wanted = {sku: codes for sku, codes in memberships.items() if codes is not None}
        if wanted:
            from ..groups import set_product_groups

            set_product_groups(wanted)
        return counts


@register
class VisitKind(FieldKind):
    name = "visits"
    label = gettext_lazy("Visits")
    columns = ("visit_id", "date", "salesman", "outlet")
    table = Table(
        model=Visit,
        fields=("visit_id", "date", "salesman_id", "outlet_id"),
        key=("visit_id",),
        key_column="visit_id",
        date_field="date",
        date_column="date",
        salesman_field="salesman_id",
    )

    def parsers(self):
        return {
            "visit_id": text(60),
            "date": a_date(),
            "salesman": a_reference(self.salesman_ids, UNKNOWN_SALESMAN),
            "outlet": a_reference(self.outlet_ids(), UNKNOWN_OUTLET),
        }


@register
class OrderKind(FieldKind):
    """One row per order line; an order is the lines sharing an order_no, and they must agree on
    date, salesman and outlet (the metrics count orders per salesman, outlet and day). A line
    with a negative quantity and a negative amount is a return; one sign per row."""

    name = "orders"
    label = gettext_lazy("Orders (one row per order line)")
    columns = ("order_no", "date", "salesman", "outlet", "sku", "quantity", "amount")
    key_columns = ("order_no", "sku")
    table = Table(
        model=OrderLine,
        fields=("order_no", "date", "salesman_id", "outlet_id", "product_id", "quantity", "amount"),
        key=("order_no", "product_id"),
        key_column="order_no",
        date_field="date",
        date_column="date",
        salesman_field="salesman_id",
    )

    def parsers(self):
        return {
            "order_no": text(60),
            "date": a_date(),
            "salesman": a_reference(self.salesman_ids, UNKNOWN_SALESMAN),
            "outlet": a_reference(self.outlet_ids(), UNKNOWN_OUTLET),
            "sku": a_reference(code_ids(Product.objects.all(), "sku"), UNKNOWN_SKU),
            "quantity": a_decimal(max_digits=14, places=2, negative=True),
            "amount": a_decimal(max_digits=18, places=2, negative=True),
        }

    def records(self, rows):
        # order_no → (first row, date, salesman id, outlet id); compact: ids, shared dates.
        orders: dict[str, tuple] = {}
        for row_no, values in rows:
            order_no, day, salesman, outlet = values[0], values[1], values[2], values[3]
            quantity, amount = values[5], values[6]
            if (quantity < 0) != (amount < 0):
                self.error(
                    row_no,
                    "amount" if quantity >= 0 else "quantity",
                    str(amount if quantity >= 0 else quantity),
                    _(
                        "a return has a negative quantity and a negative amount; "
                        "this row mixes the signs"
                    ),
                )
                continue
            head = orders.get(order_no)
            if head is None:
                orders[order_no] = (row_no, day, salesman, outlet)
            elif head[1:] != (day, salesman, outlet):
                self._disagrees(row_no, values, head)
                continue
            yield (row_no, *values)

    def _disagrees(self, row_no: int, values: list, head: tuple) -> None:
        for index, column in ((1, "date"), (2, "salesman"), (3, "outlet")):
            if head[index] != values[index]:
                value = values[index] if index == 1 else self._code_of(column, values[index])
                self.error(
                    row_no,
                    column,
                    value,
                    _("order %(order)s has another %(column)s in row %(row)s")
                    % {"order": values[0], "column": column, "row": head[0]},
                )
                return

    def _code_of(self, column: str, pk: int) -> str:
        # From the dictionaries in memory: no query may run while the COPY streams.
        codes = self.salesman_ids if column == "salesman" else self.outlets
        return next((code for code, found in codes.items() if found == pk), "")


@register
class AuditKind(FieldKind):
    name = "audits"
    label = gettext_lazy("Shelf audits")
    columns = (
        "audit_id",
        "date",
        "salesman",
        "outlet",
        "planogram_compliance",
        "osa",
        "share_of_shelf",
    )
    table = Table(
        model=ShelfAudit,
        fields=(
            "audit_id",
            "date",
            "salesman_id",
            "outlet_id",
            "planogram_compliance",
            "osa",
            "share_of_shelf",
        ),
        key=("audit_id",),
        key_column="audit_id",
        date_field="date",
        date_column="date",
        salesman_field="salesman_id",
    )

    def parsers(self):
        return {
            "audit_id": text(60),
            "date": a_date(),
            "salesman": a_reference(self.salesman_ids, UNKNOWN_SALESMAN),
            "outlet": a_reference(self.outlet_ids(), UNKNOWN_OUTLET),
            "planogram_compliance": PERCENT,
            "osa": PERCENT,
            "share_of_shelf": PERCENT,
        }


_USERNAME = re.compile(r"[\w.@+-]+")
SALES_FORCE_ROLES = {Role.SALESMAN.value, Role.SUPERVISOR.value, Role.MANAGER.value}


def _code(value: str) -> str:
    parsed = text(40)(value)
    if not _USERNAME.fullmatch(parsed):
        raise CellError(_("a code may hold letters, digits and @ . + - _ only"))
    return parsed


def _email(value: str) -> str:
    if not value:
        return ""
    text(254)(value)
    try:
        validate_email(value)
    except ValidationError:
        raise CellError(_("not an email address")) from None
    return value


@register
class SalesmanKind(ImportKind):
    """The sales force: each row is a person with a login (username = code, no usable password
    until one is set). A team named in the file is created when missing; its supervisor is its
    row with role supervisor, and its manager the manager that supervisor reports to."""

    name = "salesmen"
    label = gettext_lazy("Salesmen, supervisors and managers")
    columns = (
        "code",
        "name",
        "role",
        "channel",
        "team",
        "reports_to",
        "email",
        "active",
        "level",
        "employee_id",
        "joined_on",
        "left_on",
        "effective_from",
    )
    # People over time (docs/contracts.md): a blank employee_id, joined_on or left_on keeps the
    # stored one; a changed team, role, channel or reports_to is a transfer from effective_from
    # (blank: from the first open month), through org/assignments.py.
    optional_columns = frozenset({"level", "employee_id", "joined_on", "left_on", "effective_from"})
    # People and roles are the organisation itself: only an admin changes them in the browser.
    roles = frozenset({Role.ADMIN})

    def parsers(self):
        return {
            "code": _code,
            "name": text(150),
            "role": a_choice(SALES_FORCE_ROLES, WRONG_ROLE),
            "channel": a_choice(CHANNELS, WRONG_CHANNEL),
            "team": text(100, required=False),
            "reports_to": text(40, required=False),
            "email": _email,
            "active": a_boolean(default=True),
            "level": a_positive_int(default=1),
            "employee_id": blank_text(40),
            "joined_on": a_date(required=False),
            "left_on": a_date(required=False),
            "effective_from": a_date(required=False),
        }

    def write(self, rows: Iterator[Row]) -> Counts:
        rows = list(rows)
        codes = [values[0] for _row, values in rows]
        self.profiles = {
            profile.code: profile
            for profile in Salesman.objects.select_related("user", "team", "reports_to")
        }
        self.users = {
            user.username: user
            for user in User.objects.filter(username__in=codes).select_related("salesman")
        }
        self.teams = {team.name: team for team in Team.objects.all()}
        supervisor_rows = self._check(rows)
        if not self.report.ok:
            return Counts()
        created, changed = self._store(rows)
        for team_name, (row_no, code) in supervisor_rows.items():
            if (
                self._lead_team(self.teams[team_name], self.profiles[code])
                and row_no not in created
            ):
                changed.add(row_no)
        return Counts(created=len(created), updated=len(changed - created))

    def _check(self, rows: list[Row]) -> dict[str, tuple[int, str]]:
        """Cross-row rules; returns team name → (row, code) of its supervisor row."""
        known = set(self.profiles)  # reports_to may name a stored person or an earlier row
        team_channel = {name: team.channel for name, team in self.teams.items()}
        supervisors: dict[str, tuple[int, str]] = {}
        for row_no, values in rows:
            code, _name, role, channel, team, reports_to = values[:6]
            self._check_dates(row_no, code, values)
            if reports_to == code:
                self.error(row_no, "reports_to", reports_to, _("a person cannot report to himself"))
            elif reports_to and reports_to not in known:
                self.error(row_no, "reports_to", reports_to, str(UNKNOWN_SALESMAN))
            known.add(code)
            if not team and role != Role.MANAGER:
                self.error(row_no, "team", "", _("a salesman or supervisor needs a team"))
            if team:
                expected = team_channel.setdefault(team, channel)
                if expected != channel:
                    self.error(
                        row_no,
                        "channel",
                        channel,
                        _("team %(team)s is %(channel)s") % {"team": team, "channel": expected},
                    )
            if role == Role.SUPERVISOR and team:
                if team in supervisors:
                    self.error(
                        row_no,
                        "role",
                        role,
                        _("team %(team)s already has its supervisor in row %(row)s")
                        % {"team": team, "row": supervisors[team][0]},
                    )
                else:
                    supervisors[team] = (row_no, code)
            user = self.users.get(code)
            if code not in self.profiles and user is not None:
                if user.is_superuser or user.role in (Role.HR, Role.ADMIN):
                    self.error(row_no, "code", code, _("this code is the login of an HR or admin"))
                elif hasattr(user, "salesman"):
                    self.error(row_no, "code", code, _("this code is another person's login"))
        return supervisors

    def _check_dates(self, row_no: int, code: str, values: list) -> None:
        """left_on before joined_on, and a change dated in a locked month, each named by its
        column."""
        joined_on, left_on, effective_from = values[10:13]
        stored = self.profiles.get(code)
        joined_on = joined_on or (stored.joined_on if stored else None)
        left_on = left_on or (stored.left_on if stored else None)
        for column, reason in assignments.check_dates(joined_on=joined_on, left_on=left_on):
            self.error(row_no, column, left_on.isoformat(), reason)
        if (
            effective_from is not None
            and is_month_locked(effective_from)
            and self._moves(code, effective_from, values)
        ):
            self.error(
                row_no,
                "effective_from",
                effective_from.isoformat(),
                _("%(month)s is locked: its payout run is final")
                % {"month": effective_from.strftime("%Y-%m")},
            )

    def _moves(self, code: str, day, values: list) -> bool:
        """Whether the row changes the person's team, role, channel or reports_to as they stood
        on `day` (a file imported again changes nothing, even when its day is now locked)."""
        stored = self.profiles.get(code)
        standing = assignments.assignment_in_force(stored.pk, day) if stored else None
        if standing is None:
            return stored is not None
        _code, _name, role, channel, team, reports_to = values[:6]
        team_id = self.teams[team].pk if team in self.teams else None
        boss = self.profiles[reports_to].pk if reports_to in self.profiles else None
        if team and team not in self.teams:
            return True
        return (standing.team_id, standing.role, standing.channel, standing.reports_to_id) != (
            team_id,
            role,
            channel,
            boss,
        )

    def _store(self, rows: list[Row]) -> tuple[set[int], set[int]]:
        created: set[int] = set()
        changed: set[int] = set()
        levels: dict[int, tuple] = {}  # existing people whose level changes: (before, after)
        for row_no, values in rows:
            code, name, role, channel, team_name, reports_to, email, active, level = values[:9]
            employee_id, joined_on, left_on, effective_from = values[9:]
            team = None
            if team_name:
                team = self.teams.get(team_name)
                if team is None:
                    team = Team.objects.create(name=team_name, channel=channel)
                    self.teams[team_name] = team
            profile = self.profiles.get(code)
            user = profile.user if profile else self.users.get(code)
            first, _sep, last = name.partition(" ")
            wanted_user = {
                "first_name": first[:150],
                "last_name": last[:150],
                "email": email,
                "is_active": active,
            }
            if user is None:
                user = User(username=code, role=role, **wanted_user)
                user.set_unusable_password()
                user.save()
            elif _assign(user, wanted_user if profile else {"role": role, **wanted_user}):
                user.save()
                changed.add(row_no)
            boss = self.profiles[reports_to] if reports_to else None
            wanted = {"user": user, "name": name, "level": level, "active": active}
            employment = {
                "employee_id": employee_id or (profile.employee_id if profile else ""),
                "joined_on": joined_on or (profile.joined_on if profile else None),
                "left_on": left_on or (profile.left_on if profile else None),
            }
            if profile is None:
                profile = Salesman.objects.create(
                    code=code, channel=channel, team=team, reports_to=boss, **wanted, **employment
                )
                assignments.start_history(profile)
                created.add(row_no)
            else:
                if profile.level != level:
                    levels[profile.pk] = (profile.level, level)
                if _assign(profile, {**wanted, **employment}):
                    profile.save()
                    changed.add(row_no)
                try:
                    stretch = assignments.transfer(
                        profile,
                        effective_from=effective_from,
                        by=self.by,
                        team=team,
                        role=role,
                        channel=channel,
                        reports_to=boss,
                    )
                except ValidationError as exc:
                    for reason in exc.message_dict.get("effective_from", exc.messages):
                        shown = effective_from.isoformat() if effective_from else ""
                        self.error(row_no, "effective_from", shown, reason)
                    continue
                if stretch.changed:
                    changed.add(row_no)
                    profile.refresh_from_db()
            self.profiles[code] = profile
        if levels:
            salesman_levels_imported.send(sender=type(self), levels=levels, by=self.by)
        return created, changed

    def _lead_team(self, team: Team, supervisor: Salesman) -> bool:
        boss = supervisor.reports_to
        manager = boss.user if boss is not None and boss.user.role == Role.MANAGER else None
        if team.supervisor_id == supervisor.user_id and team.manager == manager:
            return False
        team.supervisor = supervisor.user
        team.manager = manager
        team.save(update_fields=["supervisor", "manager"])
        return True


def _assign(obj, wanted: dict) -> bool:
    """Set the wanted values on obj; True when any differed."""
    differs = False
    for name, value in wanted.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            differs = True
    return differs
