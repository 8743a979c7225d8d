"""Every catalogue is complete in French and Spanish (issue 16): no string left untranslated
or fuzzy, placeholders kept, and the compiled .mo files are those of the .po files (so what a
user sees is what was translated)."""
import ast
import gettext
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(p for p in ROOT.glob("**/locale/*/LC_MESSAGES/django.po")
                    if ".venv" not in p.parts and "var" not in p.parts)
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]+\}")


def entries(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (list), flags."""
    found, entry, field = [], None, None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if entry and "msgid" in entry:
                found.append(entry)
            entry, field = None, None
            continue
        entry = entry if entry is not None else {"flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"].update(f.strip() for f in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if isinstance(field, tuple):
                entry["msgstr"][field[1]] += value
            else:
                entry[field] += value
        else:
            key, _, rest = line.partition(" ")
            value = ast.literal_eval(rest)
            match = re.fullmatch(r"msgstr\[(\d+)\]", key)
            if match or key == "msgstr":
                field = ("msgstr", int(match.group(1)) if match else 0)
                entry["msgstr"][field[1]] = value
            else:
                field = key
                entry[key] = value
    return [e for e in found if e["msgid"]]  # the header has an empty msgid


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_string_is_translated_with_its_placeholders(path):
    assert path.parent.parent.name in ("fr", "es")
    problems = []
    for entry in entries(path):
        where = entry["msgid"][:60]
        if "fuzzy" in entry["flags"]:
            problems.append(f"fuzzy: {where}")
        for number, text in entry["msgstr"].items():
            if not text:
                problems.append(f"untranslated: {where}")
                continue
            source = entry["msgid_plural"] if number and "msgid_plural" in entry \
                else entry["msgid"]
            missing = set(PLACEHOLDER.findall(source)) - set(PLACEHOLDER.findall(text))
            if missing and not ("msgid_plural" in entry and number == 0):
                problems.append(f"placeholders {sorted(missing)} lost: {where}")
    assert problems == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_compiled_catalogue_is_the_translated_one(path):
    mo = path.with_suffix(".mo")
    assert mo.exists(), f"run manage.py compilemessages: {mo} is missing"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in entries(path):
        key = entry["msgid"] if "msgctxt" not in entry else \
            f"{entry['msgctxt']}\x04{entry['msgid']}"
        if "msgid_plural" in entry:
            assert compiled._catalog.get((key, 1)) == entry["msgstr"][1], (
                f"{mo} is out of date: run manage.py compilemessages")
        else:
            assert compiled._catalog.get(key) == entry["msgstr"][0], (
                f"{mo} is out of date: run manage.py compilemessages")
