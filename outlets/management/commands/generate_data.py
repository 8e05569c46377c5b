import time
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from org.models import Salesman
from outlets.generate import CsvSink, DbSink, generate
from spm.months import add_months, current_month, parse_month


class Command(BaseCommand):
    help = (
        "Deterministic synthetic field data (people, outlets, products, visits, orders, "
        "audits) shaped like an FMCG operation; into the database and/or import-format CSVs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--salesmen", type=int, default=20, help="field salesmen (default 20)")
        parser.add_argument("--months", type=int, default=3, help="months of data (default 3)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--end", help="last month YYYY-MM (default: the previous month)")
        parser.add_argument(
            "--through",
            help="last day YYYY-MM-DD of field data: the last month up to that day (a month "
            "to date); its month is the last month unless --end names the same month",
        )
        parser.add_argument("--csv-dir", help="also write the import files into this directory")
        parser.add_argument(
            "--no-db", action="store_true", help="write the CSV files only, not the database"
        )

    def handle(self, *args, **options):
        salesmen, months = options["salesmen"], options["months"]
        if salesmen < 1 or months < 1:
            raise CommandError("--salesmen and --months must be at least 1")
        try:
            through = date.fromisoformat(options["through"]) if options["through"] else None
        except ValueError as exc:
            raise CommandError(f"--through: {options['through']} is not a date YYYY-MM-DD") from exc
        try:
            if options["end"]:
                end = parse_month(options["end"])
            elif through:
                end = through.replace(day=1)
            else:
                end = add_months(current_month(), -1)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if through and through.replace(day=1) != end:
            raise CommandError(
                f"--through {through.isoformat()} is not in the last month {end:%Y-%m} (--end)"
            )
        if options["no_db"] and not options["csv_dir"]:
            raise CommandError("--no-db needs --csv-dir")
        sinks = []
        if not options["no_db"]:
            if Salesman.objects.filter(code__in=["MGR001", "SLS00001"]).exists():
                raise CommandError(
                    "This database already holds generated data (MGR001, SLS00001): "
                    "generate into a fresh database."
                )
            sinks.append(DbSink())
        if options["csv_dir"]:
            sinks.append(CsvSink(Path(options["csv_dir"])))
        started = time.perf_counter()
        summary = generate(
            salesmen=salesmen,
            months=months,
            seed=options["seed"],
            end=end,
            sinks=sinks,
            progress=self.stdout.write,
            through=through,
        )
        for line in summary.lines():
            self.stdout.write(line)
        where = [] if options["no_db"] else ["the database"]
        if options["csv_dir"]:
            where.append(options["csv_dir"])
        self.stdout.write(
            f"Generated with seed {options['seed']} into {' and '.join(where)} "
            f"in {time.perf_counter() - started:.1f} s"
        )
