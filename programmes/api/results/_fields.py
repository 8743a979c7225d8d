"""Serializer helpers shared by the results API's modules."""
from __future__ import annotations

from rest_framework import serializers

REASON_HELP = ("Why the baseline, target or a milestone is revised (required when one of them "
               "changes; kept with the old value) — also the change reason in the history.")


def _reason() -> serializers.CharField:
    return serializers.CharField(write_only=True, required=False, allow_blank=True,
                                 help_text=REASON_HELP)


def _is_single(instance) -> bool:
    return instance is not None and not isinstance(instance, list | tuple)


_USER = {"slug_field": "username", "read_only": True}
