"""The public API: every name in __all__ resolves, and importing kneelib stays light."""

import subprocess
import sys

import pytest

import kneelib


@pytest.mark.parametrize("name", kneelib.__all__)
def test_every_public_name_resolves_to_a_documented_callable_or_class(name):
    obj = getattr(kneelib, name)
    assert callable(obj)
    assert (obj.__doc__ or "").strip(), f"{name} has no docstring"


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="module 'kneelib' has no attribute 'show_everything'"):
        kneelib.show_everything  # noqa: B018


def test_importing_kneelib_does_not_import_widgets_pandas_or_matplotlib():
    code = "import sys, kneelib; print(sorted(m for m in ('ipywidgets', 'pandas', 'matplotlib') if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
