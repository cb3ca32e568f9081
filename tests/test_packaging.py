"""Where content and notebooks are found, what is said when they are not, and copy-notebooks."""

from __future__ import annotations

from pathlib import Path

import pytest

from kneelib import resources
from kneelib.cli import main
from kneelib.content import load_quiz, validate_paths

ROOT = Path(__file__).resolve().parent.parent
SERIES = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def test_checkout_content_is_used_when_the_package_carries_none(monkeypatch):
    monkeypatch.delenv("KNEELIB_DATA", raising=False)
    assert resources.data_dir() == ROOT / "data"
    assert resources.notebooks_dir() == ROOT / "notebooks"


def test_kneelib_data_overrides(monkeypatch, tmp_path):
    monkeypatch.setenv("KNEELIB_DATA", str(tmp_path))
    assert resources.data_dir() == tmp_path


def test_missing_content_names_the_folders_looked_in_and_kneelib_data(monkeypatch, tmp_path):
    monkeypatch.delenv("KNEELIB_DATA", raising=False)
    monkeypatch.setattr(resources, "_CHECKOUT", tmp_path)
    inside = ROOT / "kneelib" / "data"
    expected = (
        f"{inside}: -: folder: expected the content folder (looked in {inside} and "
        f"{tmp_path / 'data'}; set KNEELIB_DATA to a content folder), found no such folder"
    )
    assert [str(p) for p in validate_paths()] == [expected]
    with pytest.raises(ValueError) as info:
        load_quiz("02-bakers-cyst")
    assert str(info.value) == expected


def test_missing_kneelib_data_folder_is_named(monkeypatch, tmp_path, capsys):
    gone = tmp_path / "gone"
    monkeypatch.setenv("KNEELIB_DATA", str(gone))
    assert main(["validate"]) == 1
    out, err = capsys.readouterr()
    assert out == (
        f"{gone}: -: folder: expected the content folder named by KNEELIB_DATA ({gone}), "
        "found no such folder\n"
    )
    assert err == f"1 problem found in {gone}\n"


def test_copy_notebooks_into_a_new_folder(tmp_path, capsys):
    assert main(["copy-notebooks", str(tmp_path / "course")]) == 0
    assert sorted(p.name for p in (tmp_path / "course").iterdir()) == SERIES
    assert (tmp_path / "course" / SERIES[0]).read_bytes() == (
        ROOT / "notebooks" / SERIES[0]
    ).read_bytes()
    assert capsys.readouterr().out == (
        f"{len(SERIES)} notebooks copied from {ROOT / 'notebooks'} to {tmp_path / 'course'}.\n"
    )


def test_copy_notebooks_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "00-start-here.ipynb").write_text("my own edits")
    assert main(["copy-notebooks", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (
        f"copy-notebooks: {tmp_path}: expected an empty or new folder, found one that is not "
        "empty (add --force to overwrite the notebooks in it)\n"
    )
    assert (tmp_path / "00-start-here.ipynb").read_text() == "my own edits"


def test_copy_notebooks_force_overwrites(tmp_path):
    (tmp_path / "00-start-here.ipynb").write_text("my own edits")
    (tmp_path / "notes.txt").write_text("kept")
    assert main(["copy-notebooks", "--force", str(tmp_path)]) == 0
    assert (tmp_path / "00-start-here.ipynb").read_bytes() == (
        ROOT / "notebooks" / "00-start-here.ipynb"
    ).read_bytes()
    assert (tmp_path / "notes.txt").read_text() == "kept"


def test_copy_notebooks_refuses_a_file(tmp_path, capsys):
    target = tmp_path / "course"
    target.write_text("")
    assert main(["copy-notebooks", str(target)]) == 1
    assert capsys.readouterr().err == (
        f"copy-notebooks: {target}: expected a folder, found a file\n"
    )
