import sys

from django.core.management.base import BaseCommand, CommandError

from incentives.models import PayoutRun
from incentives.payouts.export import FORMATS, write_export
from org.visibility import all_salesmen_for_system
from spm.months import parse_month


class Command(BaseCommand):
    help = (
        "Write the HR payout report of a month: CSV summary by default, the lines with --lines; "
        "XLSX holds both as sheets 'summary' and 'lines'."
    )

    def add_arguments(self, parser):
        parser.add_argument("month", help="YYYY-MM")
        parser.add_argument("--format", choices=FORMATS, default="csv", dest="fmt")
        parser.add_argument(
            "-o", "--output", required=True, help="file to write, - for standard output"
        )
        parser.add_argument(
            "--lines", action="store_true", help="CSV: one row per line instead of the summary"
        )

    def handle(self, *args, **options):
        try:
            month = parse_month(options["month"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        run = PayoutRun.objects.filter(month=month).first()
        if run is None:
            raise CommandError(f"There is no payout run for {options['month']}: close it first.")
        # Written piece by piece: the file is never held whole in memory (issue 17).
        to_stdout = options["output"] == "-"
        with (
            open(sys.stdout.fileno(), "wb", closefd=False)
            if to_stdout
            else open(options["output"], "wb")
        ) as target:
            size = write_export(
                run=run,
                fmt=options["fmt"],
                lines=options["lines"],
                people=all_salesmen_for_system(),
                target=target,
            )
        report = self.stderr if to_stdout else self.stdout
        report.write(f"Wrote {options['output']} ({size} bytes, run {run.status})")
