"""The first version of each quality appraisal checklist, shipped as data: what an appraisal
of a DWCP draft checks [DOMAIN §2; seeds/001 ¶6, ¶16] and what the appraisal of a development
cooperation proposal checks [seeds/004 ¶33; seeds/003 ¶68]. The data migration
``0013_appraisal_checklists`` and ``core.reference.load_all`` load it; administrators then edit
the criteria in new versions (``programmes.services.appraisal``).

Each criterion: code, text, guidance and the key of its automatic pre-check in
``programmes.services.appraisal.PRECHECKS`` ("" where only the appraiser can tell). Texts are
stored in English, as entered data; the pages show them as stored."""
from __future__ import annotations

import datetime as dt
from typing import Any

DWCP, PROPOSAL = "dwcp", "proposal"

CHECKLISTS: dict[str, dict[str, Any]] = {
    DWCP: {
        "title": "Quality appraisal of DWCP drafts",
        "criteria": [
            ("D01", "The programme is aligned with the national development plan and its "
                    "priorities.",
             "Name the national development plan or strategy and the priorities each DWCP "
             "priority serves. The country's plan should be recorded in the application.",
             "dwcp.national_plan"),
            ("D02", "The programme is aligned with the UN Cooperation Framework (UNDAF).",
             "The DWCP names the UN framework of the country and the framework outcomes its "
             "priorities and CPOs contribute to.",
             "dwcp.un_framework"),
            ("D03", "The constituents took part in its design, and the social partners sign it.",
             "Government, employers' and workers' organizations were consulted on the "
             "priorities and outcomes; an employers' and a workers' organization are among the "
             "signatories.",
             "dwcp.tripartite"),
            ("D04", "International labour standards are integrated.",
             "Outcomes name the Conventions concerned (ratification, application, reporting "
             "and the supervisory bodies' comments).",
             "dwcp.standards"),
            ("D05", "Gender equality and non-discrimination are integrated.",
             "Each outcome has a gender equality marker; indicators are disaggregated by sex "
             "where they count people.",
             "dwcp.gender"),
            ("D06", "Outcomes are specific, measurable, achievable, relevant and time-bound "
                    "(SMART).",
             "Each outcome states a change in the constituents' capacity or in policy, "
             "attributable in part to ILO support, within the programme period.",
             ""),
            ("D07", "Indicators have baselines, targets and biennial milestones.",
             "Every indicator has a baseline (value or text), an end target and a milestone "
             "for each biennium of the programme, with means of verification.",
             "dwcp.indicators"),
            ("D08", "A resource plan estimates what each outcome needs and identifies the gaps.",
             "Planned resources per outcome, the funding expected from each source, and the "
             "resource gap to mobilize.",
             "dwcp.resources"),
            ("D09", "A monitoring and evaluation plan is in place, including an evaluation.",
             "Reporting dates for progress, responsibilities for data, and a review or "
             "evaluation planned within the programme period.",
             "dwcp.evaluation"),
            ("D10", "Governance is set: a tripartite steering committee oversees the programme.",
             "Its members from the government, the employers and the workers, its meetings and "
             "how it takes decisions.",
             "dwcp.governance"),
        ],
    },
    PROPOSAL: {
        "title": "Quality appraisal of development cooperation proposals",
        "criteria": [
            ("P01", "The proposal is aligned with the outcome-based workplans, the P&B outcomes "
                    "and the DWCP or other country-level development framework.",
             "Name the CPOs or P&B outcomes the project contributes to, with the share of its "
             "resources for each.",
             "proposal.alignment"),
            ("P02", "Tripartism and social dialogue are fully integrated.",
             "The constituents are involved in its design, steering and evaluation; ACT/EMP and "
             "ACTRAV were consulted.",
             "proposal.social_dialogue"),
            ("P03", "Respect for international labour standards is integrated.",
             "The Conventions concerned and how the project supports their application.",
             "proposal.standards"),
            ("P04", "Gender equality and non-discrimination are integrated.",
             "The gender equality marker is assessed; results and indicators address women and "
             "men, and groups facing discrimination.",
             "proposal.gender"),
            ("P05", "The capacities of the International Training Centre (Turin Centre) are "
                    "used appropriately.",
             "Training and learning components draw on the Turin Centre where it adds value.",
             ""),
            ("P06", "The proposal focuses on building the capacity of the constituents and "
                    "empowering them.",
             "Institutional capacity of the ministry of labour and of employers' and workers' "
             "organizations, based on a capacity assessment where there is one.",
             ""),
            ("P07", "Sound results-based management is applied.",
             "A results framework with outcomes, outputs, indicators, baselines and targets, "
             "and a budget by year consistent with it.",
             "proposal.budget"),
            ("P08", "Provisions for implementation monitoring and evaluation are made.",
             "Progress reporting, an evaluation budgeted according to the evaluation policy, "
             "and the dissemination of lessons learned.",
             ""),
        ],
    },
}


def load_checklists(checklist_model: Any, criterion_model: Any) -> int:
    """Create version 1 of each checklist, active, with its criteria, for each subject that
    has no checklist yet (so a re-run keeps what administrators changed). Returns the number
    of criteria created."""
    created = 0
    for subject, checklist in CHECKLISTS.items():
        if checklist_model.objects.filter(subject=subject).exists():
            continue
        saved = checklist_model.objects.create(
            subject=subject, version=1, title=checklist["title"], is_active=True,
            introduced_on=dt.date(2010, 1, 1))
        criterion_model.objects.bulk_create(
            criterion_model(checklist=saved, order=order, code=code, text=text,
                            guidance=guidance, precheck=precheck)
            for order, (code, text, guidance, precheck)
            in enumerate(checklist["criteria"], start=1))
        created += len(checklist["criteria"])
    return created


def unload_checklists(checklist_model: Any) -> None:
    """Delete the shipped version 1 of each checklist with its criteria (refused while an
    appraisal used it)."""
    checklist_model.objects.filter(subject__in=list(CHECKLISTS), version=1).delete()
