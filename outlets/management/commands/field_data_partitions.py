"""`field_data_partitions [--maintain]`: the monthly partitions of the field data with their row
counts; `--maintain` first does the nightly maintenance (outlets/partitions.py)."""

from django.core.management.base import BaseCommand, CommandError, no_translations

from outlets import partitions


class Command(BaseCommand):
    help = (
        "List the monthly partitions of the order lines, visits and shelf audits with their row "
        "counts (PostgreSQL). --maintain first creates this month's and next month's partitions "
        "and those of the months found in the DEFAULT partitions, moving those rows (what the "
        "nightly task does)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--maintain", action="store_true", help="create missing partitions first (nightly)"
        )

    @no_translations
    def handle(self, *args, maintain, **options):
        if not partitions.supported():
            raise CommandError("The field data is partitioned on PostgreSQL only.")
        if maintain:
            for name in partitions.nightly():
                self.stdout.write(f"created {name}")
        for found in partitions.list_partitions():
            month = "DEFAULT" if found.month is None else f"{found.month:%Y-%m}"
            self.stdout.write(f"{found.table}\t{month}\t{found.name}\t{found.rows}")
