"""Reference data for regions and ILO member States, loaded by a data migration and by
``manage.py load_reference_data`` (idempotent: re-running changes nothing).

Source: ``constituents/data/ilo_member_states.csv`` (ILO member States, ISO 3166-1 codes, ILO
region; see the file's header)."""
from __future__ import annotations

import csv
from pathlib import Path

from core.upsert import upsert

DATA = Path(__file__).resolve().parent / "data" / "ilo_member_states.csv"

REGIONS = [
    ("AF", "Africa"),
    ("AM", "Americas"),
    ("AS", "Arab States"),
    ("AP", "Asia and the Pacific"),
    ("EU", "Europe and Central Asia"),
]

# Delivering as One pilots among ILO member States [seeds/004 fn 7].
DELIVERING_AS_ONE_PILOTS = {"AL", "CV", "MZ", "PK", "RW", "TZ", "UY", "VN"}


def member_states() -> list[dict[str, str]]:
    with DATA.open(encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.DictReader(lines))


def load(region_model, country_model) -> tuple[int, int]:
    """Create or update regions and countries; return how many rows were created."""
    created_regions = created_countries = 0
    regions = {}
    for code, name in REGIONS:
        region, created = upsert(region_model, lookup={"code": code}, values={"name": name})
        regions[code] = region
        created_regions += created
    for row in member_states():
        _, created = upsert(
            country_model,
            lookup={"iso2": row["iso2"]},
            values={"iso3": row["iso3"], "iso_numeric": row["iso_numeric"],
                    "name": row["name"], "region": regions[row["region"]], "ilo_member": True},
            create_only={"delivering_as_one_pilot": row["iso2"] in DELIVERING_AS_ONE_PILOTS},
        )
        created_countries += created
    return created_regions, created_countries
