"""The layering holds: pure logic modules never import ipywidgets or matplotlib.

Checked in a fresh interpreter, because this test session has long imported both.
One interpreter imports every pure module (everything outside kneelib/widgets and
kneelib/figures, and ``import kneelib`` itself); a view library found in
``sys.modules`` afterwards means some pure module pulled it in, and each module is
then tried alone to name the culprits.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VIEW_LIBRARIES = ("ipywidgets", "matplotlib")
#: Runs the command line on import; checked through kneelib.cli instead.
NOT_IMPORTABLE = {"kneelib.__main__"}

#: argv: the view libraries (comma-separated), then the modules to import.
PROBE = """
import importlib, json, sys
for name in sys.argv[2:]:
    importlib.import_module(name)
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[1].split(",")))))
"""


def pure_modules() -> list[str]:
    names = []
    for path in sorted((ROOT / "kneelib").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[1:2] in (("widgets",), ("figures",)):
            continue
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if name not in NOT_IMPORTABLE:
            names.append(name)
    return names


def view_libraries_after_importing(*modules: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, ",".join(VIEW_LIBRARIES), *modules],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return json.loads(result.stdout)


def test_the_pure_modules_are_found():
    modules = pure_modules()
    assert {"kneelib", "kneelib.quiz", "kneelib.cases", "kneelib.clinical.bayes"} <= set(modules)
    assert "kneelib.content.base" in modules and "kneelib.progress" in modules
    assert not any(m.startswith(("kneelib.widgets", "kneelib.figures")) for m in modules)


def test_import_kneelib_alone_imports_no_view_library():
    assert view_libraries_after_importing("kneelib") == []


def test_no_pure_module_imports_ipywidgets_or_matplotlib():
    modules = pure_modules()
    if view_libraries_after_importing(*modules) == []:
        return
    culprits = {m: libs for m in modules if (libs := view_libraries_after_importing(m))}
    assert culprits == {}


def test_the_probe_sees_a_view_library_when_one_is_imported():
    assert view_libraries_after_importing("kneelib.widgets.common") == ["ipywidgets"]
    assert "matplotlib" in view_libraries_after_importing("kneelib.figures.common")
