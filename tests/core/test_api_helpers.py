"""core.api serializer helpers: parents fixed once a record exists, the change reason."""
from rest_framework import serializers

from constituents.models import Constituent
from core.api import ReadOnlyOnUpdate, is_single, reason_field


class _OrganizationSerializer(ReadOnlyOnUpdate, serializers.ModelSerializer):
    reason = reason_field("Why.")
    read_only_on_update = ("country",)

    class Meta:
        model = Constituent
        fields = ["id", "country", "name", "reason"]


def test_the_parent_is_given_on_create_and_fixed_on_update():
    assert not _OrganizationSerializer().fields["country"].read_only
    assert _OrganizationSerializer(instance=Constituent()).fields["country"].read_only
    assert not _OrganizationSerializer(instance=Constituent()).fields["name"].read_only


def test_a_list_is_not_one_object():
    assert is_single(Constituent())
    assert not is_single(None)
    assert not is_single([Constituent(), Constituent()])


def test_the_reason_is_optional_write_only_and_short():
    field = _OrganizationSerializer().fields["reason"]

    assert field.write_only and not field.required and field.allow_blank
    assert field.max_length == 100 and field.help_text == "Why."
    assert reason_field("Why.", max_length=None).max_length is None
