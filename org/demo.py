"""The demo organisation: two teams (GT and MT), their supervisors, a manager, HR and an admin.

Idempotent: people are matched by username/code, so running it twice changes nothing.
"""

from django.db import transaction

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
def seed(*, out) -> None:
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
