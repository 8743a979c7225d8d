"""The tables behind ``evaluation.demo``: evaluations of demo DWCPs, projects, capacity
development interventions and one high-level evaluation, with ratings, lessons, good
practices and recommendations followed to action.

Grounded in the seeds: the 2018 independent high-level evaluation of the ILO's capacity
development efforts 2010–17 (relevant to constituents' priorities, but an excessive focus on
activities serving project objectives, a limited focus on the competencies for social
dialogue, uneven attention to gender equality; nine recommendations) [seeds/002 ¶6, ¶21];
the meta-analysis of lessons from nine DWCP evaluations and the call to embed DWCPs' M&E in
national systems with constituents [seeds/001 ¶6, fn 5]; capacity assessment at the start
and in M&E [seeds/001 ¶14]; activity focus, the same people trained on everything,
output-only M&E [seeds/000 ¶17]. Subjects are found in the demo data by country and kind;
people, scores, dates and texts are plausible inventions."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

D = dt.date

# Ratings: (criterion, score, justification); lessons and practices: (title, description,
# context, causal factors, users, theme, constituent group, capacity level);
# recommendations: (text, unit, office, priority, resources, response, rationale, actions),
# an action being (description, owner username, due date, status, note).


@dataclass(frozen=True)
class Action:
    description: str
    owner: str
    due: dt.date
    status: str = "not_started"
    note: str = ""
    on: dt.date | None = None  # when the status was reached


@dataclass(frozen=True)
class Rec:
    text: str
    unit: str
    office: str = ""
    priority: str = "medium"
    resources: str = "none"
    response: str = ""  # "", or decision; "draft:<decision>" for a response not submitted
    rationale: str = ""
    responded: dt.date | None = None
    actions: tuple[Action, ...] = ()


@dataclass(frozen=True)
class Learning:
    title: str
    description: str
    context: str = ""
    causal_factors: str = ""
    users: str = ""
    theme: str = ""
    group: str = ""
    level: str = ""


@dataclass(frozen=True)
class Spec:
    title: str
    subject: str  # dwcp / project / intervention / theme
    find: str  # ISO3 (DWCP, project: the largest project of the country) or intervention hint
    type: str
    timing: str
    status: str
    planned_end: dt.date
    dates: dict[str, dt.date] = field(default_factory=dict)  # status → date reached
    management: str = "decentralized"
    budget: int | None = None
    theme: str = ""
    groups: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("en",)
    summary: str = ""
    evaluators: tuple[tuple[str, str, str, bool], ...] = ()
    ratings: tuple[tuple[str, int, str], ...] = ()
    lessons: tuple[Learning, ...] = ()
    practices: tuple[Learning, ...] = ()
    recommendations: tuple[Rec, ...] = ()
    cancel_reason: str = ""
    headquarters: bool = False  # managed at headquarters (no managing country)


def _ratings(*scores: int, why: tuple[str, ...] = ()) -> tuple[tuple[str, int, str], ...]:
    criteria = ("relevance", "coherence", "effectiveness", "efficiency", "impact",
                "sustainability", "gender", "standards", "social_dialogue", "just_transition")
    default = {
        "relevance": "Aligned with the national development plan and the constituents' "
                     "stated priorities.",
        "coherence": "Complemented the UN country team's work, with some overlaps in "
                     "skills development.",
        "effectiveness": "Most outputs delivered; outcome-level change visible for part of "
                         "the constituents.",
        "efficiency": "Delivery slowed in the first year; costs per participant in line "
                      "with comparable projects.",
        "impact": "Early signs of policy change; too soon for measurable labour market "
                  "effects.",
        "sustainability": "Depends on the ministry funding the unit after the project ends.",
        "gender": "Women were a third of the participants; gender analysis missing from the "
                  "design.",
        "standards": "Referred to the fundamental conventions; little follow-up of the "
                     "supervisory bodies' comments.",
        "social_dialogue": "Tripartite steering committee met regularly and shaped the work "
                           "plan.",
        "just_transition": "Environmental sustainability hardly considered.",
    }
    return tuple((c, s, (why[i] if i < len(why) and why[i] else default[c]))
                 for i, (c, s) in enumerate(zip(criteria, scores, strict=False)))


HLE_TITLE = ("Independent high-level evaluation of the ILO's capacity development efforts "
             "2010–17")

SPECS: tuple[Spec, ...] = (
    Spec(
        title=HLE_TITLE, subject="theme", find="Capacity development of constituents",
        type="high_level", timing="ex_post", status="published", headquarters=True,
        management="centralized", planned_end=D(2018, 9, 30), budget=180000,
        dates={"in_progress": D(2018, 1, 15), "report_submitted": D(2018, 8, 31),
               "approved": D(2018, 9, 28), "published": D(2018, 10, 15)},
        theme="governance", countries=("ALB", "SEN", "VNM", "URY", "JOR"),
        languages=("en", "fr", "es"),
        summary="The ILO's capacity development support was broadly relevant to constituents' "
                "priorities and needs, but focused excessively on activities serving "
                "project-specific objectives, did little to build the competencies for "
                "effective social dialogue, and applied gender equality unevenly. Nine "
                "recommendations aim at more sustainable, coherent and effective capacity "
                "development.",
        evaluators=(("Independent Evaluation Office team", "internal", "EVAL", True),
                    ("M. Okonjo", "external", "Independent consultant", False)),
        ratings=_ratings(5, 3, 4, 3, 3, 2, 2, 4, 3, 2, why=(
            "Broadly relevant to constituents' priorities and needs.",
            "Fragmented across projects and units; no ILO-wide strategy.", "", "",
            "Long-term institutional change rarely assessed.",
            "Activity focus; results depended on project funding.",
            "Gender equality applied unevenly across activities.", "",
            "Limited focus on the competencies needed for effective social dialogue.")),
        lessons=(
            Learning("Capacity development needs an institution-wide strategy",
                     "Without a common strategy, capacity development followed each "
                     "project's objectives and its results were not added up.",
                     context="Some 200 projects a year with capacity development components.",
                     causal_factors="Project-based funding; no shared definition of results.",
                     users="Senior management, PARDEV, technical departments",
                     theme="governance", level="enabling_environment"),
            Learning("Assess capacity at the start and again in evaluation",
                     "Interventions that began with a capacity assessment of the constituent "
                     "could show change in organizational performance; the others reported "
                     "only training delivered.",
                     causal_factors="Baseline assessments with the constituent's leadership.",
                     users="Project managers, ACT/EMP, ACTRAV",
                     theme="programme_management", level="organizational"),
        ),
        practices=(
            Learning("Turin Centre courses built into national programmes",
                     "Where Turin Centre courses were chosen by the constituents as part of "
                     "their own plan, trained staff applied the skills and trained others.",
                     context="ITC-ILO courses for employers' and workers' organizations.",
                     causal_factors="Demand-driven selection; follow-up coaching.",
                     users="ITC-ILO, field offices, bureaux",
                     theme="social_dialogue", group="", level="individual"),
        ),
        recommendations=(
            Rec("Adopt an ILO-wide strategy for institutional capacity development of "
                "constituents, with results measured at outcome level.", "management",
                "Deputy Director-General for Policy", "high", "medium",
                "accepted", "The strategy will go to the Governing Body in March 2019.",
                D(2018, 11, 30), (
                    Action("Submit the ILO-wide strategy to the Governing Body", "manager",
                           D(2019, 3, 31), "completed", "GB.335/INS/9 adopted.",
                           D(2019, 3, 20)),
                    Action("Define outcome indicators of capacity development", "manager",
                           D(2020, 12, 31), "completed", "Included in the P&B 2020–21.",
                           D(2020, 6, 30)),
                )),
            Rec("Strengthen employers' organizations' capacity for policy influence and "
                "services to members.", "actemp", "ACT/EMP", "high", "medium",
                "accepted", "Part of the bureau's programme.", D(2018, 11, 30), (
                    Action("Roll out the policy advocacy toolkit in three regions", "actemp",
                           D(2021, 12, 31), "completed", "Rolled out in Africa, Asia and the "
                           "Americas.", D(2021, 11, 15)),
                    Action("Evaluate the membership services programme", "actemp",
                           D(2025, 6, 30), "in_progress", "Terms of reference drafted.",
                           D(2024, 9, 1)),
                )),
            Rec("Build trade unions' competencies for effective social dialogue, with a "
                "focus on young and women workers.", "actrav", "ACTRAV", "high", "medium",
                "partially_accepted", "Accepted for the competencies; the focus on young "
                "workers depends on extra-budgetary funding.", D(2018, 12, 10), (
                    Action("Training on collective bargaining for young union leaders",
                           "actrav", D(2024, 12, 31), "in_progress", "Two of four regions "
                           "done.", D(2023, 5, 2)),
                )),
            Rec("Apply gender equality systematically in every capacity development "
                "activity.", "headquarters", "Gender, Equality and Diversity Branch",
                "medium", "none", "accepted", "Agreed.", D(2018, 11, 30), (
                    Action("Gender marker for capacity development activities", "manager",
                           D(2020, 6, 30), "not_possible", "The enterprise system could not "
                           "hold a marker per activity; replaced by the project gender "
                           "marker.", D(2020, 7, 15)),
                )),
            Rec("Create a separate budget line for capacity development in every project.",
                "pardev", "PARDEV", "low", "high", "rejected",
                "Donors' rules do not allow a separate line; capacity development is "
                "budgeted within outputs.", D(2018, 11, 30)),
        ),
    ),
    Spec(
        title="Albania Decent Work Country Programme: country programme review",
        subject="dwcp", find="ALB", type="country_programme", timing="final",
        status="published", planned_end=D(2022, 6, 30), budget=60000,
        dates={"in_progress": D(2022, 1, 17), "report_submitted": D(2022, 6, 10),
               "approved": D(2022, 7, 5), "published": D(2022, 7, 20)},
        theme="employment_policy", countries=("ALB",), languages=("en",),
        summary="The DWCP was relevant and well owned by the tripartite constituents; the "
                "employment and social dialogue outcomes were largely achieved, the social "
                "protection outcome lagged behind for lack of resources.",
        evaluators=(("A. Berisha", "external", "Independent consultant", True),),
        ratings=_ratings(5, 4, 4, 4, 3, 4, 3, 5, 5, 2),
        lessons=(
            Learning("Embed the DWCP's monitoring in national systems",
                     "Indicators drawn from the national employment strategy were reported "
                     "on by the ministry itself, which kept monitoring going between "
                     "missions.",
                     context="Non-resident ILO agency; office in Budapest.",
                     causal_factors="The ministry's statistics unit owned the indicators.",
                     users="Field offices preparing a DWCP", theme="lmi",
                     group="government", level="organizational"),
        ),
        practices=(
            Learning("A tripartite steering committee that meets every quarter",
                     "The decent work steering committee met each quarter with a standing "
                     "agenda on the DWCP's indicators and decided on corrective action.",
                     causal_factors="Chaired in turn by the three groups; secretariat funded "
                                    "by the ministry.",
                     users="Constituents, field offices", theme="social_dialogue",
                     level="enabling_environment"),
        ),
        recommendations=(
            Rec("Mobilize resources for the social protection outcome before the next "
                "programme is signed.", "country_office", "DWT/CO-Budapest", "high", "high",
                "accepted", "A proposal will go to the EU delegation.", D(2022, 9, 1), (
                    Action("Submit a funding proposal on social protection floors", "field",
                           D(2023, 6, 30), "completed", "Funded: US$1.8 million.",
                           D(2023, 5, 10)),
                    Action("Costing study of the social protection floor", "field",
                           D(2024, 12, 31), "in_progress", "Data collection done.",
                           D(2024, 3, 1)),
                )),
            Rec("Involve the employers' and workers' organizations in the annual review of "
                "the indicators.", "country_office", "DWT/CO-Budapest", "medium", "none",
                "partially_accepted", "Annual review agreed; a joint data unit is not "
                "affordable.", D(2022, 9, 1), (
                    Action("Hold the annual tripartite review of indicators", "field",
                           D(2025, 3, 31), "not_started"),
                )),
        ),
    ),
    Spec(
        title="Independent final evaluation of the largest project in Moldova",
        subject="project", find="MDA", type="independent", timing="final",
        status="approved", planned_end=D(2025, 11, 30), budget=45000,
        dates={"in_progress": D(2025, 9, 1), "report_submitted": D(2025, 11, 20),
               "approved": D(2025, 12, 15)},
        theme="skills", groups=("employers", "workers"),
        evaluators=(("I. Rusu", "external", "Independent consultant", True),
                    ("L. Moreau", "external", "Independent consultant", False)),
        ratings=_ratings(5, 4, 3, 3, 3, 3, 4, 4, 4),
        lessons=(
            Learning("The same trainees on every course",
                     "A small group of staff of the partner organizations attended most "
                     "courses, whatever their subject; the organizations' capacity changed "
                     "little.",
                     causal_factors="Nominations left to the organizations; no training "
                                    "needs assessment.",
                     users="Project managers, constituents", theme="skills",
                     level="individual"),
        ),
        recommendations=(
            Rec("Select participants against a training needs assessment of each "
                "organization.", "project_team", "Project management team", "high", "low",
                "accepted", "Agreed for the next phase.", D(2026, 1, 20), (
                    Action("Training needs assessment of the partner organizations", "field",
                           D(2026, 6, 30), "in_progress", "Two of five done.",
                           D(2026, 3, 1)),
                )),
            Rec("Give the employers' organization a larger role in the skills councils.",
                "actemp", "ACT/EMP", "medium", "none", "draft:accepted",
                "To be discussed with the organization's board."),
            Rec("Report results at outcome level, not training delivered.", "country_office",
                "DWT/CO-Budapest", "medium", "none"),
        ),
    ),
    Spec(
        title="Independent mid-term evaluation of the largest project in Senegal",
        subject="project", find="SEN", type="independent", timing="mid_term",
        status="in_progress", planned_end=D(2027, 2, 28), budget=38000,
        dates={"in_progress": D(2026, 10, 5)}, theme="social_security",
        countries=("SEN",), languages=("fr",),
        evaluators=(("A. Diop", "external", "Cabinet d'études", True),),
    ),
    Spec(
        title="Independent final evaluation of the largest project in the United Republic "
              "of Tanzania",
        subject="project", find="TZA", type="independent", timing="final",
        status="report_submitted", planned_end=D(2026, 9, 30), budget=52000,
        dates={"in_progress": D(2026, 6, 1), "report_submitted": D(2026, 10, 20)},
        theme="labour_inspection", groups=("government",),
        evaluators=(("J. Mwakasege", "external", "Independent consultant", True),),
        ratings=_ratings(5, 4, 4, 3, 3, 3, 3, 5, 4, 3),
        recommendations=(
            Rec("Extend the electronic inspection case system to Zanzibar.",
                "country_office", "CO-Dar es Salaam", "medium", "medium"),
        ),
    ),
    Spec(
        title="Internal evaluation of an ACTRAV organizing course",
        subject="intervention", find="workers", type="internal", timing="final",
        status="published", planned_end=D(2024, 4, 30), budget=8000,
        dates={"in_progress": D(2024, 2, 1), "report_submitted": D(2024, 4, 15),
               "approved": D(2024, 5, 2), "published": D(2024, 5, 20)},
        theme="organizing", groups=("workers",),
        summary="Participants organized new members in the informal economy within six "
                "months; women's participation remained low.",
        evaluators=(("ACTRAV evaluation focal point", "internal", "ACTRAV", True),),
        ratings=_ratings(6, 5, 4, 4, 3, 4, 2, 4, 5),
        lessons=(
            Learning("Coaching after the course turns training into organizing",
                     "Participants who were coached for three months after the course "
                     "recruited twice as many members as the others.",
                     causal_factors="Mentors from the national centre; monthly check-ins.",
                     users="ACTRAV, trade union educators", theme="organizing",
                     group="workers", level="individual"),
        ),
        practices=(
            Learning("Organizers recruited from the informal economy itself",
                     "Unions that trained street vendors as organizers reached workers no "
                     "union had reached before.",
                     users="Trade unions", theme="informal_economy", group="workers",
                     level="organizational"),
        ),
        recommendations=(
            Rec("Reserve half of the places for women organizers.", "actrav", "ACTRAV",
                "high", "none", "accepted", "Agreed from the next course.", D(2024, 6, 10), (
                    Action("Apply a 50 per cent quota for women in the selection", "actrav",
                           D(2024, 12, 31), "completed", "48 per cent reached.",
                           D(2024, 11, 30)),
                )),
        ),
    ),
    Spec(
        title="Self-evaluation of an ACT/EMP course for employers' organizations",
        subject="intervention", find="employers", type="self", timing="final",
        status="approved", planned_end=D(2025, 3, 31),
        dates={"in_progress": D(2025, 1, 20), "report_submitted": D(2025, 3, 25),
               "approved": D(2025, 4, 10)},
        theme="advocacy", groups=("employers",),
        ratings=_ratings(5, 4, 4, 5, 3, 3, 3),
        lessons=(
            Learning("Policy advocacy needs research capacity",
                     "Organizations that had a research officer turned the training into "
                     "position papers; the others did not.",
                     users="ACT/EMP, employers' organizations", theme="advocacy",
                     group="employers", level="organizational"),
        ),
        recommendations=(
            Rec("Pair the advocacy course with support to a research unit.", "actemp",
                "ACT/EMP", "medium", "low"),
        ),
    ),
    Spec(
        title="Country programme review of the Senegal Decent Work Country Programme",
        subject="dwcp", find="SEN", type="review", timing="final", status="planned",
        planned_end=D(2027, 6, 30), budget=40000, languages=("fr",),
    ),
    Spec(
        title="Independent final evaluation of the largest project in Ukraine",
        subject="project", find="UKR", type="independent", timing="final",
        status="cancelled", planned_end=D(2024, 12, 31),
        cancel_reason="Replaced by a cluster evaluation of the crisis response projects.",
    ),
)
