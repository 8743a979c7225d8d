"""Serializer helpers shared by the results API's modules."""
from __future__ import annotations

from rest_framework import serializers

from core.api import reason_field

REASON_HELP = ("Why the baseline, target or a milestone is revised (required when one of them "
               "changes; kept with the old value) — also the change reason in the history.")


def _reason() -> serializers.CharField:
    return reason_field(REASON_HELP, max_length=None)


_USER = {"slug_field": "username", "read_only": True}
