"""Illustrative demo data: the ILO's presence in 18 countries and their tripartite constituents.

The countries are the union of the 12 DWCP countries sampled in GB.317/POL/6 [seeds/001 fn 4]
and the eight "Delivering as One" pilots [seeds/004 fn 7]. Organization names are the real
national constituents where well known; membership figures, contacts and people are
plausible inventions (the UI footer of demo instances says the data are illustrative).

``load()`` is idempotent: every row goes through ``core.upsert.upsert``, so a second run
writes nothing and adds no history record.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from core.upsert import upsert

from .models import (
    Affiliation,
    Constituent,
    ConstituentType,
    Contact,
    Country,
    MembershipFigure,
    group_for_type,
)

T = ConstituentType

# The eight "Delivering as One" pilots [seeds/004 fn 7].
DELIVERING_AS_ONE = ("ALB", "CPV", "MOZ", "PAK", "RWA", "TZA", "URY", "VNM")
# The 12 countries whose DWCPs GB.317/POL/6 sampled [seeds/001 fn 4].
SAMPLED_DWCP_COUNTRIES = ("ALB", "ARG", "CRI", "GUY", "IDN", "JOR", "LSO", "MDA", "NER", "SEN",
                          "UKR", "VNM")
DEMO_COUNTRIES = tuple(sorted(set(DELIVERING_AS_ONE) | set(SAMPLED_DWCP_COUNTRIES)))

IOE = "International Organisation of Employers (IOE)"
ITUC = "International Trade Union Confederation (ITUC)"
# The ITUC's regional organization a national centre of each ILO region belongs to.
ITUC_REGIONAL = {
    "AF": "ITUC-Africa",
    "AM": "Trade Union Confederation of the Americas (TUCA)",
    "AP": "ITUC Asia-Pacific",
    "AS": "Arab Trade Union Confederation (ATUC)",
    "EU": "Pan-European Regional Council (PERC)",
}
MEMBERSHIP_YEARS = (2012, 2016, 2020, 2024)
MEMBERSHIP_SOURCE = "Organization's own report to the ILO (illustrative demo figure)"


@dataclass(frozen=True)
class Org:
    """One organization of a country. ``members``: (total in 2012, change per four years in
    per cent, share of women in per cent or None when members are enterprises)."""

    type: str
    name: str
    acronym: str = ""
    ioe: int | None = None  # year of affiliation to the IOE
    ituc: int | None = None  # year of affiliation to the ITUC (founded 2006)
    other_affiliations: tuple[tuple[str, int | None], ...] = ()
    members: tuple[int, int, int | None] | None = None
    level: str = Constituent.Level.NATIONAL
    sector: str = ""
    website: str = ""
    contact: tuple[str, str] | None = None  # (name, position): invented people


@dataclass(frozen=True)
class CountryDemo:
    office: str
    team: str
    resident: bool
    orgs: tuple[Org, ...] = field(default_factory=tuple)


BUDAPEST = ("ILO DWT/CO-Budapest", "Decent Work Technical Support Team for Central and Eastern "
            "Europe (Budapest)")
DAKAR_DWT = "Decent Work Technical Support Team for West Africa (Dakar)"
PRETORIA_DWT = "Decent Work Technical Support Team for Eastern and Southern Africa (Pretoria)"
BANGKOK_DWT = ("Decent Work Technical Support Team for East and South-East Asia and the Pacific "
               "(Bangkok)")
SOUTHERN_CONE_DWT = "Decent Work Technical Support Team for the Southern Cone (Santiago)"

ENTERPRISES = "member enterprises and business associations"
WORKERS = "individual workers (through affiliated unions)"

COUNTRIES: dict[str, CountryDemo] = {
    "ALB": CountryDemo(*BUDAPEST, resident=False, orgs=(
        Org(T.LABOUR_MINISTRY, "Ministry of Finance and Economy", "MFE",
            contact=("Elira Shehu", "Director of Labour Policies")),
        Org(T.LABOUR_INSPECTORATE, "State Labour and Social Services Inspectorate", "SLSSI",
            contact=("Arben Kola", "Head of Inspection Planning")),
        Org(T.EMPLOYERS, "BiznesAlbania", "BA", ioe=2010, members=(420, 10, None),
            contact=("Dritan Leka", "Executive Director")),
        Org(T.WORKERS, "Confederation of Trade Unions of Albania", "KSSH", ituc=2006,
            members=(105000, -8, 38), contact=("Mimoza Hoxha", "International Secretary")),
        Org(T.WORKERS, "Union of Independent Trade Unions of Albania", "BSPSH", ituc=2006,
            members=(82000, -6, 41), contact=("Genti Marku", "Head of Education")),
        Org(T.UN_AGENCY, "United Nations Development Programme in Albania", "UNDP"),
        Org(T.DONOR, "Swiss Agency for Development and Cooperation", "SDC"),
        Org(T.TRAINING_INSTITUTION, "Public Vocational Training Centre No. 4, Tirana", "VTC4"),
    )),
    "ARG": CountryDemo("ILO CO-Buenos Aires", SOUTHERN_CONE_DWT, resident=True, orgs=(
        Org(T.LABOUR_MINISTRY, "Ministerio de Trabajo, Empleo y Seguridad Social", "MTEySS",
            contact=("Laura Giménez", "Directora de Relaciones Internacionales")),
        Org(T.OTHER_GOVERNMENT, "Superintendencia de Riesgos del Trabajo", "SRT"),
        Org(T.EMPLOYERS, "Unión Industrial Argentina", "UIA", ioe=1950, members=(1600, 5, None),
            contact=("Martín Ferreyra", "Jefe del Departamento de Política Social")),
        Org(T.WORKERS, "Confederación General del Trabajo de la República Argentina", "CGT",
            ituc=2006, members=(3100000, 2, 31),
            contact=("Gustavo Acosta", "Secretario de Relaciones Internacionales")),
        Org(T.WORKERS, "Central de Trabajadores de la Argentina (de los Trabajadores)", "CTA-T",
            ituc=2008, members=(1050000, 4, 44)),
        Org(T.UN_AGENCY, "Programa de las Naciones Unidas para el Desarrollo en Argentina",
            "PNUD"),
        Org(T.RESEARCH, "Universidad de Buenos Aires – Instituto de Investigaciones "
                        "Económicas", "UBA-IIE"),
    )),
    "CRI": CountryDemo("ILO DWT/CO-San José",
                       "Decent Work Technical Support Team for Central America (San José)",
                       resident=True, orgs=(
        Org(T.LABOUR_MINISTRY, "Ministerio de Trabajo y Seguridad Social", "MTSS",
            contact=("Ana Lucía Mora", "Directora de Asuntos Laborales")),
        Org(T.LABOUR_INSPECTORATE, "Dirección Nacional de Inspección de Trabajo", "DNI"),
        Org(T.EMPLOYERS, "Unión Costarricense de Cámaras y Asociaciones del Sector Empresarial "
                         "Privado", "UCCAEP", ioe=1975, members=(52, 4, None),
            contact=("Esteban Quesada", "Director Ejecutivo")),
        Org(T.WORKERS, "Central del Movimiento de Trabajadores Costarricenses", "CMTC",
            ituc=2006, members=(31000, 3, 46)),
        Org(T.WORKERS, "Confederación de Trabajadores Rerum Novarum", "CTRN", ituc=2006,
            members=(24000, -2, 40), contact=("Rodrigo Solano", "Secretario General Adjunto")),
        Org(T.OTHER_GOVERNMENT, "Caja Costarricense de Seguro Social", "CCSS"),
        Org(T.TRAINING_INSTITUTION, "Instituto Nacional de Aprendizaje", "INA"),
    )),
    "GUY": CountryDemo("ILO DWT/CO-Port of Spain",
                       "Decent Work Technical Support Team for the Caribbean (Port of Spain)",
                       resident=False, orgs=(
        Org(T.LABOUR_MINISTRY, "Ministry of Labour", "MOL",
            contact=("Sharmila Persaud", "Chief Labour Officer")),
        Org(T.EMPLOYERS, "Consultative Association of Guyanese Industry", "CAGI", ioe=1965,
            members=(160, 6, None), contact=("Clive Fraser", "Executive Director")),
        Org(T.WORKERS, "Guyana Trades Union Congress", "GTUC", ituc=2006,
            members=(16000, -4, 42), contact=("Denise Grant", "General Secretary")),
        Org(T.WORKERS, "Federation of Independent Trade Unions of Guyana", "FITUG",
            members=(21000, -3, 35)),
        Org(T.TRAINING_INSTITUTION, "Board of Industrial Training", "BIT"),
        Org(T.UN_AGENCY, "United Nations Development Programme in Guyana", "UNDP"),
    )),
    "IDN": CountryDemo("ILO CO-Jakarta", BANGKOK_DWT, resident=True, orgs=(
        Org(T.LABOUR_MINISTRY, "Ministry of Manpower", "Kemnaker",
            contact=("Siti Rahmawati", "Head of International Cooperation Bureau")),
        Org(T.LABOUR_INSPECTORATE, "Directorate General of Labour Inspection and Occupational "
                                   "Safety and Health", "DG Binwasnaker"),
        Org(T.EMPLOYERS, "Employers' Association of Indonesia", "APINDO", ioe=1952,
            members=(9500, 12, None), contact=("Budi Santoso", "Head of Manpower Affairs")),
        Org(T.WORKERS, "Confederation of Indonesian Trade Unions", "KSPI", ituc=2006,
            members=(1100000, 6, 34), contact=("Dewi Lestari", "Head of Women's Committee")),
        Org(T.WORKERS, "Confederation of All Indonesian Trade Unions", "KSPSI",
            members=(1500000, -3, 30)),
        Org(T.UN_AGENCY, "United Nations Development Programme in Indonesia", "UNDP"),
        Org(T.DONOR, "Australian Department of Foreign Affairs and Trade", "DFAT"),
        Org(T.TRAINING_INSTITUTION, "Vocational Training Centre Bekasi", "BBPLK Bekasi"),
    )),
    "JOR": CountryDemo("ILO Regional Office for Arab States (Beirut)",
                       "Decent Work Technical Support Team for the Arab States (Beirut)",
                       resident=False, orgs=(
        Org(T.LABOUR_MINISTRY, "Ministry of Labour", "MOL",
            contact=("Rania Haddad", "Director of International Cooperation")),
        Org(T.OTHER_GOVERNMENT, "Social Security Corporation", "SSC"),
        Org(T.EMPLOYERS, "Jordan Chamber of Industry", "JCI", ioe=1990,
            members=(16000, 5, None), contact=("Omar Khalil", "Director of Labour Affairs")),
        Org(T.WORKERS, "General Federation of Jordanian Trade Unions", "GFJTU", ituc=2006,
            members=(200000, 3, 18), contact=("Khaled Nsour", "Head of Training")),
        Org(T.UN_AGENCY, "United Nations High Commissioner for Refugees in Jordan", "UNHCR"),
        Org(T.DONOR, "Delegation of the European Union to Jordan", "EU"),
        Org(T.TRAINING_INSTITUTION, "Vocational Training Corporation", "VTC"),
    )),
    "LSO": CountryDemo("ILO DWT/CO-Pretoria", PRETORIA_DWT, resident=False, orgs=(
        Org(T.LABOUR_MINISTRY, "Ministry of Labour and Employment", "MOLE",
            contact=("Palesa Mokoena", "Labour Commissioner")),
        Org(T.LABOUR_INSPECTORATE, "Labour Inspectorate, Department of Labour", "DOL-LI"),
        Org(T.EMPLOYERS, "Association of Lesotho Employers and Business", "ALEB", ioe=1980,
            members=(180, 4, None), contact=("Thabo Letsie", "Executive Director")),
        Org(T.WORKERS, "Congress of Lesotho Trade Unions", "COLETU", ituc=2006,
            members=(22000, 5, 57), contact=("Mpho Ramoholi", "Secretary General")),
        Org(T.WORKERS, "Lesotho Labour Council", "LLC", members=(14000, -5, 52)),
        Org(T.UN_AGENCY, "United Nations Development Programme in Lesotho", "UNDP"),
        Org(T.TRAINING_INSTITUTION, "Lerotholi Polytechnic", "LP"),
    )),
    "MDA": CountryDemo(*BUDAPEST, resident=False, orgs=(
        Org(T.LABOUR_MINISTRY, "Ministry of Labour and Social Protection", "MLSP",
            contact=("Natalia Rusu", "Head of Labour Policy Division")),
        Org(T.LABOUR_INSPECTORATE, "State Labour Inspectorate", "SLI",
            contact=("Ion Ceban", "Deputy Chief Inspector")),
        Org(T.EMPLOYERS, "National Confederation of Employers of the Republic of Moldova",
            "CNPM", ioe=2000, members=(3700, 3, None),
            contact=("Victor Lungu", "Director General")),
        Org(T.WORKERS, "National Trade Union Confederation of Moldova", "CNSM", ituc=2007,
            members=(430000, -10, 55), contact=("Elena Popa", "Vice-President")),
        Org(T.UN_AGENCY, "United Nations Development Programme in Moldova", "UNDP"),
        Org(T.DONOR, "Swedish International Development Cooperation Agency", "Sida"),
        Org(T.RESEARCH, "Academy of Economic Studies of Moldova", "ASEM"),
    )),
    "NER": CountryDemo("ILO CO-Abidjan", DAKAR_DWT, resident=False, orgs=(
        Org(T.LABOUR_MINISTRY, "Ministère de l'Emploi, du Travail et de la Protection Sociale",
            "METPS", contact=("Aïchatou Moussa", "Directrice générale du travail")),
        Org(T.LABOUR_INSPECTORATE, "Inspection du Travail de Niamey", "ITN",
            level=Constituent.Level.TERRITORIAL, sector="Niamey"),
        Org(T.EMPLOYERS, "Conseil National du Patronat Nigérien", "CNPN", ioe=1985,
            members=(60, 5, None), contact=("Issoufou Garba", "Secrétaire général")),
        Org(T.WORKERS, "Union des Syndicats des Travailleurs du Niger", "USTN", ituc=2006,
            members=(62000, 4, 27), contact=("Mariama Abdou", "Secrétaire à la formation")),
        Org(T.WORKERS, "Confédération Nigérienne du Travail", "CNT", ituc=2006,
            members=(38000, 3, 24)),
        Org(T.UN_AGENCY, "Fonds des Nations Unies pour l'enfance au Niger", "UNICEF"),
        Org(T.TRAINING_INSTITUTION, "Fonds d'Appui à la Formation Professionnelle Continue et "
                                    "à l'Apprentissage", "FAFPCA"),
    )),
    "SEN": CountryDemo("ILO DWT/CO-Dakar", DAKAR_DWT, resident=True, orgs=(
        Org(T.LABOUR_MINISTRY, "Ministère du Travail, du Dialogue social et des Relations avec "
                               "les Institutions", "MTDSRI",
            contact=("Fatou Diop", "Directrice générale du travail et de la sécurité sociale")),
        Org(T.OTHER_GOVERNMENT, "Haut Conseil du Dialogue Social", "HCDS"),
        Org(T.EMPLOYERS, "Conseil National du Patronat du Sénégal", "CNP", ioe=1970,
            members=(230, 5, None), contact=("Mamadou Ndiaye", "Secrétaire général")),
        Org(T.EMPLOYERS, "Confédération Nationale des Employeurs du Sénégal", "CNES",
            members=(150, 6, None)),
        Org(T.WORKERS, "Confédération Nationale des Travailleurs du Sénégal", "CNTS",
            ituc=2006, members=(110000, 3, 29), contact=("Awa Sarr", "Secrétaire générale "
                                                         "adjointe")),
        Org(T.WORKERS, "Union Nationale des Syndicats Autonomes du Sénégal", "UNSAS",
            ituc=2006, members=(72000, 4, 33)),
        Org(T.DONOR, "Agence luxembourgeoise pour la Coopération au développement", "LuxDev"),
        Org(T.TRAINING_INSTITUTION, "Office National de Formation Professionnelle", "ONFP"),
    )),
    "UKR": CountryDemo(*BUDAPEST, resident=False, orgs=(
        Org(T.LABOUR_MINISTRY, "Ministry of Social Policy of Ukraine", "MSP",
            contact=("Olena Kovalenko", "Head of Labour Relations Department")),
        Org(T.LABOUR_INSPECTORATE, "State Labour Service of Ukraine", "SLS",
            contact=("Andriy Melnyk", "Deputy Head")),
        Org(T.EMPLOYERS, "Federation of Employers of Ukraine", "FEU", ioe=2004,
            members=(8000, 4, None), contact=("Serhiy Bondar", "Director for Social Policy")),
        Org(T.WORKERS, "Federation of Trade Unions of Ukraine", "FPU", ituc=2006,
            members=(7600000, -22, 52), contact=("Iryna Shevchenko", "Head of International "
                                                                  "Department")),
        Org(T.WORKERS, "Confederation of Free Trade Unions of Ukraine", "KVPU", ituc=2006,
            members=(240000, -8, 38)),
        Org(T.OTHER_GOVERNMENT, "National Tripartite Social and Economic Council", "NTSEC"),
        Org(T.DONOR, "Delegation of the European Union to Ukraine", "EU"),
    )),
    "VNM": CountryDemo("ILO CO-Hanoi", BANGKOK_DWT, resident=True, orgs=(
        Org(T.LABOUR_MINISTRY, "Ministry of Labour, Invalids and Social Affairs", "MOLISA",
            contact=("Nguyen Thi Lan", "Deputy Director, International Cooperation "
                                       "Department")),
        Org(T.LABOUR_INSPECTORATE, "Inspectorate of the Ministry of Labour, Invalids and "
                                   "Social Affairs", "MOLISA Inspectorate"),
        Org(T.EMPLOYERS, "Viet Nam Chamber of Commerce and Industry", "VCCI", ioe=1994,
            members=(10000, 15, None), contact=("Tran Van Minh", "Director, Bureau for "
                                                                  "Employers' Activities")),
        Org(T.EMPLOYERS, "Viet Nam Cooperative Alliance", "VCA", members=(21000, 5, None)),
        Org(T.WORKERS, "Viet Nam General Confederation of Labour", "VGCL",
            members=(8500000, 10, 49), contact=("Pham Thi Hoa", "Director, International "
                                                                 "Department")),
        Org(T.UN_AGENCY, "United Nations Development Programme in Viet Nam", "UNDP"),
        Org(T.RESEARCH, "Institute of Labour Science and Social Affairs", "ILSSA"),
    )),
    "CPV": CountryDemo("ILO DWT/CO-Dakar", DAKAR_DWT, resident=False, orgs=(
        Org(T.LABOUR_MINISTRY, "Direcção-Geral do Trabalho", "DGT",
            contact=("Maria Lopes", "Directora-Geral")),
        Org(T.LABOUR_INSPECTORATE, "Inspecção-Geral do Trabalho", "IGT"),
        Org(T.EMPLOYERS, "Câmara de Comércio, Indústria e Serviços de Sotavento", "CCISS",
            ioe=1998, members=(900, 4, None), contact=("João Tavares", "Secretário-Geral")),
        Org(T.EMPLOYERS, "Câmara de Comércio de Barlavento", "CCB", members=(600, 3, None)),
        Org(T.WORKERS, "União Nacional dos Trabalhadores de Cabo Verde – Central Sindical",
            "UNTC-CS", ituc=2006, members=(21000, 2, 48),
            contact=("Ana Fortes", "Secretária para a Formação")),
        Org(T.WORKERS, "Confederação Cabo-verdiana dos Sindicatos Livres", "CCSL", ituc=2006,
            members=(14000, 3, 45)),
        Org(T.UN_AGENCY, "United Nations Joint Office in Cabo Verde", "UN Joint Office"),
        Org(T.TRAINING_INSTITUTION, "Instituto do Emprego e Formação Profissional", "IEFP"),
    )),
    "MOZ": CountryDemo("ILO CO-Lusaka (Zambia, Malawi and Mozambique), with a project office "
                       "in Maputo", PRETORIA_DWT, resident=False, orgs=(
        Org(T.LABOUR_MINISTRY, "Ministry of Labour, Employment and Social Security", "MITSS",
            contact=("Celeste Machava", "National Director of Labour")),
        Org(T.LABOUR_INSPECTORATE, "General Labour Inspectorate", "IGT"),
        Org(T.EMPLOYERS, "Confederation of Business Associations of Mozambique", "CTA",
            ioe=2000, members=(110, 6, None), contact=("Rui Macamo", "Labour Affairs Advisor")),
        Org(T.WORKERS, "Organização dos Trabalhadores de Moçambique – Central Sindical",
            "OTM-CS", ituc=2006, members=(105000, 4, 28),
            contact=("Alberto Sitoe", "Secretary for International Relations")),
        Org(T.WORKERS, "Confederação Nacional dos Sindicatos Independentes e Livres de "
                       "Moçambique", "CONSILMO", ituc=2006, members=(35000, 2, 26)),
        Org(T.OTHER_GOVERNMENT, "Instituto Nacional de Segurança Social", "INSS"),
        Org(T.UN_AGENCY, "United Nations Children's Fund in Mozambique", "UNICEF"),
        Org(T.TRAINING_INSTITUTION, "Instituto de Formação Profissional e Estudos Laborais "
                                    "Alberto Cassimo", "IFPELAC"),
    )),
    "PAK": CountryDemo("ILO CO-Islamabad",
                       "Decent Work Technical Support Team for South Asia (New Delhi)",
                       resident=True, orgs=(
        Org(T.LABOUR_MINISTRY, "Ministry of Overseas Pakistanis and Human Resource Development",
            "MOPHRD", contact=("Ayesha Malik", "Joint Secretary (Labour)")),
        Org(T.LABOUR_INSPECTORATE, "Directorate General of Labour Welfare, Punjab", "DGLW",
            level=Constituent.Level.TERRITORIAL, sector="Punjab"),
        Org(T.EMPLOYERS, "Employers' Federation of Pakistan", "EFP", ioe=1950,
            members=(700, 5, None), contact=("Imran Qureshi", "Secretary General")),
        Org(T.WORKERS, "Pakistan Workers' Federation", "PWF", ituc=2006,
            members=(880000, 3, 12), contact=("Nasreen Akhtar", "Women's Wing Coordinator")),
        Org(T.TRAINING_INSTITUTION, "National Vocational and Technical Training Commission",
            "NAVTTC"),
        Org(T.UN_AGENCY, "United Nations Development Programme in Pakistan", "UNDP"),
        Org(T.DONOR, "Ministry of Foreign Affairs of the Netherlands", "Netherlands"),
    )),
    "RWA": CountryDemo("ILO CO-Dar es Salaam", PRETORIA_DWT, resident=False, orgs=(
        Org(T.LABOUR_MINISTRY, "Ministry of Public Service and Labour", "MIFOTRA",
            contact=("Claudine Uwase", "Director General of Labour and Employment")),
        Org(T.EMPLOYERS, "Private Sector Federation", "PSF", ioe=2008, members=(1200, 8, None),
            contact=("Eric Habimana", "Head of Policy and Advocacy")),
        Org(T.WORKERS, "Centrale des Syndicats des Travailleurs du Rwanda", "CESTRAR",
            ituc=2006, members=(115000, 6, 39), contact=("Jeanne Mukamana", "Secretary "
                                                                             "General")),
        Org(T.WORKERS, "Congrès du Travail et de la Fraternité au Rwanda", "COTRAF",
            ituc=2006, members=(48000, 5, 36)),
        Org(T.OTHER_GOVERNMENT, "Rwanda Social Security Board", "RSSB"),
        Org(T.TRAINING_INSTITUTION, "Rwanda Polytechnic", "RP"),
        Org(T.UN_AGENCY, "United Nations Development Programme in Rwanda", "UNDP"),
    )),
    "TZA": CountryDemo("ILO CO-Dar es Salaam", PRETORIA_DWT, resident=True, orgs=(
        Org(T.LABOUR_MINISTRY, "Prime Minister's Office – Labour, Youth, Employment and "
                               "Persons with Disability", "PMO-LYEPD",
            contact=("Neema Mollel", "Labour Commissioner")),
        Org(T.LABOUR_INSPECTORATE, "Occupational Safety and Health Authority", "OSHA"),
        Org(T.EMPLOYERS, "Association of Tanzania Employers", "ATE", ioe=1965,
            members=(1100, 7, None), contact=("Joseph Massawe", "Executive Director")),
        Org(T.WORKERS, "Trade Union Congress of Tanzania", "TUCTA", ituc=2006,
            members=(520000, 3, 37), contact=("Rehema Mushi", "Deputy Secretary General")),
        Org(T.WORKERS, "Zanzibar Trade Union Congress", "ZATUC", ituc=2008,
            members=(28000, 4, 41), level=Constituent.Level.TERRITORIAL, sector="Zanzibar"),
        Org(T.TRAINING_INSTITUTION, "Vocational Education and Training Authority", "VETA"),
        Org(T.UN_AGENCY, "United Nations Children's Fund in Tanzania", "UNICEF"),
        Org(T.DONOR, "Irish Aid", "Irish Aid"),
    )),
    "URY": CountryDemo("ILO DWT/CO-Santiago (Uruguay is served from Santiago; ILO/CINTERFOR is "
                       "in Montevideo)", SOUTHERN_CONE_DWT,
                       # The ILO participates as a non-resident agency [seeds/004 ¶9].
                       resident=False, orgs=(
        Org(T.LABOUR_MINISTRY, "Ministerio de Trabajo y Seguridad Social", "MTSS",
            contact=("Valeria Pereira", "Directora Nacional de Trabajo")),
        Org(T.LABOUR_INSPECTORATE, "Inspección General del Trabajo y de la Seguridad Social",
            "IGTSS"),
        Org(T.EMPLOYERS, "Cámara de Industrias del Uruguay", "CIU", ioe=1960,
            members=(1000, 2, None), contact=("Diego Fernández", "Asesor en Relaciones "
                                                                 "Laborales")),
        Org(T.EMPLOYERS, "Cámara Nacional de Comercio y Servicios del Uruguay", "CNCS",
            ioe=1960, members=(1500, 2, None)),
        Org(T.WORKERS, "Plenario Intersindical de Trabajadores – Convención Nacional de "
                       "Trabajadores", "PIT-CNT", members=(330000, 6, 43),
            other_affiliations=(("Coordinadora de Centrales Sindicales del Cono Sur (CCSCS)",
                                 1986),),
            contact=("Lucía Rodríguez", "Secretaría de Formación")),
        Org(T.TRAINING_INSTITUTION, "Instituto Nacional de Empleo y Formación Profesional",
            "INEFOP"),
        Org(T.UN_AGENCY, "United Nations Development Programme in Uruguay", "PNUD"),
    )),
}


def _membership(members: tuple[int, int, int | None]) -> list[tuple[int, int, int | None]]:
    """(year, total, women) for the demo years, from a 2012 base and a four-yearly trend."""
    base, trend, women_pct = members
    rows = []
    for step, year in enumerate(MEMBERSHIP_YEARS):
        total = round(base * (100 + trend) ** step / 100 ** step)
        # Women's share drifts up by one point every four years (plausible, not observed).
        women = None if women_pct is None else round(total * (women_pct + step) / 100)
        rows.append((year, total, women))
    return rows


def _affiliations(org: Org, region_code: str) -> list[tuple[str, int | None]]:
    result = list(org.other_affiliations)
    if org.ioe:
        result.append((IOE, org.ioe))
    if org.ituc:
        result.append((ITUC, org.ituc))
        result.append((ITUC_REGIONAL[region_code], org.ituc))
    return result


def _email(name: str, country_iso3: str) -> str:
    return f"{slugify(name).replace('-', '.')}.{country_iso3.lower()}@example.org"


@transaction.atomic
def load(*, stdout=None) -> dict[str, int]:
    """Create or update the demo countries' context and constituents. Return counts created."""
    stdout = stdout or sys.stdout
    created = {"constituents": 0, "affiliations": 0, "membership figures": 0, "contacts": 0}
    countries = Country.objects.select_related("region").in_bulk(DEMO_COUNTRIES,
                                                                 field_name="iso3")
    for iso3, spec in COUNTRIES.items():
        country = countries[iso3]
        upsert(Country, lookup={"pk": country.pk},
               values={"ilo_office": spec.office, "decent_work_team": spec.team,
                       "delivering_as_one_pilot": iso3 in DELIVERING_AS_ONE,
                       "ilo_resident_in_unct": spec.resident})
        for org in spec.orgs:
            constituent, new = upsert(
                Constituent, lookup={"country": country, "name": org.name},
                values={"acronym": org.acronym, "type": org.type,
                        "group": group_for_type(org.type), "level": org.level,
                        "sector": org.sector, "website": org.website, "active": True},
                create_only={"notes": "Illustrative demo record."})
            created["constituents"] += new
            for organization, since in _affiliations(org, country.region.code):
                _, new = upsert(Affiliation, lookup={"constituent": constituent,
                                                     "organization": organization},
                                values={"since_year": since})
                created["affiliations"] += new
            if org.members:
                kind = WORKERS if org.type == T.WORKERS else ENTERPRISES
                for year, total, women in _membership(org.members):
                    _, new = upsert(
                        MembershipFigure, lookup={"constituent": constituent, "year": year},
                        values={"total": total, "women": women,
                                "men": None if women is None else total - women,
                                "member_kind": kind, "source": MEMBERSHIP_SOURCE})
                    created["membership figures"] += new
            if org.contact:
                name, position = org.contact
                _, new = upsert(Contact, lookup={"constituent": constituent, "name": name},
                                values={"position": position, "is_primary": True},
                                create_only={"email": _email(name, iso3)})
                created["contacts"] += new
    stdout.write("Constituents demo data: {} countries; created {}.\n".format(
        len(COUNTRIES), ", ".join(f"{n} {label}" for label, n in created.items())))
    return created
