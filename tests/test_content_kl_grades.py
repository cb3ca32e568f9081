"""The Kellgren-Lawrence content kind: the project file is valid, mistakes are named."""

from __future__ import annotations

from pathlib import Path

import yaml

from kneelib.content.base import validate_paths

GOOD = Path(__file__).resolve().parent.parent / "data" / "kellgren_lawrence.yaml"


def write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "kellgren_lawrence.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_project_file_is_valid():
    assert validate_paths([GOOD]) == []


def test_grades_out_of_order_are_reported(tmp_path):
    data = yaml.safe_load(GOOD.read_text(encoding="utf-8"))
    data["grades"] = [data["grades"][1], data["grades"][0]] + data["grades"][2:]
    problems = [str(p) for p in validate_paths([write(tmp_path, data)])]
    assert problems == [
        f"{tmp_path / 'kellgren_lawrence.yaml'}: -: grades: expected grades 0, 1, 2, 3, 4 once each in order, found [1, 0, 2, 3, 4]"
    ]


def test_unknown_osteophyte_word_is_reported(tmp_path):
    data = yaml.safe_load(GOOD.read_text(encoding="utf-8"))
    data["grades"][2]["osteophytes"] = "some"
    problems = [str(p) for p in validate_paths([write(tmp_path, data)])]
    assert (
        len(problems) == 1
        and "grades.#3.osteophytes: expected one of 'none', 'possible', 'definite', 'multiple' or 'large'"
        in problems[0]
    )
