from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from incentives.models import PlanStatus
from incentives.plans.documents import PlanInvalid, import_plan, parse_document_text


class Command(BaseCommand):
    help = (
        "Import an incentive plan from a JSON document (docs/contracts.md 'Incentive plan JSON'). "
        "Creates or updates the plan with that code; an invalid document is refused with every "
        "problem named and nothing stored (exit status 1)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="FILE.json")
        parser.add_argument(
            "--status",
            choices=PlanStatus.values,
            default=None,
            help="draft or active (default: keep an existing plan's status, new plans active)",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}", returncode=1) from exc
        try:
            document = parse_document_text(data)
            plan = import_plan(document=document, by=None, status=options["status"])
        except PlanInvalid as exc:
            for problem in exc.problems:
                self.stderr.write(f"{path}: {problem}")
            raise CommandError(
                f"{len(exc.problems)} problem(s), nothing imported", returncode=1
            ) from exc
        self.stdout.write(
            f"Plan {plan.code} imported: {plan.name}, {plan.get_status_display()}, "
            f"{len(document.get('rules') or [])} rule(s)"
        )
