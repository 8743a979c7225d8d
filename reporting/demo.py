"""Illustrative report definition for demo instances: the front matter a manager would save
for the biennial progress report of 2020–21, so the demo's first report reads like a
Governing Body paper (session, symbol, section, agenda item, labelled fields, narrative and
draft decision). The session and symbol are invented for the demo. Idempotent (matched on its
name). Called by ``manage.py load_demo``."""
from __future__ import annotations

import datetime as dt
import sys

from core.models import User
from reporting.models import ReportDefinition
from reporting.services import definition_create

NAME = "Biennial progress report 2020-21 (demo)"

DEFINITION = {
    "name": NAME,
    "kind": "biennial",
    "parameters": {"biennium": "2020-21", "region": ""},
    "language": "en",
    "title": "Decent Work Country Programmes and the capacity development of constituents: "
             "results in 2020-21",
    "session": 346,
    "place": "Geneva",
    "session_dates": "27 October–11 November 2022",
    "symbol": "GB.346/POL/9",
    "section_name": "Policy Development Section",
    "section_code": "POL",
    "segment": "Development Cooperation Segment",
    "agenda_item": 9,
    "document_date": dt.date(2022, 9, 30),
    "original_language": "en",
    "purpose": "This document reports on the results achieved in 2020-21 through Decent Work "
               "Country Programmes: country programme outcomes and their indicators, the "
               "capacity development of the tripartite constituents and the resources that "
               "supported them. It invites the Governing Body to provide guidance (see the "
               "draft decision).",
    "strategic_objective": "All four strategic objectives.",
    "main_outcome": "Enabling outcome B: Effective and efficient governance of the "
                    "Organization.",
    "policy_implications": "None.",
    "legal_implications": "None.",
    "financial_implications": "None.",
    "follow_up": "The Office will take the guidance into account in the next Programme and "
                 "Budget.",
    "author_unit": "Strategic Programming and Management Department (PROGRAM).",
    "related_documents": "GB.335/INS/9; GB.317/POL/6.",
    "narrative": "Decent Work Country Programmes remain the main vehicle for the delivery of "
                 "ILO support to countries. This report draws on the progress updates "
                 "approved for each indicator and on the capacity assessments of the "
                 "constituents.\n\n"
                 "The figures show:\n"
                 "- results by outcome of the Programme and Budget and by region;\n"
                 "- the capacity development of employers' and workers' organizations and of "
                 "labour administrations;\n"
                 "- the resources mobilized and delivered.",
    "draft_decision": "The Governing Body takes note of the results achieved through Decent "
                      "Work Country Programmes in 2020-21 and requests the Office to take "
                      "into account its guidance in implementing the programmes and in "
                      "strengthening the capacity of the constituents.",
}


def load(*, stdout=None) -> dict[str, int]:
    stdout = stdout or sys.stdout
    if ReportDefinition.objects.filter(name=NAME).exists():
        stdout.write("Reporting demo data: created nothing new.\n")
        return {}
    manager = User.objects.filter(username="manager").first()
    definition_create(user=manager, **DEFINITION)
    stdout.write("Reporting demo data: created 1 report definition.\n")
    return {"report definitions": 1}
