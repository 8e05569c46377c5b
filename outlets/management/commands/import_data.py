"""`python manage.py import_data KIND FILE [--dry-run] [--late]`: all or nothing, exit status 1
when anything was rejected. `--late` accepts rows dated in locked months and records them as late
data (the next close restates those months)."""

import sys

from django.core.management.base import BaseCommand, CommandError, no_translations

from outlets.imports import ImportFileError, import_file, registered_kinds


class Command(BaseCommand):
    help = (
        "Import a CSV or XLSX file of one kind (docs/contracts.md 'Import files'). One file is one "
        "transaction: any bad row stores nothing, and every bad row is printed."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", help="one of: " + ", ".join(sorted(registered_kinds())))
        parser.add_argument("file", help="path of the CSV or XLSX file")
        parser.add_argument(
            "--dry-run", action="store_true", help="validate and count, store nothing"
        )
        parser.add_argument(
            "--late",
            action="store_true",
            help="accept rows dated in locked months, recorded as late data; the next close of "
            "an open month restates those months",
        )

    # The output is a stable English contract for scripts, whatever LANGUAGE_CODE says.
    @no_translations
    def handle(self, *args, kind, file, dry_run, late, **options):
        try:
            report = import_file(kind=kind, path=file, dry_run=dry_run, late=late)
        except ImportFileError as exc:
            raise CommandError(f"{file}: {exc}", returncode=1) from None
        if not report.ok:
            for error in report.errors:
                self.stdout.write(str(error))
            if report.errors_cut:
                self.stdout.write(f"… and {report.errors_cut} more bad cells not listed")
            self.stderr.write(
                f"{file}: {report.error_count} bad cell(s) in {report.rows} rows; "
                "nothing was stored."
            )
            sys.exit(1)
        prefix = "dry run, nothing stored: " if dry_run else ""
        self.stdout.write(
            f"{prefix}{kind}: {report.rows} rows read, {report.created} created, "
            f"{report.updated} updated, {report.unchanged} unchanged"
        )
