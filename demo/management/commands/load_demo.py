from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.builders import DEMO_PASSWORD, build_demo


class Command(BaseCommand):
    help = "Create (or refresh) the demo programme with invented people, and print sign-ins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load demo accounts even when DEBUG is off. Never on a live service.",
        )

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "Demo data has well-known passwords, so it is only loaded with DJANGO_DEBUG=true "
                "(or --force on a machine that is not live)."
            )
        people = build_demo()
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Sign in at /accounts/login/"))
        self.stdout.write(f"Every demo account has the password: {DEMO_PASSWORD}")
        for person in people:
            role = person.role or "administrator"
            self.stdout.write(f"  {role:<16} {person.email}")
