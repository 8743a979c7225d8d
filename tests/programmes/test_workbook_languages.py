"""Workbook imports read numbers typed in the uploader's language (issue 16, point 4): a
decimal comma in French and Spanish, thousands separators between groups of three, and the
decimal point everywhere; the worker's check reads and explains in the uploader's language."""
import uuid
from decimal import Decimal, InvalidOperation

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import translation

from core.models import TaskRun
from core.numbers import parse_decimal
from core.roles import Role
from programmes.models import Indicator
from programmes.services.workbook.preview_run import (
    kept_name,
    workbook_preview_found,
    workbook_preview_queue,
    workbook_preview_run,
)
from tests.factories import UserFactory, country
from tests.programmes.test_workbook import _book, _import, _indicator_row

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "text", "expected"), [
    ("en", "12.5", "12.5"), ("en", "1,234.5", "1234.5"), ("en", "1,234", "1234"),
    ("fr", "12,5", "12.5"), ("fr", "1 234,5", "1234.5"), ("fr", "1\u202f234,5", "1234.5"),
    ("fr", "12.5", "12.5"), ("es", "1.234,5", "1234.5"), ("es", "0,75", "0.75"),
])
def test_numbers_are_read_as_the_language_writes_them(language, text, expected):
    with translation.override(language):
        assert parse_decimal(text) == Decimal(expected)


@pytest.mark.parametrize(("language", "text"), [
    ("en", "12,5"), ("en", "1.234,5"), ("fr", "1,234.5"), ("fr", "1,2,3"), ("es", "abc"),
])
def test_ambiguous_or_foreign_numbers_are_refused_not_misread(language, text):
    with translation.override(language), pytest.raises(InvalidOperation):
        parse_decimal(text)


def _french_book(tmp_path):
    return _book(tmp_path, [_indicator_row(
        unit="percentage", baseline_value="30,5", target_value="50,25",
        **{"milestone 2020-21": "40,5", "milestone 2022-23": "45"})])


def test_a_french_user_imports_decimal_commas(tmp_path):
    user = UserFactory(username="fr.field", role=Role.FIELD_STAFF, countries=[country("ALB")],
                       language="fr")
    with translation.override("fr"):
        result = _import(_french_book(tmp_path), user=user)
    assert result.applied, result.errors
    indicator = Indicator.objects.get(code="ALB101.1")
    assert (indicator.baseline_value, indicator.target_value) == (Decimal("30.5"),
                                                                   Decimal("50.25"))


def test_the_same_cell_is_refused_in_english_with_a_sentence(tmp_path):
    user = UserFactory(username="en.field", role=Role.FIELD_STAFF, countries=[country("ALB")])
    with translation.override("en"):
        result = _import(_french_book(tmp_path), user=user)
    assert not result.applied
    assert ("Indicators, row 2, baseline_value: “30,5” is not a number; enter one such as "
            "12.5." in [str(e) for e in result.errors])
    assert not Indicator.objects.exists()


def test_the_workers_check_reads_in_the_uploaders_language(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    user = UserFactory(username="es.field", role=Role.FIELD_STAFF, countries=[country("ALB")],
                       language="es")
    path = _book(tmp_path, [_indicator_row(baseline_value="1.000,5", target_value="veinte")])
    token = uuid.uuid4().hex
    default_storage.save(kept_name(token), ContentFile(path.read_bytes()))
    run = workbook_preview_queue(user=user, token=token, name="results.xlsx")
    assert workbook_preview_run(TaskRun.objects.get(pk=run.pk)) == {"rows": 0, "errors": 1}
    [error] = workbook_preview_found(token).errors
    # "1.000,5" was read as a number; "veinte" is explained in Spanish.
    assert error.column == "target_value"
    assert "«veinte» no es un número" in error.message
