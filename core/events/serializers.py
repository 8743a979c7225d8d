"""The JSON of an event: the feed's items and the body POSTed to webhooks are the same."""
from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Event


class EventObjectSerializer(serializers.Serializer[Any]):
    type = serializers.CharField(source="object_type", help_text="app_label.model")
    id = serializers.CharField(source="object_id")
    country = serializers.CharField(source="country.iso3", default=None, allow_null=True,
                                    help_text="ISO 3166 alpha-3 code of its country")
    group = serializers.CharField(allow_null=True,
                                  help_text="The constituent group it concerns, if any")


class EventSerializer(serializers.ModelSerializer[Event]):
    actor = serializers.SerializerMethodField()
    object = EventObjectSerializer(source="*")

    class Meta:
        model = Event
        fields = ["id", "kind", "occurred_at", "actor", "object", "payload"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor(self, event: Event) -> str | None:
        """Who did it (their name as the app shows it); null for the system."""
        user = event.actor
        if user is None:
            return None
        return user.get_full_name() or user.get_username()


def event_json(event: Event) -> dict[str, Any]:
    return dict(EventSerializer(event).data)
