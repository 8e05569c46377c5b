from django.core.management.base import BaseCommand, CommandError

from kpi.gamification.document import DocumentError
from kpi.gamification.services import save_document


class Command(BaseCommand):
    help = (
        "Import the gamification document (boards, badges, levels) from a JSON file. Every "
        "problem is named with its path in the document; nothing is stored then."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="FILE.json")

    def handle(self, *args, **options):
        try:
            with open(options["file"], encoding="utf-8") as handle:
                text = handle.read()
        except OSError as exc:
            raise CommandError(f"Cannot read {options['file']}: {exc}") from exc
        try:
            spec = save_document(data=text, by=None)
        except DocumentError as exc:
            lines = "\n".join(f"  {problem}" for problem in exc.problems)
            raise CommandError(
                f"{options['file']}: {len(exc.problems)} problem(s), nothing stored:\n{lines}"
            ) from exc
        self.stdout.write(
            f"Imported {len(spec.boards)} board(s), {len(spec.badges)} badge(s)"
            f"{', levels' if spec.levels else ''}."
        )
