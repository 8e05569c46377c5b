import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from kpi.live import refresh_month
from org.periods import MonthLocked
from spm.months import format_month, parse_month


class Command(BaseCommand):
    help = (
        "Refresh a month in progress now: month-to-date metrics, draft scorecards, pace scores "
        "and projected incentives (default: the current month, as of the last day with data)."
    )

    def add_arguments(self, parser):
        parser.add_argument("month", nargs="?", help="YYYY-MM (default: the current month)")
        parser.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default: the last data)")

    def handle(self, *args, **options):
        try:
            month = parse_month(options["month"]) if options["month"] else None
            as_of = date.fromisoformat(options["as_of"]) if options["as_of"] else None
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if month is not None and as_of is not None and as_of < month:
            raise CommandError(f"--as-of {as_of} is before the month {format_month(month)}")
        started = time.perf_counter()
        try:
            done = refresh_month(month=month, as_of=as_of)
        except MonthLocked as exc:
            raise CommandError(str(exc)) from exc
        if done is None:
            raise CommandError(f"{format_month(month)} is locked: nothing to refresh")
        self.stdout.write(
            f"{format_month(done.month)} as of {done.as_of.isoformat()}: "
            f"{done.elapsed} of {done.working_days} working days, "
            f"{done.metrics} metric snapshots, {done.scorecards} scorecards, "
            f"{done.pace_scores} pace scores ({time.perf_counter() - started:.2f} s)"
        )
