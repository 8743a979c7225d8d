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
        obj, created = upsert(objective_model, lookup={"code": code},
                              values={"title": title, "order": order})
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
                values={"title": row["title"], "kind": kind, "strategic_objective": objective})
            created_total += created
    created_total += biennia_ensure(biennium_model, framework_model,
                                    through_year=timezone.localdate().year + 2)
    return created_total


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
