"""The demo organisation: two teams (GT and MT), their supervisors, a manager, HR and an admin.

Idempotent: people are matched by username/code, so running it twice changes nothing.

`demo_calendar(today)` is where the whole demo sits in time: every app's demo step reads it, so
`seed_demo` run on any date builds the field data through yesterday (Asia/Jakarta).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction

from spm.months import JAKARTA, add_months, current_month

from .models import Channel, Role, Salesman, Team, Territory, User

DEMO_PASSWORD = "kinerja-demo"  # noqa: S105 - printed for the demo, set only on creation

STAFF = [
    # username, first name, last name, role
    ("admin", "Admin", "Kinerja", Role.ADMIN),
    ("hana", "Hana", "Putri", Role.HR),
]

# code, name, role, channel, team, territory, reports_to, level
SALES_FORCE = [
    ("maya", "Maya Sari", Role.MANAGER, Channel.GT, None, "Jabodetabek", None, 1),
    (
        "sari",
        "Sari Wulandari",
        Role.SUPERVISOR,
        Channel.GT,
        "GT Jakarta Timur",
        "Jakarta Timur",
        "maya",
        1,
    ),
    (
        "tono",
        "Tono Wijaya",
        Role.SUPERVISOR,
        Channel.MT,
        "MT Jabodetabek",
        "Jabodetabek",
        "maya",
        1,
    ),
    (
        "andi",
        "Andi Saputra",
        Role.SALESMAN,
        Channel.GT,
        "GT Jakarta Timur",
        "Jakarta Timur",
        "sari",
        1,
    ),
    (
        "budi",
        "Budi Santoso",
        Role.SALESMAN,
        Channel.GT,
        "GT Jakarta Timur",
        "Jakarta Timur",
        "sari",
        2,
    ),
    ("citra", "Citra Lestari", Role.SALESMAN, Channel.GT, "GT Jakarta Timur", "Bekasi", "sari", 1),
    (
        "dewi",
        "Dewi Anggraini",
        Role.SALESMAN,
        Channel.MT,
        "MT Jabodetabek",
        "Jabodetabek",
        "tono",
        1,
    ),
    ("eko", "Eko Prasetyo", Role.SALESMAN, Channel.MT, "MT Jabodetabek", "Jabodetabek", "tono", 1),
]


@dataclass(frozen=True)
class DemoCalendar:
    """The demo's months as of `today`.

    - `worked_month`: Andi's worked month of docs/domain.md, the month that ends the last
      complete semester (June or December) before today;
    - `months`: the six months of that semester, then every month up to the current one;
    - `data_end`: yesterday, the last day with field data (the current month is month to date);
    - `draft_month`: the previous month, closed as a draft run waiting for the manager;
    - `locked_months`: every demo month before it, closed, approved and locked.
    """

    today: date

    @property
    def data_end(self) -> date:
        return self.today - timedelta(days=1)

    @property
    def current_month(self) -> date:
        return current_month(self.today)

    @property
    def worked_month(self) -> date:
        if self.today.month > 6:
            return date(self.today.year, 6, 1)
        return date(self.today.year - 1, 12, 1)

    @property
    def first_month(self) -> date:
        return add_months(self.worked_month, -5)

    @property
    def months(self) -> list[date]:
        count = (self.current_month.year - self.first_month.year) * 12
        count += self.current_month.month - self.first_month.month + 1
        return [add_months(self.first_month, n) for n in range(count)]

    @property
    def draft_month(self) -> date:
        return add_months(self.current_month, -1)

    @property
    def locked_months(self) -> list[date]:
        return [m for m in self.months if m < self.draft_month]

    def index(self, month: date) -> int:
        """Months since the semester's first month (the worked month is 5)."""
        return (month.year - self.first_month.year) * 12 + month.month - self.first_month.month


def demo_calendar(today: date | None = None) -> DemoCalendar:
    return DemoCalendar(today or datetime.now(JAKARTA).date())


def _user(username: str, first: str, last: str, role: str) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "role": role,
            "email": f"{username}@kinerja.example",
            "is_staff": role == Role.ADMIN,
            "is_superuser": role == Role.ADMIN,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def seed(*, out, today: date | None = None) -> None:
    for username, first, last, role in STAFF:
        _user(username, first, last, role)

    profiles: dict[str, Salesman] = {}
    for code, name, role, channel, team_name, territory_name, boss, level in SALES_FORCE:
        first, _, last = name.partition(" ")
        user = _user(code, first, last, role)
        territory, _ = Territory.objects.get_or_create(name=territory_name)
        team = None
        if team_name:
            team, _ = Team.objects.get_or_create(name=team_name, defaults={"channel": channel})
        profile, _ = Salesman.objects.update_or_create(
            code=code,
            defaults={
                "user": user,
                "name": name,
                "channel": channel,
                "team": team,
                "territory": territory,
                "level": level,
                "active": True,
                "reports_to": profiles.get(boss),
            },
        )
        profiles[code] = profile
        if team and role == Role.SUPERVISOR:
            manager = profiles[boss].user if boss else None
            Team.objects.filter(pk=team.pk).update(supervisor=user, manager=manager)

    out.write(
        f"Demo organisation: {Salesman.objects.count()} people in {Team.objects.count()} teams"
    )


def print_logins(*, out) -> None:
    out.write("")
    out.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    out.write("  manager     maya")
    out.write("  supervisor  sari (GT), tono (MT)")
    out.write("  salesman    andi, budi, citra (GT); dewi, eko (MT)")
    out.write("  hr          hana")
    out.write("  admin       admin  (also /admin/)")
