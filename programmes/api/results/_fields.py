"""Serializer helpers shared by the results API's modules."""
from __future__ import annotations

from rest_framework import serializers

from core.api import reason_field

REASON_HELP = ("Why the baseline, target or a milestone is revised (required when one of them "
               "changes; kept with the old value) — also the change reason in the history.")


def _reason() -> serializers.CharField:
    return reason_field(REASON_HELP, max_length=None)


def one_per_biennium(items: list[dict], what: str) -> list[dict]:
    """``items`` (each with a ``biennium``) unless two are of one biennium: a 400 naming it."""
    seen = set()
    for item in items:
        code = item["biennium"].code
        if code in seen:
            raise serializers.ValidationError(
                f"Give one {what} per biennium; {code} appears twice.")
        seen.add(code)
    return items
