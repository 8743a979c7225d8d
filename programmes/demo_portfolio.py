"""Demo data of the development cooperation portfolio (``programmes.demo_portfolio_data``):
the UN operational rates of exchange, funding partners, an agreement behind every
extra-budgetary project, RBSA and thematic contributions, the country projects' office, type
of assistance and markers, regional and interregional projects, and the pipeline with its
quality appraisals. Written through the services, attributed to the demo partnerships
officer; loading again changes nothing."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from constituents.models import Country, Region
from core.models import User

from . import demo_data as D
from . import demo_portfolio_data as P
from .models import (
    PIPELINE_STAGES,
    Convention,
    CountryProgrammeOutcome,
    Donor,
    Earmarking,
    ExchangeRate,
    FundingAgreement,
    PBOutcome,
    Project,
    ProjectScope,
    ProjectStage,
    Rating,
)
from .services import appraisal as appraisal_services
from .services import portfolio as portfolio_services
from .services import resources as resource_services
from .services.portfolio_figures import portfolio_figures_recompute_all, recompute_paused

REASON = "Demo data"
ONE = Decimal("1")


def _month(year: int, month: int) -> dt.date:
    return dt.date(year, month, 1)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def rate_of(currency: str, month: dt.date) -> Decimal:
    """The demo's rate for a month: January's value moving evenly towards the next."""
    if currency == "USD":
        return ONE
    values = P.RATES[currency]
    index = month.year - P.RATE_FIRST_YEAR
    start, end = values[index], values[min(index + 1, len(values) - 1)]
    value = start + (end - start) * (month.month - 1) / 12
    places = Decimal("0.0001") if value < 20 else Decimal("0.01")
    return Decimal(str(value)).quantize(places, rounding=ROUND_HALF_UP)


class PortfolioLoader:
    def __init__(self) -> None:
        self.user = User.objects.get(username="partnerships")
        self.created: Counter[str] = Counter()
        self.donors: dict[str, Donor] = {}
        self.currency: dict[str, str] = {spec.name: spec.currency for spec in P.DONORS}
        self.agreements = set(FundingAgreement.objects.values_list("reference", flat=True))

    # rates and donors ----------------------------------------------------------------------

    def rates(self, last: dt.date) -> None:
        have = set(ExchangeRate.objects.values_list("currency", "month"))
        rows = []
        for currency in P.RATES:
            month = _month(P.RATE_FIRST_YEAR, 1)
            while month <= last:
                if (currency, month) not in have:
                    rows.append({"currency": currency, "month": month,
                                 "units_per_usd": rate_of(currency, month)})
                month = _add_months(month, 1)
        if rows:
            text = "currency,month,units_per_usd\n" + "".join(
                f"{r['currency']},{r['month']:%Y-%m-%d},{r['units_per_usd']}\n" for r in rows)
            result = portfolio_services.exchange_rates_import(
                user=self.user, file=text.encode(), name="rates.csv", reason=REASON)
            if result.errors:
                raise ValueError(f"demo rates refused: {result.errors[:3]}")
            self.created["rates of exchange"] += len(rows)

    def donor_records(self) -> None:
        existing = {d.name: d for d in Donor.objects.all()}
        countries = Country.objects.in_bulk([s.country for s in P.DONORS if s.country],
                                            field_name="iso3")
        for spec in P.DONORS:
            donor = existing.get(spec.name)
            if donor is None:
                donor = portfolio_services.donor_create(
                    user=self.user, name=spec.name, acronym=spec.acronym,
                    category=spec.category, country=countries.get(spec.country),
                    reason=REASON)
                self.created["donors"] += 1
            self.donors[spec.name] = donor

    def agreement(self, *, reference: str, donor: str, title: str, approved: dt.date,
                  usd: Decimal, earmarking: str = Earmarking.FULLY, locally: bool = False,
                  project: Project | None = None) -> None:
        if reference in self.agreements:
            return
        currency = self.currency.get(donor, "USD")
        amount = (usd * rate_of(currency, _month(approved.year, approved.month))).quantize(
            ONE, rounding=ROUND_HALF_UP)
        portfolio_services.agreement_create(
            user=self.user, donor=self.donors[donor], reference=reference, title=title,
            approval_date=approved, amount=amount, currency=currency,
            earmarking=earmarking, locally_mobilized=locally, project=project,
            reason=REASON)
        self.agreements.add(reference)
        self.created["funding agreements"] += 1

    def tranches(self, project: Project, donor: str, budget: int, *, locally: bool) -> None:
        """One agreement for a project, two (60 / 40 per cent, two years apart) when it runs
        longer than three years; approved two months before it starts."""
        first = _add_months(_month(project.start_date.year, project.start_date.month), -2)
        years = (project.end_date - project.start_date).days / 365
        if years > 3:
            second = _add_months(first, 24)
            parts = [(first, Decimal(budget) * Decimal("0.6")),
                     (second, Decimal(budget) * Decimal("0.4"))]
        else:
            parts = [(first, Decimal(budget))]
        for number, (approved, usd) in enumerate(parts, start=1):
            if approved > D.REFERENCE_DATE:
                continue
            self.agreement(reference=f"{project.code}-{number}", donor=donor,
                           title=project.title, approved=approved + dt.timedelta(days=14),
                           usd=usd, locally=locally, project=project)

    # projects ------------------------------------------------------------------------------

    def country_projects(self) -> None:
        projects = {p.code: p for p in Project.objects.prefetch_related(
            "cpo_links__cpo__conventions", "conventions")}
        for iso3, spec in D.PROGRAMMES.items():
            for project_spec in spec.projects:
                project = projects[project_spec.code]
                self.describe(project, iso3)
                if (project_spec.source == "xbtc"
                        and project.status not in PIPELINE_STAGES):
                    donor = P.PARTNER_DONOR.get(project_spec.partner, project_spec.partner)
                    self.tranches(project, donor, project_spec.budget,
                                  locally=project_spec.partner in P.LOCALLY_MOBILIZED)

    def describe(self, project: Project, iso3: str) -> None:
        """Office, type of assistance and markers: those of the CPOs the project serves."""
        cpos = [link.cpo for link in project.cpo_links.all()]
        markers = [c.gender_marker for c in cpos if c.gender_marker is not None]
        title = project.title.lower()
        data: dict[str, Any] = {
            "office": P.OFFICES.get(iso3, ""),
            "assistance_type": next((kind for word, kind in P.ASSISTANCE_BY_WORD
                                     if word in title), "experts"),
            "gender_marker": max(markers) if markers else None,
            "social_dialogue": any(c.social_dialogue for c in cpos),
            "just_transition": any(c.just_transition for c in cpos),
        }
        changed = {k: v for k, v in data.items() if getattr(project, k) != v}
        conventions = sorted({conv.code for c in cpos for conv in c.conventions.all()})
        if conventions != sorted(c.code for c in project.conventions.all()):
            changed["conventions"] = list(Convention.objects.filter(code__in=conventions))
        if changed:
            resource_services.project_update(user=self.user, project=project, data=changed,
                                             reason=REASON)
            self.created["projects described"] += 1

    def wider_projects(self) -> None:
        regions = {r.code: r for r in Region.objects.all()}
        countries = Country.objects.in_bulk([s.place for s in P.WIDER_PROJECTS
                                             if s.scope == ProjectScope.COUNTRY],
                                            field_name="iso3")
        outcomes = {(o.framework.code, o.code): o for o in
                    PBOutcome.objects.select_related("framework")}
        existing = set(Project.objects.values_list("code", flat=True))
        for spec in P.WIDER_PROJECTS:
            if spec.code in existing:
                project = Project.objects.get(code=spec.code)
            else:
                start = _month(*spec.start)
                end = _add_months(_month(*spec.end), 1) - dt.timedelta(days=1)
                final = spec.stage or (ProjectStage.CLOSED if end < D.REFERENCE_DATE
                                       else ProjectStage.ONGOING)
                # Projects beyond a single country went through quality control: recorded
                # as a proposal, appraised, then approved.
                stage = spec.stage or ProjectStage.APPRAISAL
                project = resource_services.project_create(
                    user=self.user, code=spec.code, title=spec.title, scope=spec.scope,
                    country=countries.get(spec.place) if spec.scope == "country" else None,
                    region=regions.get(spec.place) if spec.scope == "regional" else None,
                    funding_source="xbtc", funding_partner=spec.donor, office=spec.office,
                    assistance_type=spec.assistance, start_date=start, end_date=end,
                    status=stage, gender_marker=spec.gender,
                    conventions=list(Convention.objects.filter(code__in=spec.conventions)),
                    social_dialogue=spec.social_dialogue,
                    just_transition=spec.just_transition,
                    funding=self.funding(spec, start, end),
                    pb_links=[{"pb_outcome": outcomes[(framework, code)],
                               "share": Decimal(share)} for framework, code, share in spec.pb],
                    reason=REASON)
                if not spec.stage:
                    self.approve(project, start, final)
                for cpo_code, share in spec.cpos:
                    resource_services.project_link_cpo(
                        user=self.user, project=project, share=Decimal(share),
                        cpo=CountryProgrammeOutcome.objects.get(code=cpo_code), reason=REASON)
                self.created["regional, interregional and pipeline projects"] += 1
            if not spec.stage:
                self.tranches(project, spec.donor, spec.budget, locally=spec.locally)

    def approve(self, project: Project, start: dt.date, final: str) -> None:
        """A passed appraisal three months before the start, then the project's stage."""
        appraiser = User.objects.get(username="manager")
        appraisal = appraisal_services.appraisal_start(
            user=appraiser, project=project, started_on=start - dt.timedelta(days=90),
            reason=REASON)
        ratings = {r.criterion.code: {"rating": Rating.PARTLY if r.comment else Rating.MET,
                                      "comment": r.comment or "Checked against the proposal."}
                   for r in appraisal.ratings.select_related("criterion")}
        appraisal_services.appraisal_complete(
            user=appraiser, appraisal=appraisal, ratings=ratings,
            completed_on=start - dt.timedelta(days=60), reason=REASON)
        resource_services.project_update(user=self.user, project=project,
                                         data={"status": final}, reason=REASON)
        self.created["proposal appraisals"] += 1

    @staticmethod
    def funding(spec: P.WiderProject, start: dt.date, end: dt.date
                ) -> list[Mapping[str, Any]]:
        """The budget spread over the years by months of activity; expenditure at the
        project's delivery rate up to the demo's reference date (none for the pipeline)."""
        years = range(start.year, end.year + 1)
        months = {y: (min(end, dt.date(y, 12, 31)).month
                      - (start.month - 1 if y == start.year else 0)) for y in years}
        total = sum(months.values())
        rows: list[Mapping[str, Any]] = []
        left = Decimal(spec.budget)
        for index, year in enumerate(years):
            allocation = (left if index == len(years) - 1 else
                          (Decimal(spec.budget) * months[year] / total).quantize(ONE))
            left -= allocation
            spent = Decimal("0")
            if not spec.stage and year <= D.REFERENCE_DATE.year:
                share = Decimal(str(spec.delivery))
                if year == D.REFERENCE_DATE.year:
                    share *= Decimal(D.REFERENCE_DATE.month) / 12
                spent = (allocation * share).quantize(ONE, rounding=ROUND_HALF_UP)
            rows.append({"year": year, "allocation": allocation, "expenditure": spent})
        return rows

    # core and thematic funding -------------------------------------------------------------

    def contributions(self) -> None:
        for donor, usd in P.RBSA_DONORS:
            for year in P.RBSA_YEARS:
                if year > D.REFERENCE_DATE.year:
                    continue
                # Contributions grow slowly and vary from year to year.
                factor = Decimal("1") + Decimal((year - 2012) * 3 + (hash_of(donor, year) % 11)
                                                - 5) / 100
                self.agreement(reference=f"RBSA/{year}/{self.donors[donor].acronym}",
                               donor=donor, title=f"RBSA contribution {year}",
                               approved=dt.date(year, 3 + hash_of(donor, year) % 8, 15),
                               usd=(Decimal(usd) * factor).quantize(ONE),
                               earmarking=Earmarking.RBSA_CORE)
        for donor, years, usd, title in P.THEMATIC:
            for year in years:
                if year > D.REFERENCE_DATE.year:
                    continue
                self.agreement(reference=f"THEM/{year}/{self.donors[donor].acronym}",
                               donor=donor, title=title, approved=dt.date(year, 2, 1),
                               usd=Decimal(usd), earmarking=Earmarking.LIGHTLY)


    # the pipeline's appraisals ---------------------------------------------------------------

    def appraisals(self) -> None:
        """The Albanian proposal was sent back for revision (no capacity building of the
        constituents planned); the Moldovan one is being appraised."""
        appraiser = User.objects.get(username="manager")
        for code, verdict in P.PIPELINE_APPRAISALS:
            project = Project.objects.get(code=code)
            if project.appraisals.exists():
                continue
            appraisal = appraisal_services.appraisal_start(
                user=appraiser, project=project, started_on=dt.date(2026, 9, 15),
                reason=REASON)
            self.created["proposal appraisals"] += 1
            if verdict is None:
                continue
            ratings = {}
            for rating in appraisal.ratings.select_related("criterion"):
                code_ = rating.criterion.code
                if code_ in verdict:
                    ratings[code_] = {"rating": verdict[code_][0],
                                      "comment": verdict[code_][1]}
                else:
                    ratings[code_] = {"rating": Rating.PARTLY if rating.comment else Rating.MET,
                                      "comment": rating.comment or "Checked against the "
                                                                   "proposal."}
            appraisal_services.appraisal_complete(
                user=appraiser, appraisal=appraisal, ratings=ratings,
                summary="Return to the office: plan the constituents' capacity building with "
                        "ACT/EMP and ACTRAV and the Turin Centre, then resubmit.",
                completed_on=dt.date(2026, 10, 9), reason=REASON)


def hash_of(*parts: object) -> int:
    """A small stable number from the parts (the same on every load)."""
    import hashlib

    return int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:6], 16)


def load(*, stdout) -> dict[str, int]:
    loader = PortfolioLoader()
    with recompute_paused():  # one computation of the tables at the end
        loader.rates(_month(D.REFERENCE_DATE.year + 1, 12))
        loader.donor_records()
        loader.country_projects()
        loader.wider_projects()
        loader.contributions()
        loader.appraisals()
    portfolio_figures_recompute_all()
    created = dict(loader.created)
    stdout.write("Development cooperation demo data: created {}.\n".format(
        ", ".join(f"{n} {label}" for label, n in created.items()) or "nothing new"))
    return created
