import json

from django.core.management.base import BaseCommand

from kpi.gamification.services import export_document


class Command(BaseCommand):
    help = "Export the gamification document (boards, badges, levels) as JSON."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="write to this file instead of the screen")

    def handle(self, *args, **options):
        text = json.dumps(export_document(), ensure_ascii=False, indent=2) + "\n"
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            self.stdout.write(text, ending="")
