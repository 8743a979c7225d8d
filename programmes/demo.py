"""Illustrative demo data of programmes: for each of the 18 demo countries of
``constituents.demo``, a UN framework with outcomes and their alignment to DWCP priorities, a
national development plan, a DWCP taken through its lifecycle (so its status history exists),
its signatories and steering committee, its priorities → CPOs (linked to P&B outcomes per
biennium, UN outcomes and SDG targets) → outputs, and development cooperation projects with
funding by year and CPO links. The tables are in :mod:`programmes.demo_data`.

Every write goes through the services of ``programmes/services`` (validation, access policy,
audit history), as the demo accounts: field staff for what they may do in their countries,
managers for signatures and evaluations, the administrator elsewhere.

``load()`` is idempotent: rows are found by natural key (country + title, codes, names) and
only created or changed when they differ from the tables, so a second run writes nothing and
adds no history record. Run ``constituents.demo.load`` first: signatories and committee
members are its organizations and contacts.
"""
from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import sys
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from constituents.models import Constituent, ConstituentType, Contact, Country
from core import policy
from core.demo import demo_accounts_ensure
from core.models import User
from core.roles import ConstituentGroup

from . import demo_data as D
from . import demo_pb, demo_portfolio, demo_results, demo_translations
from .models import (
    AppraisalOutcome,
    Biennium,
    Convention,
    CountryPriority,
    CountryProgrammeOutcome,
    Dwcp,
    DwcpStatus,
    NationalDevelopmentPlan,
    PBOutcome,
    Project,
    ProjectOutcomeLink,
    ProjectStage,
    Rating,
    SdgTarget,
    SignatoryParty,
    SteeringCommitteeDecision,
    UNFramework,
    UNFrameworkOutcome,
)
from .services import appraisal as appraisal_services
from .services import dwcp as dwcp_services
from .services import framework as framework_services
from .services import resources as resource_services
from .services import unframeworks as un_services

REASON = "Demo data"
S = DwcpStatus
# The lifecycle steps that lead to each final status of the tables.
PATHS = {
    S.IN_PREPARATION: (),
    S.QUALITY_APPRAISAL: (S.QUALITY_APPRAISAL,),
    S.ACTIVE: (S.QUALITY_APPRAISAL, S.ACTIVE),
    S.UNDER_REVIEW: (S.QUALITY_APPRAISAL, S.ACTIVE, S.UNDER_REVIEW),
    S.COMPLETED: (S.QUALITY_APPRAISAL, S.ACTIVE, S.UNDER_REVIEW, S.COMPLETED),
    S.EVALUATED: (S.QUALITY_APPRAISAL, S.ACTIVE, S.UNDER_REVIEW, S.COMPLETED, S.EVALUATED),
}
PARTY_GROUPS = ((SignatoryParty.GOVERNMENT, ConstituentGroup.GOVERNMENT),
                (SignatoryParty.EMPLOYERS, ConstituentGroup.EMPLOYERS),
                (SignatoryParty.WORKERS, ConstituentGroup.WORKERS))
REFLECTION_BY_ROLE = {D.LEAD: D.FULLY, D.SHARED: D.FULLY, D.SUPPORT: D.PARTLY}
HUNDRED = Decimal("100")


# --- who acts -------------------------------------------------------------------------------

class Actors:
    """The demo accounts the writes are attributed to."""

    def __init__(self) -> None:
        demo_accounts_ensure()
        users = User.objects.in_bulk(["field", "field.africa", "manager", "admin"],
                                     field_name="username")
        self.field = [users[name] for name in ("field", "field.africa") if name in users]
        self.manager = users.get("manager")
        self.admin = users["admin"]

    def editor(self, country: Country):
        """Field staff covering the country, else the administrator."""
        for user in self.field:
            if policy.can_create(user, Dwcp, country_id=country.pk):
                return user
        return self.admin

    def for_step(self, dwcp: Dwcp, to_status: str):
        """The first of field staff, manager, administrator allowed to make the step."""
        for user in [*self.field, self.manager, self.admin]:
            if user is not None and any(t.to_status == to_status for t in
                                        dwcp_services.dwcp_next_steps(dwcp=dwcp, user=user)):
                return user
        return self.admin


# --- small helpers --------------------------------------------------------------------------

def _differs(obj, values: dict) -> bool:
    for name, value in values.items():
        field = obj._meta.get_field(name)
        current = getattr(obj, field.attname) if field.is_relation else getattr(obj, name)
        if current != getattr(value, "pk", value):
            return True
    return False


def _month_start(year_month: tuple[int, int]) -> dt.date:
    return dt.date(year_month[0], year_month[1], 1)


def _month_end(year_month: tuple[int, int]) -> dt.date:
    year, month = year_month
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _money(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def _office_key(country: Country) -> str:
    return next((key for key in D.ILO_DIRECTORS if key in country.ilo_office), "")


def cpo_codes(iso3: str, spec: D.Programme) -> list[tuple[D.Priority, D.Cpo, str]]:
    """Each CPO of the tables with its code: ISO3 + priority number + two-digit rank."""
    return [(priority, cpo, f"{iso3}{p}{c:02d}")
            for p, priority in enumerate(spec.priorities, start=1)
            for c, cpo in enumerate(priority.cpos, start=1)]


def funding_rows(project: D.Project) -> list[dict]:
    """Allocation and expenditure by year (whole US$), from the project's budget, period and
    delivery: the budget is spread by months in each year (RBTC 40/60 over a biennium, as
    regular budget spending concentrates in the second year [seeds/003 ¶162]); years before
    the reference date are delivered at the usual rate (slower in the first year), the
    reference year pro rata, later years not yet."""
    first, last = project.start[0], project.end[0]
    years = list(range(first, last + 1))
    if project.source == "rbtc" and len(years) == 2:
        weights = [Decimal("0.4"), Decimal("0.6")]
    else:
        months = [(12 if y < last else project.end[1]) - (project.start[1] - 1 if y == first
                                                          else 0) for y in years]
        weights = [Decimal(m) / sum(months) for m in months]
    allocations = [(_money(project.budget * w / 100) * 100) for w in weights]
    allocations[-1] += project.budget - sum(allocations)
    delivery = Decimal(str(project.delivery or D.SOURCE_DELIVERY[project.source]))
    end = _month_end(project.end)
    rows = []
    for index, (year, allocation) in enumerate(zip(years, allocations, strict=True)):
        if year == project.overspent_year:
            rate = Decimal("1.04")
        elif year > D.REFERENCE_DATE.year:
            rate = Decimal("0")
        elif year == D.REFERENCE_DATE.year and end > D.REFERENCE_DATE:
            rate = Decimal("0.68")  # ten months into the year
        else:
            bump = (Decimal("-0.12"), Decimal("0"), Decimal("0.04"), Decimal("0.02"))
            rate = min(delivery + bump[min(index, 3)], Decimal("0.99"))
        rows.append({"year": year, "allocation": allocation,
                     "expenditure": _money(allocation * rate)})
    return rows


def _project_status(start: dt.date, end: dt.date) -> str:
    if end < D.REFERENCE_DATE:
        return ProjectStage.CLOSED
    if start > D.REFERENCE_DATE:
        return ProjectStage.CONCEPT
    return ProjectStage.ONGOING


def planned_resources(spec: D.Programme, code: str, rank: int) -> Decimal:
    """What a CPO needs: its share of the linked projects' budgets times a factor that leaves
    some outcomes with a resource gap and some fully funded [seeds/004 ¶26]; outcomes no
    project serves need 250,000 to 400,000."""
    available = sum(Decimal(p.budget) * share / 100 for p in spec.projects
                    for cpo, share in p.links if cpo == code)
    if not available:
        return Decimal(250_000 + 50_000 * (rank % 4))
    factor = (Decimal("1.45"), Decimal("1.2"), Decimal("1"), Decimal("0.85"))[rank % 4]
    return (available * factor / 10_000).quantize(Decimal("1"), rounding=ROUND_HALF_UP) * 10_000


# --- loader ---------------------------------------------------------------------------------

class Loader:
    def __init__(self) -> None:
        self.created: Counter[str] = Counter()
        self.actors = Actors()
        self.biennia = list(Biennium.objects.select_related("framework"))
        self.outcomes = {(o.framework.code, o.code): o
                         for o in PBOutcome.objects.select_related("framework")}
        self.sdgs = SdgTarget.objects.in_bulk(field_name="code")
        self.conventions = Convention.objects.in_bulk(field_name="code")

    # UN framework and national development plan ---------------------------------------------

    def un_framework(self, country: Country, spec: D.UnFramework) -> list[UNFrameworkOutcome]:
        kind = (UNFramework.Kind.COOPERATION_FRAMEWORK if spec.cooperation_framework
                else UNFramework.Kind.UNDAF)
        values = {"start_year": spec.start, "end_year": spec.end, "kind": kind,
                  "signed_date": dt.date(spec.start - 1, 11, 15)}
        framework = UNFramework.objects.filter(country=country, title=spec.title).first()
        if framework is None:
            framework = un_services.unframework_create(country=country, title=spec.title,
                                                       reason=REASON, **values)
            self.created["UN frameworks"] += 1
        elif _differs(framework, values):
            un_services.unframework_update(framework=framework, title=spec.title,
                                           reason=REASON, **values)
        existing = {o.code: o for o in framework.outcomes.all()}
        outcomes = []
        for number, outcome in enumerate(spec.outcomes, start=1):
            code = str(number)
            values = {"title": outcome.title or D.UN_TITLES[outcome.group].format(end=spec.end),
                      "ilo_role": outcome.ilo_role,
                      "social_partner_participation": outcome.participation}
            obj = existing.get(code)
            if obj is None:
                obj = un_services.un_outcome_create(framework=framework, code=code,
                                                    reason=REASON, **values)
                self.created["UN outcomes"] += 1
            elif _differs(obj, values):
                un_services.un_outcome_update(outcome=obj, code=code, reason=REASON, **values)
            obj.group = outcome.group
            outcomes.append(obj)
        return outcomes

    def development_plan(self, country: Country, spec: D.Plan) -> None:
        plan = NationalDevelopmentPlan.objects.filter(country=country, title=spec.title).first()
        if plan is None:
            plan = un_services.development_plan_create(
                country=country, title=spec.title, start_year=spec.start, end_year=spec.end,
                reason=REASON)
            self.created["development plans"] += 1
        elif _differs(plan, {"start_year": spec.start, "end_year": spec.end}):
            un_services.development_plan_update(plan=plan, title=spec.title,
                                                start_year=spec.start, end_year=spec.end,
                                                reason=REASON)
        existing = {p.code: p for p in plan.priorities.all()}
        for number, title in enumerate(spec.priorities, start=1):
            priority = existing.get(str(number))
            if priority is None:
                un_services.national_priority_create(plan=plan, code=str(number), title=title,
                                                     reason=REASON)
                self.created["national priorities"] += 1
            elif priority.title != title:
                un_services.national_priority_update(priority=priority, code=str(number),
                                                     title=title, reason=REASON)

    # DWCP, lifecycle, signatories, committee ------------------------------------------------

    def dwcp(self, country: Country, spec: D.Programme,
             un_outcomes: list[UNFrameworkOutcome]) -> Dwcp:
        involved = [o for o in un_outcomes if o.ilo_role != D.NONE]
        framework = un_outcomes[0].framework if un_outcomes else None
        summary = (f"The {spec.title} was formulated with the government, the employers' and the "
                   f"workers' organizations. Its country priorities: "
                   + "; ".join(p.title[0].lower() + p.title[1:] if i else p.title
                               for i, p in enumerate(spec.priorities)) + ".")
        dwcp = Dwcp.objects.filter(country=country, title=spec.title).first()
        if dwcp is None:
            dwcp = dwcp_services.dwcp_create(
                user=self.actors.editor(country), country=country, title=spec.title,
                start_year=spec.start, end_year=spec.end, summary=summary,
                un_framework=framework, un_outcomes=involved)
            self.created["DWCPs"] += 1
            return dwcp
        data = {"start_year": spec.start, "end_year": spec.end, "summary": summary,
                "un_framework": framework}
        changed = {k: v for k, v in data.items() if getattr(dwcp, k) != v}
        if {o.pk for o in involved} != set(dwcp.un_outcomes.values_list("pk", flat=True)):
            changed["un_outcomes"] = involved
        if changed:
            dwcp = dwcp_services.dwcp_update(dwcp=dwcp, user=self.actors.editor(country),
                                             data=changed, reason=REASON)
        return dwcp

    def step_dates(self, spec: D.Programme) -> dict[str, dt.date]:
        signed = dt.date(*spec.signed) if spec.signed else None
        if signed is None:
            return {}
        return {S.QUALITY_APPRAISAL: signed - dt.timedelta(days=75), S.ACTIVE: signed,
                S.UNDER_REVIEW: dt.date(spec.end, 4, 1),
                S.COMPLETED: dt.date(spec.end + 1, 3, 31),
                S.EVALUATED: dt.date(spec.end + 1, 11, 30)}

    def lifecycle(self, dwcp: Dwcp, spec: D.Programme) -> None:
        """Walk the DWCP from its current status along the path to the tables' status. A
        DWCP whose status is off the path or was changed later (by a user) is left alone."""
        path = (S.IN_PREPARATION, *PATHS[spec.status])
        if dwcp.status not in path:
            return
        dates = self.step_dates(spec)
        notes = {S.UNDER_REVIEW: "Final review of the DWCP with the tripartite steering "
                                 "committee.",
                 S.EVALUATED: "Independent country programme evaluation completed."}
        for to_status in path[path.index(dwcp.status) + 1:]:
            if dwcp.status_changed_on and dates[to_status] < dwcp.status_changed_on:
                return  # moved by a user after the tables' dates: theirs to continue
            if to_status == S.ACTIVE:
                self.appraise(dwcp, dates[S.QUALITY_APPRAISAL], dates[S.ACTIVE])
            dwcp_services.dwcp_transition(
                dwcp=dwcp, to_status=to_status, effective_date=dates[to_status],
                note=notes.get(to_status, ""), user=self.actors.for_step(dwcp, to_status))
            self.created["status changes"] += 1

    def appraise(self, dwcp: Dwcp, started: dt.date, signed: dt.date | None) -> None:
        """The quality appraisal of the draft: started when it reaches the step, completed
        (``signed`` given) two weeks before the signature. What the pre-checks found is
        rated partly met with their finding as the comment; the rest met."""
        if dwcp.appraisals.filter(outcome=AppraisalOutcome.PASSED).exists():
            return
        appraiser = self.actors.manager or self.actors.admin
        appraisal = (dwcp.appraisals.filter(outcome=AppraisalOutcome.IN_PROGRESS).first()
                     or appraisal_services.appraisal_start(user=appraiser, dwcp=dwcp,
                                                           started_on=started, reason=REASON))
        if signed is None:
            return
        ratings = {r.criterion.code: {"rating": Rating.PARTLY if r.comment else Rating.MET,
                                      "comment": r.comment or "Checked against the draft."}
                   for r in appraisal.ratings.select_related("criterion")}
        appraisal_services.appraisal_complete(
            user=appraiser, appraisal=appraisal, ratings=ratings,
            completed_on=signed - dt.timedelta(days=14), reason=REASON)
        self.created["quality appraisals"] += 1

    def signatories(self, dwcp: Dwcp, country: Country, spec: D.Programme,
                    orgs: dict[str, Constituent]) -> None:
        signed = dt.date(*spec.signed) if spec.signed else None
        existing = {(s.party, s.constituent_id): s for s in dwcp.signatories.all()}
        if not spec.signatories:  # not yet signed
            return
        wanted = [(party, orgs[acronym], name, position) for (party, _group),
                  (acronym, name, position) in zip(PARTY_GROUPS, spec.signatories, strict=True)]
        wanted.append((SignatoryParty.ILO, None, *D.ILO_DIRECTORS[_office_key(country)]))
        user = self.actors.editor(country)
        for party, constituent, name, position in wanted:
            values = {"name": name, "position": position, "signed_date": signed}
            current = existing.get((party, constituent.pk if constituent else None))
            if current is None:
                dwcp_services.signatory_create(user=user, dwcp=dwcp, party=party,
                                               constituent=constituent, **values)
                self.created["signatories"] += 1
            elif _differs(current, values):
                dwcp_services.signatory_update(signatory=current, user=user, data=values,
                                               reason=REASON)

    def committee(self, dwcp: Dwcp, country: Country, spec: D.Programme,
                  orgs: dict[str, Constituent]) -> None:
        dates = self.step_dates(spec)
        since = dates.get(S.ACTIVE, dt.date(D.REFERENCE_DATE.year, 3, 1))
        until = dates[S.COMPLETED] if S.COMPLETED in PATHS[spec.status] else None
        members = []
        contacts = (Contact.objects.filter(constituent__country=country, is_primary=True,
                                           constituent__group__in=[g for _, g in PARTY_GROUPS])
                    .select_related("constituent").order_by("constituent__name"))
        party_of = {group: party for party, group in PARTY_GROUPS}
        for contact in contacts:
            members.append((party_of[contact.constituent.group], contact.constituent,
                            contact.name, contact.position))
        members.append((SignatoryParty.ILO, None, spec.ilo_focal,
                        "National Programme Coordinator, ILO"))
        existing = {m.name: m for m in dwcp.committee_members.all()}
        user = self.actors.editor(country)
        for party, constituent, name, position in members:
            values = {"party": party, "constituent": constituent, "position": position,
                      "since": since, "until": until}
            current = existing.get(name)
            if current is None:
                dwcp_services.committee_member_create(user=user, dwcp=dwcp, name=name,
                                                      **values)
                self.created["committee members"] += 1
            elif _differs(current, values):
                dwcp_services.committee_member_update(member=current, user=user, data=values,
                                                      reason=REASON)
        self.meeting(dwcp, country, spec, orgs, user)

    def meeting(self, dwcp: Dwcp, country: Country, spec: D.Programme,
                orgs: dict[str, Constituent], user) -> None:
        government = next((o for o in orgs.values()
                           if o.type == ConstituentType.LABOUR_MINISTRY), None)
        host = government.name if government else "the ministry of labour"
        secretariat = f"Secretariat of the committee ({government.acronym})" if government \
            else "Secretariat of the committee"
        place = f"{D.CAPITALS[country.iso3]}, {host}"
        if spec.status == S.IN_PREPARATION:
            date = dt.date(D.REFERENCE_DATE.year, 9, 17)
            summary = ("Formulation meeting: the committee reviewed the country diagnostic and "
                       "the draft country priorities.")
            decisions = (
                ("Validate the draft country priorities and outcomes at a national tripartite "
                 "workshop.", "ILO office and " + host, 45, SteeringCommitteeDecision.Status.OPEN),
                ("Submit the draft DWCP to the ILO quality appraisal.", "ILO office", 100,
                 SteeringCommitteeDecision.Status.OPEN))
        elif spec.status in (S.COMPLETED, S.EVALUATED):
            date = dt.date(spec.end, 11, 20)
            summary = ("Final review meeting: the committee took stock of results against the "
                       "country programme outcomes and agreed on the closure of the DWCP.")
            decisions = (
                ("Commission the final independent evaluation of the DWCP.", "ILO office", 90,
                 SteeringCommitteeDecision.Status.DONE),
                ("Start the formulation of the next DWCP on the basis of the lessons learned.",
                 secretariat, 240, SteeringCommitteeDecision.Status.DONE
                 if spec.status == S.EVALUATED else SteeringCommitteeDecision.Status.OPEN))
        elif spec.status == S.UNDER_REVIEW:
            date = dt.date(D.REFERENCE_DATE.year, 5, 12)
            summary = ("Review meeting: the committee discussed the findings of the final review "
                       "of the DWCP and the extension of its ongoing activities.")
            decisions = (
                ("Validate the findings and recommendations of the final review.", secretariat,
                 45, SteeringCommitteeDecision.Status.DONE),
                ("Prepare a road map for the formulation of the next DWCP.",
                 "ILO office with the employers' and workers' organizations", 200,
                 SteeringCommitteeDecision.Status.OPEN))
        else:
            date = dt.date(D.REFERENCE_DATE.year, 6, 18)
            summary = ("Annual review: the committee discussed progress on the country "
                       "programme outcomes, the resource gaps and the workplan for the coming "
                       "year.")
            decisions = (
                ("Adopt the annual implementation plan and the monitoring calendar of the "
                 "DWCP.", secretariat, 60, SteeringCommitteeDecision.Status.DONE),
                ("Prepare a resource mobilization plan for the outcomes with the largest "
                 "resource gaps.", "ILO office with the employers' and workers' "
                                   "organizations", 150, SteeringCommitteeDecision.Status.OPEN))
        meeting = dwcp.committee_meetings.filter(date=date).first()
        values = {"location": place, "summary": summary}
        if meeting is None:
            meeting = dwcp_services.committee_meeting_create(user=user, dwcp=dwcp, date=date,
                                                             **values)
            self.created["committee meetings"] += 1
        elif _differs(meeting, values):
            dwcp_services.committee_meeting_update(meeting=meeting, user=user, data=values,
                                                   reason=REASON)
        existing = {d.text: d for d in meeting.decisions.all()}
        for text, responsible, days, status in decisions:
            values = {"responsible": responsible, "due_date": date + dt.timedelta(days=days),
                      "status": status}
            current = existing.get(text)
            if current is None:
                dwcp_services.committee_decision_create(user=user, meeting=meeting, text=text,
                                                        **values)
                self.created["committee decisions"] += 1
            elif _differs(current, values):
                dwcp_services.committee_decision_update(decision=current, user=user,
                                                        data=values, reason=REASON)

    # results framework ----------------------------------------------------------------------

    def results(self, dwcp: Dwcp, spec: D.Programme, iso3: str,
                un_outcomes: list[UNFrameworkOutcome]) -> dict[str, CountryProgrammeOutcome]:
        priorities = {p.code: p for p in dwcp.priorities.all()}
        cpos = {c.code: c for c in dwcp.cpos.prefetch_related(
            "outcome_links", "outputs", "un_outcomes", "sdg_targets", "conventions")}
        spanned = [b for b in self.biennia
                   if framework_services.biennium_in_dwcp(b, dwcp) and b.framework_id]
        priority_objs = {}
        for number, priority_spec in enumerate(spec.priorities, start=1):
            code = str(number)
            priority = priorities.get(code)
            if priority is None:
                priority = framework_services.priority_create(
                    dwcp=dwcp, code=code, title=priority_spec.title, order=number - 1,
                    reason=REASON)
                self.created["country priorities"] += 1
            elif priority.title != priority_spec.title or priority.order != number - 1:
                framework_services.priority_update(
                    priority=priority, code=code, title=priority_spec.title,
                    description=priority.description, order=number - 1, reason=REASON)
            priority_objs[priority_spec] = priority
            self.alignments(priority, priority_spec, un_outcomes)
        result = {}
        for rank, (priority_spec, cpo_spec, code) in enumerate(cpo_codes(iso3, spec)):
            theme = D.THEMES[cpo_spec.theme]
            priority = priority_objs[priority_spec]
            links = {b: self.outcomes[(b.framework.code, theme.pb[b.framework.code])]
                     for b in spanned if b.framework.code in theme.pb}
            values = {
                "title": cpo_spec.title or theme.cpo,
                "order": priority_spec.cpos.index(cpo_spec),
                "planned_resources": planned_resources(spec, code, rank),
                "un_outcomes": [o for o in un_outcomes
                                if o.group == theme.group and o.ilo_role != D.NONE],
                # The SDGs were adopted in September 2015.
                "sdg_targets": ([self.sdgs[c] for c in theme.sdgs if c in self.sdgs]
                                if dwcp.start_year >= 2016 else []),
                # Cross-cutting markers: varied, from the CPO code (older CPOs unassessed).
                "gender_marker": (None if dwcp.start_year < 2014 else
                                  int(hashlib.md5(code.encode()).hexdigest(), 16) % 4),
                "conventions": [self.conventions[c] for c in
                                D.THEME_CONVENTIONS[cpo_spec.theme] if c in self.conventions],
                "social_dialogue": cpo_spec.theme in D.SOCIAL_DIALOGUE_THEMES,
                "just_transition": cpo_spec.theme in D.JUST_TRANSITION_THEMES,
            }
            cpo = cpos.get(code)
            if cpo is None:
                cpo = framework_services.cpo_create(
                    dwcp=dwcp, priority=priority, code=code, outcome_links=links,
                    reason=REASON, **values)
                self.created["CPOs"] += 1
            elif self._cpo_differs(cpo, priority, values, links):
                framework_services.cpo_update(cpo=cpo, priority=priority, code=code,
                                              description=cpo.description,
                                              outcome_links=links, reason=REASON, **values)
            self.outputs(cpo, code, theme, rank)
            result[code] = cpo
        return result

    @staticmethod
    def _cpo_differs(cpo, priority, values: dict, links: dict) -> bool:
        return (cpo.priority_id != priority.pk or cpo.title != values["title"]
                or cpo.order != values["order"]
                or cpo.planned_resources != values["planned_resources"]
                or {o.pk for o in cpo.un_outcomes.all()} != {o.pk for o in values["un_outcomes"]}
                or {s.pk for s in cpo.sdg_targets.all()} != {s.pk for s in values["sdg_targets"]}
                or cpo.gender_marker != values["gender_marker"]
                or cpo.social_dialogue != values["social_dialogue"]
                or cpo.just_transition != values["just_transition"]
                or {c.pk for c in cpo.conventions.all()} != {c.pk for c in values["conventions"]}
                or {(lk.biennium_id, lk.pb_outcome_id) for lk in cpo.outcome_links.all()}
                != {(b.pk, o.pk) for b, o in links.items()})

    def outputs(self, cpo: CountryProgrammeOutcome, code: str, theme: D.Theme,
                rank: int) -> None:
        # One to three outputs, varying from one CPO to the next.
        existing = {o.code: o for o in cpo.outputs.all()}
        for number, title in enumerate(theme.outputs[:1 + rank % 3], start=1):
            output_code = f"{code}.{number}"
            output = existing.get(output_code)
            if output is None:
                framework_services.output_create(cpo=cpo, code=output_code, title=title,
                                                 order=number - 1, reason=REASON)
                self.created["outputs"] += 1
            elif output.title != title or output.order != number - 1:
                framework_services.output_update(output=output, code=output_code, title=title,
                                                 description=output.description,
                                                 order=number - 1, reason=REASON)

    def alignments(self, priority: CountryPriority, spec: D.Priority,
                   un_outcomes: list[UNFrameworkOutcome]) -> None:
        """How the UN framework reflects the priority: through the outcome of the priority's
        area (fully where the ILO leads or shares it, partly where it supports), unless the
        tables say otherwise; "not reflected" is recorded against the first outcome."""
        group = D.THEMES[spec.cpos[0].theme].group
        involved = [o for o in un_outcomes if o.ilo_role != D.NONE]
        matching = [o for o in involved if o.group == group]
        if spec.reflection == D.NOT or not matching:
            pairs = [(involved[0], D.NOT)] if involved else []
        else:
            pairs = [(o, spec.reflection or REFLECTION_BY_ROLE[o.ilo_role]) for o in matching]
        existing = {a.un_outcome_id: a for a in priority.alignments.all()}
        for outcome, reflection in pairs:
            current = existing.get(outcome.pk)
            if current is None:
                self.created["priority alignments"] += 1
            elif current.reflection == reflection and current.note == spec.note:
                continue
            un_services.priority_alignment_set(un_outcome=outcome, priority=priority,
                                               reflection=reflection, note=spec.note,
                                               reason=REASON)

    # projects -------------------------------------------------------------------------------

    def projects(self, country: Country, spec: D.Programme,
                 cpos: dict[str, CountryProgrammeOutcome]) -> None:
        user = self.actors.editor(country)
        codes = [p.code for p in spec.projects]
        existing = {p.code: p for p in Project.objects.filter(code__in=codes)
                    .prefetch_related("funding", "cpo_links")}
        for project_spec in spec.projects:
            start, end = _month_start(project_spec.start), _month_end(project_spec.end)
            values = {
                "country": country, "title": project_spec.title,
                "funding_source": project_spec.source,
                "funding_partner": (project_spec.partner
                                    or D.SOURCE_PARTNER.get(project_spec.source, "")),
                "start_date": start, "end_date": end, "status": _project_status(start, end),
                "description": "Illustrative demo record.",
            }
            rows = funding_rows(project_spec)
            project = existing.get(project_spec.code)
            if project is None:
                project = resource_services.project_create(
                    user=user, code=project_spec.code, funding=rows, reason=REASON, **values)
                self.created["projects"] += 1
                self.created["funding years"] += len(rows)
                current_links: dict[int, ProjectOutcomeLink] = {}
            else:
                changed = {k: v for k, v in values.items() if _differs(project, {k: v})}
                have = {(f.year, f.allocation, f.expenditure) for f in project.funding.all()}
                want = {(r["year"], r["allocation"], r["expenditure"]) for r in rows}
                if changed or have != want:
                    resource_services.project_update(
                        user=user, project=project, data=changed,
                        funding=rows if have != want else None, reason=REASON)
                current_links = {link.cpo_id: link for link in project.cpo_links.all()}
            for cpo_code, share in project_spec.links:
                cpo = cpos[cpo_code]
                link = current_links.get(cpo.pk)
                if link is None:
                    resource_services.project_link_cpo(user=user, project=project, cpo=cpo,
                                                       share=Decimal(share), reason=REASON)
                    self.created["project links to CPOs"] += 1
                elif link.share != Decimal(share):
                    resource_services.project_link_update(user=user, link=link,
                                                          share=Decimal(share), reason=REASON)

    # one country ----------------------------------------------------------------------------

    def country(self, country: Country, spec: D.Programme) -> None:
        orgs = {c.acronym: c for c in Constituent.objects.filter(country=country)}
        un_outcomes = self.un_framework(country, spec.un)
        if spec.plan is not None:
            self.development_plan(country, spec.plan)
        dwcp = self.dwcp(country, spec, un_outcomes)
        self.signatories(dwcp, country, spec, orgs)
        cpos = self.results(dwcp, spec, country.iso3, un_outcomes)
        self.projects(country, spec, cpos)
        self.committee(dwcp, country, spec, orgs)
        self.lifecycle(dwcp, spec)
        if dwcp.status == S.QUALITY_APPRAISAL:  # the draft waiting for its appraisal
            self.appraise(dwcp, dwcp.status_changed_on or D.REFERENCE_DATE, None)


@transaction.atomic
def load(*, stdout=None) -> dict[str, int]:
    """Create or update the programme demo data of the 18 demo countries. Return counts
    created."""
    stdout = stdout or sys.stdout
    loader = Loader()
    countries = Country.objects.in_bulk(list(D.PROGRAMMES), field_name="iso3")
    for iso3, spec in D.PROGRAMMES.items():
        loader.country(countries[iso3], spec)
    created = dict(loader.created)
    stdout.write("Programmes demo data: {} countries; created {}.\n".format(
        len(D.PROGRAMMES), ", ".join(f"{n} {label}" for label, n in created.items())
        or "nothing new"))
    demo_pb.load_indicators()  # illustrative P&B outcome indicators, linked from the CPOs
    demo_pb.demo_link_indicators()
    created.update(demo_portfolio.load(stdout=stdout))
    created.update(demo_results.load(actors=loader.actors, stdout=stdout))
    translated = demo_translations.load()  # a few French and Spanish titles (issue 16.3)
    if translated:
        created["translated titles"] = translated
    return created


def announce_pending() -> None:
    """The demo's updates waiting for approval reach the approvers' inboxes (the history
    before them was loaded without notifications)."""
    from core import notifications

    from .models import ProgressUpdate, UpdateStatus
    from .notifications import UPDATE_SUBMITTED

    for update in ProgressUpdate.objects.filter(status=UpdateStatus.SUBMITTED):
        notifications.announce(UPDATE_SUBMITTED, update,
                               event=update.submitted_at.isoformat() if update.submitted_at
                               else "")
