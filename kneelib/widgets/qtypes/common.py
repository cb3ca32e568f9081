"""What an input view gives the question view: its widget, how to read it, and its named controls."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as widgets

__all__ = ["InputView"]


@dataclass
class InputView:
    """The input part of a question: ``widget`` to show, ``read()`` for the answer ``grade`` expects.

    ``controls`` names the widgets a test or the browser drives (``choice``,
    ``boxes``, ``number``, ``matches``, ``positions``); the question view
    exposes each under that name.
    """

    widget: widgets.Widget
    read: Callable[[], Any]
    controls: Mapping[str, Any] = field(default_factory=dict)
