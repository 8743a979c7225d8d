"""Applying parsed rows through the services (DWCP, priority, CPO, indicator and milestones,
progress updates), matched on natural keys, with the services' refusals restated on the
workbook's columns."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import ApplicationError
from programmes.models import (
    CountryPriority,
    CountryProgrammeOutcome,
    Dwcp,
    Indicator,
    UpdateStatus,
)
from programmes.services import dwcp as dwcp_services
from programmes.services import framework as framework_services
from programmes.services import indicators as indicator_services
from programmes.services.workbook._columns import (
    INDICATOR_COLUMNS,
    INDICATORS,
    PROGRESS,
    PROGRESS_COLUMNS,
    _plain,
)
from programmes.services.workbook._result import ImportResult, RowSummary
from programmes.services.workbook.reading import _IndicatorRow, _ProgressRow, _Row

if TYPE_CHECKING:
    from core.models import User
    from programmes.models import ProgressUpdate

INDICATOR_ERROR_COLUMNS = {
    "title": "indicator_title", "code": "indicator_code", "target_increase_pct": "target_value",
    "numerator_label": "unit", "output": "indicator_code", "milestones": "milestones",
    "start_year": "dwcp_start", "end_year": "dwcp_end",
}
PROGRESS_ERROR_COLUMNS = {"sex": "women", "reached": "value"}


def _report(row: _Row, exc: ApplicationError | PermissionDenied, columns: dict[str, str],
            default: str) -> None:
    """Turn a service's refusal into row errors on the workbook's columns."""
    if isinstance(exc, PermissionDenied):
        row.error(default, str(exc) or _("You may not change this."))
        return
    for name, messages in exc.field_errors.items():
        for message in messages:
            known = name in INDICATOR_COLUMNS or name in PROGRESS_COLUMNS
            row.error(columns.get(name, name if known else default), str(message))
    if not exc.field_errors:
        row.error(default, str(exc))


def _on_columns(exc: ApplicationError | PermissionDenied, columns: dict[str, str],
                default: str) -> ApplicationError:
    """A service's refusal restated on the workbook's columns."""
    if isinstance(exc, PermissionDenied):
        message = str(exc) or _("You may not change this.")
        return ApplicationError(message, field_errors={default: [message]})
    errors = {columns.get(k, k if k in INDICATOR_COLUMNS else default): v
              for k, v in exc.field_errors.items()}
    return ApplicationError(str(exc), field_errors=errors or {default: [str(exc)]})


def _naming(value: str, column: str, message: str) -> None:
    """A new priority, CPO or indicator needs the cell that names it."""
    if not value:
        raise ApplicationError(message, field_errors={column: [message]})


DWCP_COLUMNS = {"start_year": "dwcp_start", "end_year": "dwcp_end"}
PRIORITY_COLUMNS = {"code": "priority_code", "title": "priority_title"}
CPO_COLUMNS = {"code": "cpo_code", "title": "cpo_title", "priority": "priority_code"}


class _Applier:
    """Applies parsed rows through the services, with caches keyed on natural keys."""

    def __init__(self, *, user: User | None, approver: Any, approve: bool, reason: str,
                 result: ImportResult):
        self.user, self.approver, self.approve = user, approver, approve
        self.reason, self.result = reason, result
        self.dwcps: dict[tuple[Any, ...], Dwcp] = {}
        self.priorities: dict[tuple[Any, ...], CountryPriority] = {}
        self.cpos: dict[tuple[Any, ...], CountryProgrammeOutcome] = {}
        self.indicators: dict[str, Indicator] = {}

    def load(self, indicator_rows: list[_IndicatorRow], codes: set[str]) -> None:
        country_ids = {r.country.pk for r in indicator_rows if r.country is not None}
        for dwcp in Dwcp.objects.filter(country_id__in=country_ids).select_related("country"):
            self.dwcps.setdefault((dwcp.country_id, dwcp.start_year, dwcp.end_year), dwcp)
        dwcp_ids = [d.pk for d in self.dwcps.values()]
        for priority in CountryPriority.objects.filter(dwcp_id__in=dwcp_ids):
            self.priorities[(priority.dwcp_id, priority.code.upper())] = priority
        for cpo in CountryProgrammeOutcome.objects.filter(dwcp_id__in=dwcp_ids):
            self.cpos[(cpo.dwcp_id, cpo.code.upper())] = cpo
        for indicator in (Indicator.objects.filter(code__in=codes)
                          .select_related("cpo__dwcp__country")
                          .prefetch_related("milestones__biennium")):
            self.indicators[indicator.code.upper()] = indicator

    def state(self) -> tuple[Any, ...]:
        """The caches, to be restored when a row's savepoint is rolled back."""
        return (dict(self.dwcps), dict(self.priorities), dict(self.cpos),
                dict(self.indicators))

    def restore(self, state: tuple[Any, ...]) -> None:
        self.dwcps, self.priorities, self.cpos, self.indicators = (dict(d) for d in state)

    def _count(self, what: str) -> None:
        self.result.counts[what] += 1

    # Each step returns the object and appends what it did to ``changes``.

    def _dwcp(self, parsed: _IndicatorRow, changes: list[str]) -> Dwcp:
        # A row that reaches here has a country and a period (else it has an error).
        dwcp = self.dwcps.get(parsed.dwcp_key)  # type: ignore[arg-type]
        if dwcp is not None:
            return dwcp
        _country, start, end = parsed.dwcp_key  # type: ignore[misc]
        if self.user is None:
            message = _(
                "There is no DWCP of %(country)s for %(start)s–%(end)s; creating one needs a "
                "user: run the import as a person (--user).") % {
                    "country": parsed.country.name,  # type: ignore[union-attr]
                    "start": start, "end": end}
            raise ApplicationError(message, field_errors={"country": [message]})
        try:
            dwcp = dwcp_services.dwcp_create(
                user=self.user, country=parsed.country, start_year=start, end_year=end,
                title=_("Decent Work Country Programme of %(country)s") % {
                    "country": parsed.country.name})  # type: ignore[union-attr]
        except (ApplicationError, PermissionDenied) as exc:
            raise _on_columns(exc, DWCP_COLUMNS, "country") from exc
        self.dwcps[parsed.dwcp_key] = dwcp  # type: ignore[index]
        changes.append(_("DWCP %(country)s %(start)s–%(end)s created") % {
            "country": parsed.country.iso3,  # type: ignore[union-attr]
            "start": start, "end": end})
        self._count("dwcps")
        return dwcp

    def _priority(self, dwcp: Dwcp, parsed: _IndicatorRow,
                  changes: list[str]) -> CountryPriority:
        try:
            return self._priority_step(dwcp, parsed, changes)
        except (ApplicationError, PermissionDenied) as exc:
            raise _on_columns(exc, PRIORITY_COLUMNS, "priority_code") from exc

    def _cpo(self, dwcp: Dwcp, parsed: _IndicatorRow,
             changes: list[str]) -> CountryProgrammeOutcome:
        try:
            return self._cpo_step(dwcp, parsed, changes)
        except (ApplicationError, PermissionDenied) as exc:
            raise _on_columns(exc, CPO_COLUMNS, "cpo_code") from exc

    def _priority_step(self, dwcp: Dwcp, parsed: _IndicatorRow,
                       changes: list[str]) -> CountryPriority:
        key = (dwcp.pk, parsed.priority_code.upper())
        priority = self.priorities.get(key)
        if priority is None:
            _naming(parsed.priority_title, "priority_title", _(
                "Priority %(code)s is not recorded yet: give its title to create it.")
                % {"code": parsed.priority_code})
            priority = framework_services.priority_create(
                dwcp=dwcp, code=parsed.priority_code, title=parsed.priority_title,
                reason=self.reason, user=self.user)
            changes.append(_("priority %(code)s created") % {"code": priority.code})
            self._count("priorities")
        elif parsed.priority_title and priority.title != parsed.priority_title:
            priority = framework_services.priority_update(
                priority=priority, code=priority.code, title=parsed.priority_title,
                description=priority.description, reason=self.reason, user=self.user)
            changes.append(_("priority %(code)s renamed") % {"code": priority.code})
        self.priorities[key] = priority
        return priority

    def _cpo_step(self, dwcp: Dwcp, parsed: _IndicatorRow,
                  changes: list[str]) -> CountryProgrammeOutcome:
        """The CPO of the row: one recorded under its code is matched by the code alone (an
        empty priority or title keeps what is recorded); a new one needs both."""
        key = (dwcp.pk, parsed.cpo_code.upper())
        cpo = self.cpos.get(key)
        if cpo is not None and not parsed.priority_code:
            priority = cpo.priority
        else:
            _naming(parsed.priority_code, "priority_code", _(
                "CPO %(code)s is not recorded yet: give the code of its priority to create it.")
                % {"code": parsed.cpo_code})
            priority = self._priority(dwcp, parsed, changes)
        if cpo is None:
            _naming(parsed.cpo_title, "cpo_title", _(
                "CPO %(code)s is not recorded yet: give its title to create it.")
                % {"code": parsed.cpo_code})
            cpo = framework_services.cpo_create(
                dwcp=dwcp, priority=priority, code=parsed.cpo_code, title=parsed.cpo_title,
                reason=self.reason, user=self.user)
            changes.append(_("CPO %(code)s created") % {"code": cpo.code})
            self._count("cpos")
        elif (parsed.cpo_title and cpo.title != parsed.cpo_title) \
                or cpo.priority_id != priority.pk:
            cpo = framework_services.cpo_update(
                cpo=cpo, priority=priority, code=cpo.code,
                title=parsed.cpo_title or cpo.title, description=cpo.description,
                planned_resources=cpo.planned_resources, reason=self.reason, user=self.user)
            changes.append(_("CPO %(code)s updated") % {"code": cpo.code})
        self.cpos[key] = cpo
        return cpo

    def indicator_row(self, parsed: _IndicatorRow) -> None:
        changes: list[str] = []
        dwcp = self._dwcp(parsed, changes)
        cpo = self._cpo(dwcp, parsed, changes)
        indicator = self.indicators.get(parsed.code.upper())
        if indicator is None:
            _naming(parsed.title, "indicator_title", _(
                "Indicator %(code)s is not recorded yet: give its title to create it.")
                % {"code": parsed.code})
            indicator = indicator_services.indicator_create(
                user=self.user, cpo=cpo, title=parsed.title, code=parsed.code,
                milestones=parsed.milestones,
                **{k: v for k, v in parsed.fields.items() if v is not None})
            self._count("indicators")
            self.result.counts["milestones"] += len(parsed.milestones)
            action = "create"
            changes.append(ngettext("%(count)d milestone", "%(count)d milestones",
                                    len(parsed.milestones)) % {"count": len(parsed.milestones)})
        else:
            self._update_indicator(indicator, cpo, parsed, changes)
            action = "update" if changes else "unchanged"
        self.indicators[parsed.code.upper()] = indicator
        self.result.rows.append(RowSummary(INDICATORS, parsed.row.number, parsed.code, action,
                                           changes))

    def _update_indicator(self, indicator: Indicator, cpo: Any, parsed: _IndicatorRow,
                          changes: list[str]) -> None:
        row = parsed.row
        if indicator.cpo_id != cpo.pk:
            row.error("indicator_code", _(
                "Indicator %(code)s belongs to CPO %(cpo)s of %(dwcp)s.") % {
                    "code": indicator.code, "cpo": indicator.cpo.code,
                    "dwcp": indicator.cpo.dwcp})
            return
        data = {}
        if parsed.title and indicator.title != parsed.title:
            data["title"] = parsed.title
        for name, value in parsed.fields.items():
            current = getattr(indicator, name)
            if value is None or current == value:
                continue  # an empty cell keeps what is recorded
            if name in ("baseline_value", "target_value") and current is not None:
                row.error(name, _(
                    "The recorded value is %(value)s: the workbook does not revise baselines "
                    "or targets. Revise it on the indicator's page, giving a reason.") % {
                        "value": _plain(current)})
                continue
            data[name] = value
        milestones = {m.biennium_id: m for m in indicator.milestones.all()}
        new_milestones = {}
        for biennium, (value, statement) in parsed.milestones.items():
            recorded = milestones.get(biennium.pk)
            if recorded is None:
                new_milestones[biennium] = (value, statement)
            elif (recorded.statement != statement if value is None
                  else recorded.value != value):
                shown = _plain(recorded.value) if recorded.value is not None else \
                    f"“{recorded.statement}”"
                row.error(f"milestone {biennium.code}", _(
                    "The recorded milestone is %(value)s: the workbook does not revise "
                    "milestones. Revise it on the indicator's page, giving a reason.") % {
                        "value": shown})
        if not row.ok:
            return
        if data:
            indicator_services.indicator_update(user=self.user, indicator=indicator,
                                                data=data)
            changes.append(_("changed: %(fields)s") % {"fields": ", ".join(sorted(data))})
        for biennium, (value, statement) in new_milestones.items():
            indicator_services.milestone_set(user=self.user, indicator=indicator,
                                             biennium=biennium, value=value,
                                             statement=statement)
            self._count("milestones")
            changes.append(_("milestone %(biennium)s added") % {"biennium": biennium.code})

    def progress_row(self, parsed: _ProgressRow,
                     existing: dict[tuple[Any, ...], list[ProgressUpdate]]) -> None:
        indicator = self.indicators[parsed.code]
        values = parsed.values
        key = (indicator.pk, parsed.date)
        match = next((u for u in existing.get(key, ())
                      if all(getattr(u, name) == value for name, value in values.items())),
                     None)
        label = f"{indicator.code} {parsed.date.isoformat()}"  # type: ignore[union-attr]
        if match is None:
            match = indicator_services.progress_update_create(
                user=self.user, indicator=indicator,
                date=parsed.date,  # type: ignore[arg-type]  # a row without a date has an error
                **values,
                narrative=parsed.narrative, source=parsed.source,
                disaggregation=parsed.disaggregation, submit=True)
            self._count("updates")
            action = "create"
        else:
            action = "unchanged"
        if self.approve and match.status == UpdateStatus.SUBMITTED:
            match = indicator_services.progress_update_approve(user=self.approver,
                                                               update=match)
            self._count("approved")
            action = "create" if action == "create" else "approve"
        if action == "create":
            existing.setdefault(key, []).append(match)
        changes = ([_("status %(status)s") % {"status": match.get_status_display()}]
                   if action != "unchanged" else [])
        self.result.rows.append(RowSummary(PROGRESS, parsed.row.number, label, action,
                                           changes))
