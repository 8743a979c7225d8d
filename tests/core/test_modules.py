"""core.modules.optional_modules: how apps find the parts (api, views) they have."""
import pytest

from core.modules import optional_modules


def test_missing_modules_are_skipped_and_order_is_kept():
    found = list(optional_modules(["programmes.api.dwcp", "evaluation.no_such_module",
                                   "constituents.api"]))

    assert [m.__name__ for m in found] == ["programmes.api.dwcp", "constituents.api"]


def test_a_module_failing_on_its_own_missing_import_is_not_hidden(tmp_path, monkeypatch):
    (tmp_path / "broken_part.py").write_text("import no_such_dependency_xyz\n")
    monkeypatch.syspath_prepend(str(tmp_path))

    with pytest.raises(ModuleNotFoundError, match="no_such_dependency_xyz"):
        list(optional_modules(["broken_part"]))
