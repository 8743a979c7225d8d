"""Illustrative capacity development demo data for the constituents of the 18 demo countries:
baseline assessments with the default frameworks and follow-ups two or three years later,
the needs the low scores reveal and their review, capacity development plans, interventions
(national ones, the Turin Centre's activities of 2011–12 and the SCORE programme) and
participation, as counts or as participant lists imported from CSV. The tables are in
:mod:`capacity.demo_data`.

Every write goes through the services of ``capacity/services`` (validation, access policy,
audit history) as the demo account of the bureau that owns the constituent group: ``actemp``
for employers' organizations, ``actrav`` for workers', field staff of the country for
government institutions (the administrator where no field staff covers the country, and for
regional activities of several groups).

``load()`` is idempotent: rows are found by natural key (constituent + framework + date +
round, constituent + dimension for needs, title + country for interventions, constituent +
title for plans) and only created when missing; a need is only moved forward along its review
path. A second run writes nothing and adds no history record. Rows already there are left as
they are: users of a demo instance may have changed them. Run after ``constituents.demo`` and
``programmes.demo``.

Needs are created on the day of loading (the service dates a new need today), so their review
steps carry that date too; assessments, interventions and plans carry the dates of the tables.
"""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import importlib
import importlib.util
import io
import sys
from collections import Counter, defaultdict
from decimal import Decimal

from django.db import transaction

from constituents.models import Constituent, Country
from core.models import User
from core.roles import ConstituentGroup
from programmes import demo_data as programmes_data
from programmes.demo import Actors
from programmes.models import CountryProgrammeOutcome, Dwcp

from . import demo_data as D
from .models import (
    AssessmentFramework,
    AssessmentRound,
    CapacityAssessment,
    CapacityDevelopmentPlan,
    CapacityNeed,
    Intervention,
    InterventionStatus,
    NeedStatus,
    ParticipationCount,
    Priority,
)
from .services import assessments as assessment_services
from .services import interventions as intervention_services
from .services import needs as need_services
from .services import participation as participation_services
from .services import plans as plan_services

REASON = "Demo data"
REFERENCE_DATE = programmes_data.REFERENCE_DATE
# Days from one review step to the next when no activity dates it.
STEP_DAYS = {NeedStatus.REVIEWED: 30, NeedStatus.PLANNED: 60, NeedStatus.ADDRESSED: 180,
             NeedStatus.DECLINED: 45}
REVIEW_PATH = (NeedStatus.NEW, NeedStatus.REVIEWED, NeedStatus.PLANNED, NeedStatus.ADDRESSED)
GROUP_COUNT_FIELD = {ConstituentGroup.EMPLOYERS: "employers",
                     ConstituentGroup.WORKERS: "workers",
                     ConstituentGroup.GOVERNMENT: "labour_ministry"}
ASSESSORS = {
    D.ACTEMP: "ACT/EMP specialist of the {office}, with the secretariat of {org}",
    D.ACTRAV: "ACTRAV specialist of the {office}, with the education department of {org}",
    D.AUDIT: "ILO labour administration and inspection specialists ({office}) with senior "
             "staff of {org}; the social partners consulted",
    D.ITC: "ITC-ILO training needs assessment team, with the management of {org}",
    D.PGA: "Participatory gender audit facilitators: the ILO gender specialist ({office}) and "
           "a team of {org} staff",
    D.SELF: "Management of {org}, facilitated by the {office}",
}
METHOD_SOURCE = {
    D.ACTEMP: "Interviews with the board and secretariat; statutes, accounts and membership "
              "records reviewed.",
    D.ACTRAV: "Interviews with the leadership and affiliates; congress documents and membership "
              "records reviewed.",
    D.AUDIT: "Audit of laws, structures, staffing and records; consultations with the social "
             "partners.",
    D.ITC: "Questionnaire to managers and staff, followed by a validation workshop.",
    D.PGA: "Document review, interviews and workshops with staff at all levels.",
    D.SELF: "Self-assessment workshop of the management, facilitated by the ILO.",
}


def _day(value: tuple[int, int, int] | None) -> dt.date | None:
    return dt.date(*value) if value else None


def _band(score: int) -> int:
    return 0 if score <= 2 else 1 if score == 3 else 2


class CapacityActors(Actors):
    """The demo accounts of :class:`programmes.demo.Actors` plus the two bureaux."""

    def __init__(self) -> None:
        super().__init__()
        users = User.objects.in_bulk(["actemp", "actrav"], field_name="username")
        self.bureau = {ConstituentGroup.EMPLOYERS: users.get("actemp"),
                       ConstituentGroup.WORKERS: users.get("actrav")}

    def owner(self, country: Country | None, group: str):
        """Who records and reviews for a constituent group: ACT/EMP for employers', ACTRAV for
        workers', field staff of the country for the others, else the administrator."""
        user = self.bureau.get(group)
        if user is not None:
            return user
        return self.editor(country) if country is not None else self.admin


class Loader:
    def __init__(self) -> None:
        self.created: Counter[str] = Counter()
        self.actors = CapacityActors()
        isos = sorted({a.country for a in D.ASSESSMENTS})
        self.countries = Country.objects.in_bulk(isos, field_name="iso3")
        self.orgs = {(c.country.iso3, c.acronym): c for c in Constituent.objects
                     .select_related("country").filter(country__iso3__in=isos)}
        self.frameworks = {f.code: f for f in AssessmentFramework.objects.filter(
            is_current=True, code__in=D.DIMENSIONS).prefetch_related("dimensions")}
        titles = [spec.title for spec in programmes_data.PROGRAMMES.values()]
        self.dwcps = {d.country.iso3: d for d in Dwcp.objects.select_related("country")
                      .filter(country__iso3__in=isos, title__in=titles)}
        self.cpos = {c.code: c for c in CountryProgrammeOutcome.objects
                     .select_related("dwcp").filter(dwcp__in=self.dwcps.values())}
        # (country, acronym, dimension code) → need; filled by needs().
        self.needs: dict[tuple[str, str, str], CapacityNeed] = {}
        self.interventions: dict[str, Intervention] = {}

    def org(self, iso3: str, acronym: str) -> Constituent:
        return self.orgs[(iso3, acronym)]

    def dwcp_for(self, iso3: str, day: dt.date) -> Dwcp | None:
        """The country's demo DWCP when ``day`` falls in its period (or its formulation year)."""
        dwcp = self.dwcps.get(iso3)
        if dwcp is not None and dwcp.start_year - 1 <= day.year <= dwcp.end_year:
            return dwcp
        return None

    # assessments ---------------------------------------------------------------------------

    def assessments(self) -> list[tuple[D.Assessed, CapacityAssessment, CapacityAssessment]]:
        existing = {(a.constituent_id, a.framework.code, a.date, a.round): a
                    for a in CapacityAssessment.objects.select_related("framework")
                    .filter(constituent__in=list(self.orgs.values()))}
        result = []
        for spec in D.ASSESSMENTS:
            org = self.org(spec.country, spec.org)
            framework = self.frameworks[D.FRAMEWORK_FOR_GROUP[org.group]]
            rounds = [(AssessmentRound.BASELINE, spec.baseline, None)]
            if spec.follow_up is not None:
                rounds.append((AssessmentRound.FOLLOW_UP, spec.follow_up, spec.baseline))
            for kind, round_spec, previous in rounds:
                day = _day(round_spec.date)
                assessment = existing.get((org.pk, framework.code, day, kind))
                if assessment is None:
                    assessment = self._assessment(org, framework, spec, kind, round_spec,
                                                  previous)
                    self.created["assessments"] += 1
                result.append((spec, round_spec, assessment))
        return result

    def _assessment(self, org: Constituent, framework: AssessmentFramework, spec: D.Assessed,
                    kind: str, round_spec: D.Round, previous: D.Round | None
                    ) -> CapacityAssessment:
        day = _day(round_spec.date)
        codes = D.DIMENSIONS[framework.code]
        names = {d.code: d.name.lower() for d in framework.dimensions.all()}
        scores = {}
        for index, code in enumerate(codes):
            score = round_spec.scores[index]
            evidence = D.EVIDENCE[code][_band(score)]
            if previous is not None:
                before = previous.scores[index]
                year = previous.date[0]
                change = (f"Up from {before} in {year}." if score > before else
                          f"Down from {before} in {year}." if score < before else
                          f"Unchanged since {year}.")
                evidence = f"{change} {evidence}"
            scores[code] = {"score": score, "evidence": evidence}
        dwcp = self.dwcp_for(spec.country, day)
        cpo = self.cpos.get(spec.cpo) if dwcp is not None and spec.cpo else None
        if cpo is not None and cpo.dwcp_id != dwcp.pk:
            cpo = None
        strongest = max(range(len(codes)), key=lambda i: round_spec.scores[i])
        weakest = min(range(len(codes)), key=lambda i: round_spec.scores[i])
        if round_spec.scores[strongest] == round_spec.scores[weakest]:
            profile = f"Every dimension scored {round_spec.scores[weakest]}."
        else:
            profile = (f"Strongest on {names[codes[strongest]]} "
                       f"({round_spec.scores[strongest]}), weakest on "
                       f"{names[codes[weakest]]} ({round_spec.scores[weakest]}).")
        summary = f"{profile} {METHOD_SOURCE[round_spec.method]}"
        if previous is not None:
            better = [names[c] for i, c in enumerate(codes)
                      if round_spec.scores[i] > previous.scores[i]]
            worse = [names[c] for i, c in enumerate(codes)
                     if round_spec.scores[i] < previous.scores[i]]
            summary = ("Follow-up of the baseline of {}: {}{}. ".format(
                previous.date[0],
                "better on " + ", ".join(better) if better else "no improvement",
                "; lower on " + ", ".join(worse) if worse else "") + summary)
        if round_spec.note:
            summary = f"{round_spec.note} {summary}"
        office = org.country.ilo_office or "ILO office"
        return assessment_services.assessment_create(
            user=self.actors.owner(org.country, org.group), constituent=org,
            framework=framework, date=day, method=round_spec.method, round=kind,
            assessors=ASSESSORS[round_spec.method].format(office=office, org=org.acronym),
            scores=scores, dwcp=dwcp, cpo=cpo, summary=summary, reason=REASON)

    # needs ---------------------------------------------------------------------------------

    def needs_from(self, assessed: list[tuple[D.Assessed, D.Round, CapacityAssessment]]) -> None:
        """A need for every dimension scored 1 or 2, from the first assessment that shows it."""
        orgs = list(self.orgs.values())
        by_org_dimension = {(n.constituent_id, n.dimension.code): n
                            for n in CapacityNeed.objects.select_related("dimension")
                            .filter(constituent__in=orgs, dimension__isnull=False)
                            .order_by("id")}
        for spec, round_spec, assessment in assessed:
            org = self.org(spec.country, spec.org)
            dimensions = {d.code: d for d in assessment.framework.dimensions.all()}
            codes = D.DIMENSIONS[D.FRAMEWORK_FOR_GROUP[org.group]]
            for index, code in enumerate(codes):
                key = (spec.country, spec.org, code)
                need = self.needs.get(key) or by_org_dimension.get((org.pk, code))
                if need is None and round_spec.scores[index] <= 2:
                    need = self._need(org, assessment, dimensions[code], key,
                                      round_spec.scores[index])
                    self.created["needs"] += 1
                if need is not None:
                    self.needs[key] = need

    def _need(self, org: Constituent, assessment: CapacityAssessment, dimension,
              key: tuple[str, str, str], score: int) -> CapacityNeed:
        description, area = D.NEEDS[dimension.code]
        if key in D.DECLINED:
            priority = Priority.LOW
        elif score == 1 or dimension.code in D.CORE_DIMENSIONS:
            priority = Priority.HIGH
        else:
            priority = Priority.MEDIUM
        return need_services.need_create(
            user=self.actors.owner(org.country, org.group), constituent=org,
            description=description, level=dimension.level,
            capacity_type=dimension.capacity_type, technical_area=area, priority=priority,
            assessment=assessment, dimension=dimension, identified_on=assessment.date,
            reason=REASON)

    # interventions and participation -------------------------------------------------------

    def status_of(self, spec: D.Activity) -> str:
        if _day(spec.end) < REFERENCE_DATE:
            return InterventionStatus.COMPLETED
        if _day(spec.start) > REFERENCE_DATE:
            return InterventionStatus.PLANNED
        return InterventionStatus.ONGOING

    def activities(self) -> None:
        existing = {(i.title, i.country_id): i for i in Intervention.objects.filter(
            title__in=[a.title for a in D.ACTIVITIES])}
        for spec in D.ACTIVITIES:
            country = self.countries[spec.country] if spec.country else None
            user = self.actors.owner(country, spec.group)
            intervention = existing.get((spec.title, country.pk if country else None))
            if intervention is None:
                intervention = self._intervention(spec, country, user)
                self.created["interventions"] += 1
            self.interventions[spec.title] = intervention
            if intervention.status in participation_services.TOOK_PLACE:
                self._participation(spec, intervention, user)

    def _intervention(self, spec: D.Activity, country: Country | None, user) -> Intervention:
        status = self.status_of(spec)
        intervention = intervention_services.intervention_create(
            user=user, title=spec.title, description=spec.description, method=spec.method,
            provider=spec.provider, technical_area=spec.area, country=country,
            target_group=spec.group, start_date=_day(spec.start), end_date=_day(spec.end),
            status=InterventionStatus.PLANNED if spec.cancelled else status,
            levels=spec.levels,
            target_constituents=[self.org(spec.country, a) for a in spec.targets],
            needs=[self.needs[(spec.country, a, code)] for a, code in spec.needs],
            cpos=[self.cpos[code] for code in spec.cpos if code in self.cpos],
            funding_source=spec.funding,
            cost=Decimal(spec.cost) if spec.cost is not None else None, reason=REASON)
        if spec.cancelled:
            intervention = intervention_services.intervention_update(
                user=user, intervention=intervention,
                data={"status": InterventionStatus.CANCELLED},
                reason=f"Cancelled. {spec.cancelled}")
        return intervention

    def _participation(self, spec: D.Activity, intervention: Intervention, user) -> None:
        if spec.title in D.PARTICIPANT_LISTS:
            if not intervention.participants.exists():
                rows = participation_services.participants_import_csv(
                    user=user, intervention=intervention,
                    file=io.BytesIO(self._csv(D.PARTICIPANT_LISTS[spec.title])))
                self.created["participants"] += len(rows)
            return
        if spec.people is None or ParticipationCount.objects.filter(
                intervention=intervention).exists():
            return
        women, men, unknown = spec.people
        total = women + men + unknown
        if spec.groups is not None:
            groups = dict(zip(ParticipationCount.GROUP_FIELDS, spec.groups, strict=True))
        else:
            groups = {GROUP_COUNT_FIELD[spec.group]: total}
        pre, post = spec.tests or (None, None)
        participation_services.participation_counts_set(
            user=user, intervention=intervention, total=total, women=women, men=men,
            sex_not_recorded=unknown, pre_test_average=pre, post_test_average=post,
            reason=REASON, **groups)
        self.created["participation counts"] += 1

    @staticmethod
    def _csv(rows) -> bytes:
        """The participant list as the CSV file a field office would upload."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["Name", "Sex", "Organization", "Constituent group", "Country",
                         "Pre-test score", "Post-test score"])
        writer.writerows(rows)
        return out.getvalue().encode("utf-8")

    # plans ---------------------------------------------------------------------------------

    def plans(self) -> None:
        orgs = [self.org(p.country, p.org) for p in D.PLANS]
        existing = {(p.constituent_id, p.title): p for p in CapacityDevelopmentPlan.objects
                    .filter(constituent__in=orgs).prefetch_related("items")}
        for spec in D.PLANS:
            org = self.org(spec.country, spec.org)
            user = self.actors.owner(org.country, org.group)
            plan = existing.get((org.pk, spec.title))
            if plan is None:
                plan = plan_services.plan_create(
                    user=user, constituent=org, title=spec.title, start_date=_day(spec.start),
                    end_date=_day(spec.end), dwcp=self.dwcps.get(spec.country),
                    status=spec.status, reason=REASON)
                self.created["plans"] += 1
                have = set()
            else:
                have = {item.title for item in plan.items.all()}
            for order, item in enumerate(spec.items):
                if item.title in have:
                    continue
                plan_services.plan_item_create(
                    user=user, plan=plan, title=item.title, method=item.method,
                    due_date=_day(item.due), order=order, reason=REASON,
                    needs=[self.needs[(spec.country, spec.org, code)] for code in item.needs],
                    intervention=self.interventions.get(item.activity))
                self.created["plan items"] += 1

    # review of the needs -------------------------------------------------------------------

    def targets(self) -> dict[tuple[str, str, str], tuple[str, dict[str, str]]]:
        """The state each need of the tables is to reach, with the note of each step (and,
        in ``self.step_dates``, the date of the steps that follow from an activity)."""
        self.step_dates: dict[tuple[str, str, str], dict[str, dt.date]] = {}
        by_need: dict[tuple[str, str, str], list[D.Activity]] = defaultdict(list)
        for spec in D.ACTIVITIES:
            for acronym, code in spec.needs:
                by_need[(spec.country, acronym, code)].append(spec)
        planned = {(p.country, p.org, code): p.title for p in D.PLANS for item in p.items
                   for code in item.needs}
        result = {}
        for key in self.needs:
            org = self.org(key[0], key[1])
            notes = {NeedStatus.REVIEWED: f"Reviewed with {org.acronym}: confirmed as a "
                                          f"priority of the organization."}
            activities = [a for a in by_need.get(key, []) if not a.cancelled]
            done = [a for a in activities if self.status_of(a) == InterventionStatus.COMPLETED]
            dates = self.step_dates[key] = {}
            if activities:
                dates[NeedStatus.PLANNED] = _day(activities[0].start) - dt.timedelta(days=30)
            if done:
                dates[NeedStatus.ADDRESSED] = _day(done[0].end)
            if key in planned:
                notes[NeedStatus.PLANNED] = (f"Included in the capacity development plan "
                                             f"“{planned[key]}”.")
            elif activities:
                notes[NeedStatus.PLANNED] = f"To be addressed by “{activities[0].title}”."
            if done:
                notes[NeedStatus.ADDRESSED] = (f"Addressed by “{done[0].title}”, completed "
                                               f"{_day(done[0].end):%d %B %Y}.")
                result[key] = (NeedStatus.ADDRESSED, notes)
            elif activities or key in planned:
                result[key] = (NeedStatus.PLANNED, notes)
            elif key in D.DECLINED:
                result[key] = (NeedStatus.DECLINED, {NeedStatus.DECLINED: D.DECLINED[key]})
            elif key in D.STILL_NEW:
                result[key] = (NeedStatus.NEW, notes)
            else:
                result[key] = (NeedStatus.REVIEWED, notes)
        return result

    def review(self) -> None:
        """Move each need forward along new → reviewed → planned → addressed (or to declined)
        up to the state of the tables, as the bureau that owns it. A need a user moved
        elsewhere is left alone."""
        for key, (target, notes) in self.targets().items():
            need = self.needs[key]
            if target == NeedStatus.DECLINED:
                path = ((NeedStatus.DECLINED,)
                        if need.status in (NeedStatus.NEW, NeedStatus.REVIEWED) else ())
            elif need.status in REVIEW_PATH and REVIEW_PATH.index(target) > REVIEW_PATH.index(
                    need.status):
                path = REVIEW_PATH[REVIEW_PATH.index(need.status) + 1:
                                   REVIEW_PATH.index(target) + 1]
            else:
                path = ()
            org = self.org(key[0], key[1])
            user = self.actors.owner(org.country, org.group)
            previous = need.status_changed_on
            for to_status in path:
                # Dated as it happened: a month or two after the previous step, or when the
                # activity that plans or addresses the need began or ended.
                day = self.step_dates.get(key, {}).get(to_status) or (
                    previous + dt.timedelta(days=STEP_DAYS[to_status]))
                day = min(max(day, previous), REFERENCE_DATE)
                need_services.need_transition(user=user, need=need, to_status=to_status,
                                              effective_date=day,
                                              note=notes.get(to_status, ""))
                previous = day
                self.created["need review steps"] += 1


def _computed():
    """The worker's computation module (capacity.services.computed) when it is installed."""
    if importlib.util.find_spec("capacity.services.computed") is None:
        return None
    return importlib.import_module("capacity.services.computed")


@transaction.atomic
def load(*, stdout=None) -> dict[str, int]:
    """Create the capacity development demo data of the 18 demo countries. Return counts
    created."""
    stdout = stdout or sys.stdout
    computed = _computed()
    # One full recompute at the end instead of one queued by every write.
    paused = getattr(computed, "recompute_paused", None)
    with paused() if paused is not None else contextlib.nullcontext():
        loader = Loader()
        assessed = loader.assessments()
        loader.needs_from(assessed)
        loader.activities()
        loader.plans()
        loader.review()
    created = dict(loader.created)
    recompute = getattr(computed, "capacity_recompute_all", None)
    if created and recompute is not None:
        recompute()
    stdout.write("Capacity demo data: {} countries; created {}{}.\n".format(
        len(loader.countries),
        ", ".join(f"{n} {label}" for label, n in created.items()) or "nothing new",
        "; figures computed" if created and recompute is not None else ""))
    return created
