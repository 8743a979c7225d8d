"""Demo data of P&B outcome indicators (issue 14, point 1): an ILLUSTRATIVE indicator set
for the Programme and Budget 2022–23 and 2024–25 (``programmes/data/demo_pb_indicators.csv``,
codes ending in "(demo)"; not the ILO's official indicators or targets, which administrators
import), and the demo CPOs' links to P&B outcomes naming the indicator of their theme.

Called by ``programmes.demo`` after the demo programmes exist: :func:`load_indicators`, then
:func:`demo_link_indicators`. Both are idempotent."""
from __future__ import annotations

import hashlib
from pathlib import Path

from programmes import demo_data as D
from programmes.models import CpoOutcomeLink, PBOutcomeIndicator
from programmes.services.framework import cpo_set_outcome_links
from programmes.services.pb import IndicatorImport, pb_indicators_import

DATA = Path(__file__).resolve().parent / "data" / "demo_pb_indicators.csv"
REASON = "Demo data"

# The demo indicator (by the number after the outcome's code) that measures each demo theme;
# a theme missing here, or whose indicator is not of the link's outcome, takes one of the
# outcome's indicators chosen from the CPO's code.
THEME_INDICATOR = {
    "employers": "1.1", "workers": "1.2", "social_dialogue": "1.3", "labour_law": "1.3",
    "employment_policy": "3.1", "youth_employment": "3.2", "crisis_response": "3.3",
    "enterprises": "4.1", "informal_economy": "4.2", "skills": "5.1",
    "osh": "7.1", "labour_inspection": "7.1", "child_labour": "7.2", "forced_labour": "7.2",
    "migration": "7.3", "wages": "7.4", "social_protection": "8.1", "hiv": "8.2",
}


def load_indicators() -> IndicatorImport:
    """Create or update the illustrative indicators of the demo file (its ``#`` lines are
    the file's heading). Raises ``ValueError`` listing the problems if the file is wrong."""
    text = "".join(line for line in DATA.read_text(encoding="utf-8").splitlines(True)
                   if not line.startswith("#"))
    result = pb_indicators_import(file=text.encode("utf-8"), name=DATA.name)
    if result.errors:
        raise ValueError("; ".join(result.errors))
    return result


def _themes() -> dict[str, str]:
    """The theme of each demo CPO, by its code (ISO3 + priority + rank, as ``programmes.demo``
    makes it)."""
    from programmes.demo import cpo_codes

    return {code: cpo.theme for iso3, spec in D.PROGRAMMES.items()
            for _priority, cpo, code in cpo_codes(iso3, spec)}


def demo_link_indicators() -> int:
    """Name, on each demo CPO link to an outcome that has indicators, the indicator its
    CPO's theme reports against; return how many links changed."""
    themes = _themes()
    by_outcome: dict[int, list[PBOutcomeIndicator]] = {}
    for indicator in PBOutcomeIndicator.objects.order_by("order", "code"):
        by_outcome.setdefault(indicator.pb_outcome_id, []).append(indicator)
    changed = 0
    links = (CpoOutcomeLink.objects.filter(pb_outcome_id__in=list(by_outcome),
                                           cpo__code__in=list(themes))
             .select_related("cpo__dwcp", "biennium", "pb_outcome"))
    for link in links:
        choices = by_outcome[link.pb_outcome_id]
        wanted = THEME_INDICATOR.get(themes[link.cpo.code], "")
        digest = int(hashlib.md5(link.cpo.code.encode()).hexdigest(), 16)
        indicator = next((i for i in choices if i.code.split(" ")[0] == wanted),
                         choices[digest % len(choices)])
        if link.pb_indicator_id != indicator.pk:
            cpo_set_outcome_links(cpo=link.cpo, links={}, indicators={link.biennium: indicator},
                                  reason=REASON)
            changed += 1
    return changed


__all__ = ["DATA", "demo_link_indicators", "load_indicators"]
