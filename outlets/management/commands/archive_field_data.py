"""`archive_field_data --before YYYY-MM --to DIR [--drop]`: write the locked months before the
one given to gzipped import-format CSV and detach their partitions (outlets/archive.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from outlets.archive import ArchiveRefused, archive_months
from spm.months import parse_month


class Command(BaseCommand):
    help = (
        "Archive the field data (order lines, visits, shelf audits) of every locked month before "
        "--before: each month is written to DIR as gzipped CSV in the import formats "
        "(docs/contracts.md; gunzip and import_data take it back), then its partitions are "
        "detached (kept as <partition>_detached tables, or dropped with --drop). Refuses, "
        "archiving nothing, when one of those months is still open. PostgreSQL only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--before", required=True, help="YYYY-MM: archive the months before")
        parser.add_argument("--to", required=True, help="directory for the .csv.gz files")
        parser.add_argument(
            "--drop", action="store_true", help="drop the detached tables (the files remain)"
        )

    @no_translations
    def handle(self, *args, before, to, drop, **options):
        try:
            month = parse_month(before)
        except ValueError:
            raise CommandError(f"--before {before!r}: expected YYYY-MM") from None
        try:
            archived = archive_months(before=month, to=Path(to), drop=drop)
        except ArchiveRefused as exc:
            raise CommandError(" ".join(exc.messages)) from None
        if not archived:
            self.stdout.write(f"no month before {before} to archive")
        for done in archived:
            rows = ", ".join(f"{count} {kind}" for kind, count in done.rows.items())
            where = "dropped" if drop else "kept as " + ", ".join(done.kept)
            self.stdout.write(f"{done.month:%Y-%m}: {rows or 'no rows'} archived; {where}")
