"""manage.py seed_demo: fill an empty Fireside with a believable, entirely fictional
peer-mentoring program (fireside/demo/seed.py).

Run it once after `migrate` to explore the product as each kind of person. Running it again
changes nothing: the demo program's name marks the demo as present.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from fireside.accounts.models import User
from fireside.communities.models import Community
from fireside.demo.groups import SIGN_INS
from fireside.demo.people import DEMO_DOMAIN, DEMO_PASSWORD, PROGRAM, by_local
from fireside.programs.models import Program

# The demo is built partly from the test factories, and factory_boy is a development tool:
# only this command needs it, so a site installed without it still loads fireside.demo.
try:
    from fireside.demo import seed as seeding

    MISSING = ""
except ModuleNotFoundError as missing:
    if missing.name != "factory":
        raise
    MISSING = missing.name


class Command(BaseCommand):
    help = "Create a fictional demo program with communities and people. Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        if MISSING:
            raise CommandError(
                "seed_demo builds the demo with factory_boy, a development tool: install "
                "the dev extra (`make setup` does) and run it again."
            )
        if Program.objects.filter(name=PROGRAM["name"]).exists():
            self.stdout.write("The demo program is already here; nothing was changed.")
        else:
            # All or nothing, so a failed run leaves no half-built demo behind to trip the next.
            with transaction.atomic():
                program = seeding.seed()
            people = User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").count()
            groups = Community.objects.filter(program=program).count()
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created {program.name}: {groups} communities, {people} people."
                )
            )
        self.stdout.write(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD}):")
        for local, what in SIGN_INS:
            self.stdout.write(f"  {by_local(local).email:<34} {what}")
