from typing import Any

from django.core.management.base import BaseCommand

from core.reference import load_all


class Command(BaseCommand):
    help = ("Load or refresh reference data: ILO regions and member States, strategic "
            "objectives, biennia and P&B outcomes. Idempotent.")

    def handle(self, *args: Any, **options: Any) -> None:
        created = load_all()
        self.stdout.write(self.style.SUCCESS(f"Reference data loaded ({created} rows created)."))
