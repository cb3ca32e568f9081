"""The one base of every error kneelib raises on purpose.

``KneelibError`` is a ``ValueError``, so code that catches ValueError keeps
working. Its message is written for the person in front of the screen: a student
whose entry was refused, an author whose content file has a mistake, an
instructor whose export file is damaged. A view shows a student only these
messages (``kneelib.widgets.common.guarded``); any other exception is a bug, and
is logged instead of being shown.
"""

from __future__ import annotations

__all__ = ["InputError", "KneelibError"]


class KneelibError(ValueError):
    """A refused input or unusable content; the message says where, what was expected and what was found."""


class InputError(KneelibError):
    """A student's entry that the logic refused (empty, out of range, not a number); shown beside the widget."""
