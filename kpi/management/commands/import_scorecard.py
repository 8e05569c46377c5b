import json
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from kpi.documents import DocumentError, save_template_document


class Command(BaseCommand):
    help = (
        "Import a scorecard template (with its KRAs and KPI definitions) from a JSON document. "
        "Every problem is named with its path in the document; nothing is stored then."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="FILE.json")

    def handle(self, *args, **options):
        try:
            with open(options["file"], encoding="utf-8") as handle:
                document = json.load(handle, parse_float=Decimal)
        except OSError as exc:
            raise CommandError(f"Cannot read {options['file']}: {exc}") from exc
        except json.JSONDecodeError as exc:
            raise CommandError(f"{options['file']} is not valid JSON: {exc}") from exc
        try:
            template = save_template_document(document=document, by=None)
        except DocumentError as exc:
            lines = [
                f"  {path or '(document)'}: {message}"
                for path, messages in exc.errors.items()
                for message in messages
            ]
            raise CommandError(
                f"{options['file']}: {len(lines)} problem(s), nothing stored:\n" + "\n".join(lines)
            ) from exc
        self.stdout.write(
            f"Imported scorecard template {template.code} ({template.items.count()} items)"
        )
