"""manage.py import_results FILE [--user U] [--approve] [--approver V] [--dry-run]

Imports the field staff's workbook (sheets Indicators and Progress; see docs/workbook.md)
through :func:`programmes.services.workbook.workbook_import`: every row is checked first and
every error is printed as "sheet, row N, column: message"; the workbook is applied all or
nothing, and importing the same file again changes nothing.

Progress updates are submitted by ``--user``. ``--approve`` also approves them, by
``--approver`` — someone other than the submitter, as everywhere in the application; asking
the importing user to approve their own updates is refused before anything is written.
"""
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from core.management.base import ServiceCommand
from programmes.services.workbook import workbook_import

COUNTED = (("dwcps", "DWCP(s)"), ("priorities", "priority(ies)"), ("cpos", "CPO(s)"),
           ("indicators", "indicator(s)"), ("milestones", "milestone(s)"),
           ("updates", "progress update(s)"))


def _user(username: str | None, option: str):
    if not username:
        return None
    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist as exc:
        raise CommandError(f"There is no user “{username}” ({option}).") from exc


class Command(ServiceCommand):
    help = "Import indicators, milestones and progress updates from the field staff's workbook."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx workbook (start from the template)")
        parser.add_argument("--user", help="username of the person importing: the changes "
                                           "and the submitted updates are theirs")
        parser.add_argument("--approve", action="store_true",
                            help="also approve the imported updates (needs --approver)")
        parser.add_argument("--approver", help="username of the approver; never the "
                                               "submitter (implies --approve)")
        parser.add_argument("--dry-run", action="store_true",
                            help="check everything and report what would change; write "
                                 "nothing")

    def handle(self, *args, file, user=None, approve=False, approver=None, dry_run=False,
               **options):
        importer = _user(user, "--user")
        approving = _user(approver, "--approver")
        try:
            with open(file, "rb") as handle:
                result = workbook_import(file=handle, user=importer, approve=approve,
                                         approver=approving, dry_run=dry_run)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror or exc}.") from exc
        if result.errors:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"The workbook was not imported: {len(result.errors)} "
                               f"error(s), listed above; nothing was written.")
        created = ", ".join(f"{result.counts[key]} {label}" for key, label in COUNTED
                            if result.counts.get(key))
        approved = result.counts.get("approved", 0)
        unchanged = sum(1 for row in result.rows if row.action == "unchanged")
        summary = (f"{created or 'nothing'} created"
                   + (f", {approved} update(s) approved" if approved else "")
                   + f"; {unchanged} row(s) unchanged.")
        if dry_run:
            self.stdout.write(f"Dry run, nothing was written. The import would give: {summary}")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {file}: {summary}"))
