from django.core.management.base import BaseCommand, CommandError

from kpi.documents import dumps, export_template_document
from kpi.models import ScorecardTemplate


class Command(BaseCommand):
    help = "Export a scorecard template (with its KPI definitions) as a JSON document."

    def add_arguments(self, parser):
        parser.add_argument("code", help="the template's code, e.g. GT-SALESMAN")
        parser.add_argument("-o", "--output", help="write to this file instead of the screen")

    def handle(self, *args, **options):
        template = ScorecardTemplate.objects.filter(code=options["code"]).first()
        if template is None:
            raise CommandError(f"No scorecard template with code {options['code']!r}")
        text = dumps(export_template_document(template=template))
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            self.stdout.write(text, ending="")
