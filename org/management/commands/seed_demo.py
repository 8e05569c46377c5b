import inspect
from datetime import date, timedelta
from importlib import import_module

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

# Each app seeds its part of the demo, in dependency order; every step is idempotent. A step
# that is not installed (yet) is skipped; a step whose `seed` takes `today` is given the date.
DEMO_STEPS = [
    "org.demo",
    "outlets.demo",
    "kpi.demo",
    "okr.demo",
    "kpi.gamification.demo",
    "incentives.demo",
]
OPTIONAL_STEPS = {"kpi.gamification.demo"}
# Leaderboard history: the weekly job's snapshots for the Sundays of this many past weeks.
HISTORY_WEEKS = 8


def _today(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"--today {text!r} is not a date in the form YYYY-MM-DD") from error


class Command(BaseCommand):
    help = (
        "Create (or bring up to date) the demo organisation, its data and logins, living in "
        "today's month (field data through yesterday, Asia/Jakarta). Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            help="the day the demo lives in (YYYY-MM-DD; default: today in Asia/Jakarta)",
        )

    def handle(self, *args, **options):
        from org.demo import demo_calendar

        today = demo_calendar(_today(options.get("today"))).today
        for name in DEMO_STEPS:
            try:
                module = import_module(name)
            except ModuleNotFoundError as error:
                if name in OPTIONAL_STEPS and error.name in (name, name.rpartition(".")[0]):
                    continue
                raise
            seed = module.seed
            if "today" in inspect.signature(seed).parameters:
                seed(out=self.stdout, today=today)
            else:
                seed(out=self.stdout)
        self._publish_history(today)
        import_module("org.demo").print_logins(out=self.stdout)

    def _publish_history(self, today: date) -> None:
        """What the Monday job would have published for the past weeks (snapshots, movement and
        badges), once the gamification app is there; publishing a date twice changes nothing."""
        if "publish_leaderboards" not in get_commands():
            return
        last_sunday = today - timedelta(days=today.isoweekday() % 7 or 7)
        sundays = [last_sunday - timedelta(weeks=n) for n in reversed(range(HISTORY_WEEKS))]
        for sunday in sundays:
            call_command("publish_leaderboards", as_of=sunday.isoformat(), stdout=_Quiet())
        self.stdout.write(
            f"Leaderboards published for {len(sundays)} Sundays "
            f"({sundays[0].isoformat()} .. {sundays[-1].isoformat()})"
        )


class _Quiet:
    def write(self, *_args, **_kwargs) -> None:
        pass

    def flush(self) -> None:
        pass
