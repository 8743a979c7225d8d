"""The tables behind ``programmes.demo``: one DWCP per demo country with its UN framework,
national development plan, results framework, signatories, steering committee and development
cooperation projects.

Country choice, programme periods and themes follow the sources in ``shared/seeds``: the 12
DWCPs sampled by GB.317/POL/6 [seeds/001 fn 4] and the eight "Delivering as One" pilots
[seeds/004 fn 7]; how UNDAF outcomes reflect DWCP priorities (the United Republic of Tanzania
and the Republic of Moldova examples) [seeds/004 ¶6]; donors, RBTC spending concentrated in
the second year of a biennium [seeds/003 ¶156-162]; delivery-rate milestones of 75 to 90 per
cent [seeds/004 Outcome 2]. People, amounts and most titles are plausible inventions.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Figures are "as at" this date: project statuses and expenditure are computed against it, so
# the data do not drift when the demo is loaded again later.
REFERENCE_DATE = dt.date(2026, 10, 31)

SPF, PB2020 = "SPF 2010-15", "P&B 2020-21"

# UN framework outcome groups: which DWCP themes an outcome of that group covers.
JOBS, PROTECTION, GOVERNANCE, OTHER = "jobs", "protection", "governance", "other"
LEAD, SHARED, SUPPORT, NONE = "lead", "shared", "support", "none"
DIRECT, MINIMAL = "direct", "minimal"
FULLY, PARTLY, NOT = "fully", "partly", "not"


@dataclass(frozen=True)
class Theme:
    """An area of ILO work: the default CPO title, its outputs, the P&B outcome it serves in
    each results framework, the SDG targets and the UN outcome group it falls under."""

    group: str
    cpo: str
    outputs: tuple[str, ...]
    pb: dict[str, str]
    sdgs: tuple[str, ...] = ()


THEMES: dict[str, Theme] = {
    "employment_policy": Theme(
        JOBS, "A national employment policy, formulated with the social partners, is adopted "
              "and its implementation is monitored by a tripartite committee",
        ("Employment diagnostic and labour market analysis validated at a tripartite workshop",
         "Draft national employment policy and costed action plan submitted to the Council of "
         "Ministers",
         "Tripartite monitoring committee of the employment policy trained and operational"),
        {SPF: "1", PB2020: "3"}, ("8.5",)),
    "youth_employment": Theme(
        JOBS, "Young women and men make a faster transition to decent work through improved "
              "youth employment policies and programmes",
        ("National action plan on youth employment drafted with youth organizations and the "
         "social partners",
         "Public employment service offices provide career guidance and job-search support to "
         "young jobseekers",
         "School-to-work transition survey conducted and its results discussed with the "
         "constituents"),
        {SPF: "1", PB2020: "3"}, ("8.6", "8.b")),
    "skills": Theme(
        JOBS, "The skills development system is more demand-driven, with employers' and "
              "workers' organizations taking part in its governance",
        ("Sector skills councils established in two priority sectors",
         "Competency-based training standards and quality apprenticeship guidelines adopted",
         "Recognition of prior learning piloted for workers of the informal economy"),
        {SPF: "2", PB2020: "5"}, ("8.6",)),
    "enterprises": Theme(
        JOBS, "Sustainable micro, small and medium-sized enterprises create more productive and "
              "decent jobs",
        ("Enabling Environment for Sustainable Enterprises (EESE) assessment completed and "
         "advocacy agenda adopted by the employers' organization",
         "SCORE training on productivity and working conditions delivered to small and "
         "medium-sized enterprises",
         "Start and Improve Your Business (SIYB) trainers certified in partner institutions"),
        {SPF: "3", PB2020: "4"}, ("8.3",)),
    "informal_economy": Theme(
        JOBS, "Strategies for the transition from the informal to the formal economy are adopted "
              "and applied, in line with Recommendation No. 204",
        ("Diagnostic of informality by sector and sex completed",
         "Simplified registration and social security contribution procedures for "
         "micro-enterprises proposed to the government",
         "Workers' organizations organize informal economy workers in two sectors"),
        {SPF: "1", PB2020: "4"}, ("8.3",)),
    "crisis_response": Theme(
        JOBS, "Host communities and refugees have better access to decent work through "
              "employment-intensive investment and employment services",
        ("Employment-intensive infrastructure works create short-term jobs with decent working "
         "conditions",
         "Employment service centres match jobseekers, including refugees, with vacancies",
         "Work permits and labour market access procedures simplified with the constituents"),
        {SPF: "1", PB2020: "3"}, ("8.5", "10.7")),
    "social_protection": Theme(
        PROTECTION, "A national social protection floor is defined and social security coverage "
                    "is extended to uncovered groups",
        ("Assessment-based national dialogue on the social protection floor completed",
         "Actuarial valuation of the national social security scheme completed",
         "Costed options for extending coverage to informal economy workers presented to the "
         "tripartite council"),
        {SPF: "4", PB2020: "8"}, ("1.3",)),
    "osh": Theme(
        PROTECTION, "A national occupational safety and health policy and programme are adopted "
                    "and applied, with ratification of Convention No. 187 considered",
        ("National OSH profile updated with the constituents",
         "National OSH programme drafted by the tripartite OSH council",
         "Workplace OSH committees trained in risk assessment in construction and agriculture"),
        {SPF: "6", PB2020: "7"}, ("8.8",)),
    "labour_inspection": Theme(
        GOVERNANCE, "The labour inspectorate applies a strategic, risk-based approach to "
                    "compliance with labour law",
        ("Labour inspection needs assessment completed",
         "Electronic case management system for labour inspection introduced",
         "Labour inspectors trained in strategic compliance planning with the ITC-ILO"),
        {SPF: "11", PB2020: "7"}, ("8.8",)),
    "labour_law": Theme(
        GOVERNANCE, "Labour legislation is reviewed in tripartite consultation and brought into "
                    "line with ratified Conventions",
        ("Gap analysis of the labour code against ratified Conventions completed",
         "Tripartite technical working group on labour law reform convened",
         "Draft amendments to the labour code submitted to the national tripartite council"),
        {SPF: "11", PB2020: "1"}, ("16.7",)),
    "social_dialogue": Theme(
        GOVERNANCE, "Tripartite social dialogue institutions are strengthened and shape labour "
                    "and social policy more effectively",
        ("Secretariat of the national tripartite council strengthened",
         "Mediation and conciliation services for labour disputes improved",
         "Negotiators of employers' and workers' organizations trained in collective "
         "bargaining"),
        {SPF: "12", PB2020: "1"}, ("16.7",)),
    "employers": Theme(
        GOVERNANCE, "The employers' organization is stronger, more representative and better "
                    "able to influence policy and serve its members",
        ("Strategic plan and new membership services developed",
         "Policy position papers on the business environment produced and presented to the "
         "government",
         "Staff trained in advocacy and membership management with the ITC-ILO"),
        {SPF: "9", PB2020: "1"}, ("17.17",)),
    "workers": Theme(
        GOVERNANCE, "Workers' organizations are stronger and more representative, and take part "
                    "effectively in social dialogue",
        ("Organizing campaign reaching young and women workers",
         "Research and policy unit of the national trade union centre established",
         "Trade union leaders trained in international labour standards and collective "
         "bargaining"),
        {SPF: "10", PB2020: "1"}, ("8.8",)),
    "child_labour": Theme(
        PROTECTION, "The worst forms of child labour are reduced through a national action plan "
                    "implemented by the constituents",
        ("National child labour survey results validated",
         "List of hazardous work prohibited to children revised in tripartite consultation",
         "Child labour monitoring system piloted in two districts"),
        {SPF: "16", PB2020: "7"}, ("8.7",)),
    "forced_labour": Theme(
        PROTECTION, "Forced and bonded labour are identified and addressed by labour "
                    "institutions and the social partners",
        ("Research on bonded labour in brick kilns and agriculture published",
         "Provincial vigilance committees trained and operational",
         "Workers released from bonded labour access skills training and microfinance"),
        {SPF: "15", PB2020: "7"}, ("8.7",)),
    "migration": Theme(
        PROTECTION, "Labour migration is better governed and migrant workers are better "
                    "protected",
        ("Bilateral labour agreement framework with main destination countries drafted",
         "Pre-departure orientation and migrant resource centres set up",
         "Return and reintegration services for migrant workers offered through the public "
         "employment service"),
        {SPF: "7", PB2020: "7"}, ("10.7",)),
    "hiv": Theme(
        PROTECTION, "Workplaces respond effectively to HIV and AIDS through policies agreed by "
                    "employers and workers",
        ("National tripartite workplace policy on HIV and AIDS adopted",
         "Workplace HIV programmes introduced in the textile and mining sectors",
         "Peer educators trained in enterprises and trade unions"),
        {SPF: "8", PB2020: "8"}),
    "wages": Theme(
        PROTECTION, "Minimum wages are fixed on the basis of evidence and agreed through social "
                    "dialogue",
        ("Wage database and analysis of minimum wage effects produced",
         "Members of the tripartite wage councils trained",
         "Wage provisions of collective agreements in two sectors reviewed"),
        {SPF: "5", PB2020: "7"}, ("10.4",)),
}

# The outcome each theme serves in the P&B 2016–17 and 2018–19 (ten policy outcomes); from
# 2022 the eight outcomes of 2020–21 continue, so a theme keeps its 2020–21 outcome.
PB2016_OUTCOME = {
    "employment_policy": "1", "youth_employment": "1", "skills": "1", "enterprises": "4",
    "informal_economy": "6", "crisis_response": "1", "social_protection": "3", "osh": "7",
    "labour_inspection": "7", "labour_law": "2", "social_dialogue": "10", "employers": "10",
    "workers": "10", "child_labour": "8", "forced_labour": "8", "migration": "9",
    "hiv": "3", "wages": "8",
}
# The labour standards each theme concerns (its CPOs' marker), and the themes reached
# through social dialogue or serving a just transition.
THEME_CONVENTIONS = {
    "employment_policy": ("C122",), "youth_employment": ("C122",), "skills": ("C142",),
    "enterprises": (), "informal_economy": ("C102",), "crisis_response": ("C122",),
    "social_protection": ("C102",), "osh": ("C155", "C187"),
    "labour_inspection": ("C081", "C129", "P081"), "labour_law": ("C087", "C098", "C158"),
    "social_dialogue": ("C144", "C087", "C098"), "employers": ("C087", "C098"),
    "workers": ("C087", "C098", "C154"), "child_labour": ("C138", "C182"),
    "forced_labour": ("C029", "P029", "C105"), "migration": ("C097", "C143", "C181"),
    "hiv": ("C111",), "wages": ("C131", "C095", "C100"),
}
SOCIAL_DIALOGUE_THEMES = {"social_dialogue", "employers", "workers", "labour_law", "wages",
                          "employment_policy"}
JUST_TRANSITION_THEMES = {"enterprises", "skills", "crisis_response"}
for _name, _theme in THEMES.items():
    _theme.pb.update({"P&B 2016-17": PB2016_OUTCOME[_name],
                      "P&B 2018-19": PB2016_OUTCOME[_name],
                      "P&B 2022-23": _theme.pb[PB2020], "P&B 2024-25": _theme.pb[PB2020]})


@dataclass(frozen=True)
class Cpo:
    theme: str
    title: str = ""  # the theme's default title when empty


@dataclass(frozen=True)
class Priority:
    title: str
    cpos: tuple[Cpo, ...]
    # How the UN framework reflects this priority, when not derived from the ILO's role.
    reflection: str = ""
    note: str = ""


@dataclass(frozen=True)
class UnOutcome:
    group: str
    ilo_role: str
    participation: str
    title: str = ""  # the group's default title when empty


@dataclass(frozen=True)
class UnFramework:
    title: str
    start: int
    end: int
    outcomes: tuple[UnOutcome, ...]
    cooperation_framework: bool = False


@dataclass(frozen=True)
class Plan:
    title: str
    start: int
    end: int
    priorities: tuple[str, ...]


@dataclass(frozen=True)
class Project:
    code: str
    title: str
    source: str  # rbtc | rbsa | xbtc | psc
    partner: str
    start: tuple[int, int]  # (year, month)
    end: tuple[int, int]
    budget: int  # total allocation, US$
    links: tuple[tuple[str, int], ...]  # (CPO code, share in per cent)
    delivery: float = 0.0  # usual yearly delivery rate; 0 = the source's default
    overspent_year: int | None = None  # a year deliberately spent above its allocation


@dataclass(frozen=True)
class Programme:
    title: str
    start: int
    end: int
    status: str
    signed: tuple[int, int, int] | None  # None while in preparation
    # (acronym, name, position) of the government, employers' and workers' signatories.
    signatories: tuple[tuple[str, str, str], ...]
    ilo_focal: str  # the ILO's national coordinator, who sits on the steering committee
    un: UnFramework
    priorities: tuple[Priority, ...]
    projects: tuple[Project, ...]
    plan: Plan | None = None


UN_TITLES = {
    JOBS: "By {end}, more women and men, in particular young people, benefit from productive "
          "employment and decent work generated by inclusive and sustainable growth",
    PROTECTION: "By {end}, the most vulnerable people have better access to social protection "
                "and basic social services and are protected from exploitation",
    GOVERNANCE: "By {end}, public institutions, including labour market institutions, are more "
                "accountable and responsive, and people take part in decision-making and enjoy "
                "their rights",
    OTHER: "By {end}, communities are more resilient to climate change and disasters and manage "
           "natural resources sustainably",
}

SOURCE_PARTNER = {"rbsa": "Regular Budget Supplementary Account (un-earmarked voluntary funds)",
                  "rbtc": "ILO regular budget", "psc": "ILO programme support income"}
# Usual yearly delivery (expenditure / allocation) by source [seeds/004 Outcome 2: milestones of
# 75, 85 and 90 per cent].
SOURCE_DELIVERY = {"rbtc": 0.96, "rbsa": 0.92, "xbtc": 0.87, "psc": 0.95}

# The ILO office director who signs for the ILO, by the office named in the country's record.
ILO_DIRECTORS = {
    "Budapest": ("Markus Lindqvist", "Director, ILO DWT/CO-Budapest"),
    "Buenos Aires": ("Carolina Ruiz Almada", "Director, ILO Country Office for Argentina"),
    "San José": ("Andrés Villalobos", "Director, ILO DWT/CO-San José"),
    "Port of Spain": ("Claudia Baptiste", "Director, ILO DWT/CO-Port of Spain"),
    "Jakarta": ("Hiroshi Tanabe", "Director, ILO Country Office for Indonesia"),
    "Beirut": ("Leila Mansour", "Regional Director for Arab States"),
    "Pretoria": ("Themba Dlamini", "Director, ILO DWT/CO-Pretoria"),
    "Abidjan": ("Jean-Baptiste Kouassi", "Director, ILO Country Office in Abidjan"),
    "Dakar": ("Sophie Diallo-Martin", "Director, ILO DWT/CO-Dakar"),
    "Hanoi": ("Anna Bergström", "Director, ILO Country Office for Viet Nam"),
    "Lusaka": ("George Mwanza", "Director, ILO Country Office for Zambia, Malawi and "
                                "Mozambique"),
    "Islamabad": ("Pieter de Vries", "Country Director, ILO Country Office for Pakistan"),
    "Dar es Salaam": ("Grace Njoroge", "Director, ILO Country Office in Dar es Salaam"),
    "Santiago": ("Felipe Contreras", "Director, ILO DWT/CO-Santiago"),
}

CAPITALS = {
    "ALB": "Tirana", "ARG": "Buenos Aires", "CPV": "Praia", "CRI": "San José",
    "GUY": "Georgetown", "IDN": "Jakarta", "JOR": "Amman", "LSO": "Maseru", "MDA": "Chișinău",
    "MOZ": "Maputo", "NER": "Niamey", "PAK": "Islamabad", "RWA": "Kigali", "SEN": "Dakar",
    "TZA": "Dar es Salaam", "UKR": "Kyiv", "URY": "Montevideo", "VNM": "Hanoi",
}


def _dwcp(country: str, start: int, end: int) -> str:
    return f"Decent Work Country Programme for {country} {start}–{end}"


P = Priority
C = Cpo
U = UnOutcome
Pr = Project

PROGRAMMES: dict[str, Programme] = {
    "ALB": Programme(
        _dwcp("Albania", 2021, 2026), 2021, 2026, "active", (2021, 4, 22),
        (("MFE", "Ardiana Dervishi", "Deputy Minister of Finance and Economy"),
         ("BA", "Luan Berisha", "President"),
         ("KSSH", "Fatmir Gjoni", "Chairperson")),
        "Ermira Dema",
        UnFramework("Government of Albania – United Nations Sustainable Development Cooperation "
                    "Framework 2022–2026", 2022, 2026, (
                        U(JOBS, SHARED, DIRECT), U(PROTECTION, SUPPORT, MINIMAL),
                        U(GOVERNANCE, SUPPORT, DIRECT), U(OTHER, NONE, NONE)),
                    cooperation_framework=True),
        (P("Improved employment opportunities and skills for young women and men",
           (C("youth_employment"), C("skills"))),
         P("Strengthened social dialogue and labour market governance",
           (C("social_dialogue"), C("labour_inspection"), C("employers"))),
         P("Transition to formality and extended social protection",
           (C("informal_economy"), C("social_protection")))),
        (Pr("ALB/21/01/SWI", "Skills for Jobs (S4J) – Phase III", "xbtc",
            "Swiss Agency for Development and Cooperation (SDC)", (2021, 5), (2026, 12),
            3_200_000, (("ALB101", 40), ("ALB102", 60))),
         Pr("ALB/22/50/RBS", "Formalization of the informal economy through social dialogue",
            "rbsa", "", (2022, 1), (2023, 12), 450_000, (("ALB301", 70), ("ALB201", 30))),
         Pr("ALB/24/02/RBT", "Support to the reform of the State Labour and Social Services "
                             "Inspectorate", "rbtc", "", (2024, 1), (2025, 12), 120_000,
            (("ALB202", 100),))),
        Plan("National Strategy for Development and Integration 2022–2030", 2022, 2030,
             ("Growth through competitiveness, innovation and decent jobs",
              "Investment in people and social cohesion",
              "Good governance, democracy and the rule of law"))),
    "ARG": Programme(
        _dwcp("Argentina", 2012, 2015), 2012, 2015, "evaluated", (2012, 6, 12),
        (("MTEySS", "Ricardo Luis Benítez", "Ministro de Trabajo, Empleo y Seguridad Social"),
         ("UIA", "Jorge Alberto Paz", "Presidente"),
         ("CGT", "Osvaldo Pereyra", "Secretario General")),
        "Paula Vázquez",
        UnFramework("United Nations Development Assistance Framework for Argentina 2010–2015",
                    2010, 2015, (U(JOBS, LEAD, DIRECT), U(PROTECTION, SHARED, MINIMAL),
                                 U(GOVERNANCE, SUPPORT, MINIMAL))),
        (P("Reduce informality and promote quality employment",
           (C("informal_economy"), C("employment_policy"))),
         P("Extend social protection and eliminate child labour",
           (C("social_protection"), C("child_labour"))),
         P("Strengthen social dialogue and safety and health at work",
           (C("social_dialogue"),
            C("osh", "A tripartite approach to safety and health at work is applied, starting "
                     "with the construction sector")))),
        (Pr("ARG/11/01/USA", "Combating child labour in agriculture and domestic work", "xbtc",
            "United States Department of Labor (USDOL)", (2011, 10), (2015, 9), 1_800_000,
            (("ARG202", 100),)),
         Pr("ARG/12/50/RBS", "Strategies for the formalization of employment", "rbsa", "",
            (2012, 1), (2013, 12), 380_000, (("ARG101", 100),)),
         Pr("ARG/13/02/ARG", "Occupational safety and health statistics and prevention in "
                             "construction", "xbtc", "Government of Argentina (direct trust "
                                                     "fund)", (2013, 3), (2015, 12), 650_000,
            (("ARG302", 100),)))),
    "CRI": Programme(
        _dwcp("Costa Rica", 2019, 2023), 2019, 2023, "completed", (2019, 5, 8),
        (("MTSS", "Marcela Chaves Solís", "Ministra de Trabajo y Seguridad Social"),
         ("UCCAEP", "Gonzalo Arce", "Presidente"),
         ("CTRN", "Luis Emilio Mata", "Secretario General")),
        "Daniela Jiménez",
        UnFramework("United Nations Development Assistance Framework for Costa Rica 2018–2022",
                    2018, 2022, (U(JOBS, SHARED, DIRECT), U(GOVERNANCE, SUPPORT, MINIMAL),
                                 U(OTHER, NONE, NONE))),
        (P("Promote formal employment and sustainable enterprises",
           (C("informal_economy"), C("enterprises"))),
         P("Strengthen social dialogue and compliance with labour rights",
           (C("social_dialogue"), C("labour_inspection")))),
        (Pr("CRI/19/50/RBS", "Formalization of enterprises and employment", "rbsa", "",
            (2019, 3), (2021, 6), 420_000, (("CRI101", 100),)),
         Pr("CRI/21/01/KOR", "Productive and decent employment recovery after COVID-19 in "
                             "micro and small enterprises", "xbtc", "Republic of Korea",
            (2021, 1), (2023, 6), 900_000, (("CRI102", 60), ("CRI101", 40)))),
        Plan("Plan Nacional de Desarrollo y de Inversión Pública del Bicentenario 2019–2022",
             2019, 2022, ("Innovation, competitiveness and productivity",
                          "Social security and inclusion",
                          "Employment and the formal economy"))),
    "GUY": Programme(
        _dwcp("Guyana", 2012, 2015), 2012, 2015, "completed", (2012, 9, 27),
        (("MOL", "Winston Bacchus", "Minister of Labour"),
         ("CAGI", "Ramesh Singh", "Chairman"),
         ("GTUC", "Lincoln Hope", "President")),
        "Shonette Adams",
        UnFramework("United Nations Development Assistance Framework for Guyana 2012–2016",
                    2012, 2016, (U(JOBS, SUPPORT, MINIMAL), U(PROTECTION, SUPPORT, NONE),
                                 U(GOVERNANCE, SUPPORT, MINIMAL))),
        (P("Strengthen labour administration and modernize labour law",
           (C("labour_law"), C("osh"))),
         P("Improve employment opportunities for young people",
           (C("youth_employment"), C("skills")))),
        (Pr("GUY/12/50/RBS", "Labour law reform and labour administration", "rbsa", "",
            (2012, 4), (2013, 12), 300_000, (("GUY101", 100),)),
         # Expenditure in 2014 ran above that year's allocation (a deliberate demo case of an
         # over-spent year, rephased the year after).
         Pr("GUY/13/01/CAN", "Youth employment and skills in the Caribbean", "xbtc", "Canada",
            (2013, 1), (2015, 12), 1_200_000, (("GUY201", 70), ("GUY202", 30)),
            overspent_year=2014)),
        Plan("Green State Development Strategy: Vision 2040", 2019, 2040,
             ("Diversified and inclusive economy", "Human development and well-being"))),
    "IDN": Programme(
        _dwcp("Indonesia", 2020, 2025), 2020, 2025, "under_review", (2020, 2, 19),
        (("Kemnaker", "Hendra Kurniawan", "Minister of Manpower"),
         ("APINDO", "Rudi Hartono", "Chairman"),
         ("KSPI", "Yusuf Prasetyo", "President")),
        "Ratna Sari",
        UnFramework("United Nations Sustainable Development Cooperation Framework for Indonesia "
                    "2021–2025", 2021, 2025, (
                        U(JOBS, SHARED, DIRECT), U(PROTECTION, SHARED, MINIMAL),
                        U(GOVERNANCE, SUPPORT, MINIMAL), U(OTHER, NONE, NONE)),
                    cooperation_framework=True),
        (P("Quality jobs and skills for an inclusive labour market",
           (C("employment_policy"), C("skills"))),
         P("Labour protection for all",
           (C("osh"),
            C("social_protection", "An unemployment insurance scheme is designed and introduced "
                                   "with the social partners"),
            C("migration"))),
         P("Strengthened social dialogue and industrial relations",
           (C("social_dialogue"),))),
        (Pr("IDN/19/02/UKM", "Skills for Prosperity in Indonesia", "xbtc",
            "United Kingdom (FCDO)", (2019, 10), (2023, 3), 4_500_000, (("IDN102", 100),)),
         Pr("IDN/20/01/AUS", "Safe migration and protection of Indonesian migrant workers",
            "xbtc", "Australia (DFAT)", (2020, 7), (2024, 6), 1_600_000, (("IDN203", 100),)),
         Pr("IDN/21/50/RBS", "Design of the employment loss guarantee (unemployment insurance)",
            "rbsa", "", (2021, 1), (2022, 12), 500_000, (("IDN202", 100),))),
        Plan("National Medium-Term Development Plan (RPJMN) 2020–2024", 2020, 2024,
             ("Economic resilience for quality and equitable growth",
              "Quality and competitive human resources",
              "Stable defence and security and transformation of public services"))),
    "JOR": Programme(
        _dwcp("Jordan", 2018, 2022), 2018, 2022, "completed", (2018, 3, 5),
        (("MOL", "Nader Al-Khatib", "Minister of Labour"),
         ("JCI", "Samer Haddadin", "Chairman"),
         ("GFJTU", "Mazen Abu Odeh", "President")),
        "Hala Odeh",
        UnFramework("United Nations Sustainable Development Framework for Jordan 2018–2022",
                    2018, 2022, (U(JOBS, LEAD, DIRECT), U(PROTECTION, SHARED, MINIMAL),
                                 U(GOVERNANCE, SUPPORT, MINIMAL))),
        (P("Improved employment opportunities for Jordanians and Syrian refugees",
           (C("crisis_response"), C("skills"))),
         P("Better working conditions and social protection",
           (C("labour_inspection"), C("social_protection"))),
         P("Stronger social dialogue",
           (C("social_dialogue"),))),
        (Pr("JOR/18/01/DEU", "Employment-intensive investment programme for Jordanians and "
                             "Syrian refugees", "xbtc", "Germany (BMZ)", (2018, 1), (2022, 6),
            6_200_000, (("JOR101", 100),)),
         Pr("JOR/19/02/NET", "PROSPECTS: inclusive jobs and education for forcibly displaced "
                             "persons and host communities", "xbtc", "Netherlands", (2019, 7),
            (2023, 12), 3_000_000, (("JOR102", 50), ("JOR202", 50))),
         Pr("JOR/20/50/RBS", "Strategic compliance planning for the labour inspectorate",
            "rbsa", "", (2020, 1), (2021, 12), 350_000, (("JOR201", 100),))),
        Plan("Jordan 2025: A National Vision and Strategy", 2015, 2025,
             ("A competitive and diversified economy", "Citizens with skills and opportunities",
              "An effective and accountable public sector"))),
    "LSO": Programme(
        _dwcp("Lesotho", 2018, 2023), 2018, 2023, "completed", (2018, 11, 14),
        (("MOLE", "Lebohang Mofokeng", "Minister of Labour and Employment"),
         ("ALEB", "Retselisitsoe Sekhesa", "President"),
         ("COLETU", "Puseletso Lekhanya", "President")),
        "Nthabiseng Mohale",
        UnFramework("United Nations Development Assistance Framework for Lesotho 2019–2023",
                    2019, 2023, (U(JOBS, SHARED, DIRECT), U(PROTECTION, SUPPORT, MINIMAL),
                                 U(GOVERNANCE, SUPPORT, NONE))),
        (P("Productive employment for young people and women",
           (C("youth_employment"), C("enterprises"))),
         P("Social protection and compliance with labour standards",
           (C("social_protection"), C("hiv"))),
         P("Effective social dialogue and labour law",
           (C("labour_law"),))),
        (Pr("LSO/19/01/USA", "Improving compliance with labour law in the textile and apparel "
                             "sector", "xbtc", "United States Department of Labor (USDOL)",
            (2019, 1), (2023, 6), 2_000_000, (("LSO301", 60), ("LSO202", 40))),
         Pr("LSO/20/50/RBS", "Youth employment policy support", "rbsa", "", (2020, 1),
            (2021, 12), 300_000, (("LSO101", 100),))),
        Plan("National Strategic Development Plan II 2018/19–2022/23", 2018, 2023,
             ("Inclusive and sustainable economic growth and job creation",
              "Human capital development", "Governance and accountability"))),
    "MDA": Programme(
        _dwcp("the Republic of Moldova", 2021, 2026), 2021, 2026, "active", (2021, 10, 6),
        (("MLSP", "Ion Moraru", "Minister of Labour and Social Protection"),
         ("CNPM", "Leonid Cerescu", "President"),
         ("CNSM", "Sergiu Munteanu", "President")),
        "Tatiana Ciobanu",
        UnFramework("United Nations – Republic of Moldova Partnership Framework for Sustainable "
                    "Development 2018–2022", 2018, 2022, (
                        U(JOBS, SUPPORT, MINIMAL),
                        U(PROTECTION, SUPPORT, MINIMAL,
                          "By 2022, people, in particular the most vulnerable, have access to "
                          "social protection and health services, including HIV prevention at "
                          "the workplace and protection of migrant workers"),
                        U(GOVERNANCE, SUPPORT, DIRECT))),
        (P("Decent employment opportunities for all",
           (C("employment_policy"), C("migration"))),
         P("Better social protection and working conditions",
           (C("social_protection"), C("osh")), reflection=PARTLY,
           # [seeds/004 ¶6]
           note="A broad social protection priority; the ILO deals only with HIV and AIDS at "
                "the workplace and with migrant workers in the framework of the UN outcome."),
         P("Stronger social partners",
           (C("employers"), C("workers")))),
        (Pr("MDA/21/01/SID", "Safe and healthy workplaces: labour inspection and OSH reform",
            "xbtc", "Sweden (Sida)", (2021, 9), (2025, 12), 1_400_000, (("MDA202", 100),)),
         Pr("MDA/22/50/RBS", "Building the capacity of employers' and workers' organizations",
            "rbsa", "", (2022, 1), (2023, 12), 260_000, (("MDA301", 50), ("MDA302", 50))),
         Pr("MDA/23/01/EEC", "Decent work for returning migrants and their families", "xbtc",
            "European Union", (2023, 4), (2027, 3), 1_800_000,
            (("MDA102", 80), ("MDA101", 20)))),
        Plan("National Development Strategy \u201cMoldova 2030\u201d", 2020, 2030,
             ("Increase in incomes from sustainable sources", "Better working conditions",
              "Guaranteed fundamental rights and freedoms"))),
    "NER": Programme(
        _dwcp("Niger", 2012, 2015), 2012, 2015, "evaluated", (2012, 12, 4),
        (("METPS", "Ibrahim Maïga", "Ministre de l'Emploi, du Travail et de la Protection "
                                    "Sociale"),
         ("CNPN", "Oumarou Sani", "Président"),
         ("USTN", "Abdoulaye Hamidou", "Secrétaire général")),
        "Hadiza Issa",
        UnFramework("United Nations Development Assistance Framework for Niger 2009–2013",
                    2009, 2013, (U(JOBS, SUPPORT, MINIMAL), U(PROTECTION, SHARED, MINIMAL),
                                 U(OTHER, NONE, NONE,
                                   "By 2013, vulnerable households are more food secure and "
                                   "better able to withstand droughts"))),
        (P("Employment for young people, particularly in rural areas",
           (C("youth_employment"), C("skills"))),
         P("Extension of social protection",
           (C("social_protection", "Mutual health schemes and mutual savings and credit "
                                   "schemes extend social protection to rural and informal "
                                   "economy workers"),
            C("child_labour", "Child labour in artisanal gold mining and agriculture is "
                              "reduced"))),
         P("Social dialogue",
           (C("social_dialogue"),), reflection=NOT,
           note="The UNDAF has no outcome on labour market governance or social dialogue.")),
        (Pr("NER/12/01/LUX", "Extension of social protection through mutual health schemes",
            "xbtc", "Luxembourg", (2012, 1), (2015, 12), 1_100_000, (("NER201", 100),)),
         Pr("NER/12/02/USA", "Combating child labour in artisanal gold mining", "xbtc",
            "United States Department of Labor (USDOL)", (2012, 10), (2015, 9), 900_000,
            (("NER202", 100),)),
         Pr("NER/13/50/RBS", "Youth employment and apprenticeship in the informal economy",
            "rbsa", "", (2013, 1), (2014, 12), 300_000, (("NER101", 70), ("NER102", 30)))),
        Plan("Plan de Développement Économique et Social 2012–2015", 2012, 2015,
             ("Food security and sustainable agricultural development",
              "Competitive and diversified economy for accelerated and inclusive growth",
              "Social development and demographic transition"))),
    "SEN": Programme(
        _dwcp("Senegal", 2020, 2024), 2020, 2024, "completed", (2020, 1, 30),
        (("MTDSRI", "Aminata Faye", "Ministre du Travail, du Dialogue social et des Relations "
                                    "avec les Institutions"),
         ("CNP", "Abdoulaye Seck", "Président"),
         ("CNTS", "Moussa Diouf", "Secrétaire général")),
        "Ndeye Ngom",
        UnFramework("United Nations Development Assistance Framework for Senegal 2019–2023",
                    2019, 2023, (U(JOBS, LEAD, DIRECT), U(PROTECTION, SHARED, DIRECT),
                                 U(GOVERNANCE, SUPPORT, MINIMAL))),
        (P("Decent jobs for young people and the transition to the formal economy",
           (C("youth_employment"), C("informal_economy"))),
         P("Extension of social protection",
           (C("social_protection", "A simplified social security scheme covers small "
                                   "contributors of the informal economy"),)),
         P("Social dialogue and fundamental principles and rights at work",
           (C("social_dialogue"), C("child_labour")))),
        (Pr("SEN/20/01/LUX", "Extension of social protection to informal economy workers",
            "xbtc", "Luxembourg", (2020, 3), (2024, 6), 2_400_000,
            (("SEN201", 80), ("SEN102", 20))),
         Pr("SEN/21/01/EEC", "Decent jobs for young people in regions of departure", "xbtc",
            "European Union", (2021, 1), (2024, 12), 3_200_000, (("SEN101", 100),)),
         Pr("SEN/22/02/RBT", "Support to the High Council for Social Dialogue", "rbtc", "",
            (2022, 1), (2023, 12), 90_000, (("SEN301", 100),))),
        Plan("Plan Sénégal Émergent 2014–2035", 2014, 2035,
             ("Structural transformation of the economy and growth",
              "Human capital, social protection and sustainable development",
              "Governance, institutions, peace and security"))),
    "UKR": Programme(
        _dwcp("Ukraine", 2020, 2024), 2020, 2024, "completed", (2020, 2, 11),
        (("MSP", "Oksana Petrenko", "Minister of Social Policy"),
         ("FEU", "Volodymyr Hrytsenko", "First Vice-President"),
         ("FPU", "Mykola Tkachenko", "Chairperson")),
        "Oleksii Savchuk",
        UnFramework("United Nations Partnership Framework for Ukraine 2018–2022", 2018, 2022,
                    (U(JOBS, SHARED, MINIMAL), U(PROTECTION, SUPPORT, MINIMAL),
                     U(GOVERNANCE, SUPPORT, DIRECT))),
        (P("Productive employment and skills, including for recovery",
           (C("employment_policy", "Employment policies and emergency employment programmes "
                                   "support recovery and the return to work"),
            C("skills"))),
         P("Better working conditions and labour protection",
           (C("labour_inspection", "Labour inspection reduces undeclared work and enforces "
                                   "labour law effectively"),
            C("labour_law"))),
         P("Effective social dialogue",
           (C("social_dialogue"),))),
        (Pr("UKR/19/01/EEC", "Reducing undeclared work through labour inspection reform",
            "xbtc", "European Union", (2019, 9), (2023, 8), 2_500_000, (("UKR201", 100),)),
         Pr("UKR/21/01/DAN", "Social dialogue for recovery and reconstruction", "xbtc",
            "Denmark", (2021, 4), (2024, 12), 1_100_000, (("UKR301", 70), ("UKR102", 30))),
         Pr("UKR/22/50/RBS", "Employment recovery and emergency public works", "rbsa", "",
            (2022, 6), (2023, 12), 600_000, (("UKR101", 100),))),
        Plan("National Economic Strategy 2030", 2021, 2030,
             ("Human capital and the labour market", "Business climate and investment"))),
    "VNM": Programme(
        _dwcp("Viet Nam", 2017, 2021), 2017, 2021, "evaluated", (2017, 7, 20),
        (("MOLISA", "Nguyen Van Hung", "Vice-Minister of Labour, Invalids and Social Affairs"),
         ("VCCI", "Le Minh Duc", "Vice-President"),
         ("VGCL", "Do Thi Thu", "Vice-President")),
        "Le Thu Trang",
        UnFramework("One Strategic Plan 2017–2021 between the Government of Viet Nam and the "
                    "United Nations", 2017, 2021, (
                        U(JOBS, SHARED, DIRECT), U(PROTECTION, LEAD, MINIMAL),
                        U(GOVERNANCE, SHARED, DIRECT), U(OTHER, NONE, NONE))),
        (P("Decent employment and an enabling environment for sustainable enterprises",
           (C("employment_policy"), C("enterprises"))),
         P("Inclusive and effective social protection",
           (C("social_protection"),)),
         P("Effective labour market governance in line with fundamental principles and rights "
           "at work",
           (C("labour_law", "The revised Labour Code and the law on trade unions are in line "
                            "with the fundamental Conventions"),
            C("social_dialogue", "A new industrial relations framework, with enterprise-level "
                                 "dialogue and collective bargaining, is in place")))),
        (Pr("VNM/17/01/USA", "New industrial relations framework", "xbtc",
            "United States Department of Labor (USDOL)", (2017, 9), (2021, 12), 3_000_000,
            (("VNM301", 50), ("VNM302", 50))),
         Pr("VNM/18/02/IRL", "Social protection reform and the social protection floor", "xbtc",
            "Ireland (Irish Aid)", (2018, 1), (2021, 6), 1_200_000, (("VNM201", 100),)),
         Pr("VNM/19/50/RBS", "Productivity and working conditions in small and medium-sized "
                             "enterprises", "rbsa", "", (2019, 1), (2020, 12), 400_000,
            (("VNM102", 100),))),
        Plan("Socio-Economic Development Plan 2016–2020", 2016, 2020,
             ("Quality of growth and labour productivity", "Social security and welfare"))),
    "CPV": Programme(
        _dwcp("Cabo Verde", 2027, 2030), 2027, 2030, "in_preparation", None, (),
        "Carla Semedo",
        UnFramework("United Nations Sustainable Development Cooperation Framework for Cabo "
                    "Verde 2024–2027", 2024, 2027, (
                        U(JOBS, SHARED, DIRECT), U(PROTECTION, SUPPORT, MINIMAL),
                        U(OTHER, NONE, NONE)),
                    cooperation_framework=True),
        (P("Decent jobs in the tourism and blue economies",
           (C("employment_policy"), C("skills"))),
         P("Social protection for informal economy workers",
           (C("social_protection"),))),
        (Pr("CPV/25/50/RBS", "Social protection diagnostic and support to the formulation of "
                             "the DWCP", "rbsa", "", (2025, 7), (2026, 12), 180_000,
            (("CPV201", 100),)),
         Pr("CPV/27/01/LUX", "Decent jobs and social protection in the tourism economy", "xbtc",
            "Luxembourg", (2027, 1), (2030, 12), 1_500_000, (("CPV101", 60), ("CPV201", 40)))),
        Plan("Plano Estratégico de Desenvolvimento Sustentável 2022–2026", 2022, 2026,
             ("Economy: tourism, the blue economy and the digital economy",
              "Social: human capital, employment and social inclusion"))),
    "MOZ": Programme(
        _dwcp("Mozambique", 2011, 2015), 2011, 2015, "completed", (2011, 8, 17),
        (("MITSS", "Joaquim Nhantumbo", "Minister of Labour"),
         ("CTA", "Fernando Mabunda", "President"),
         ("OTM-CS", "Amade Cossa", "Secretary General")),
        "Helena Tembe",
        UnFramework("United Nations Development Assistance Framework for Mozambique 2012–2015",
                    2012, 2015, (U(JOBS, LEAD, DIRECT), U(PROTECTION, SHARED, MINIMAL),
                                 U(GOVERNANCE, SUPPORT, MINIMAL))),
        (P("More and better jobs",
           (C("employment_policy"),
            C("enterprises", "Local economic development creates jobs in rural provinces"))),
         P("Extended social protection",
           (C("social_protection"), C("hiv")))),
        (Pr("MOZ/11/01/POR", "Social protection floor in Mozambique", "xbtc", "Portugal",
            (2011, 9), (2014, 12), 1_300_000, (("MOZ201", 100),)),
         Pr("MOZ/12/50/RBS", "Implementation of the employment and vocational training policy",
            "rbsa", "", (2012, 1), (2013, 12), 350_000, (("MOZ101", 60), ("MOZ102", 40)))),
        Plan("Five-Year Government Programme 2010–2014", 2010, 2014,
             ("Increased agricultural production and productivity",
              "Promotion of employment", "Human and social development"))),
    "PAK": Programme(
        _dwcp("Pakistan", 2010, 2015), 2010, 2015, "evaluated", (2010, 6, 2),
        (("MOPHRD", "Tariq Mahmood", "Federal Secretary for Labour and Manpower"),
         ("EFP", "Zahid Hussain", "President"),
         ("PWF", "Khurshid Alam", "General Secretary")),
        "Saad Ahmed",
        UnFramework("One United Nations Programme II for Pakistan 2013–2017", 2013, 2017, (
            U(JOBS, SHARED, DIRECT), U(PROTECTION, SHARED, MINIMAL),
            U(GOVERNANCE, SUPPORT, MINIMAL), U(OTHER, NONE, NONE))),
        (P("Employment generation through human resource development",
           (C("skills", "Community-based training for rural economic empowerment (TREE) "
                        "gives poor women and men skills for income generation"),)),
         P("Extension of social protection, including for informal economy workers",
           (C("social_protection"), C("forced_labour"), C("child_labour"))),
         P("Labour law reform and tripartism after devolution",
           (C("labour_law", "Provincial labour laws adopted after the 18th Constitutional "
                            "Amendment are in line with ratified Conventions"),))),
        (Pr("PAK/10/01/NET", "Training for rural economic empowerment", "xbtc", "Netherlands",
            (2010, 7), (2014, 6), 2_800_000, (("PAK101", 100),)),
         Pr("PAK/11/01/USA", "Combating child labour and bonded labour in brick kilns", "xbtc",
            "United States Department of Labor (USDOL)", (2011, 1), (2015, 6), 2_200_000,
            (("PAK202", 50), ("PAK203", 50))),
         Pr("PAK/13/50/RBS", "Provincial labour law reform after devolution", "rbsa", "",
            (2013, 1), (2014, 12), 420_000, (("PAK301", 100),))),
        Plan("Pakistan Vision 2025", 2014, 2025,
             ("Putting people first: human and social capital",
              "Sustained, indigenous and inclusive growth"))),
    "RWA": Programme(
        _dwcp("Rwanda", 2021, 2026), 2021, 2026, "active", (2021, 11, 25),
        (("MIFOTRA", "Jean de Dieu Habyarimana", "Minister of Public Service and Labour"),
         ("PSF", "Patrick Nkurunziza", "Chief Executive Officer"),
         ("CESTRAR", "Emmanuel Ndayisaba", "President")),
        "Alice Uwimana",
        UnFramework("United Nations Development Assistance Plan for Rwanda 2018–2023 "
                    "(UNDAP II)", 2018, 2023, (
                        U(JOBS, SHARED, DIRECT), U(PROTECTION, SUPPORT, MINIMAL),
                        U(GOVERNANCE, SUPPORT, MINIMAL))),
        (P("Employment creation and skills for young people and women",
           (C("youth_employment"), C("skills"))),
         P("Extension of social protection",
           (C("social_protection"),)),
         P("Labour market governance and social dialogue",
           (C("labour_inspection"), C("workers")))),
        (Pr("RWA/21/01/NOR", "Jobs for young people in construction and the digital economy",
            "xbtc", "Norway", (2021, 9), (2026, 12), 1_900_000, (("RWA101", 60), ("RWA102", 40))),
         Pr("RWA/22/50/RBS", "Extending social security to informal economy workers", "rbsa",
            "", (2022, 1), (2023, 12), 380_000, (("RWA201", 100),)),
         Pr("RWA/24/01/RBT", "Strategic compliance planning for labour inspection", "rbtc", "",
            (2024, 1), (2025, 12), 100_000, (("RWA301", 100),))),
        Plan("National Strategy for Transformation (NST1) 2017–2024", 2017, 2024,
             ("Economic transformation: 214,000 decent and productive jobs a year",
              "Social transformation", "Transformational governance"))),
    "TZA": Programme(
        _dwcp("the United Republic of Tanzania", 2013, 2016), 2013, 2016, "completed",
        (2013, 4, 9),
        (("PMO-LYEPD", "Salma Kibwana", "Minister of Labour and Employment"),
         ("ATE", "Abdul Ismail", "Chairman"),
         ("TUCTA", "Hamisi Juma", "Secretary General")),
        "Joyce Mrema",
        UnFramework("United Nations Development Assistance Plan for the United Republic of "
                    "Tanzania 2011–2016", 2011, 2016, (
                        U(JOBS, SHARED, DIRECT),
                        # [seeds/004 ¶6]
                        U(PROTECTION, SHARED, MINIMAL,
                          "An effective mechanism, including social protection, promotes the "
                          "rights of the poor and the most vulnerable, including persons living "
                          "with HIV/AIDS"),
                        U(GOVERNANCE, SUPPORT, MINIMAL))),
        (P("Decent employment for young people, women and persons with disabilities",
           (C("youth_employment"), C("enterprises"))),
         P("Reduced child labour and socio-economic impact of HIV/AIDS",
           (C("child_labour"), C("hiv")), reflection=FULLY,
           note="The UN outcome on social protection for the poor and the most vulnerable "
                "covers both child labour and HIV/AIDS."),
         P("Effective social dialogue in the mainland and Zanzibar",
           (C("social_dialogue"),))),
        (Pr("TZA/12/01/IRL", "Youth employment and entrepreneurship in Tanzania and Zanzibar",
            "xbtc", "Ireland (Irish Aid)", (2012, 7), (2015, 12), 1_600_000,
            (("TZA101", 60), ("TZA102", 40))),
         Pr("TZA/13/01/USA", "Combating child labour in commercial agriculture", "xbtc",
            "United States Department of Labor (USDOL)", (2013, 1), (2016, 12), 2_000_000,
            (("TZA201", 100),)),
         Pr("TZA/14/50/RBS", "HIV and AIDS workplace policies in transport and mining", "rbsa",
            "", (2014, 1), (2015, 12), 250_000, (("TZA202", 100),))),
        Plan("National Strategy for Growth and Reduction of Poverty (MKUKUTA II) 2010–2015",
             2010, 2015, ("Growth for reduction of income poverty",
                          "Improvement of quality of life and social well-being",
                          "Governance and accountability"))),
    "URY": Programme(
        _dwcp("Uruguay", 2020, 2025), 2020, 2025, "under_review", (2020, 9, 15),
        (("MTSS", "Martín Olivera", "Ministro de Trabajo y Seguridad Social"),
         ("CIU", "Gabriel Sosa", "Presidente"),
         ("PIT-CNT", "Fernando Peralta", "Presidente")),
        "Andrea Silva",
        UnFramework("United Nations Sustainable Development Cooperation Framework for Uruguay "
                    "2021–2025", 2021, 2025, (
                        U(JOBS, SHARED, DIRECT), U(PROTECTION, SUPPORT, MINIMAL),
                        U(GOVERNANCE, SUPPORT, DIRECT)),
                    cooperation_framework=True),
        (P("Decent work for young people and the future of work",
           (C("youth_employment"), C("skills"))),
         P("Social dialogue and collective bargaining",
           (C("social_dialogue", "The wage councils and bipartite bargaining are strengthened "
                                 "as the core of labour relations"),
            C("wages"))),
         P("Safety and health at work",
           (C("osh"),))),
        (Pr("URY/20/50/RBS", "Collective bargaining and wage policy in the recovery", "rbsa", "",
            (2020, 7), (2021, 12), 400_000, (("URY201", 50), ("URY202", 50))),
         Pr("URY/21/01/URY", "Quality assurance of vocational training with INEFOP and "
                             "CINTERFOR", "xbtc", "Government of Uruguay (direct trust fund)",
            (2021, 3), (2024, 12), 900_000, (("URY102", 70), ("URY101", 30))),
         Pr("URY/23/02/PSC", "Monitoring of the DWCP and OSH statistics", "psc", "",
            (2023, 1), (2024, 12), 60_000, (("URY301", 100),)))),
}
