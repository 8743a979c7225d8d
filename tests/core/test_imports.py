"""core.imports, the one shape of spreadsheet imports: headers in any language, every row
error with its line and column, all or nothing, a preview that writes nothing, hostile and
huge files refused with a sentence, the template."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from constituents.models import Constituent, ConstituentType
from constituents.services import constituent_create
from core.errors import ApplicationError
from core.imports import (
    Column,
    Importer,
    ImportRefused,
    ImportSpec,
    Item,
    RowOutcome,
    RowReader,
    SheetSpec,
    choice_map,
    import_or_refuse,
    import_run,
    import_template,
    reason_for,
)
from core.tables import MAX_ROWS, read_sheets
from tests.factories import country

pytestmark = pytest.mark.django_db

ORGS = SheetSpec("orgs", gettext_lazy("Constituents"), (
    Column("name", gettext_lazy("Name"), "", required=True, example="Union"),
    Column("type", gettext_lazy("Type"), "", example="workers"),
    Column("members", gettext_lazy("Members"), "", example="1234.5"),
    Column("since", gettext_lazy("Country"), "", example="2020-01-31"),
    Column("active", gettext_lazy("Active"), "", example="yes"),
))
NOTES = SheetSpec("notes", gettext_lazy("Notes"), (
    Column("name", gettext_lazy("Name"), "", required=True),
    Column("note", gettext_lazy("Notes"), "", required=True),
), required=False)
SPEC = ImportSpec("toy", (ORGS, NOTES))


class Toy(Importer):
    """Creates constituents of Albania through the service; remembers what it parsed."""

    spec = SPEC

    def __init__(self, *, user: Any, refuse: str = "") -> None:
        super().__init__(user=user)
        self.refuse, self.parsed = refuse, []
        self.types = choice_map(ConstituentType.choices)

    def begin(self) -> None:
        if self.refuse:
            raise ApplicationError(self.refuse)

    def parse(self, sheet: SheetSpec, row: RowReader) -> dict[str, Any] | None:
        if sheet is NOTES:
            return {"name": row.text("name"), "note": row.text("note")}
        values = {"name": row.text("name", required=True, max_length=255),
                  "type": row.choice("type", self.types, required=True, allowed="…"),
                  "members": row.decimal("members", minimum=Decimal(0), places=1),
                  "since": row.date("since"), "active": row.boolean("active", default=True)}
        self.parsed.append(values)
        return values

    def write(self, item: Item, *, reason: str) -> RowOutcome:
        if item.sheet is NOTES:
            return RowOutcome(key=item.values["name"], action="unchanged")
        created = constituent_create(country=country("ALB"), name=item.values["name"],
                                     type=item.values["type"], reason=reason, user=self.user)
        return RowOutcome(key=created.name, action="create", record=created)


def _csv(text: str) -> io.BytesIO:
    data = io.BytesIO(text.encode("utf-8-sig"))
    data.name = "orgs.csv"
    return data


def _xlsx(sheets: dict[str, list[list[Any]]]) -> io.BytesIO:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "orgs.xlsx"
    return out


def test_every_row_error_is_listed_with_line_and_column_and_nothing_is_written(field_user):
    content = ("Name,Type,Members,Country,Active\n"
               "Union A,workers,10,2020-01-31,yes\n"
               ",robots,ten,31 February,perhaps\n"    # line 3: five problems
               "\n"                                   # an empty line is skipped
               "Union B,workers,-1,,\n"              # line 5
               "Union A,workers,,,\n")               # line 6: refused by the service
    result = import_run(Toy(user=field_user), file=_csv(content), apply=True)
    assert not result.applied
    assert [(e.line, e.column) for e in result.errors] == [
        (3, "name"), (3, "type"), (3, "members"), (3, "since"), (3, "active"),
        (5, "members"), (6, "name")]
    assert str(result.errors[0]) == \
        "Constituents, row 3, Name: Enter a value: this column is required."
    assert "already" in result.errors[-1].message
    assert not Constituent.objects.exists()


def test_a_preview_writes_nothing_and_an_apply_writes_all(field_user):
    content = "name,type\nUnion A,workers\nUnion B,employers\n"
    preview = import_run(Toy(user=field_user), file=_csv(content), apply=False)
    assert preview.ok and not preview.applied
    assert [(r.line, r.action) for r in preview.rows] == [(2, "create"), (3, "create")]
    assert not Constituent.objects.exists()
    applied = import_run(Toy(user=field_user), file=_csv(content), apply=True, reason="Why")
    assert applied.applied and Constituent.objects.count() == 2
    record = Constituent.objects.get(name="Union B").history.first()
    assert (record.history_user, record.history_change_reason) == \
        (field_user, "Why (imported from orgs.csv)")


def test_headers_are_read_in_english_french_spanish_or_as_keys(field_user):
    for header in ("Name,Type", "Nom,Type", "Nombre,Tipo", "name,type", " NAME ,type"):
        importer = Toy(user=field_user)
        result = import_run(importer, file=_csv(f"{header}\nUnion,workers\n"), apply=False)
        assert result.ok, (header, result.errors)


def test_unknown_columns_are_ignored_and_named_a_missing_one_is_an_error(field_user):
    result = import_run(Toy(user=field_user), file=_csv("Name,Type,Colour\nA,workers,red\n"),
                        apply=False)
    assert result.ok and result.ignored == ["Colour"]
    result = import_run(Toy(user=field_user), file=_csv("Type\nworkers\n"), apply=True)
    assert result.problem == "columns" and "“Name” (name)" in result.errors[0].message
    result = import_run(Toy(user=field_user), file=_csv("Name,Nom\nA,B\n"), apply=True)
    assert result.errors[0].message.startswith("The column is in the file twice")


def test_numbers_and_dates_in_the_users_convention(field_user):
    content = 'Nom;Type;Members;Pays\nUnion;workers;"1 234,5";31/01/2020\n'
    importer = Toy(user=field_user)
    with translation.override("fr"):
        result = import_run(importer, file=_csv(content), apply=False)
    assert result.ok, result.errors
    assert importer.parsed[0]["members"] == Decimal("1234.5")
    assert importer.parsed[0]["since"] == dt.date(2020, 1, 31)
    importer = Toy(user=field_user)
    result = import_run(importer, file=_csv('Name,Type,Members\nUnion,workers,"1,234.5"\n'),
                        apply=False)
    assert importer.parsed[0]["members"] == Decimal("1234.5")


def test_choices_are_read_by_value_or_label_in_any_language(field_user):
    for value in ("workers", "Workers' organization", "WORKERS"):
        importer = Toy(user=field_user)
        assert import_run(importer, file=_csv(f'Name,Type\nA,"{value}"\n'), apply=False).ok
        assert importer.parsed[0]["type"] == "workers"


def test_a_workbooks_sheets_are_found_by_title_and_typed_cells_read(field_user):
    book = _xlsx({"Instructions": [["nothing"]],
                  "Constituents": [["Name", "Type", "Members", "Country", "Active"],
                                   ["Union", "workers", 1234.5, dt.datetime(2020, 1, 31),
                                    False]],
                  "Notes": [["Name", "Notes"], ["Union", "hello"]]})
    importer = Toy(user=field_user)
    result = import_run(importer, file=book, apply=True)
    assert result.applied, result.errors
    assert importer.parsed[0]["members"] == Decimal("1234.5")
    assert importer.parsed[0]["since"] == dt.date(2020, 1, 31)
    assert importer.parsed[0]["active"] is False
    assert [(r.sheet, r.action) for r in result.rows] == [("orgs", "create"),
                                                         ("notes", "unchanged")]


def test_a_csv_is_the_sheet_whose_columns_it_has(field_user):
    result = import_run(Toy(user=field_user), file=_csv("Name,Notes\nA,b\n"), apply=False)
    assert [r.sheet for r in result.rows] == ["notes"]


def test_errors_of_several_sheets_name_their_sheet(field_user):
    book = _xlsx({"Constituents": [["Name", "Type"], ["", "workers"]],
                  "Notes": [["Name", "Notes"], ["", ""]]})
    result = import_run(Toy(user=field_user), file=book, apply=True)
    assert str(result.errors[0]).startswith("Constituents, row 2, Name:")


def test_a_refusal_of_the_whole_file_is_its_sentence(field_user):
    with pytest.raises(ImportRefused, match="closed"):
        import_or_refuse(Toy(user=field_user, refuse="The intervention is closed."),
                         file=_csv("Name,Type\nA,workers\n"))


@pytest.mark.parametrize("data", [
    b"PK\x03\x04broken",  # not a zip
    "Name\n\u00e9".encode("utf-16"),  # not UTF-8
    b"",
])
def test_unreadable_files_are_a_sentence(field_user, data):
    result = import_run(Toy(user=field_user), file=io.BytesIO(data), name="x.xlsx"
                        if data.startswith(b"PK") else "x.csv", apply=True)
    assert result.problem == "unreadable" and result.errors[0].message
    with pytest.raises(ImportRefused, match="could not be read"):
        raise ImportRefused(result)


def test_a_workbook_with_entities_is_refused():
    bomb = io.BytesIO()
    source = _xlsx({"Constituents": [["Name"], ["A"]]})
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(bomb, "w") as out:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"^<\?xml[^>]*\?>", b"", data).replace(
                    b"</sheetData>", b'<row r="3"><c r="A3" t="inlineStr"><is><t>&b;</t></is>'
                    b'</c></row></sheetData>')
                data = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
                        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>' + data)
            out.writestr(item, data)
    with pytest.raises(ApplicationError, match="could not be read"):
        read_sheets(bomb.getvalue(), name="bomb.xlsx")


def test_a_file_of_too_many_rows_is_refused_before_any_work(field_user):
    content = "Name,Type\n" + "A,workers\n" * (MAX_ROWS + 1)
    result = import_run(Toy(user=field_user), file=_csv(content), apply=True)
    assert not result.applied and str(MAX_ROWS) in result.errors[0].message


def test_the_template_has_the_headers_an_example_and_a_read_me():
    with translation.override("fr"):
        book = load_workbook(io.BytesIO(import_template(SPEC)))
    assert book.sheetnames[-1] == "Instructions"
    first = book.worksheets[0]
    assert [c.value for c in first[1]] == ["Nom", "Type", "Members", "Pays", "Active"]
    assert [c.value for c in first[2]][:2] == ["Union", "workers"]
    readme = list(book.worksheets[-1].iter_rows(values_only=True))
    assert len(readme) >= 1 + len(ORGS.columns) + len(NOTES.columns)


def test_the_reason_fits_the_history():
    assert reason_for("f.csv") == "Imported from f.csv"
    assert len(reason_for("x" * 300, "why")) == 100
