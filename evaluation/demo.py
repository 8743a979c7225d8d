"""Illustrative evaluation demo data (tables in :mod:`evaluation.demo_data`): evaluations of
demo DWCPs, projects and capacity development interventions and the 2018 high-level
evaluation of capacity development, in every status, with ratings, lessons, good practices
and recommendations whose management responses and follow-up actions are in every state
(overdue ones included). Subjects are found in the demo data of ``programmes.demo`` and
``capacity.demo`` (run those first); a spec whose subject is missing is skipped.

Every write goes through the services of ``evaluation/services`` as the system (``user=None``,
as data loads do), so the rules, the audit history and the recompute hold. ``load()`` is
idempotent: an evaluation is found by its title and left as it is once it exists (users of a
demo instance may have changed it). A report file (a one-page PDF) is attached to each
evaluation whose report was submitted."""
from __future__ import annotations

import sys
from collections import Counter
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum

from capacity.models import Intervention
from core.models import User
from programmes.models import Dwcp, Project

from . import demo_data as D
from .models import Evaluation
from .services import computed
from .services import evaluations as evaluation_services
from .services import findings as finding_services
from .services import follow_up as follow_up_services

PATH = ("in_progress", "report_submitted", "approved", "published")


def report_pdf(title: str) -> bytes:
    """A one-page PDF saying which evaluation it stands for (the demo's report file)."""
    text = title.replace("\\", "").replace("(", "").replace(")", "")[:90]
    stream = f"BT /F1 12 Tf 56 780 Td (Evaluation report - demo) Tj 0 -20 Td ({text}) Tj ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = "%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out.encode("latin-1", "replace")))
        out += f"{number} 0 obj\n{body}\nendobj\n"
    xref = len(out.encode("latin-1", "replace"))
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n"
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out.encode("latin-1", "replace")


class Loader:
    def __init__(self) -> None:
        self.created: Counter[str] = Counter()
        self.users = User.objects.in_bulk(["field", "field.africa", "actemp", "actrav",
                                           "manager", "admin"], field_name="username")
        self.used_projects: set[int] = set()

    # --- subjects -------------------------------------------------------------------------

    def subject(self, spec: D.Spec) -> dict[str, Any] | None:
        if spec.subject == "theme":
            return {"subject_kind": "theme", "theme_title": spec.find}
        if spec.subject == "dwcp":
            dwcp = (Dwcp.objects.filter(country__iso3=spec.find).order_by("-start_year")
                    .first())
            return {"subject_kind": "dwcp", "dwcp": dwcp} if dwcp else None
        if spec.subject == "project":
            project = (Project.objects.filter(country__iso3=spec.find)
                       .exclude(pk__in=self.used_projects)
                       .annotate(total=Sum("funding__allocation")).order_by("-total", "pk")
                       .first())
            if project is None:
                return None
            self.used_projects.add(project.pk)
            return {"subject_kind": "project", "project": project}
        intervention = (Intervention.objects.filter(target_group=spec.find,
                                                    country__isnull=False)
                        .order_by("start_date", "pk").first())
        return ({"subject_kind": "intervention", "intervention": intervention}
                if intervention else None)

    # --- one evaluation -------------------------------------------------------------------

    def evaluation(self, spec: D.Spec) -> None:
        if Evaluation.objects.filter(title=spec.title).exists():
            return
        subject = self.subject(spec)
        if subject is None:
            return
        from constituents.models import Country

        data: dict[str, Any] = {
            "title": spec.title, **subject, "evaluation_type": spec.type,
            "timing": spec.timing, "management": spec.management,
            "planned_end": spec.planned_end, "budget": spec.budget,
            "technical_area": spec.theme, "constituent_groups": list(spec.groups),
            "languages": list(spec.languages), "summary": spec.summary,
            "manager": self.users.get("manager" if spec.headquarters else "field"),
        }
        if spec.headquarters:
            data["country"] = None
        if spec.countries:
            data["countries"] = list(Country.objects.filter(iso3__in=spec.countries))
        evaluation = evaluation_services.evaluation_create(user=None, data=data,
                                                          reason="Demo data")
        self.created["evaluations"] += 1
        for name, kind, organization, leader in spec.evaluators:
            evaluation_services.evaluator_add(user=None, evaluation=evaluation, name=name,
                                              kind=kind, organization=organization,
                                              team_leader=leader)
        if spec.status == "cancelled":
            evaluation_services.evaluation_transition(
                user=None, evaluation=evaluation, to_status="cancelled",
                effective_date=spec.planned_end.replace(month=6, day=1),
                note=spec.cancel_reason)
            return
        steps = [s for s in PATH if s in spec.dates]
        for step in steps:
            if step == "report_submitted":
                self.findings(evaluation, spec)
                evaluation_services.evaluation_attach_files(
                    user=None, evaluation=evaluation,
                    report=ContentFile(report_pdf(spec.title), name="evaluation-report.pdf"))
            evaluation_services.evaluation_transition(
                user=None, evaluation=evaluation, to_status=step,
                effective_date=spec.dates[step])
        if steps and steps[-1] == "in_progress":
            self.findings(evaluation, spec)

    def findings(self, evaluation: Evaluation, spec: D.Spec) -> None:
        for criterion, score, justification in spec.ratings:
            finding_services.rating_set(user=None, evaluation=evaluation, criterion=criterion,
                                        score=score, justification=justification)
            self.created["ratings"] += 1
        for kind, items in (("lessons", spec.lessons), ("good practices", spec.practices)):
            create = (finding_services.lesson_create if kind == "lessons"
                      else finding_services.good_practice_create)
            for item in items:
                create(user=None, evaluation=evaluation, data={
                    "title": item.title, "description": item.description,
                    "context": item.context, "causal_factors": item.causal_factors,
                    "users": item.users, "technical_area": item.theme,
                    "constituent_group": item.group, "capacity_level": item.level,
                    "country": evaluation.country, "region": evaluation.region})
                self.created[kind] += 1
        for number, rec in enumerate(spec.recommendations, start=1):
            self.recommendation(evaluation, number, rec)

    def recommendation(self, evaluation: Evaluation, number: int, rec: D.Rec) -> None:
        recommendation = follow_up_services.recommendation_create(
            user=None, evaluation=evaluation, data={
                "number": number, "text": rec.text, "addressee_unit": rec.unit,
                "addressee_office": rec.office, "priority": rec.priority,
                "resource_implication": rec.resources})
        self.created["recommendations"] += 1
        if not rec.response:
            return
        draft = rec.response.startswith("draft:")
        follow_up_services.response_record(
            user=None, recommendation=recommendation, decision=rec.response.split(":")[-1],
            rationale=rec.rationale, responded_on=rec.responded, submit=not draft)
        self.created["management responses"] += 1
        for action in rec.actions:
            owner = self.users.get(action.owner)
            created = follow_up_services.action_create(
                user=None, recommendation=recommendation, data={
                    "description": action.description, "owner": owner,
                    "owner_unit": "" if owner else action.owner, "due_date": action.due})
            self.created["follow-up actions"] += 1
            if action.status != "not_started":
                follow_up_services.action_set_status(
                    user=None, action=created, status=action.status, note=action.note,
                    effective_date=action.on)


def load(*, stdout: Any = None) -> dict[str, int]:
    """Create the evaluation demo data. Return counts created."""
    stdout = stdout or sys.stdout
    loader = Loader()
    # One full recompute at the end instead of one queued by every write.
    with computed.recompute_paused():
        for spec in D.SPECS:
            with transaction.atomic():
                loader.evaluation(spec)
    created = dict(loader.created)
    if created:
        computed.evaluation_recompute_all()
    stdout.write("Evaluation demo data: created {}{}.\n".format(
        ", ".join(f"{n} {label}" for label, n in created.items()) or "nothing new",
        "; figures computed" if created else ""))
    return created
