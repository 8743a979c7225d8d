"""The tables behind ``programmes.demo_portfolio``: the demo's funding partners with their
categories, the UN operational rates of exchange they are paid in, the regional,
interregional and pipeline projects beside the countries' own, and the core and thematic
contributions that fund no single project.

Categories, earmarking and local resource mobilization follow seeds/003 (Table V.1, Appendix
II Annex 1: the United Nations system and the development banks mobilize mostly locally) and
seeds/004 ¶28 (RBSA and lightly earmarked partnerships). Amounts, dates and the monthly rates
are plausible inventions, not the Office's records.
"""
from __future__ import annotations

from dataclasses import dataclass

# --- funding partners ------------------------------------------------------------------------

UN, MULTI_BI, TRUST, NON_STATE, IFI, EU, SOUTH_SOUTH, PPP = (
    "un_system", "multi_bilateral", "direct_trust", "non_state", "ifi", "european_union",
    "south_south", "public_private")


@dataclass(frozen=True)
class Donor:
    name: str
    acronym: str
    category: str
    currency: str = "USD"  # the currency its agreements are signed in
    country: str = ""  # ISO3 of a government donor


DONORS = (
    Donor("United States Department of Labor (USDOL)", "USDOL", MULTI_BI, "USD", "USA"),
    Donor("Netherlands", "NL", MULTI_BI, "EUR", "NLD"),
    Donor("United Kingdom (FCDO)", "FCDO", MULTI_BI, "GBP", "GBR"),
    Donor("Germany (BMZ)", "BMZ", MULTI_BI, "EUR", "DEU"),
    Donor("Sweden (Sida)", "Sida", MULTI_BI, "SEK", "SWE"),
    Donor("Norway", "NOR", MULTI_BI, "NOK", "NOR"),
    Donor("Denmark", "DK", MULTI_BI, "DKK", "DNK"),
    Donor("Luxembourg", "LUX", MULTI_BI, "EUR", "LUX"),
    Donor("Ireland (Irish Aid)", "Irish Aid", MULTI_BI, "EUR", "IRL"),
    Donor("Portugal", "PRT", MULTI_BI, "EUR", "PRT"),
    Donor("Swiss Agency for Development and Cooperation (SDC)", "SDC", MULTI_BI, "CHF",
          "CHE"),
    Donor("Australia (DFAT)", "DFAT", MULTI_BI, "AUD", "AUS"),
    Donor("Canada", "CAN", MULTI_BI, "CAD", "CAN"),
    Donor("Republic of Korea", "KOR", MULTI_BI, "USD", "KOR"),
    Donor("Belgium", "BEL", MULTI_BI, "EUR", "BEL"),
    Donor("Italy", "ITA", MULTI_BI, "EUR", "ITA"),
    Donor("European Union", "EU", EU, "EUR"),
    Donor("Government of Argentina (direct trust fund)", "ARG-DTF", TRUST, "USD", "ARG"),
    Donor("Government of Uruguay (direct trust fund)", "URY-DTF", TRUST, "USD", "URY"),
    Donor("United Nations Development Programme", "UNDP", UN),
    Donor("Joint SDG Fund (UN Multi-Partner Trust Fund Office)", "Joint SDG Fund", UN),
    Donor("UNICEF", "UNICEF", UN),
    Donor("World Bank", "WB", IFI),
    Donor("Inter-American Development Bank", "IDB", IFI),
    Donor("Mastercard Foundation", "MCF", NON_STATE),
    Donor("Government of Brazil (South–South and triangular cooperation)", "ABC",
          SOUTH_SOUTH, "USD", "BRA"),
    Donor("Child Labour Platform (business members)", "CLP", PPP, "CHF"),
)

# The RBSA contributors and their yearly core voluntary contributions (US$, before the rate).
RBSA_DONORS = (("Netherlands", 3_000_000), ("Norway", 2_500_000), ("Sweden (Sida)", 2_200_000),
               ("Denmark", 1_800_000), ("Belgium", 1_500_000), ("Germany (BMZ)", 1_400_000),
               ("Italy", 900_000), ("Luxembourg", 700_000))
RBSA_YEARS = range(2012, 2027)

# Lightly earmarked (thematic) partnership programmes: donor, years, yearly amount (US$).
THEMATIC = (
    ("Sweden (Sida)", range(2018, 2026), 1_600_000,
     "ILO–Sweden partnership programme: just transition and social dialogue"),
    ("Norway", range(2016, 2026), 1_200_000,
     "ILO–Norway programme cooperation agreement: employment and skills"),
    ("Ireland (Irish Aid)", range(2014, 2022), 600_000,
     "ILO–Irish Aid partnership programme: disability inclusion and gender equality"),
)

# --- UN operational rates of exchange: units per US dollar in January of each year ----------
# Between Januaries the rate moves evenly month by month.

RATES = {
    "EUR": (0.75, 0.72, 0.78, 0.75, 0.74, 0.90, 0.92, 0.94, 0.82, 0.88, 0.91, 0.82, 0.88,
            0.93, 0.90, 0.96, 0.86, 0.85),
    "GBP": (0.64, 0.65, 0.64, 0.62, 0.61, 0.67, 0.68, 0.81, 0.73, 0.78, 0.76, 0.73, 0.74,
            0.83, 0.79, 0.80, 0.74, 0.73),
    "SEK": (7.2, 6.9, 6.9, 6.5, 6.4, 8.4, 8.4, 9.2, 8.2, 9.0, 9.4, 8.2, 9.1, 10.4, 10.4,
            11.0, 9.3, 9.2),
    "NOK": (5.8, 6.0, 5.8, 5.6, 6.1, 7.5, 8.8, 8.6, 8.2, 8.7, 8.8, 8.5, 8.8, 9.9, 10.2,
            11.3, 10.1, 10.0),
    "DKK": (5.6, 5.4, 5.8, 5.6, 5.5, 6.7, 6.9, 7.0, 6.1, 6.6, 6.7, 6.1, 6.5, 6.9, 6.7,
            7.2, 6.4, 6.3),
    "CHF": (1.04, 0.93, 0.94, 0.92, 0.89, 1.00, 1.01, 1.02, 0.97, 0.98, 0.97, 0.89, 0.92,
            0.92, 0.84, 0.91, 0.80, 0.80),
    "AUD": (1.11, 0.99, 0.98, 0.96, 1.12, 1.23, 1.37, 1.38, 1.27, 1.43, 1.43, 1.30, 1.38,
            1.47, 1.47, 1.61, 1.52, 1.50),
    "CAD": (1.05, 1.00, 1.00, 0.99, 1.07, 1.16, 1.39, 1.34, 1.25, 1.36, 1.30, 1.27, 1.26,
            1.35, 1.34, 1.44, 1.37, 1.36),
}
RATE_FIRST_YEAR = 2010  # RATES[c][0] is January 2010, one value per year to 2027

# --- the country projects' funding partners: who signs for each, and how ---------------------

# Partner name of the country tables → the donor (when it differs) ...
PARTNER_DONOR: dict[str, str] = {}
# ... and the partners whose country-level agreements were mobilized by the donor's
# representation in the country [seeds/003 ¶159].
LOCALLY_MOBILIZED = {"European Union", "Swiss Agency for Development and Cooperation (SDC)",
                     "Luxembourg", "Government of Argentina (direct trust fund)",
                     "Government of Uruguay (direct trust fund)"}

# The office responsible for each demo country's projects, and the headquarters units.
OFFICES = {
    "ALB": "DWT/CO-Budapest", "MDA": "DWT/CO-Budapest", "UKR": "DWT/CO-Budapest",
    "ARG": "CO-Buenos Aires", "URY": "CO-Buenos Aires", "CRI": "DWT/CO-San José",
    "GUY": "DWT/CO-Port of Spain", "IDN": "CO-Jakarta", "VNM": "CO-Hanoi",
    "PAK": "CO-Islamabad", "JOR": "RO-Arab States", "LSO": "DWT/CO-Pretoria",
    "MOZ": "CO-Lusaka", "TZA": "CO-Dar es Salaam", "RWA": "CO-Dar es Salaam",
    "NER": "DWT/CO-Dakar", "SEN": "DWT/CO-Dakar", "CPV": "DWT/CO-Dakar",
}

# Title words → the type of assistance a project mostly delivers (first match wins).
ASSISTANCE_BY_WORD = (
    ("training", "training"), ("skills", "training"), ("apprenticeship", "training"),
    ("capacity", "training"), ("public works", "subcontracts"),
    ("employment-intensive", "subcontracts"), ("statistics", "national_personnel"),
    ("monitoring", "national_personnel"), ("inspection", "experts"),
    ("reform", "experts"), ("policy", "experts"), ("design", "experts"),
)

# --- projects beyond a single country ----------------------------------------------------------


@dataclass(frozen=True)
class WiderProject:
    code: str
    title: str
    scope: str  # regional | interregional | country (pipeline proposals of a country)
    place: str  # region code (AF, AM, AP, AS, EU), ISO3 for a country, "" interregional
    donor: str
    start: tuple[int, int]
    end: tuple[int, int]
    budget: int
    # (framework code, outcome code, share); none for proposals starting after the last
    # framework shipped (2024-25): they serve the CPOs below until the next one is imported.
    pb: tuple[tuple[str, str, int], ...]
    office: str
    assistance: str
    stage: str = ""  # "" = from the dates; concept / appraisal for the pipeline
    locally: bool = False
    gender: int = 1
    conventions: tuple[str, ...] = ()
    social_dialogue: bool = False
    just_transition: bool = False
    delivery: float = 0.85
    cpos: tuple[tuple[str, int], ...] = ()  # (CPO code, share) of a country proposal


WIDER_PROJECTS = (
    WiderProject("GLO/18/29/USA", "Measurement, awareness-raising and policy engagement to "
                 "accelerate action against child labour and forced labour (MAP16)",
                 "interregional", "", "United States Department of Labor (USDOL)",
                 (2018, 1), (2023, 12), 9_500_000,
                 (("P&B 2018-19", "8", 100), ("P&B 2020-21", "7", 100),
                  ("P&B 2022-23", "7", 100)),
                 "FUNDAMENTALS", "experts", conventions=("C138", "C182", "C029", "P029"),
                 gender=1, delivery=0.88),
    WiderProject("GLO/20/11/UND", "Integrated national financing for social protection floors "
                 "(Joint SDG Fund)", "interregional", "",
                 "Joint SDG Fund (UN Multi-Partner Trust Fund Office)", (2020, 3), (2023, 2),
                 4_200_000, (("P&B 2020-21", "8", 100), ("P&B 2022-23", "8", 100)),
                 "SOCPRO", "experts", conventions=("C102",), gender=2, delivery=0.82),
    WiderProject("RAF/21/05/UND", "Decent jobs for young women and men in the Sahel",
                 "regional", "AF", "United Nations Development Programme", (2021, 4),
                 (2025, 12), 3_600_000, (("P&B 2020-21", "3", 60), ("P&B 2022-23", "3", 60),
                                         ("P&B 2024-25", "3", 60)),
                 "DWT/CO-Dakar", "training", locally=True, gender=2, delivery=0.79),
    WiderProject("RER/20/02/EUR", "Employment and social affairs platform for the Western "
                 "Balkans and the Eastern Partnership", "regional", "EU", "European Union",
                 (2020, 1), (2024, 12), 5_200_000,
                 (("P&B 2020-21", "1", 50), ("P&B 2022-23", "1", 50),
                  ("P&B 2024-25", "1", 50)),
                 "DWT/CO-Budapest", "experts", social_dialogue=True, gender=1,
                 conventions=("C144", "C154"), delivery=0.9),
    WiderProject("RLA/22/03/IDB", "Labour market information systems for Central America and "
                 "the Dominican Republic", "regional", "AM", "Inter-American Development Bank",
                 (2022, 2), (2026, 6), 2_400_000, (("P&B 2022-23", "3", 100),
                                                   ("P&B 2024-25", "3", 100)),
                 "DWT/CO-San José", "national_personnel", locally=True, gender=1,
                 delivery=0.74),
    WiderProject("RAS/23/01/KOR", "Skills for green jobs and a just transition in Asia and the "
                 "Pacific", "regional", "AP", "Republic of Korea", (2023, 1), (2026, 12),
                 3_000_000, (("P&B 2022-23", "5", 100), ("P&B 2024-25", "5", 100)),
                 "RO-Asia and the Pacific", "training", gender=2, just_transition=True,
                 delivery=0.86),
    WiderProject("GLO/22/14/MCF", "Young Africa Works: decent jobs for young women in the "
                 "digital and care economies", "interregional", "", "Mastercard Foundation",
                 (2022, 7), (2026, 6), 6_000_000, (("P&B 2022-23", "6", 70),
                                                   ("P&B 2024-25", "6", 70)),
                 "YOUTH", "subcontracts", gender=3, delivery=0.81),
    WiderProject("INT/21/07/BRA", "South–South exchange on social protection floors and "
                 "school feeding", "interregional", "",
                 "Government of Brazil (South–South and triangular cooperation)",
                 (2021, 1), (2024, 12), 1_200_000, (("P&B 2020-21", "8", 100),
                                                    ("P&B 2022-23", "8", 100)),
                 "PARTNERSHIPS", "training", gender=1, conventions=("C102",), delivery=0.9),
    WiderProject("GLO/19/03/CLP", "Child Labour Platform: due diligence in supply chains",
                 "interregional", "", "Child Labour Platform (business members)",
                 (2019, 1), (2024, 12), 900_000, (("P&B 2020-21", "7", 100),
                                                  ("P&B 2022-23", "7", 100)),
                 "FUNDAMENTALS", "experts", gender=1, conventions=("C138", "C182"),
                 social_dialogue=True, delivery=0.93),
    WiderProject("RAF/16/02/WBK", "Productive jobs and social protection in the Great Lakes "
                 "region", "regional", "AF", "World Bank", (2016, 6), (2019, 12), 2_100_000,
                 (("P&B 2016-17", "1", 100), ("P&B 2018-19", "1", 100)),
                 "RO-Africa", "subcontracts", locally=True, gender=1, delivery=0.8),
    WiderProject("RER/15/04/UNI", "Ending violence and harassment against children and women "
                 "at work in Central Asia", "regional", "EU", "UNICEF", (2015, 1), (2018, 6),
                 1_100_000, (("P&B 2016-17", "8", 100),), "DWT/CO-Moscow", "training",
                 locally=True, gender=3, conventions=("C182",), delivery=0.84),
    # The pipeline: proposals not yet approved.
    WiderProject("RAF/26/01/NOR", "Just transition in West Africa's energy sector",
                 "regional", "AF", "Norway", (2027, 1), (2030, 12), 4_000_000,
                 (), "RO-Africa", "experts", stage="concept",
                 gender=2, just_transition=True, social_dialogue=True),
    WiderProject("ALB/26/02/SDC", "Green skills for Albania's tourism and construction "
                 "sectors", "country", "ALB",
                 "Swiss Agency for Development and Cooperation (SDC)", (2027, 3), (2030, 2),
                 2_600_000, (), "DWT/CO-Budapest", "training",
                 stage="appraisal", locally=True, gender=2, just_transition=True,
                 cpos=(("ALB102", 100),)),
    WiderProject("MDA/26/03/EUR", "Social dialogue for the EU accession agenda in the "
                 "Republic of Moldova", "country", "MDA", "European Union", (2027, 1),
                 (2029, 12), 1_500_000, (), "DWT/CO-Budapest",
                 "experts", stage="appraisal", locally=True, gender=1, social_dialogue=True,
                 cpos=(("MDA301", 50), ("MDA302", 50)),
                 conventions=("C144", "C154", "C098")),
)

# The pipeline proposals' appraisals: criteria rated otherwise than met (code → rating,
# comment), or None for an appraisal still in progress.
PIPELINE_APPRAISALS = (
    ("ALB/26/02/SDC", {
        "P05": ("not_met", "No training with the Turin Centre is planned, although the "
                           "employers' and workers' organizations asked for it."),
        "P06": ("not_met", "The constituents appear only as beneficiaries: no plan to build "
                           "their capacity to take part in the skills councils."),
        "P08": ("partly", "A final evaluation is planned but not budgeted."),
    }),
    ("MDA/26/03/EUR", None),
)
