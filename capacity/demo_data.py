"""The tables behind ``capacity.demo``: capacity assessments of the constituents of the 18 demo
countries (baseline and, for many, a follow-up two or three years later), what the scores rest
on, the needs they reveal and what became of them, capacity development plans, interventions
and who took part in them.

Grounded in the seeds: the dimensions and needs by constituent type [seeds/000 ¶6–12,
seeds/001 ¶10–11]; the methods (ACT/EMP and ACTRAV assessments, labour administration audits
such as the United Republic of Tanzania's, participatory gender audits such as Pakistan's)
[seeds/000 ¶6 fn 7, seeds/002 ¶16]; interventions by training, training of trainers, coaching,
South–South exchange, study tours, advisory services, certification [seeds/001 ¶2, ¶12(d)];
the Turin Centre's participants of 2011–12 by constituent group [seeds/001 ¶7]; the SCORE
programme [seeds/001 Box 2]; the same people trained on everything [seeds/000 ¶17(b), (d)] and
training delivered without capacity gained [seeds/000 ¶17(e)] (Niger's employers' advocacy,
Ukraine's labour inspection). Organizations are those of ``constituents.demo``; scores, people,
dates and amounts are plausible inventions.
"""
from __future__ import annotations

from dataclasses import dataclass

# Assessment methods, intervention methods and providers (values of capacity.models.choices).
ACTEMP, ACTRAV, AUDIT, ITC, PGA, SELF = (
    "actemp", "actrav", "labour_admin_audit", "itcilo_needs", "gender_audit", "self_assessment")
TRAINING, TOT, COACHING, SHARING, RESEARCH, SOUTH_SOUTH, PEER, ADVISORY, E_LEARNING, CERT = (
    "training", "tot", "coaching", "knowledge_sharing", "research_support", "south_south",
    "peer_learning", "advisory", "e_learning", "certification")
ITCILO, CINTERFOR, BUREAU_EMP, BUREAU_TRAV, FIELD, NATIONAL = (
    "itcilo", "cinterfor", "actemp", "actrav", "field_office", "national")
IND, ORG, ENV = "individual", "organizational", "enabling_environment"
EMPLOYERS, WORKERS, GOVERNMENT = "employers", "workers", "government"

# The dimensions of the default frameworks, in the order the scores of the tables follow.
DIMENSIONS = {
    "employers": ("governance_management", "representativeness_membership",
                  "financial_sustainability", "services_to_members", "policy_advocacy"),
    "workers": ("organizing_membership", "research_analysis", "social_dialogue_bargaining",
                "international_labour_standards", "women_youth"),
    "labour_administration": ("legal_institutional_framework", "labour_inspection_osh",
                              "employment_policy_services", "labour_market_information",
                              "social_dialogue_institutions"),
}
FRAMEWORK_FOR_GROUP = {EMPLOYERS: "employers", WORKERS: "workers",
                       GOVERNMENT: "labour_administration"}
# Short names used in the tables below.
GOV, REP, FIN, SERV, ADV = DIMENSIONS["employers"]
ORGZ, RES, SD, ILS, WY = DIMENSIONS["workers"]
LEGAL, INSP, EMP, LMI, SDI = DIMENSIONS["labour_administration"]

# What a score rests on, per dimension: (scores 1–2, score 3, scores 4–5).
EVIDENCE = {
    GOV: ("The board met twice in the year, once without a quorum; no strategic plan; two "
          "staff in the secretariat.",
          "Statutes applied and the board meets quarterly; a strategic plan exists but is not "
          "costed or monitored.",
          "Elected bodies meet as scheduled; a costed strategic plan is monitored by the board; "
          "yearly staff appraisals."),
    REP: ("Members concentrated in a few large companies of the capital; no membership database "
          "or retention figures.",
          "Membership database kept; recruitment of small enterprises started, regions still "
          "under-represented.",
          "Members across sectors, regions and enterprise sizes; retention above 85 per cent, "
          "tracked yearly."),
    FIN: ("Dues cover less than a third of running costs; most activities depend on donor "
          "projects.",
          "Dues and fee-based services cover about two thirds of running costs; reserves for a "
          "few months.",
          "Dues and services cover running costs; reserves for more than six months; audited "
          "accounts published."),
    SERV: ("Services limited to occasional notes on labour law; no survey of members' needs.",
           "Legal advice and some training offered, not designed from members' demand.",
           "A portfolio of fee-based services (legal, OSH, training) reviewed yearly against a "
           "member survey."),
    ADV: ("Positions voiced orally in tripartite meetings; no position papers or research.",
          "Position papers on the main reforms, drafted in reaction and with little evidence.",
          "A yearly advocacy agenda built on research (an EESE assessment); positions reflected "
          "in adopted laws."),
    ORGZ: ("Membership falling; no organizing strategy and no outreach to informal economy or "
           "young workers.",
           "Organizing campaigns in some sectors; membership records incomplete.",
           "An organizing strategy with targets for informal economy and young workers; "
           "membership recorded centrally and growing."),
    RES: ("No research staff; bargaining positions prepared without data.",
          "A research officer prepares briefs on wages and prices when asked.",
          "A research department publishes regular analyses used in bargaining and policy "
          "debates."),
    SD: ("Few collective agreements; the union is rarely consulted in national tripartite "
         "bodies.",
         "Takes part in the national tripartite council; bargaining mostly in the public "
         "sector.",
         "Negotiates sectoral agreements; its proposals in tripartite bodies are taken up."),
    ILS: ("Officers unfamiliar with the supervisory system; no observations sent to the "
          "supervisory bodies.",
          "Observations sent to the supervisory bodies now and then, with ACTRAV's help.",
          "Regular observations to the Committee of Experts; standards used in bargaining and "
          "litigation."),
    WY: ("No women's or youth committee; no woman in an elected post.",
         "A women's committee exists; women hold few elected posts; youth structures are new.",
         "Quotas in elected bodies met; women's and youth committees have their own budgets."),
    LEGAL: ("Labour code outdated, several ratified Conventions not reflected; overlapping "
            "mandates between ministries.",
            "Labour code revised after tripartite consultation; implementing regulations "
            "pending.",
            "Labour law up to date and consulted on with the social partners; clear "
            "institutional mandates."),
    INSP: ("Too few inspectors for the workforce; no inspection plan, case management or OSH "
           "statistics.",
           "A yearly inspection plan; case records on paper; OSH inspections mostly after "
           "complaints or accidents.",
           "Risk-based inspection planning, an electronic case management system and published "
           "annual reports."),
    EMP: ("No national employment policy; public employment offices in the capital only.",
          "Employment policy adopted; employment services reach few people outside the "
          "cities.",
          "Employment policy monitored by a tripartite committee; employment services "
          "nationwide."),
    LMI: ("No regular labour force survey; administrative data not compiled.",
          "A labour force survey every few years, with little disaggregation by sex and age.",
          "A yearly labour force survey with indicators by sex and age published online."),
    SDI: ("The national tripartite council exists on paper and has not met in the past year.",
          "The tripartite council meets, with irregular agendas and little follow-up.",
          "The tripartite council meets regularly, with a secretariat that follows up its "
          "opinions."),
}

# The need a low score reveals: (description, technical area).
NEEDS = {
    GOV: ("Put governance on a firmer footing: a costed strategic plan, regular board meetings "
          "and management reporting.", "governance"),
    REP: ("Broaden the membership beyond the large enterprises of the capital, with a membership "
          "database and a retention strategy.", "organizing"),
    FIN: ("Depend less on donor funding by collecting dues better and selling fee-based "
          "services.", "finance"),
    SERV: ("Design services from members' demand (legal advice, OSH, training) and price "
           "them.", "member_services"),
    ADV: ("Build evidence-based policy advocacy: a research base and position papers on the "
          "main reforms.", "advocacy"),
    ORGZ: ("Adopt an organizing strategy that reaches informal economy and young workers, with "
           "central membership records.", "organizing"),
    RES: ("Set up research capacity to prepare bargaining positions and policy proposals from "
          "data.", "research"),
    SD: ("Strengthen collective bargaining skills and the union's contribution in tripartite "
         "bodies.", "social_dialogue"),
    ILS: ("Train officers to use international labour standards and the supervisory system.",
          "ils"),
    WY: ("Increase the participation of women and young workers in union structures and "
         "elected posts.", "gender_equality"),
    LEGAL: ("Review the labour law with the social partners so that it reflects the ratified "
            "Conventions, and clarify institutional mandates.", "labour_law"),
    INSP: ("Introduce risk-based inspection planning, case management and OSH statistics.",
           "labour_inspection"),
    EMP: ("Formulate and monitor an employment policy and extend the reach of the public "
          "employment services.", "employment_policy"),
    LMI: ("Establish a regular labour force survey and compile administrative labour "
          "statistics by sex and age.", "lmi"),
    SDI: ("Give the national tripartite council a working secretariat, a meeting calendar and "
          "follow-up of its opinions.", "social_dialogue"),
}
# Needs on these dimensions are of high priority from a score of 2 (a score of 1 always is).
CORE_DIMENSIONS = frozenset({GOV, ADV, ORGZ, SD, INSP})


@dataclass(frozen=True)
class Round:
    date: tuple[int, int, int]
    method: str
    scores: tuple[int, int, int, int, int]  # in the order of DIMENSIONS
    note: str = ""


@dataclass(frozen=True)
class Assessed:
    """A constituent (country, acronym) assessed at a baseline and perhaps a follow-up; the CPO
    is linked when the assessment falls in the period of the country's DWCP."""

    country: str
    org: str
    baseline: Round
    follow_up: Round | None = None
    cpo: str = ""


A, R = Assessed, Round

ASSESSMENTS: tuple[Assessed, ...] = (
    A("ALB", "BA", R((2021, 3, 16), ACTEMP, (3, 2, 2, 3, 2)),
      R((2024, 4, 10), ACTEMP, (3, 3, 2, 3, 3)), cpo="ALB203"),
    A("ALB", "KSSH", R((2021, 5, 20), ACTRAV, (2, 2, 3, 3, 2)),
      R((2024, 6, 12), ACTRAV, (2, 3, 3, 3, 2)), cpo="ALB201"),
    A("ALB", "MFE", R((2021, 2, 24), AUDIT, (3, 2, 3, 2, 3)), cpo="ALB202"),
    A("ARG", "UIA", R((2012, 4, 18), SELF, (4, 3, 4, 3, 3)),
      R((2015, 5, 6), SELF, (4, 4, 4, 4, 3))),
    A("ARG", "CGT", R((2012, 7, 11), ACTRAV, (3, 2, 3, 2, 2)),
      R((2015, 6, 17), ACTRAV, (3, 3, 3, 3, 2)), cpo="ARG301"),
    A("ARG", "MTEySS", R((2012, 3, 14), ITC, (4, 3, 3, 4, 3))),
    A("CRI", "UCCAEP", R((2019, 3, 20), ACTEMP, (4, 3, 3, 2, 3)),
      R((2022, 3, 23), ACTEMP, (4, 3, 3, 3, 4)), cpo="CRI102"),
    A("CRI", "CTRN", R((2019, 6, 12), ACTRAV, (2, 2, 3, 3, 3)), cpo="CRI201"),
    A("CRI", "MTSS", R((2019, 2, 27), AUDIT, (3, 3, 2, 3, 4)),
      R((2022, 3, 16), AUDIT, (3, 3, 3, 3, 4))),
    A("GUY", "CAGI", R((2012, 10, 17), ACTEMP, (3, 2, 2, 2, 3)),
      R((2015, 3, 11), ACTEMP, (3, 2, 2, 3, 3)), cpo="GUY102"),
    A("GUY", "GTUC", R((2013, 1, 23), ACTRAV, (2, 2, 2, 3, 2)),
      R((2015, 9, 16), ACTRAV, (2, 2, 3, 3, 3))),
    A("GUY", "MOL", R((2012, 11, 7), ITC, (2, 2, 3, 2, 3)), cpo="GUY101"),
    A("IDN", "APINDO", R((2020, 6, 17), ACTEMP, (4, 3, 4, 3, 3)),
      R((2023, 6, 14), ACTEMP, (4, 4, 4, 3, 4))),
    A("IDN", "KSPI", R((2020, 9, 9), ACTRAV, (3, 2, 3, 3, 2)),
      R((2023, 10, 11), ACTRAV, (3, 2, 3, 3, 2),
        "No change since the baseline: the research unit and the women's committee planned in "
        "2021 were postponed during the pandemic."), cpo="IDN301"),
    A("IDN", "Kemnaker", R((2020, 3, 4), AUDIT, (3, 2, 3, 3, 3)),
      R((2023, 3, 15), AUDIT, (3, 3, 3, 3, 3)), cpo="IDN201"),
    A("JOR", "JCI", R((2018, 4, 11), ACTEMP, (3, 3, 3, 2, 2)),
      R((2021, 4, 14), ACTEMP, (3, 3, 3, 2, 3))),
    A("JOR", "GFJTU", R((2018, 6, 20), ACTRAV, (2, 2, 2, 2, 1)),
      R((2021, 6, 23), PGA, (2, 2, 2, 3, 2),
        "Participatory gender audit with the women's committee set up in 2019."),
      cpo="JOR301"),
    A("JOR", "MOL", R((2018, 3, 21), AUDIT, (3, 2, 3, 2, 2)), cpo="JOR201"),
    A("LSO", "ALEB", R((2018, 9, 19), ACTEMP, (2, 2, 2, 3, 3)),
      R((2021, 10, 13), ACTEMP, (3, 2, 2, 3, 3)), cpo="LSO102"),
    A("LSO", "COLETU", R((2018, 10, 24), PGA, (3, 2, 3, 2, 3)),
      R((2021, 11, 17), ACTRAV, (3, 2, 3, 2, 4))),
    A("LSO", "MOLE", R((2018, 8, 15), AUDIT, (3, 2, 3, 2, 3)), cpo="LSO301"),
    A("MDA", "CNPM", R((2021, 6, 16), ACTEMP, (3, 3, 2, 3, 2)),
      R((2024, 6, 19), ACTEMP, (3, 3, 3, 3, 3)), cpo="MDA301"),
    A("MDA", "CNSM", R((2021, 9, 15), ACTRAV, (2, 3, 3, 3, 3)),
      R((2024, 9, 18), ACTRAV, (2, 3, 3, 3, 3),
        "Membership still falling with emigration of young workers."), cpo="MDA302"),
    A("MDA", "MLSP", R((2021, 11, 10), AUDIT, (3, 3, 3, 2, 3)), cpo="MDA101"),
    A("MDA", "SLI", R((2022, 3, 9), ITC, (2, 2, 3, 3, 3)), cpo="MDA202"),
    A("NER", "CNPN", R((2013, 2, 13), ACTEMP, (2, 2, 1, 2, 2)),
      R((2015, 11, 18), ACTEMP, (2, 2, 1, 2, 2),
        "The advocacy training of 2014 was delivered, but no position paper has been produced "
        "since: training without a change in the organization's capacity.")),
    A("NER", "USTN", R((2012, 12, 12), ACTRAV, (2, 2, 3, 2, 2)),
      R((2015, 10, 14), ACTRAV, (3, 2, 3, 3, 2)), cpo="NER301"),
    A("NER", "METPS", R((2012, 10, 10), AUDIT, (2, 2, 2, 1, 3))),
    A("SEN", "CNP", R((2020, 3, 11), ACTEMP, (4, 3, 3, 3, 3)),
      R((2023, 3, 15), ACTEMP, (4, 3, 3, 4, 4))),
    A("SEN", "CNTS", R((2020, 6, 10), ACTRAV, (3, 3, 2, 3, 2)),
      R((2023, 6, 14), ACTRAV, (3, 3, 3, 3, 2)), cpo="SEN301"),
    A("SEN", "MTDSRI", R((2020, 2, 19), ITC, (3, 3, 2, 2, 4)), cpo="SEN101"),
    A("UKR", "FEU", R((2020, 5, 20), ACTEMP, (3, 3, 3, 2, 3)),
      R((2023, 5, 24), ACTEMP, (3, 2, 2, 2, 3),
        "Members lost since February 2022 as enterprises closed or relocated; dues income "
        "fell accordingly.")),
    A("UKR", "FPU", R((2020, 6, 24), ACTRAV, (3, 3, 3, 3, 3)),
      R((2023, 7, 12), ACTRAV, (2, 3, 3, 3, 3),
        "Membership fell sharply with displacement and mobilization of workers."),
      cpo="UKR301"),
    A("UKR", "MSP", R((2020, 3, 18), AUDIT, (3, 2, 3, 3, 3)),
      R((2023, 4, 19), AUDIT, (3, 2, 3, 3, 3),
        "Inspections restricted under martial law: the reform of 2021 could not be applied."),
      cpo="UKR201"),
    A("VNM", "VCCI", R((2017, 9, 13), ACTEMP, (4, 3, 4, 3, 3)),
      R((2020, 9, 16), ACTEMP, (4, 4, 4, 4, 4)), cpo="VNM102"),
    A("VNM", "VGCL", R((2017, 11, 15), ACTRAV, (3, 3, 2, 2, 3)),
      R((2020, 11, 18), ACTRAV, (3, 3, 3, 3, 3)), cpo="VNM302"),
    A("VNM", "MOLISA", R((2017, 6, 14), AUDIT, (4, 3, 3, 3, 3))),
    A("CPV", "CCISS", R((2026, 3, 18), ACTEMP, (3, 2, 2, 3, 2),
                         "Assessment for the formulation of the next DWCP.")),
    A("CPV", "UNTC-CS", R((2026, 5, 13), ACTRAV, (3, 2, 3, 3, 3),
                           "Assessment for the formulation of the next DWCP.")),
    A("CPV", "DGT", R((2026, 2, 11), AUDIT, (3, 3, 3, 2, 3),
                      "Assessment for the formulation of the next DWCP.")),
    A("MOZ", "CTA", R((2011, 11, 16), ACTEMP, (3, 3, 3, 2, 3)),
      R((2014, 11, 12), ACTEMP, (3, 3, 3, 3, 3)), cpo="MOZ102"),
    A("MOZ", "OTM-CS", R((2012, 2, 15), ACTRAV, (2, 2, 3, 2, 2))),
    A("MOZ", "MITSS", R((2011, 9, 14), AUDIT, (2, 2, 3, 2, 3))),
    A("PAK", "EFP", R((2010, 10, 13), ACTEMP, (3, 3, 3, 3, 2)),
      R((2013, 10, 16), ACTEMP, (3, 3, 3, 3, 3))),
    A("PAK", "PWF", R((2011, 3, 16), PGA, (3, 2, 3, 3, 1)),
      R((2014, 3, 19), ACTRAV, (3, 2, 3, 3, 2))),
    A("PAK", "MOPHRD", R((2011, 1, 19), PGA, (2, 2, 3, 2, 3),
                         "Participatory gender audit of the ministry's labour wing."),
      R((2013, 6, 12), AUDIT, (3, 2, 3, 2, 3)), cpo="PAK301"),
    A("RWA", "PSF", R((2021, 10, 20), ACTEMP, (3, 3, 3, 3, 2))),
    A("RWA", "CESTRAR", R((2022, 2, 16), ACTRAV, (2, 2, 3, 2, 3)),
      R((2025, 3, 19), ACTRAV, (3, 2, 3, 2, 3)), cpo="RWA302"),
    A("RWA", "MIFOTRA", R((2021, 9, 22), AUDIT, (3, 2, 3, 2, 3)), cpo="RWA301"),
    A("TZA", "ATE", R((2013, 5, 15), ACTEMP, (4, 3, 3, 3, 3)),
      R((2016, 5, 18), ACTEMP, (4, 4, 3, 3, 4)), cpo="TZA102"),
    A("TZA", "TUCTA", R((2013, 7, 17), ACTRAV, (3, 2, 3, 3, 2)),
      R((2016, 8, 17), ACTRAV, (3, 3, 3, 3, 2)), cpo="TZA301"),
    A("TZA", "PMO-LYEPD", R((2013, 3, 13), AUDIT, (3, 2, 3, 2, 3),
                            "Labour administration and inspection needs assessment requested "
                            "by the Government, with the social partners consulted."),
      R((2016, 4, 13), AUDIT, (3, 3, 3, 2, 3))),
    A("URY", "CIU", R((2020, 11, 11), ACTEMP, (4, 4, 4, 3, 4))),
    A("URY", "PIT-CNT", R((2021, 3, 17), SELF, (4, 3, 4, 3, 2)),
      R((2024, 4, 17), ACTRAV, (4, 3, 4, 3, 3)), cpo="URY201"),
    A("URY", "MTSS", R((2020, 10, 14), ITC, (4, 3, 2, 3, 4)), cpo="URY102"),
)

# Needs not taken up: (country, acronym, dimension) → why. Declined needs are of low priority.
DECLINED = {
    ("ALB", "BA", FIN): "BiznesAlbania is reforming its dues with its own resources and asked "
                        "for no ILO support on this.",
    ("GUY", "CAGI", FIN): "CAGI's board decided to raise dues itself; not a priority for ILO "
                          "support.",
    ("GUY", "GTUC", ORGZ): "The GTUC congress decided to merge affiliates before any organizing "
                           "drive; to be assessed again after the merger.",
    ("JOR", "JCI", SERV): "Services are provided by the sectoral associations affiliated to the "
                          "Chamber; JCI concentrates on advocacy.",
    ("LSO", "ALEB", FIN): "Covered by another development partner's support to business "
                          "membership organizations.",
    ("LSO", "COLETU", ILS): "Covered by the ITUC-Africa programme on standards; no duplication.",
    ("NER", "CNPN", FIN): "No realistic prospect while the membership stays at some 60 "
                          "enterprises; to be reconsidered once the membership grows.",
    ("SEN", "MTDSRI", LMI): "Labour statistics are the mandate of the national statistics "
                            "agency, supported by another partner.",
    ("MOZ", "OTM-CS", ILS): "Covered by the regional ACTRAV programme for unions of "
                            "Portuguese-speaking Africa.",
    ("TZA", "PMO-LYEPD", LMI): "Covered by the National Bureau of Statistics' integrated labour "
                               "force survey.",
}

# Needs still waiting for review; the others not addressed, planned or declined are reviewed.
STILL_NEW = frozenset({
    ("ALB", "MFE", LMI), ("CRI", "CTRN", RES), ("GUY", "MOL", LMI), ("JOR", "GFJTU", RES),
    ("JOR", "MOL", SDI), ("LSO", "MOLE", LMI), ("MDA", "MLSP", LMI), ("NER", "CNPN", SERV),
    ("NER", "METPS", EMP), ("UKR", "FEU", REP), ("UKR", "FEU", FIN), ("UKR", "FPU", ORGZ),
    ("CPV", "CCISS", REP), ("CPV", "CCISS", FIN), ("CPV", "CCISS", ADV), ("CPV", "DGT", LMI),
    ("MOZ", "MITSS", LMI), ("PAK", "MOPHRD", LMI),
})


@dataclass(frozen=True)
class Activity:
    """An intervention. ``country`` "" is a regional or interregional activity, ``group`` ""
    one for several constituent groups. ``people``: (women, men, sex not recorded);
    ``groups``: (employers' representatives, workers' representatives, labour ministry, other
    government, other) — when None, everybody belongs to ``group``. The status follows from
    the dates and the reference date, unless ``cancelled`` says why it was called off."""

    title: str
    method: str
    provider: str
    area: str
    country: str
    group: str
    start: tuple[int, int, int]
    end: tuple[int, int, int]
    levels: tuple[str, ...]
    targets: tuple[str, ...] = ()
    needs: tuple[tuple[str, str], ...] = ()  # (acronym, dimension)
    cpos: tuple[str, ...] = ()
    funding: str = ""
    cost: int | None = None
    people: tuple[int, int, int] | None = None
    groups: tuple[int, int, int, int, int] | None = None
    tests: tuple[str, str] | None = None  # average pre- and post-test scores
    cancelled: str = ""
    description: str = ""


T = Activity
TURIN = "Turin Centre 2011–12"
SCORE = "SCORE"
TURIN_NOTE = ("Participants of the International Training Centre of the ILO in 2011–12 "
              "[GB.317/POL/6 ¶7]; split between activities for illustration.")
SCORE_NOTE = ("Sustaining Competitive and Responsible Enterprises: modular classroom training "
              "of managers and workers followed by consulting visits to small and medium-sized "
              "enterprises [GB.317/POL/6 Box 2]. Managers are counted with the employers' "
              "representatives, workers with the workers' representatives.")

# The Turin Centre's activities of 2011–12: about 22,800 participants, of whom some 1,900
# employers' representatives, 3,200 workers' representatives, 2,000 from labour ministries and
# 6,500 from other government structures [seeds/001 ¶7].
TURIN_ACTIVITIES: tuple[Activity, ...] = (
    T(f"{TURIN}: employers' programme, courses of 2011", TRAINING, ITCILO, "governance", "",
      EMPLOYERS, (2011, 1, 17), (2011, 12, 9), (IND, ORG), funding="rbtc", cost=2_350_000,
      people=(290, 510, 0), description=TURIN_NOTE),
    T(f"{TURIN}: employers' programme, courses of 2012", TRAINING, ITCILO, "advocacy", "",
      EMPLOYERS, (2012, 1, 16), (2012, 12, 7), (IND, ORG), funding="rbtc", cost=2_500_000,
      people=(320, 530, 0), description=TURIN_NOTE),
    T(f"{TURIN}: workers' education programme, courses of 2011", TRAINING, ITCILO, "organizing",
      "", WORKERS, (2011, 1, 24), (2011, 12, 16), (IND, ORG), funding="rbtc", cost=4_100_000,
      people=(520, 880, 0), description=TURIN_NOTE),
    T(f"{TURIN}: workers' education programme, courses of 2012", TRAINING, ITCILO, "ils", "",
      WORKERS, (2012, 1, 23), (2012, 12, 14), (IND, ORG), funding="rbtc", cost=4_300_000,
      people=(560, 890, 0), description=TURIN_NOTE),
    T(f"{TURIN}: labour administration and inspection courses", TRAINING, ITCILO,
      "labour_inspection", "", GOVERNMENT, (2011, 2, 7), (2012, 11, 30), (IND, ORG),
      funding="xbtc", cost=5_900_000, people=(860, 1240, 0), groups=(0, 0, 1500, 600, 0),
      description=TURIN_NOTE),
    T(f"{TURIN}: international labour standards and social dialogue, tripartite courses",
      SHARING, ITCILO, "social_dialogue", "", "", (2011, 3, 7), (2012, 12, 7), (IND, ENV),
      funding="rbtc", cost=4_500_000, people=(610, 890, 0), groups=(250, 350, 300, 400, 200),
      description=TURIN_NOTE),
    T(f"{TURIN}: employment policy, skills and social protection courses", TRAINING, ITCILO,
      "employment_policy", "", "", (2011, 1, 31), (2012, 12, 14), (IND,), funding="xbtc",
      cost=14_800_000, people=(2380, 3020, 0), groups=(0, 0, 200, 3900, 1300),
      description=TURIN_NOTE),
    T(f"{TURIN}: distance learning and e-campus courses", E_LEARNING, ITCILO,
      "programme_management", "", "", (2011, 1, 10), (2012, 12, 21), (IND,), funding="psc",
      cost=2_300_000, people=(1900, 1900, 800), groups=(0, 0, 0, 1600, 3000),
      description=TURIN_NOTE),
    T(f"{TURIN}: courses for the UN system, development partners and other participants",
      TRAINING, ITCILO, "other", "", "", (2011, 1, 17), (2012, 12, 14), (IND,), funding="xbtc",
      cost=11_200_000, people=(2210, 2490, 0), groups=(0, 0, 0, 0, 4700),
      description=TURIN_NOTE),
)

# SCORE 2009–12: more than 1,700 managers and workers trained in the classroom, 65 per cent
# managers and 35 per cent workers, 33 per cent women [seeds/001 Box 2].
SCORE_ACTIVITIES: tuple[Activity, ...] = (
    T(f"{SCORE} training for small and medium-sized enterprises in Viet Nam, with VCCI",
      TRAINING, FIELD, "enterprises", "VNM", "", (2010, 9, 6), (2012, 11, 30), (IND, ORG),
      targets=("VCCI",), funding="xbtc", cost=410_000, people=(205, 415, 0),
      groups=(403, 217, 0, 0, 0), description=SCORE_NOTE),
    T(f"{SCORE} training for small and medium-sized enterprises in Indonesia", TRAINING,
      NATIONAL, "enterprises", "IDN", "", (2011, 2, 14), (2012, 12, 14), (IND, ORG),
      targets=("APINDO",), funding="xbtc", cost=380_000, people=(178, 362, 0),
      groups=(351, 189, 0, 0, 0), description=SCORE_NOTE),
    T(f"{SCORE} training in China, Colombia, Ghana, India and South Africa", TRAINING, FIELD,
      "enterprises", "", "", (2010, 1, 11), (2012, 12, 14), (IND, ORG), funding="xbtc",
      cost=640_000, people=(185, 375, 0), groups=(364, 196, 0, 0, 0),
      description=SCORE_NOTE + " The programme started in 2009; classroom training from 2010,"
                               " through four government institutions (e.g. the "
                               "National Apprenticeship System in Colombia), employers' "
                               "organizations and four private training institutes."),
)

MIGRATION_WORKSHOP = ("Tripartite workshop on labour migration and the protection of Moldovan "
                      "workers abroad")
OSH_COURSE = "Occupational safety and health risk assessment for inspectors and social partners"

NATIONAL_ACTIVITIES: tuple[Activity, ...] = (
    T("Membership strategy and advocacy coaching for BiznesAlbania", COACHING, BUREAU_EMP,
      "organizing", "ALB", EMPLOYERS, (2022, 2, 1), (2023, 6, 30), (ORG,), targets=("BA",),
      needs=(("BA", REP), ("BA", ADV)), cpos=("ALB203",), funding="rbsa", cost=38_000,
      people=(9, 14, 0)),
    T("Research for collective bargaining: training of KSSH officers", TRAINING, BUREAU_TRAV,
      "research", "ALB", WORKERS, (2022, 4, 4), (2022, 11, 30), (IND, ORG), targets=("KSSH",),
      needs=(("KSSH", RES),), cpos=("ALB201",), funding="rbtc", cost=16_500,
      people=(11, 13, 0)),
    T("Risk-based labour inspection planning: advisory support to the labour administration",
      ADVISORY, FIELD, "labour_inspection", "ALB", GOVERNMENT, (2025, 3, 3), (2027, 2, 26),
      (ORG, ENV), targets=("MFE", "SLSSI"), needs=(("MFE", INSP),), cpos=("ALB202",),
      funding="xbtc", cost=240_000, people=(14, 12, 0)),
    T("International labour standards and research for collective bargaining: CGT course",
      TRAINING, BUREAU_TRAV, "ils", "ARG", WORKERS, (2013, 5, 6), (2014, 6, 27), (IND, ORG),
      targets=("CGT",), needs=(("CGT", RES), ("CGT", ILS)), cpos=("ARG301",), funding="rbtc",
      cost=52_000, people=(16, 22, 0)),
    T("Member services portfolio for UCCAEP", ADVISORY, BUREAU_EMP, "member_services", "CRI",
      EMPLOYERS, (2020, 2, 3), (2020, 12, 15), (ORG,), targets=("UCCAEP",),
      needs=(("UCCAEP", SERV),), cpos=("CRI102",), funding="rbsa", cost=21_000,
      people=(6, 5, 0)),
    T("Skills anticipation and employment services: knowledge sharing with ILO/CINTERFOR",
      SHARING, CINTERFOR, "employment_services", "CRI", GOVERNMENT, (2020, 6, 1),
      (2021, 11, 30), (IND, ORG), targets=("MTSS",), needs=(("MTSS", EMP),), funding="rbtc",
      cost=34_000, people=(12, 9, 0)),
    T("OSH advisory service for CAGI members: training of trainers", TOT, BUREAU_EMP, "osh",
      "GUY", EMPLOYERS, (2013, 3, 4), (2014, 5, 30), (IND, ORG), targets=("CAGI",),
      needs=(("CAGI", SERV),), cpos=("GUY102",), funding="rbsa", cost=27_000,
      people=(7, 11, 0)),
    T("Collective bargaining and gender equality training for GTUC", TRAINING, BUREAU_TRAV,
      "social_dialogue", "GUY", WORKERS, (2013, 9, 9), (2014, 11, 28), (IND, ORG),
      targets=("GTUC",), needs=(("GTUC", SD), ("GTUC", WY)), funding="rbtc", cost=19_000,
      people=(14, 10, 0)),
    T("Labour law review: advisory services to the Ministry of Labour", ADVISORY, FIELD,
      "labour_law", "GUY", GOVERNMENT, (2013, 2, 1), (2014, 9, 30), (ENV,), targets=("MOL",),
      needs=(("MOL", LEGAL),), cpos=("GUY101",), funding="rbsa", cost=45_000,
      people=(5, 4, 0)),
    T("Risk-based labour inspection and OSH: training of trainers for inspectors", TOT, ITCILO,
      "labour_inspection", "IDN", GOVERNMENT, (2021, 3, 1), (2022, 6, 30), (IND, ORG),
      targets=("Kemnaker",), needs=(("Kemnaker", INSP),), cpos=("IDN201",), funding="xbtc",
      cost=185_000, people=(18, 27, 0), tests=("48.5", "71.0")),
    T("Wage and productivity research for KSPI's research unit", RESEARCH, BUREAU_TRAV,
      "research", "IDN", WORKERS, (2025, 9, 1), (2026, 12, 18), (ORG,), targets=("KSPI",),
      needs=(("KSPI", RES),), cpos=("IDN301",), funding="rbsa", cost=46_000,
      people=(8, 9, 0)),
    T("Evidence-based advocacy: EESE assessment and policy papers with JCI", RESEARCH,
      BUREAU_EMP, "advocacy", "JOR", EMPLOYERS, (2018, 9, 2), (2019, 10, 31), (ORG, ENV),
      targets=("JCI",), needs=(("JCI", ADV),), funding="rbsa", cost=60_000, people=(4, 9, 0)),
    T("International labour standards and migrant workers' rights: training for GFJTU",
      TRAINING, BUREAU_TRAV, "migration", "JOR", WORKERS, (2019, 2, 10), (2019, 12, 12),
      (IND,), targets=("GFJTU",), needs=(("GFJTU", ILS),), cpos=("JOR301",), funding="xbtc",
      cost=33_000, people=(9, 21, 0)),
    T("Coaching of GFJTU's new women's committee", COACHING, BUREAU_TRAV, "gender_equality",
      "JOR", WORKERS, (2019, 6, 2), (2020, 12, 15), (IND, ORG), targets=("GFJTU",),
      needs=(("GFJTU", WY),), cpos=("JOR301",), funding="rbtc", cost=18_000,
      people=(15, 3, 0)),
    T("Labour inspection in the garment sector: training and case management", TRAINING,
      FIELD, "labour_inspection", "JOR", GOVERNMENT, (2019, 4, 1), (2021, 3, 31), (IND, ORG),
      targets=("MOL",), needs=(("MOL", INSP),), cpos=("JOR201",), funding="xbtc",
      cost=210_000, people=(11, 23, 0)),
    T("Strategic planning and board governance coaching for ALEB", COACHING, BUREAU_EMP,
      "governance", "LSO", EMPLOYERS, (2019, 3, 1), (2020, 6, 30), (ORG,), targets=("ALEB",),
      needs=(("ALEB", GOV),), cpos=("LSO102",), funding="rbsa", cost=29_000,
      people=(5, 6, 0)),
    T("Fee-based training services: coaching of CNPM on revenue diversification", COACHING,
      BUREAU_EMP, "finance", "MDA", EMPLOYERS, (2022, 1, 17), (2023, 5, 31), (ORG,),
      targets=("CNPM",), needs=(("CNPM", FIN),), cpos=("MDA301",), funding="rbsa",
      cost=31_000, people=(7, 5, 0)),
    T("Position papers on the Labour Code amendments: advisory support to CNPM", ADVISORY,
      BUREAU_EMP, "advocacy", "MDA", EMPLOYERS, (2022, 3, 1), (2022, 12, 20), (ORG, ENV),
      targets=("CNPM",), needs=(("CNPM", ADV),), cpos=("MDA301",), funding="rbtc",
      cost=14_000, people=(4, 6, 0)),
    T("Organizing young workers in IT and services: twinning of CNSM with a Nordic union",
      PEER, BUREAU_TRAV, "organizing", "MDA", WORKERS, (2027, 2, 1), (2027, 11, 30), (ORG,),
      targets=("CNSM",), needs=(("CNSM", ORGZ),), cpos=("MDA302",), funding="xbtc",
      cost=58_000),
    T(MIGRATION_WORKSHOP, SHARING, FIELD, "migration", "MDA", "", (2023, 3, 14),
      (2023, 3, 16), (IND, ENV), targets=("MLSP", "CNPM", "CNSM"), cpos=("MDA102",),
      funding="xbtc", cost=24_000),
    T(OSH_COURSE, TRAINING, ITCILO, "osh", "MDA", "", (2024, 5, 20), (2024, 5, 24), (IND,),
      targets=("SLI", "CNPM", "CNSM"), needs=(("SLI", INSP),), cpos=("MDA202",),
      funding="rbsa", cost=41_500),
    T("Policy advocacy training for CNPN", TRAINING, ITCILO, "advocacy", "NER", EMPLOYERS,
      (2014, 3, 10), (2014, 3, 21), (IND,), targets=("CNPN",), needs=(("CNPN", ADV),),
      cpos=("NER301",), funding="rbtc", cost=22_000, people=(3, 15, 0),
      tests=("52.0", "74.5")),
    T("Organizing informal economy workers and using standards: training of trainers for USTN",
      TOT, BUREAU_TRAV, "informal_economy", "NER", WORKERS, (2013, 4, 8), (2014, 7, 31),
      (IND, ORG), targets=("USTN",), needs=(("USTN", ORGZ), ("USTN", ILS)), cpos=("NER301",),
      funding="rbsa", cost=36_000, people=(9, 19, 0)),
    T("Labour force survey: research support to the labour ministry", RESEARCH, FIELD, "lmi",
      "NER", "", (2013, 9, 2), (2014, 12, 19), (ORG, ENV), targets=("METPS",),
      needs=(("METPS", LMI),), cpos=("NER101",), funding="xbtc", cost=150_000,
      people=(4, 12, 0), groups=(0, 0, 10, 6, 0)),
    T("South–South exchange on collective bargaining: CNTS and UNTC-CS of Cabo Verde",
      SOUTH_SOUTH, BUREAU_TRAV, "social_dialogue", "SEN", WORKERS, (2021, 5, 17),
      (2021, 11, 30), (IND, ORG), targets=("CNTS",), needs=(("CNTS", SD),), cpos=("SEN301",),
      funding="rbsa", cost=26_000, people=(6, 8, 0)),
    T("Youth employment policy course for labour ministry officials", TRAINING, ITCILO,
      "employment_policy", "SEN", GOVERNMENT, (2021, 9, 6), (2021, 9, 17), (IND,),
      targets=("MTDSRI",), needs=(("MTDSRI", EMP),), cpos=("SEN101",), funding="rbtc",
      cost=28_000, people=(5, 7, 0)),
    T("Labour inspection reform in line with Convention No. 81: advisory services", ADVISORY,
      FIELD, "labour_inspection", "UKR", GOVERNMENT, (2021, 2, 1), (2022, 1, 31), (ORG, ENV),
      targets=("MSP", "SLS"), needs=(("MSP", INSP),), cpos=("UKR201",), funding="xbtc",
      cost=160_000, people=(9, 8, 0)),
    T("Study tour on employers' membership services in Poland", PEER, BUREAU_EMP,
      "member_services", "UKR", EMPLOYERS, (2022, 4, 4), (2022, 4, 8), (IND,),
      targets=("FEU",), needs=(("FEU", SERV),), funding="rbsa", cost=18_000,
      cancelled="Called off after the full-scale invasion of February 2022."),
    T("Collective bargaining pilots and standards training for VGCL", TRAINING, BUREAU_TRAV,
      "social_dialogue", "VNM", WORKERS, (2018, 3, 1), (2019, 12, 20), (IND, ORG),
      targets=("VGCL",), needs=(("VGCL", SD), ("VGCL", ILS)), cpos=("VNM302",),
      funding="rbsa", cost=64_000, people=(21, 19, 0)),
    T("Certified trainers for business services: SIYB certification with CTA", CERT,
      NATIONAL, "enterprises", "MOZ", EMPLOYERS, (2012, 5, 2), (2013, 10, 31), (IND, ORG),
      targets=("CTA",), needs=(("CTA", SERV),), cpos=("MOZ102",), funding="xbtc",
      cost=48_000, people=(8, 14, 0)),
    T("Organizing informal economy workers: training of trainers for OTM-CS", TOT,
      BUREAU_TRAV, "informal_economy", "MOZ", WORKERS, (2013, 2, 4), (2013, 12, 13),
      (IND, ORG), targets=("OTM-CS",), needs=(("OTM-CS", ORGZ),), funding="rbtc", cost=21_000,
      people=(10, 14, 0)),
    T("Labour law reform: advisory services to the labour ministry", ADVISORY, FIELD,
      "labour_law", "MOZ", GOVERNMENT, (2012, 1, 9), (2013, 6, 28), (ENV,), targets=("MITSS",),
      needs=(("MITSS", LEGAL),), funding="rbsa", cost=40_000, people=(6, 9, 0)),
    T("Advocacy and policy influence course for EFP", TRAINING, ITCILO, "advocacy", "PAK",
      EMPLOYERS, (2011, 10, 3), (2012, 3, 30), (IND, ORG), targets=("EFP",),
      needs=(("EFP", ADV),), funding="rbtc", cost=17_000, people=(2, 14, 0)),
    T("Leadership programme of the PWF women's wing", COACHING, BUREAU_TRAV, "gender_equality",
      "PAK", WORKERS, (2012, 1, 16), (2013, 6, 28), (IND, ORG), targets=("PWF",),
      needs=(("PWF", WY),), funding="xbtc", cost=35_000, people=(24, 2, 0)),
    T("Gender equality in labour legislation: advisory services after the gender audit",
      ADVISORY, FIELD, "gender_equality", "PAK", GOVERNMENT, (2011, 6, 1), (2012, 12, 31),
      (ENV,), targets=("MOPHRD",), needs=(("MOPHRD", LEGAL),), cpos=("PAK301",),
      funding="xbtc", cost=70_000, people=(7, 8, 0)),
    T("Organizing informal economy workers: training for CESTRAR and COTRAF", TRAINING,
      BUREAU_TRAV, "informal_economy", "RWA", WORKERS, (2022, 6, 1), (2023, 9, 29),
      (IND, ORG), targets=("CESTRAR", "COTRAF"), needs=(("CESTRAR", ORGZ),), cpos=("RWA302",),
      funding="rbsa", cost=44_000, people=(19, 17, 0)),
    T("Wage data and bargaining briefs: research support to CESTRAR", RESEARCH, BUREAU_TRAV,
      "research", "RWA", WORKERS, (2026, 2, 2), (2027, 6, 30), (ORG,), targets=("CESTRAR",),
      needs=(("CESTRAR", RES),), cpos=("RWA302",), funding="rbtc", cost=27_000,
      people=(6, 5, 0)),
    T("EESE assessment and advocacy agenda with the Private Sector Federation", RESEARCH,
      BUREAU_EMP, "advocacy", "RWA", EMPLOYERS, (2026, 3, 2), (2027, 3, 31), (ORG, ENV),
      targets=("PSF",), needs=(("PSF", ADV),), funding="rbsa", cost=52_000, people=(5, 7, 0)),
    T("Labour inspection case management and risk-based planning for MIFOTRA", TRAINING,
      ITCILO, "labour_inspection", "RWA", GOVERNMENT, (2025, 10, 6), (2027, 6, 30),
      (IND, ORG), targets=("MIFOTRA",), needs=(("MIFOTRA", INSP),), cpos=("RWA301",),
      funding="xbtc", cost=120_000, people=(10, 12, 0)),
    T("Minimum wage studies: research support to TUCTA", RESEARCH, BUREAU_TRAV, "research",
      "TZA", WORKERS, (2014, 2, 3), (2015, 6, 30), (ORG,), targets=("TUCTA",),
      needs=(("TUCTA", RES),), cpos=("TZA301",), funding="rbsa", cost=30_000,
      people=(5, 7, 0)),
    T("Labour inspection and OSH: training of trainers for the labour administration", TOT,
      ITCILO, "labour_inspection", "TZA", GOVERNMENT, (2014, 4, 7), (2015, 3, 27), (IND, ORG),
      targets=("PMO-LYEPD", "OSHA"), needs=(("PMO-LYEPD", INSP),), funding="xbtc",
      cost=95_000, people=(12, 18, 0), tests=("55.0", "78.5")),
    T("Gender equality in collective bargaining: training for PIT-CNT negotiators", TRAINING,
      BUREAU_TRAV, "gender_equality", "URY", WORKERS, (2022, 4, 4), (2023, 8, 31), (IND,),
      targets=("PIT-CNT",), needs=(("PIT-CNT", WY),), cpos=("URY201",), funding="rbtc",
      cost=23_000, people=(18, 12, 0)),
    T("Skills anticipation for the Ministry of Labour with ILO/CINTERFOR", SHARING, CINTERFOR,
      "skills", "URY", GOVERNMENT, (2025, 4, 1), (2026, 12, 15), (ORG,), targets=("MTSS",),
      needs=(("MTSS", EMP),), cpos=("URY102",), funding="rbsa", cost=36_000,
      people=(8, 6, 0)),
)

ACTIVITIES = TURIN_ACTIVITIES + SCORE_ACTIVITIES + NATIONAL_ACTIVITIES

# Participant lists (imported from CSV): name, sex, organization, constituent group, country,
# pre-test score, post-test score. Elena Popa, vice-president of CNSM, is sent to everything,
# migration one year and OSH the next: the same people trained on unrelated subjects
# [seeds/000 ¶17(b), (d)].
REPEAT_TRAINEE = "Elena Popa"
PARTICIPANT_LISTS = {
    MIGRATION_WORKSHOP: (
        ("Natalia Rusu", "female", "MLSP", "labour_ministry", "MDA", "", ""),
        ("Sergiu Ostaf", "male", "MLSP", "labour_ministry", "MDA", "", ""),
        ("Ana Cebotari", "female", "MLSP", "labour_ministry", "MDA", "", ""),
        ("Mihai Bodiu", "male", "Bureau for Diaspora Relations", "other_government", "MDA",
         "", ""),
        ("Irina Vlah", "female", "National Employment Agency", "other_government", "MDA", "",
         ""),
        ("Victor Lungu", "male", "CNPM", "employers", "MDA", "", ""),
        ("Doina Graur", "female", "CNPM", "employers", "MDA", "", ""),
        (REPEAT_TRAINEE, "female", "CNSM", "workers", "MDA", "", ""),
        ("Petru Ciobanu", "male", "CNSM", "workers", "MDA", "", ""),
        ("Lilia Moraru", "female", "CNSM", "workers", "MDA", "", ""),
        ("Oleg Sîrbu", "male", "International Organization for Migration", "other", "MDA", "",
         ""),
        ("Cristina Țurcanu", "female", "ASEM", "other", "MDA", "", ""),
    ),
    OSH_COURSE: (
        ("Ion Ceban", "male", "SLI", "labour_ministry", "MDA", "45", "72"),
        ("Veronica Lupu", "female", "SLI", "labour_ministry", "MDA", "52", "80"),
        ("Andrei Rotaru", "male", "SLI", "labour_ministry", "MDA", "38", "66"),
        ("Tatiana Munteanu", "female", "SLI", "labour_ministry", "MDA", "41", "75"),
        ("Vasile Guțu", "male", "SLI", "labour_ministry", "MDA", "47", "69"),
        ("Nicolae Roșca", "male", "CNPM", "employers", "MDA", "50", "77"),
        ("Galina Cojocaru", "female", "CNPM", "employers", "MDA", "44", "70"),
        (REPEAT_TRAINEE, "female", "CNSM", "workers", "MDA", "40", "58"),
        ("Dumitru Ursu", "male", "CNSM", "workers", "MDA", "36", "68"),
        ("Maria Cazacu", "female", "CNSM", "workers", "MDA", "49", "81"),
    ),
}


@dataclass(frozen=True)
class Item:
    title: str
    method: str
    due: tuple[int, int, int]
    needs: tuple[str, ...]  # dimensions of the plan's constituent
    activity: str = ""  # title of the intervention, once recorded


@dataclass(frozen=True)
class Plan:
    country: str
    org: str
    title: str
    start: tuple[int, int, int]
    end: tuple[int, int, int]
    status: str  # draft | agreed | closed
    items: tuple[Item, ...]


PLANS: tuple[Plan, ...] = (
    Plan("ALB", "KSSH", "KSSH capacity development plan 2025–2027", (2025, 1, 1),
         (2027, 12, 31), "agreed", (
             Item("Leadership training for the women's and youth committees", TRAINING,
                  (2026, 6, 30), (WY,)),)),
    Plan("IDN", "KSPI", "KSPI capacity development plan 2024–2026", (2024, 1, 1),
         (2026, 12, 31), "agreed", (
             Item("Research unit: wage and productivity data", RESEARCH, (2026, 12, 18), (RES,),
                  "Wage and productivity research for KSPI's research unit"),
             Item("Leadership programme of the women's committee", COACHING, (2026, 9, 30),
                  (WY,)))),
    Plan("JOR", "GFJTU", "GFJTU capacity development plan 2019–2021", (2019, 1, 1),
         (2021, 12, 31), "closed", (
             Item("Standards and migrant workers' rights training", TRAINING, (2019, 12, 31),
                  (ILS,), "International labour standards and migrant workers' rights: "
                          "training for GFJTU"),
             Item("Coaching of the women's committee after the gender audit", COACHING,
                  (2020, 12, 31), (WY,), "Coaching of GFJTU's new women's committee"))),
    Plan("MDA", "CNSM", "CNSM organizing plan 2025–2027", (2025, 1, 1), (2027, 12, 31),
         "agreed", (
             Item("Organizing campaign for young workers in IT and services", PEER,
                  (2027, 11, 30), (ORGZ,), "Organizing young workers in IT and services: "
                                           "twinning of CNSM with a Nordic union"),)),
    Plan("RWA", "PSF", "PSF capacity development plan 2026–2027", (2026, 1, 1), (2027, 12, 31),
         "agreed", (
             Item("EESE assessment and advocacy agenda", RESEARCH, (2027, 3, 31), (ADV,),
                  "EESE assessment and advocacy agenda with the Private Sector Federation"),)),
    Plan("RWA", "CESTRAR", "CESTRAR capacity development plan 2025–2027", (2025, 7, 1),
         (2027, 12, 31), "draft", (
             Item("Wage data and bargaining briefs", RESEARCH, (2027, 6, 30), (RES,),
                  "Wage data and bargaining briefs: research support to CESTRAR"),
             Item("International labour standards training for shop stewards", TRAINING,
                  (2027, 10, 29), (ILS,)))),
    Plan("RWA", "MIFOTRA", "Labour administration capacity plan of MIFOTRA 2025–2027",
         (2025, 7, 1), (2027, 6, 30), "agreed", (
             Item("Risk-based inspection planning and case management", TRAINING,
                  (2027, 6, 30), (INSP,), "Labour inspection case management and risk-based "
                                          "planning for MIFOTRA"),)),
    Plan("URY", "MTSS", "Capacity development plan of the labour ministry 2025–2026",
         (2025, 1, 1), (2026, 12, 31), "agreed", (
             Item("Skills anticipation with ILO/CINTERFOR", SHARING, (2026, 12, 15), (EMP,),
                  "Skills anticipation for the Ministry of Labour with ILO/CINTERFOR"),)),
)
