"""A damaged or hostile workbook is refused with a sentence, never a server error, and costs
little to refuse (issue 18, item 1): truncated XML, entity expansion, undefined entities,
garbage in a date cell, NaN, and a sheet of tens of thousands of rows without a dimension.
Nothing is written."""
import re
import zipfile

import pytest

from programmes.models import Indicator
from programmes.services.workbook import workbook_import
from programmes.services.workbook.reading import MAX_SCANNED_ROWS
from tests.programmes.test_workbook import _book, _indicator_row

pytestmark = pytest.mark.django_db


def _rewrite(path, change):
    """The workbook at ``path`` with each worksheet's XML passed through ``change``."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    for name, data in members.items():
        if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", name):
            members[name] = change(data.decode()).encode()
    out = path.with_name("hostile.xlsx")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out


def _extra_row(xml, cells):
    return xml.replace("</sheetData>", f'<row r="3">{cells}</row></sheetData>')


def _import(path, user):
    with open(path, "rb") as handle:
        return workbook_import(file=handle, user=user)


HOSTILE = {
    "truncated XML": lambda xml: xml[: len(xml) // 2],
    "entity expansion": lambda xml: (
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaaaaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        + _extra_row(re.sub(r"^<\?xml[^>]*\?>", "", xml),
                     '<c r="A3" t="inlineStr"><is><t>&c;</t></is></c>')),
    "undefined entity": lambda xml: _extra_row(
        xml, '<c r="A3" t="inlineStr"><is><t>&undefined;</t></is></c>'),
    "garbage date cell": lambda xml: _extra_row(xml, '<c r="A3" t="d"><v>not a date</v></c>'),
    "NaN in every cell": lambda xml: _extra_row(xml, "".join(
        f'<c r="{column}3"><v>NaN</v></c>' for column in "ABCDEFGHIJKLMNOPQRSTUVWXYZ")),
}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_a_hostile_workbook_is_a_clear_error_and_writes_nothing(tmp_path, field_user, kind):
    path = _rewrite(_book(tmp_path, [_indicator_row()]), HOSTILE[kind])
    result = _import(path, field_user)
    assert not result.applied
    assert result.errors, kind
    assert all(str(error) for error in result.errors)
    assert not Indicator.objects.exists()


def test_a_sheet_of_endless_rows_is_refused_after_a_bounded_read(tmp_path, field_user):
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t> </t></is></c></row>'
                   for n in range(3, MAX_SCANNED_ROWS + 2_000))

    def endless(xml):
        return re.sub(r"<dimension[^>]*/>", "", xml).replace("</sheetData>",
                                                              rows + "</sheetData>")

    result = _import(_rewrite(_book(tmp_path, [_indicator_row()]), endless), field_user)
    assert not result.applied
    assert any("longer than a results workbook can be" in str(e) for e in result.errors)
    assert not Indicator.objects.exists()
