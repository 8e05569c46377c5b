import os
import sys
from getpass import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from org import services


class Command(BaseCommand):
    help = (
        "Create the first administrator (superuser, role admin) of a production installation. "
        "The password comes from KINERJA_ADMIN_PASSWORD, or is asked for twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("KINERJA_ADMIN_USERNAME"))
        parser.add_argument("--email", default=os.environ.get("KINERJA_ADMIN_EMAIL", ""))

    def handle(self, *args, username=None, email="", **options):
        if not username:
            raise CommandError("Give --username (or set KINERJA_ADMIN_USERNAME).")
        password = os.environ.get("KINERJA_ADMIN_PASSWORD")
        if not password:
            if not sys.stdin.isatty():
                raise CommandError("Set KINERJA_ADMIN_PASSWORD (no terminal to ask on).")
            password = getpass("Password: ")
            if getpass("Password (again): ") != password:
                raise CommandError("The two passwords differ.")
        try:
            user = services.create_admin(username=username, email=email, password=password)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Administrator {user.username} created; sign in at /admin/ or /.")
