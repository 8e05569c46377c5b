from django.core.management.base import BaseCommand, CommandError

from incentives.payouts.services import PayoutError, close_period
from org.periods import MonthLocked
from spm.money import format_rupiah
from spm.months import parse_month


class Command(BaseCommand):
    help = (
        "Compute a month: metrics, scorecards, incentives and its draft payout run. "
        "Running it again replaces the draft, never makes a second run."
    )

    def add_arguments(self, parser):
        parser.add_argument("month", help="YYYY-MM")

    def handle(self, *args, **options):
        try:
            month = parse_month(options["month"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        try:
            run = close_period(month=month)
        except (PayoutError, MonthLocked) as exc:
            raise CommandError(str(exc)) from exc
        people = run.statements.count()
        total = sum(line.amount for line in run.lines.all())
        self.stdout.write(
            f"Payout run {run.period}: {run.status}, {people} people, "
            f"{run.lines.count()} lines, total {format_rupiah(total)}"
        )
