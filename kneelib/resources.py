"""Where the content (data/) and the series (notebooks/) are, in a wheel and in a checkout.

The repository keeps both folders at its top. A wheel (``pip install .``) carries
them inside the package as ``kneelib/data`` and ``kneelib/notebooks`` (see
setup.py), found with ``importlib.resources``. An editable install or a plain
checkout has no such folders inside the package, so the checkout's own folders
are used. ``$KNEELIB_DATA`` overrides where the content is read from.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

__all__ = ["DATA_ENV", "data_dir", "folder_candidates", "missing_folder_message", "notebooks_dir"]

DATA_ENV = "KNEELIB_DATA"

_CHECKOUT = Path(__file__).resolve().parent.parent


def folder_candidates(name: str) -> list[Path]:
    """Where folder ``name`` is looked for, in order: inside the installed package, then the checkout."""
    packaged = resources.files("kneelib") / name
    # An installed wheel is a folder on disk; the traversable is then a plain path.
    inside = Path(str(packaged))
    return [inside, _CHECKOUT / name]


def _first_folder(name: str) -> Path:
    candidates = folder_candidates(name)
    return next((path for path in candidates if path.is_dir()), candidates[0])


def data_dir() -> Path:
    """The content folder: ``$KNEELIB_DATA`` if set, else the installed package's data, else the checkout's."""
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env).expanduser()
    return _first_folder("data")


def notebooks_dir() -> Path:
    """The folder of the series: the installed package's notebooks, else the checkout's."""
    return _first_folder("notebooks")


def missing_folder_message(name: str) -> str:
    """What was looked for and where, for a message when folder ``name`` is missing."""
    if name == "data" and os.environ.get(DATA_ENV):
        return f"the content folder named by {DATA_ENV} ({data_dir()})"
    places = " and ".join(str(p) for p in folder_candidates(name))
    hint = f"; set {DATA_ENV} to a content folder" if name == "data" else ""
    return f"the {'content' if name == 'data' else name} folder (looked in {places}{hint})"
