"""What every report shares: the front matter from a definition's content, narrative
paragraphs, the results snapshot and the capacity section hook."""
from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from core.errors import ApplicationError
from programmes.models import ResultSnapshot, ResultStatus
from reporting.document import DocumentBuilder, FrontMatter

STATUS_ORDER = [s.value for s in (
    ResultStatus.ACHIEVED, ResultStatus.PARTLY_ACHIEVED, ResultStatus.NOT_ACHIEVED,
    ResultStatus.ON_TRACK, ResultStatus.OFF_TRACK, ResultStatus.NO_DATA,
    ResultStatus.NOT_STARTED)]


def status_label(status: str) -> str:
    try:
        return str(ResultStatus(status).label)
    except ValueError:
        return status or "–"


def current_snapshot() -> ResultSnapshot:
    snapshot = ResultSnapshot.objects.filter(is_current=True).first()
    if snapshot is None:
        raise ApplicationError(_("Results have not been computed yet: run the results "
                                 "computation (manage.py compute_indicators) first."))
    return snapshot


def paragraphs(text: str) -> list[str]:
    """Paragraphs of a text separated by blank lines."""
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def add_narrative(builder: DocumentBuilder, text: str) -> int:
    """Numbered paragraphs from a manager's narrative; lines starting with "- " become
    lettered sub-paragraphs of the paragraph above them. Returns how many were added."""
    count = 0
    for block in re.split(r"\n\s*\n", text or ""):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        if not lines:
            continue
        body = " ".join(line for line in lines if not line.startswith("- "))
        items = [line[2:].strip() for line in lines if line.startswith("- ")]
        builder.paragraph(body, items=items)
        count += 1
    return count


def front_matter(content: dict, defaults: dict) -> tuple[FrontMatter, str, str]:
    """The cover block and purpose box from a definition's content (empty values fall back
    on the report's defaults), with the narrative and the draft decision texts."""
    merged = {**defaults, **{k: v for k, v in (content or {}).items() if v not in ("", None)}}
    date = merged.get("document_date")
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    front = FrontMatter(
        title=merged.get("title", ""), symbol=merged.get("symbol", ""),
        session=merged.get("session"), place=merged.get("place", ""),
        dates=merged.get("session_dates", ""), section_name=merged.get("section_name", ""),
        section_code=merged.get("section_code", ""), segment=merged.get("segment", ""),
        document_date=date, original_language=merged.get("original_language", "en"),
        agenda_item=merged.get("agenda_item"), purpose=paragraphs(merged.get("purpose", "")),
        strategic_objective=merged.get("strategic_objective", ""),
        main_outcome=merged.get("main_outcome", ""),
        policy_implications=merged.get("policy_implications", ""),
        legal_implications=merged.get("legal_implications", ""),
        financial_implications=merged.get("financial_implications", ""),
        follow_up=merged.get("follow_up", ""), author_unit=merged.get("author_unit", ""),
        related_documents=merged.get("related_documents", ""))
    return front, merged.get("narrative", ""), merged.get("draft_decision", "")


def capacity_summary(*, country_ids: list[int] | None, start: dt.date,
                     end: dt.date) -> dict | None:
    """The capacity development figures for the countries (None = all) and period, from the
    capacity app when it provides ``capacity.selectors.report_summary``; None otherwise, and
    the report then says that no capacity data is available.

    Expected return of ``report_summary(country_ids=…, start=…, end=…)``: a dict with
    ``paragraphs`` (list of str) and ``tables`` (list of dicts with ``caption``,
    ``columns`` (list of (label, fmt)), ``rows`` and optional ``total``/``source``)."""
    try:
        from capacity import selectors as capacity_selectors
    except ImportError:
        return None
    summary = getattr(capacity_selectors, "report_summary", None)
    if summary is None:
        return None
    return summary(country_ids=country_ids, start=start, end=end)


def add_capacity_section(builder: DocumentBuilder, summary: dict | None) -> None:
    from reporting.document import Column

    builder.section(_("Capacity development of constituents"))
    if not summary or not (summary.get("paragraphs") or summary.get("tables")):
        builder.paragraph(_("No capacity assessments or capacity development interventions "
                            "are recorded for this period yet."))
        return
    for text in summary.get("paragraphs", []):
        builder.paragraph(text)
    for table in summary.get("tables", []):
        builder.table(table["caption"], [Column(label, fmt) for label, fmt in table["columns"]],
                      table["rows"], total=table.get("total"), source=table.get("source", ""))
