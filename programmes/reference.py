"""Reference data of the ILO results framework, loaded by a data migration and by
``manage.py load_reference_data`` (idempotent).

Sources: strategic objectives — ILO Constitution / Declaration on Social Justice for a Fair
Globalization (2008); P&B outcomes — ``programmes/data/pb_outcomes.csv`` (copied from
``shared/data/pb_outcomes.csv``: the 19 outcomes of the Strategic Policy Framework 2010–15,
GB.304/PFA/2(Rev.), and the outcomes of the Programme and Budget for 2020–21); biennia —
2010–11 to 2026–27."""
from __future__ import annotations

import csv
from pathlib import Path

from core.upsert import upsert

DATA = Path(__file__).resolve().parent / "data" / "pb_outcomes.csv"
SDG_DATA = Path(__file__).resolve().parent / "data" / "sdg_targets.csv"

STRATEGIC_OBJECTIVES = [
    ("standards", "Standards and fundamental principles and rights at work"),
    ("employment", "Employment"),
    ("social_protection", "Social protection"),
    ("social_dialogue", "Social dialogue"),
]

FRAMEWORKS = [
    ("SPF 2010-15", "Strategic Policy Framework 2010–15", 2010, 2015),
    ("P&B 2020-21", "Programme and Budget for the biennium 2020–21", 2020, 2021),
]

FIRST_BIENNIUM, LAST_BIENNIUM = 2010, 2026


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
    for code, title, start, end in FRAMEWORKS:
        fw, created = upsert(framework_model, lookup={"code": code},
                             values={"title": title, "start_year": start, "end_year": end})
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
    for year in range(FIRST_BIENNIUM, LAST_BIENNIUM + 1, 2):
        framework = next((fw for code, _, start, end in FRAMEWORKS
                          if start <= year <= end for fw in [frameworks[code]]), None)
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
