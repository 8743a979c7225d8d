"""Importing the workbook (:func:`workbook_import`) and previewing it (:func:`workbook_preview`):
every row checked, then applied through the services in one transaction, all or nothing."""
from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from constituents.models import Country
from core import policy
from core.errors import ApplicationError
from core.tables import UNREADABLE
from programmes.models import Biennium, Indicator, ProgressUpdate, Unit
from programmes.services.workbook._applier import (
    INDICATOR_ERROR_COLUMNS,
    PROGRESS_ERROR_COLUMNS,
    _Applier,
    _report,
)
from programmes.services.workbook._columns import (
    INDICATOR_COLUMNS,
    INDICATORS,
    PROGRESS,
    PROGRESS_COLUMNS,
)
from programmes.services.workbook._result import ImportResult, RowError, RowSummary, _Rollback
from programmes.services.workbook.reading import (
    _IndicatorRow,
    _parse_indicator,
    _parse_progress,
    _ProgressRow,
    _read_sheet,
    _text,
)

if TYPE_CHECKING:
    from core.models import User


def _check_approval(*, user: User | None, approver: Any, approve: bool) -> RowError | None:
    if not approve:
        return None
    if approver is None and user is None:
        return RowError("", None, "", _(
            "Approving imported updates needs a named approver (--approver), someone other "
            "than the person who submits them."))
    if approver is None or (user is not None and approver.pk == user.pk):
        name = user.get_username()  # type: ignore[union-attr]  # approver is None: a user
        return RowError("", None, "", _(
            "%(name)s submits these updates and so cannot approve them: the approver must be "
            "someone else. Import without --approve and let a colleague approve them in the "
            "approval queue, or name a different approver with --approver.") % {"name": name})
    return None




def workbook_import(*, file: Any, user: User | None = None, approve: bool = False,
                    approver: Any = None,
                    dry_run: bool = False) -> ImportResult:
    """Read, check and (unless ``dry_run`` or any error) apply the workbook ``file`` (a path
    or a binary file object) as ``user``. Returns what each row did and every error; when
    there is an error nothing is written (``result.applied`` is False)."""
    result = ImportResult(dry_run=dry_run)
    if user is not None and not policy.IMPORT_WORKBOOK.allows(user):
        # Refused before the file is read: a user who may not import learns nothing of it
        # and costs nothing to parse.
        result.errors.append(RowError("", None, "", _(
            "You may not import workbooks: importing needs a field officer of the countries "
            "concerned or an administrator.")))
        return result
    approve = approve or approver is not None
    problem = _check_approval(user=user, approver=approver, approve=approve)
    if problem is not None:
        result.errors.append(problem)
        return result
    approver = approver or user
    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except UNREADABLE as exc:
        result.errors.append(RowError("", None, "", _(
            "This is not an Excel workbook (.xlsx) that can be read: %(reason)s")
            % {"reason": exc}))
        return result
    try:
        return _import(book, result, user=user, approver=approver, approve=approve,
                       name=getattr(file, "name", str(file)))
    finally:
        book.close()


def _import(book: Any, result: ImportResult, *, user: User | None, approver: Any, approve: bool,
            name: str) -> ImportResult:
    biennia = {b.code: b for b in Biennium.objects.all()}
    errors: list[RowError] = []
    try:
        indicator_rows, milestone_columns = _read_sheet(book, INDICATORS, INDICATOR_COLUMNS,
                                                        biennia, errors, required=True)
        progress_rows, _milestones = _read_sheet(book, PROGRESS, PROGRESS_COLUMNS, biennia,
                                                 errors, required=False)
    except UNREADABLE as exc:  # a damaged or hostile sheet: its XML, its cells
        result.errors.append(RowError("", None, "", _(
            "The workbook could not be read (%(problem)s): open it in Excel and save it "
            "again, or start from the template.") % {"problem": type(exc).__name__}))
        return result
    countries = {c.iso3.upper(): c for c in Country.objects.all()}

    # 1. Every row checked on its own and against the other rows of the file.
    referenced = {_text(r.raw("indicator_code")).upper()
                  for r in (*indicator_rows, *progress_rows)} - {""}
    recorded_units = {code.upper(): unit for code, unit in Indicator.objects.filter(
        code__in=referenced).values_list("code", "unit")}
    parsed_indicators = [_parse_indicator(r, countries, milestone_columns, recorded_units)
                         for r in indicator_rows]
    _check_consistency(parsed_indicators)
    sheet_codes: dict[str, _IndicatorRow] = {}
    for parsed in parsed_indicators:  # a duplicate row is the error, not the first one
        if parsed.code:
            sheet_codes.setdefault(parsed.code.upper(), parsed)
    units = dict(recorded_units)
    units.update({code: p.fields["unit"] or recorded_units.get(code, Unit.NUMBER)
                  for code, p in sheet_codes.items()})
    parsed_progress = [_parse_progress(r, units) for r in progress_rows]
    _check_duplicate_updates(parsed_progress)

    # 2. Applied through the services, in one transaction, each row in a savepoint.
    applier = _Applier(user=user, approver=approver, approve=approve, result=result,
                       reason=_("Imported from the workbook %(name)s") % {"name": name})
    try:
        with transaction.atomic():
            applier.load(parsed_indicators, referenced)
            for parsed in parsed_indicators:
                if not parsed.row.ok:
                    continue
                state = applier.state()
                try:
                    with transaction.atomic():
                        applier.indicator_row(parsed)
                        if not parsed.row.ok:
                            raise _Rollback
                except _Rollback:
                    applier.restore(state)
                except (ApplicationError, PermissionDenied) as exc:
                    applier.restore(state)
                    _report(parsed.row, exc, INDICATOR_ERROR_COLUMNS,
                            "country" if isinstance(exc, PermissionDenied) else "indicator_code")
            existing = _existing_updates(applier.indicators.values())
            for parsed in parsed_progress:  # type: ignore[assignment]
                source = sheet_codes.get(parsed.code)
                if not parsed.row.ok or (source is not None and not source.row.ok) \
                        or parsed.code not in applier.indicators:
                    continue  # the indicator's own row has the error
                try:
                    with transaction.atomic():
                        applier.progress_row(parsed, existing)  # type: ignore[arg-type]
                except (ApplicationError, PermissionDenied) as exc:
                    _report(parsed.row, exc, PROGRESS_ERROR_COLUMNS, "indicator_code")
            for row in (*indicator_rows, *progress_rows):
                errors.extend(row.errors)
            if errors or result.dry_run:
                raise _Rollback
    except _Rollback:
        pass
    result.errors = sorted(errors, key=lambda e: (e.sheet != INDICATORS, e.sheet,
                                                  e.row or 0))
    result.applied = not errors and not result.dry_run
    return result


def _check_consistency(rows: list[_IndicatorRow]) -> None:
    """The same DWCP, priority, CPO and indicator described the same way on every row."""
    priorities: dict[tuple[Any, ...], _IndicatorRow] = {}
    cpos: dict[tuple[Any, ...], _IndicatorRow] = {}
    codes: dict[str, _IndicatorRow] = {}
    for parsed in rows:
        if parsed.dwcp_key is None:
            continue
        row = parsed.row
        code = parsed.code.upper()
        if code in codes:
            row.error("indicator_code", _(
                "Indicator %(code)s is also in row %(row)s; give each indicator one row.")
                % {"code": parsed.code, "row": codes[code].row.number})
        codes.setdefault(code, parsed)
        # An empty naming cell says nothing (the code alone matches): compare what is given.
        key = (*parsed.dwcp_key, parsed.priority_code.upper())
        first = priorities.setdefault(key, parsed) if parsed.priority_code else parsed
        if parsed.priority_title and first.priority_title \
                and first.priority_title != parsed.priority_title:
            row.error("priority_title", _(
                "Priority %(code)s has another title in row %(row)s.")
                % {"code": parsed.priority_code, "row": first.row.number})
        if not first.priority_title and parsed.priority_title:
            first.priority_title = parsed.priority_title
        key = (*parsed.dwcp_key, parsed.cpo_code.upper())
        first = cpos.setdefault(key, parsed)
        if parsed.cpo_title and first.cpo_title and first.cpo_title != parsed.cpo_title:
            row.error("cpo_title", _(
                "CPO %(code)s has another title in row %(row)s.")
                % {"code": parsed.cpo_code, "row": first.row.number})
        if parsed.priority_code and first.priority_code \
                and first.priority_code.upper() != parsed.priority_code.upper():
            row.error("priority_code", _(
                "CPO %(code)s is under priority %(priority)s in row %(row)s.")
                % {"code": parsed.cpo_code, "priority": first.priority_code,
                   "row": first.row.number})


def _check_duplicate_updates(rows: list[_ProgressRow]) -> None:
    seen: dict[tuple[Any, ...], _ProgressRow] = {}
    for parsed in rows:
        if not parsed.row.ok:
            continue
        key = (parsed.code, parsed.date, *sorted(parsed.values.items()))
        if key in seen:
            parsed.row.error("indicator_code", _(
                "The same update is in row %(row)s.") % {"row": seen[key].row.number})
        seen.setdefault(key, parsed)


def _existing_updates(indicators: Any) -> dict[tuple[Any, ...], list[ProgressUpdate]]:
    ids = [i.pk for i in indicators]
    out: dict[tuple[Any, ...], list[ProgressUpdate]] = defaultdict(list)
    for update in ProgressUpdate.objects.filter(indicator_id__in=ids).order_by("id"):
        out[(update.indicator_id, update.date)].append(update)
    return out


def workbook_preview(file: Any, *, user: User | None = None, approve: bool = False,
                     approver: Any = None
                     ) -> tuple[list[RowSummary], list[RowError]]:
    """What importing ``file`` would do, row by row, and every error — nothing is written
    (a dry run through the same services). Pass the signed-in ``user`` so that the
    permission rules are those of the real import."""
    result = workbook_import(file=file, user=user, approve=approve, approver=approver,
                             dry_run=True)
    return result.rows, result.errors
