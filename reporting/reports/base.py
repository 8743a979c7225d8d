"""What every report shares: the front matter from a definition's content, narrative
paragraphs and the results snapshot."""
from __future__ import annotations

import datetime as dt
import re

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from programmes.models import Biennium, ResultSnapshot, ResultStatus
from programmes.selectors import results as results_selectors
from reporting.document.blocks import FrontMatter
from reporting.document.builder import DocumentBuilder

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
    """The current results; refused before the first computation."""
    snapshot = results_selectors.current_snapshot()
    if snapshot is None:
        raise ApplicationError(_("Results have not been computed yet: run the results "
                                 "computation (manage.py compute_indicators) first."))
    return snapshot


def results_source(snapshot: ResultSnapshot, provisional: Biennium | None = None) -> str:
    """A results table's or chart's source line: the figures' date, when they were computed
    and by which computation, and whether they are provisional (their biennium is open)."""
    computed = timezone.localtime(snapshot.completed_at or snapshot.created_at, dt.UTC)
    text = _("Results as of %(date)s, computed on %(day)s at %(time)s UTC (computation "
             "no. %(number)s).") % {
        "date": formats.date_format(snapshot.as_of),
        "day": formats.date_format(computed), "time": computed.strftime("%H:%M"),
        "number": snapshot.pk}
    if provisional is not None:
        text += " " + provisional_sentence(provisional)
    return text


def provisional_sentence(biennium: Biennium) -> str:
    return _("The %(biennium)s biennium is not closed: its figures are provisional.") % {
        "biennium": biennium.label}


def open_biennium(biennium: Biennium | None) -> Biennium | None:
    """The biennium if it is still open (its figures provisional), else None."""
    return biennium if biennium is not None and biennium.closed_at is None else None


def state_provenance(builder: DocumentBuilder, snapshot: ResultSnapshot,
                     provisional: Biennium | None) -> None:
    """The purpose box says when and by which computation the results were made, and that
    an open biennium's figures are provisional."""
    builder.provenance(computed_at=snapshot.completed_at or snapshot.created_at,
                       computation=snapshot.pk,
                       provisional=provisional.label if provisional is not None else "")


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


def author_unit_for(group: str) -> str:
    """The unit that owns capacity development of a constituent group [DOMAIN §1]."""
    if group == "employers":
        return _("Bureau for Employers' Activities (ACT/EMP).")
    if group == "workers":
        return _("Bureau for Workers' Activities (ACTRAV).")
    return _("Partnerships and Field Support Department (PARTNERSHIPS).")
