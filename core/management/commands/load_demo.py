from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError

from core.demo import DEMO_PASSWORD, demo_accounts_ensure, load_app_demo_data
from core.management.base import ServiceCommand
from core.reference import load_all


class Command(ServiceCommand):
    help = ("Load reference data and the illustrative demo data, and create one demo account "
            "per role. Idempotent: running it again changes nothing.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--force", action="store_true",
                            help="load even though DWCP_DEMO_MODE is off (not for production)")

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        if not settings.DEMO_MODE and not force:
            raise CommandError("Demo data is only loaded on demo instances: set "
                               "DWCP_DEMO_MODE=true (or pass --force).")
        load_all()
        load_app_demo_data(self.stdout)
        accounts = demo_accounts_ensure()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in at "
                                             "http://127.0.0.1:8000/ with:"))
        self.stdout.write(f"  {'username':<14} {'password':<18} role")
        for account, _created in accounts:
            self.stdout.write(f"  {account.username:<14} {DEMO_PASSWORD:<18} "
                              f"{account.role.label} — {account.name}, {account.post}")
