"""Demo accounts (one per role) and the hook that loads each app's demo data."""
from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from io import TextIOBase

from django.db import transaction

from .models import User
from .roles import Role

DEMO_PASSWORD = "decent-work-demo"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    name: str  # a person's name, as colleagues see it beside what they did
    post: str  # what the demo account stands for, in the table load_demo prints
    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()


DEMO_ACCOUNTS = [
    DemoAccount("field", Role.FIELD_STAFF, "Elira Dervishi",
                "Programme officer, Albania, Moldova and Ukraine",
                countries=("ALB", "MDA", "UKR")),
    DemoAccount("field.africa", Role.FIELD_STAFF, "Aminata Diallo",
                "Programme officer, Africa region", regions=("AF",)),
    DemoAccount("actemp", Role.ACTEMP, "Jonas Lindqvist", "ACT/EMP specialist"),
    DemoAccount("actrav", Role.ACTRAV, "Lucía Fernández", "ACTRAV specialist"),
    DemoAccount("manager", Role.MANAGER, "Maria Rossi", "Programme manager"),
    DemoAccount("partnerships", Role.PARTNERSHIPS, "Kenji Watanabe",
                "Partnerships officer, PARDEV"),
    DemoAccount("admin", Role.ADMINISTRATOR, "Sam Okafor", "Administrator"),
]

DEMO_APPS = ("constituents", "programmes", "capacity", "evaluation", "reporting")


@transaction.atomic
def demo_accounts_ensure() -> list[tuple[DemoAccount, bool]]:
    """Create the demo accounts that do not exist yet; existing ones are left untouched."""
    from constituents.models import Country, Region

    results = []
    for account in DEMO_ACCOUNTS:
        first, _, last = account.name.partition(" ")
        # The administrator account also has the admin site (the role decides, as everywhere).
        administrator = User(role=account.role).is_administrator
        user, created = User.objects.get_or_create(
            username=account.username,
            defaults={"role": account.role, "first_name": first, "last_name": last,
                      "email": f"{account.username}@example.org",
                      "is_staff": administrator, "is_superuser": administrator},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user.countries.set(Country.objects.filter(iso3__in=account.countries))
            user.regions.set(Region.objects.filter(code__in=account.regions))
        results.append((account, created))
    return results


def load_app_demo_data(stdout: TextIOBase) -> None:
    """Each app's demo data. Years of history written at once notify nobody; what is still
    waiting at the end (e.g. updates to approve) is announced by the app's
    ``announce_pending``, as it would have been."""
    from core import notifications

    modules = []
    for app in DEMO_APPS:
        try:
            modules.append(import_module(f"{app}.demo"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.demo":
                raise
    with notifications.suppressed():
        for module in modules:
            module.load(stdout=stdout)
    for module in modules:
        if hasattr(module, "announce_pending"):
            module.announce_pending()
