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
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.management.base import ServiceCommand
from programmes.services.workbook import workbook_import

COUNTED = (
    ("dwcps", lambda n: ngettext("%(n)d DWCP", "%(n)d DWCPs", n)),
    ("priorities", lambda n: ngettext("%(n)d priority", "%(n)d priorities", n)),
    ("cpos", lambda n: ngettext("%(n)d CPO", "%(n)d CPOs", n)),
    ("indicators", lambda n: ngettext("%(n)d indicator", "%(n)d indicators", n)),
    ("milestones", lambda n: ngettext("%(n)d milestone", "%(n)d milestones", n)),
    ("updates", lambda n: ngettext("%(n)d progress update", "%(n)d progress updates", n)),
)


def _user(username: str | None, option: str):
    if not username:
        return None
    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist as exc:
        raise CommandError(_("There is no user “%(name)s” (%(option)s).")
                           % {"name": username, "option": option}) from exc


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
        result = self.read_file(file, lambda handle: workbook_import(
            file=handle, user=importer, approve=approve, approver=approving,
            dry_run=dry_run))
        if result.errors:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(ngettext(
                "The workbook was not imported: %(n)d error, listed above; nothing was written.",
                "The workbook was not imported: %(n)d errors, listed above; nothing was "
                "written.", len(result.errors)) % {"n": len(result.errors)})
        created = ", ".join(label(result.counts[key]) % {"n": result.counts[key]}
                            for key, label in COUNTED if result.counts.get(key))
        approved = result.counts.get("approved", 0)
        unchanged = sum(1 for row in result.rows if row.action == "unchanged")
        parts = [_("%(things)s created") % {"things": created} if created
                 else _("nothing created")]
        if approved:
            parts.append(ngettext("%(n)d update approved", "%(n)d updates approved", approved)
                         % {"n": approved})
        summary = _("%(changes)s; %(unchanged)s.") % {
            "changes": ", ".join(parts),
            "unchanged": ngettext("%(n)d row unchanged", "%(n)d rows unchanged", unchanged)
            % {"n": unchanged}}
        if dry_run:
            self.stdout.write(_("Dry run, nothing was written. The import would give: "
                                "%(summary)s") % {"summary": summary})
        else:
            self.stdout.write(self.style.SUCCESS(
                _("Imported %(file)s: %(summary)s") % {"file": file, "summary": summary}))
