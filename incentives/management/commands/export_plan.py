from django.core.management.base import BaseCommand, CommandError

from incentives.models import Plan
from incentives.plans.documents import dumps, export_plan


class Command(BaseCommand):
    help = "Write an incentive plan as its JSON document (the format import_plan reads)."

    def add_arguments(self, parser):
        parser.add_argument("code", help="the plan's code, e.g. GT-SALESMAN")
        parser.add_argument("-o", "--output", help="write to this file instead of stdout")

    def handle(self, *args, **options):
        try:
            document = export_plan(code=options["code"])
        except Plan.DoesNotExist as exc:
            raise CommandError(f"no plan with code {options['code']!r}", returncode=1) from exc
        text = dumps(document) + "\n"
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            self.stdout.write(text, ending="")
