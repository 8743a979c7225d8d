"""Reference data of the ILO results framework, loaded by a data migration and by
``manage.py load_reference_data`` (idempotent).

Sources: strategic objectives — ILO Constitution / Declaration on Social Justice for a Fair
Globalization (2008); P&B outcomes — ``programmes/data/pb_outcomes.csv``: the 19 outcomes of
the Strategic Policy Framework 2010–15 and the policy and enabling outcomes of each Programme
and Budget from 2016–17 to 2024–25, each framework with the document that adopted it
(``FRAMEWORKS``); the strategic objective of an outcome is the one whose sector leads it
(P&B documents since 2016 no longer file outcomes under objectives). Frameworks of later
biennia are imported by administrators (``manage.py import_pb_framework``). Biennia run from
2010–11 to the one after the current year, and more are created as time passes
(:func:`biennia_ensure`)."""
from __future__ import annotations

import csv
from pathlib import Path

from django.utils import timezone

from core.upsert import upsert

DATA = Path(__file__).resolve().parent / "data" / "pb_outcomes.csv"
SDG_DATA = Path(__file__).resolve().parent / "data" / "sdg_targets.csv"
CONVENTIONS = Path(__file__).resolve().parent / "data" / "conventions.csv"

STRATEGIC_OBJECTIVES = [
    ("standards", "Standards and fundamental principles and rights at work"),
    ("employment", "Employment"),
    ("social_protection", "Social protection"),
    ("social_dialogue", "Social dialogue"),
]

# French and Spanish titles of the strategic objectives and of the outcomes of the P&B 2024–25
# (by English title), as the Office's French and Spanish P&B documents give them; other titles
# fall back to English, marked as such on pages.
TITLE_TRANSLATIONS: dict[str, tuple[str, str]] = {
    "Standards and fundamental principles and rights at work": (
        "Normes et principes et droits fondamentaux au travail",
        "Normas y principios y derechos fundamentales en el trabajo"),
    "Employment": ("Emploi", "Empleo"),
    "Social protection": ("Protection sociale", "Protección social"),
    "Social dialogue": ("Dialogue social", "Diálogo social"),
    "Strong tripartite constituents and influential and inclusive social dialogue": (
        "Des mandants tripartites forts et un dialogue social influent et inclusif",
        "Mandantes tripartitos sólidos y diálogo social influyente e inclusivo"),
    "International labour standards and authoritative and effective supervision": (
        "Des normes internationales du travail et un contrôle faisant autorité et efficace",
        "Normas internacionales del trabajo y control reconocido y eficaz"),
    "Economic, social and environmental transitions for full, productive and freely chosen "
    "employment and decent work for all": (
        "Des transitions économiques, sociales et environnementales pour le plein emploi "
        "productif et librement choisi et le travail décent pour tous",
        "Transiciones económicas, sociales y medioambientales para el empleo pleno, productivo "
        "y libremente elegido y el trabajo decente para todos"),
    "Sustainable enterprises as generators of employment and promoters of innovation and "
    "decent work": (
        "Des entreprises durables, sources d'emplois et moteurs d'innovation et de travail "
        "décent",
        "Empresas sostenibles como generadoras de empleo y promotoras de la innovación y el "
        "trabajo decente"),
    "Skills and lifelong learning to facilitate access to and transitions in the labour "
    "market": (
        "Des compétences et l'apprentissage tout au long de la vie pour faciliter l'accès au "
        "marché du travail et les transitions sur celui-ci",
        "Competencias y aprendizaje permanente para facilitar el acceso al mercado de trabajo "
        "y las transiciones en el mismo"),
    "Gender equality and equal opportunities and treatment for all in the world of work": (
        "L'égalité de genre et l'égalité de chances et de traitement pour tous dans le monde "
        "du travail",
        "Igualdad de género e igualdad de oportunidades y de trato para todos en el mundo del "
        "trabajo"),
    "Adequate and effective protection at work for all": (
        "Une protection adéquate et efficace au travail pour tous",
        "Protección adecuada y eficaz en el trabajo para todos"),
    "Comprehensive and sustainable social protection for all": (
        "Une protection sociale universelle et durable pour tous",
        "Protección social integral y sostenible para todos"),
}


def title_values(title: str) -> dict[str, str | None]:
    """The title in each language of entry: English, and French and Spanish where known."""
    french, spanish = TITLE_TRANSLATIONS.get(title, (None, None))
    return {"title": title, "title_en": title, "title_fr": french, "title_es": spanish}


FRAMEWORKS = [
    ("SPF 2010-15", "Strategic Policy Framework 2010–15", 2010, 2015,
     "GB.304/PFA/2(Rev.), March 2009"),
    ("P&B 2016-17", "Programme and Budget for the biennium 2016–17", 2016, 2017,
     "Programme and Budget proposals for 2016–17, GB.323/PFA/1, March 2015"),
    ("P&B 2018-19", "Programme and Budget for the biennium 2018–19", 2018, 2019,
     "Programme and Budget proposals for 2018–19, GB.329/PFA/1, March 2017"),
    ("P&B 2020-21", "Programme and Budget for the biennium 2020–21", 2020, 2021,
     "Programme and Budget proposals for 2020–21, GB.335/PFA/1, March 2019"),
    ("P&B 2022-23", "Programme and Budget for the biennium 2022–23", 2022, 2023,
     "Programme and Budget proposals for 2022–23, GB.341/PFA/1, March 2021"),
    ("P&B 2024-25", "Programme and Budget for the biennium 2024–25", 2024, 2025,
     "Programme and Budget proposals for 2024–25, GB.347/PFA/1, March 2023"),
]

FIRST_BIENNIUM = 2010


def load(objective_model, framework_model, outcome_model, biennium_model) -> int:
    """Create or update strategic objectives, frameworks, outcomes and biennia; return the
    number of rows created."""
    created_total = 0
    objectives = {}
    for order, (code, title) in enumerate(STRATEGIC_OBJECTIVES, start=1):
        values = {"title": title, "order": order}
        if _translated(objective_model):
            values.update(title_values(title))
        obj, created = upsert(objective_model, lookup={"code": code}, values=values)
        objectives[title] = obj
        created_total += created
    frameworks = {}
    has_source = any(f.name == "source" for f in framework_model._meta.get_fields())
    for code, title, start, end, source in FRAMEWORKS:
        values = {"title": title, "start_year": start, "end_year": end}
        if has_source:  # (not in the migration that first loads the data)
            values["source"] = source
        fw, created = upsert(framework_model, lookup={"code": code}, values=values)
        frameworks[code] = fw
        created_total += created
    with DATA.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            objective = objectives.get(row["strategic_objective"])
            if objective is not None:
                kind = "policy"
            elif row["strategic_objective"] == "Enabling outcome":
                kind = "enabling"
            else:
                kind = "cross_cutting"
            _, created = upsert(
                outcome_model, lookup={"framework": frameworks[row["framework"]],
                                       "code": row["code"]},
                values={**(title_values(row["title"]) if _translated(outcome_model)
                           else {"title": row["title"]}),
                        "kind": kind, "strategic_objective": objective})
            created_total += created
    created_total += biennia_ensure(biennium_model, framework_model,
                                    through_year=timezone.localdate().year + 2)
    return created_total


def _translated(model) -> bool:
    """Whether ``model`` (maybe a migration's historical one) has the per-language titles."""
    return any(f.name == "title_fr" for f in model._meta.get_fields())


def biennia_ensure(biennium_model, framework_model, *, through_year: int) -> int:
    """Make every biennium from 2010–11 to the one that holds ``through_year`` exist, each
    with the framework whose period covers it (also one imported later); return how many
    were created. There is no last biennium: DWCPs and the calendar create them as needed."""
    frameworks = list(framework_model._default_manager.order_by("start_year"))
    created_total = 0
    for year in range(FIRST_BIENNIUM, through_year + 1, 2):
        framework = next((fw for fw in reversed(frameworks)
                          if fw.start_year <= year <= fw.end_year), None)
        _, created = upsert(
            biennium_model, lookup={"start_year": year},
            values={"code": f"{year}-{(year + 1) % 100:02d}", "framework": framework})
        created_total += created
    return created_total


def load_sdg_targets(sdg_model) -> int:
    """Create or update the SDG targets of ``programmes/data/sdg_targets.csv``."""
    created_total = 0
    with SDG_DATA.open(encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    for row in csv.DictReader(lines):
        _, created = upsert(sdg_model, lookup={"code": row["code"]},
                            values={"goal": int(row["goal"]), "title": row["title"]})
        created_total += created
    return created_total


def load_conventions(convention_model) -> int:
    """Create or update the ILO Conventions and Protocols of
    ``programmes/data/conventions.csv`` (NORMLEX: code, category, year and title)."""
    created_total = 0
    with CONVENTIONS.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            _, created = upsert(convention_model, lookup={"code": row["code"]},
                                values={"title": row["title"], "year": int(row["year"]),
                                        "category": row["category"]})
            created_total += created
    return created_total
