from django.core.management.base import BaseCommand, CommandError

from incentives.models import Plan
from incentives.plans.documents import dumps, export_plan
from spm.months import parse_month


class Command(BaseCommand):
    help = (
        "Write an incentive plan as its JSON document (the format import_plan reads): the "
        "version in force in --month, or the latest version."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="the plan's code, e.g. GT-SALESMAN")
        parser.add_argument("-o", "--output", help="write to this file instead of stdout")
        parser.add_argument("--month", help="YYYY-MM: the version in force in that month")

    def handle(self, *args, **options):
        month = None
        if options["month"]:
            try:
                month = parse_month(options["month"])
            except ValueError as exc:
                raise CommandError("--month: give a month YYYY-MM", returncode=1) from exc
        try:
            document = export_plan(code=options["code"], month=month)
        except Plan.DoesNotExist as exc:
            if month is not None and Plan.objects.filter(code=options["code"]).exists():
                raise CommandError(
                    f"no version of {options['code']} is in force in {options['month']}",
                    returncode=1,
                ) from exc
            raise CommandError(f"no plan with code {options['code']!r}", returncode=1) from exc
        text = dumps(document) + "\n"
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            self.stdout.write(text, ending="")
