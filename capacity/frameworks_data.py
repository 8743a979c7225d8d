"""The default assessment frameworks, shipped as data (issue 5, item 1) and loaded by the data
migration ``capacity/migrations/0002_default_frameworks.py`` through :func:`load`.

Sources. The dimensions are those issue 5 names; what each covers and the descriptors of its
1–5 scale paraphrase the ILO papers in ``shared/seeds``:

* employers' and business organizations — GB.309/TC/1 (seeds/000) ¶8 (management,
  representativeness and governance; policy influence; membership services) and ¶9
  (governance, membership retention and expansion, revenue building, services, research,
  advocacy); GB.317/POL/6 (seeds/001) ¶10;
* workers' organizations — seeds/000 ¶12 (strong, independent, democratic and representative
  unions; women, minorities and youth; organizing), ¶13–14 (collective bargaining, labour
  education, international labour standards); seeds/001 ¶11 (research and analysis for
  social dialogue); GB.335/INS/9 (seeds/002) ¶6, ¶10 (gender equality);
* labour administrations — seeds/000 ¶6 (legal and institutional framework; inspection and
  OSH; employment policy; skills, employment services, labour market information);
  seeds/002 ¶16 (labour administration assessments and audits).

Levels and capacity types follow seeds/002 ¶4: individual / organizational / enabling
environment; technical / functional. The scale is the same for every dimension: 1 absent,
2 emerging, 3 developing, 4 established, 5 strong and self-sustaining; each descriptor says
what that means for the dimension.

Loading is idempotent: a framework whose code already exists is left as it is (administrators
may have revised it since), so running the migration or :func:`load` again writes nothing.
"""
from __future__ import annotations

from typing import Any

IND, ORG, ENV = "individual", "organizational", "enabling_environment"
TECH, FUNC = "technical", "functional"

SOURCE_NOTE = ("Default framework shipped with DWCP Manager (capacity/frameworks_data.py), "
               "grounded in GB.309/TC/1 (2010), GB.317/POL/6 (2013) and GB.335/INS/9 (2019).")


def _dim(code: str, name: str, level: str, capacity_type: str, description: str,
         descriptors: tuple[str, str, str, str, str]) -> dict[str, Any]:
    return {"code": code, "name": name, "level": level, "capacity_type": capacity_type,
            "description": description,
            "descriptors": dict(zip(range(1, 6), descriptors, strict=True))}


EMPLOYERS = {
    "code": "employers",
    "title": "Employers' and business organizations",
    "constituent_group": "employers",
    "constituent_types": ["employers"],
    "description": "Institutional capacity of an employers' or business membership "
                   "organization, as assessed with ACT/EMP.",
    "source": SOURCE_NOTE + " Dimensions: seeds/000 ¶8–9, seeds/001 ¶10.",
    "dimensions": [
        _dim("governance_management", "Governance and management", ORG, FUNC,
             "Statutes, elected bodies, strategic plan, management systems and staff "
             "development [seeds/000 ¶8(a), ¶9; seeds/001 ¶10].",
             ("No working governing bodies or strategic plan; decisions rest with one or two "
              "persons.",
              "Statutes exist but governing bodies meet irregularly; no strategic plan; "
              "little staff.",
              "Governing bodies meet regularly; a strategic plan exists but is not used to "
              "manage; basic management systems.",
              "Elected bodies govern by the statutes; a strategic plan guides the secretariat; "
              "staff are trained and appraised.",
              "Transparent governance with regular renewal of leadership; strategy, budget "
              "and staff development are reviewed against results.")),
        _dim("representativeness_membership", "Representativeness and membership", ORG, FUNC,
             "Coverage of sectors, regions and enterprise sizes; membership management, "
             "retention and expansion [seeds/000 ¶8(a), ¶9].",
             ("Few members, from a narrow group of enterprises; no membership records.",
              "Membership records exist but are incomplete; members come from a few sectors; "
              "no recruitment effort.",
              "Membership is recorded and followed; some recruitment; small and medium "
              "enterprises and some regions are under-represented.",
              "A membership strategy retains and recruits members across sectors, regions and "
              "enterprise sizes.",
              "Recognized as the representative voice of business: broad, growing membership, "
              "including SMEs, women-led enterprises and the regions.")),
        _dim("financial_sustainability", "Financial sustainability", ORG, FUNC,
             "Revenue building: dues collection, income from services, diversity of funding, "
             "financial management [seeds/000 ¶9, ¶17(c)].",
             ("Depends on donor or project funds for its running costs; dues are hardly "
              "collected.",
              "Dues are collected irregularly; core costs are not covered by own income.",
              "Own income covers most core costs; little income from services; budgets are "
              "prepared but not monitored.",
              "Dues and services cover core costs; budgets are monitored; accounts are "
              "audited.",
              "Diverse own revenue funds core work and reserves; audited accounts are "
              "published; resources are mobilized for new activities.")),
        _dim("services_to_members", "Services to members", ORG, TECH,
             "Design, development and delivery of membership services, including training, "
             "advice and information [seeds/000 ¶8(c), ¶9; seeds/001 ¶10].",
             ("No services beyond occasional meetings.",
              "A few ad hoc services (e.g. information bulletins) without knowing what members "
              "need.",
              "Regular services (advice on labour law, training) but not based on a survey of "
              "members' needs.",
              "A range of services designed from members' needs, delivered and evaluated; "
              "some generate income.",
              "Demand-driven services valued by members, priced, evaluated and renewed; they "
              "attract and retain members.")),
        _dim("policy_advocacy", "Evidence-based policy advocacy", ENV, TECH,
             "Analysing the business environment, formulating positions, lobbying and "
             "communicating, taking part in national policy debate and social dialogue "
             "[seeds/000 ¶8(b), ¶9–11; seeds/001 ¶10].",
             ("No policy positions; not consulted by the government.",
              "Positions are taken occasionally, without research; consulted irregularly.",
              "Positions are based on some research or member surveys; takes part in "
              "tripartite bodies but with little influence.",
              "An advocacy agenda rests on research and member consultation; positions are "
              "communicated and influence some policies.",
              "A credible partner in national policy and social dialogue: its evidence-based "
              "proposals shape laws and policies on the business environment.")),
    ],
}

WORKERS = {
    "code": "workers",
    "title": "Workers' organizations",
    "constituent_group": "workers",
    "constituent_types": ["workers"],
    "description": "Capacity of a trade union or national centre, as assessed with ACTRAV.",
    "source": SOURCE_NOTE + " Dimensions: seeds/000 ¶12–14, seeds/001 ¶11, seeds/002 ¶6, ¶10.",
    "dimensions": [
        _dim("organizing_membership", "Organizing and membership", ORG, FUNC,
             "Organizing workers in the formal and informal economy, union structures at the "
             "workplace, membership records and dues [seeds/000 ¶12(a), (d), ¶13].",
             ("No organizing activity; membership is unknown.",
              "Occasional organizing in a few workplaces; membership records are incomplete.",
              "An organizing plan exists; membership is recorded; the informal economy and "
              "new sectors are not reached.",
              "Organizing campaigns reach new sectors and workers in the informal economy; "
              "membership and dues grow.",
              "Strong, independent and representative: organizing is a permanent function, "
              "with trained organizers and growing membership in all sectors.")),
        _dim("research_analysis", "Research and analysis", ORG, TECH,
             "Research and analytical capacity to prepare positions for social dialogue and "
             "bargaining; labour education [seeds/001 ¶11; seeds/000 ¶13].",
             ("No research capacity; positions are not documented.",
              "Relies on others' studies; no staff assigned to research.",
              "A research or education department produces occasional studies.",
              "Regular research (wages, employment, working conditions) feeds the union's "
              "positions and training.",
              "Recognized research capacity, part of networks such as GURN; its analyses are "
              "used in national policy debate.")),
        _dim("social_dialogue_bargaining", "Social dialogue and collective bargaining", ENV,
             TECH,
             "Participation in tripartite and bipartite dialogue and collective bargaining at "
             "enterprise, sector and national level [seeds/000 ¶13; seeds/001 ¶11].",
             ("No collective agreements; not represented in social dialogue bodies.",
              "A few enterprise agreements; a seat in tripartite bodies but rarely heard.",
              "Regular bargaining at enterprise level; takes part in tripartite bodies with "
              "prepared positions.",
              "Sectoral or national agreements are negotiated and monitored; proposals in "
              "tripartite bodies are taken up.",
              "A recognized bargaining and social dialogue partner at all levels, with "
              "agreements covering a growing share of workers.")),
        _dim("international_labour_standards", "Use of international labour standards", IND,
             TECH,
             "Knowledge of international labour standards and freedom of association among "
             "officers and members, and their use of the supervisory system "
             "[seeds/000 ¶14].",
             ("Officers do not know the standards or the supervisory system.",
              "A few officers have been trained; standards are not used in the union's work.",
              "Officers refer to ratified Conventions in their work; comments to the "
              "supervisory bodies are rare.",
              "Trained officers use standards in bargaining and advocacy and send comments to "
              "the supervisory bodies.",
              "Standards are taught in the union's own education programme and used "
              "systematically, including complaints and follow-up of supervisory comments.")),
        _dim("women_youth", "Participation of women and youth", ORG, FUNC,
             "Mainstreaming the participation of women, minority groups and youth in "
             "membership, structures and leadership [seeds/000 ¶12(c); seeds/002 ¶6, ¶10].",
             ("Women and young workers are absent from union structures.",
              "Women's or youth committees exist on paper; no women or young people in "
              "leadership.",
              "Active women's and youth committees; a few women in elected positions.",
              "A gender and youth policy with targets; women and young workers are in "
              "leadership and delegations.",
              "Gender parity in leadership and delegations is reached or close; women's and "
              "young workers' concerns are part of bargaining agendas.")),
    ],
}

LABOUR_ADMINISTRATION = {
    "code": "labour_administration",
    "title": "Labour administrations",
    "constituent_group": "government",
    # Empty: every government type (ministry of labour, inspectorate, other institutions of
    # the labour administration system such as employment services).
    "constituent_types": [],
    "description": "Capacity of the labour administration system, as assessed by a labour "
                   "administration audit or needs assessment.",
    "source": SOURCE_NOTE + " Dimensions: seeds/000 ¶6 and fn 7, seeds/002 ¶16.",
    "dimensions": [
        _dim("legal_institutional_framework", "Legal and institutional framework", ENV, TECH,
             "Labour law made with participation of the social partners and an institutional "
             "framework for labour administration [seeds/000 ¶6(a), (d)].",
             ("Outdated labour law; no clear mandate or structure for labour administration.",
              "Labour law under revision without consultation; the ministry's mandate "
              "overlaps with others.",
              "Labour law revised with some consultation; gaps with ratified Conventions; "
              "the mandate is defined but not resourced.",
              "Labour law made through tripartite consultation and broadly in line with "
              "ratified Conventions; a coordinated labour administration system.",
              "Laws are regularly reviewed with the social partners and the supervisory "
              "bodies' comments; the labour administration system is coherent and "
              "resourced.")),
        _dim("labour_inspection_osh", "Labour inspection and OSH", ORG, TECH,
             "Enforcement of labour legislation through national systems of labour inspection, "
             "on working conditions and occupational safety and health [seeds/000 ¶6(b)].",
             ("No functioning inspection; no OSH policy.",
              "Few inspectors, without training or means of transport; inspection follows "
              "complaints only.",
              "Inspectors are trained; planned inspections in some sectors; records are "
              "kept on paper.",
              "Risk-based inspection planning, case management, OSH policy and reporting of "
              "accidents.",
              "An effective inspection system covering all workplaces, including the "
              "informal economy, with published annual reports and a national OSH "
              "programme.")),
        _dim("employment_policy_services", "Employment policy and services", ENV, TECH,
             "Developing, implementing and evaluating national employment and labour "
             "policies; skills and training schemes; public employment services "
             "[seeds/000 ¶6(c), (e)].",
             ("No employment policy; no employment services.",
              "An employment policy is being drafted; few employment offices.",
              "An employment policy is adopted but not costed; employment services register "
              "jobseekers.",
              "The employment policy is implemented with a budget and monitored; services "
              "match jobseekers and vacancies.",
              "Employment policy is evaluated and revised with the social partners; services "
              "reach the regions and vulnerable groups.")),
        _dim("labour_market_information", "Labour market information", ORG, TECH,
             "Labour market information and statistical services used for policy "
             "[seeds/000 ¶6(e)].",
             ("No regular labour statistics.",
              "Occasional surveys; administrative data are not compiled.",
              "A labour force survey every few years; some administrative data compiled.",
              "Regular labour force survey and administrative statistics, disaggregated by "
              "sex, published.",
              "An integrated labour market information system whose analyses inform policy "
              "and are used by the social partners.")),
        _dim("social_dialogue_institutions", "Social dialogue institutions", ENV, FUNC,
             "Tripartite bodies and consultation procedures that work, and the partnership of "
             "the labour administration with the social partners [seeds/000 ¶6(a); "
             "seeds/002 ¶9].",
             ("No tripartite body or consultation.",
              "A tripartite body exists on paper; it does not meet.",
              "The tripartite body meets irregularly; consultation on some laws.",
              "The tripartite body meets regularly with a secretariat and budget; its advice "
              "is considered.",
              "Tripartite consultation is systematic on labour policy, the DWCP and ILO "
              "standards; agreements are implemented and followed up.")),
    ],
}

DEFAULT_FRAMEWORKS = (EMPLOYERS, WORKERS, LABOUR_ADMINISTRATION)


def load(framework_model, dimension_model, descriptor_model) -> int:
    """Create the default frameworks that do not exist yet (by code); return how many rows
    were created. Existing frameworks, edited or not, are left alone."""
    created = 0
    for data in DEFAULT_FRAMEWORKS:
        if framework_model._default_manager.filter(code=data["code"]).exists():
            continue
        framework = framework_model._default_manager.create(
            code=data["code"], version=1, title=data["title"],
            constituent_group=data["constituent_group"],
            constituent_types=list(data["constituent_types"]),
            description=data["description"], source=data["source"], is_current=True)
        created += 1
        for order, dim in enumerate(data["dimensions"], start=1):
            dimension = dimension_model._default_manager.create(
                framework=framework, code=dim["code"], name=dim["name"],
                description=dim["description"], level=dim["level"],
                capacity_type=dim["capacity_type"], order=order)
            created += 1
            descriptor_model._default_manager.bulk_create(
                descriptor_model(dimension=dimension, score=score, descriptor=text)
                for score, text in dim["descriptors"].items())
            created += len(dim["descriptors"])
    return created
