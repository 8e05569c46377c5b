from datetime import date

from django.core.management.base import BaseCommand, CommandError

from kpi.gamification.services import publish_leaderboards


class Command(BaseCommand):
    help = (
        "Store a snapshot of every leaderboard as of a date (default: yesterday, Asia/Jakarta) "
        "and award the badges of the windows complete by then. Running it twice for the same "
        "date changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="YYYY-MM-DD")

    def handle(self, *args, **options):
        as_of = None
        if options["as_of"]:
            try:
                as_of = date.fromisoformat(options["as_of"])
            except ValueError as exc:
                raise CommandError(
                    f"--as-of {options['as_of']!r} is not a YYYY-MM-DD date"
                ) from exc
        done = publish_leaderboards(as_of=as_of)
        self.stdout.write(
            f"Leaderboards as of {done.as_of}: {done.snapshots} snapshot(s) stored, "
            f"{done.awards} badge award(s)."
        )
