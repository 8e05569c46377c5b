from importlib import import_module

from django.core.management.base import BaseCommand

# Each app seeds its part of the demo, in dependency order; every step is idempotent.
DEMO_STEPS = [
    "org.demo",
    "outlets.demo",
    "kpi.demo",
    "okr.demo",
    "incentives.demo",
]


class Command(BaseCommand):
    help = "Create (or bring up to date) the demo organisation, its data and logins. Idempotent."

    def handle(self, *args, **options):
        for module in DEMO_STEPS:
            import_module(module).seed(out=self.stdout)
        import_module("org.demo").print_logins(out=self.stdout)
