"""Which sources a ``show_*`` view displays, declared beside the view.

Each ``show_*`` function carries ``@displays(references)``, where
``references`` takes the function's own arguments and returns the reference
ids the view can show. tools/make_nav.py reads the declarations of the calls in
a notebook's code cells to build its reference list, so every source a widget
puts on screen is listed; a test builds every notebook's views and checks that
what ``kneelib.text.cite`` was asked to show lies inside the declaration.

Pure: imports no widget or plotting library.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import Any, TypeVar

__all__ = ["declared_references", "displays", "recording", "refs_in"]

F = TypeVar("F", bound=Callable[..., Any])
ATTRIBUTE = "displayed_references"

_recorders: ContextVar[tuple[list[str], ...]] = ContextVar("kneelib_citation_recorders", default=())


def displays(references: Callable[..., Iterable[str]]) -> Callable[[F], F]:
    """Declare the reference ids a ``show_*`` function displays, given its arguments."""

    def mark(function: F) -> F:
        setattr(function, ATTRIBUTE, references)
        return function

    return mark


def declared_references(function: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[str, ...]:
    """The ids ``function`` declares for these arguments, in order, without repeats."""
    declare = getattr(function, ATTRIBUTE, None)
    if declare is None:
        name = getattr(function, "__qualname__", repr(function))
        raise TypeError(f"{name}: expected a @displays(...) declaration, found none")
    return tuple(dict.fromkeys(declare(*args, **kwargs)))


def refs_in(*records: Any) -> tuple[str, ...]:
    """Every reference id in content records (or sequences of them), in order of first use."""
    from pydantic import BaseModel

    from .content.base import iter_refs

    ids: list[str] = []
    for record in records:
        items = record if isinstance(record, (list, tuple)) else (record,)
        for item in items:
            if isinstance(item, BaseModel):
                ids += [ref for _, _, ref in iter_refs(item)]
            else:  # a calculator's dataclass record: its own ``references``
                own = getattr(item, "references", ())
                ids += [own] if isinstance(own, str) else list(own)
    return tuple(dict.fromkeys(ids))


def note_cited(ref_ids: Iterable[str]) -> None:
    """Tell every active recorder which ids are being shown (called by kneelib.text.cite)."""
    recorders = _recorders.get()
    if recorders:
        ids = list(ref_ids)
        for seen in recorders:
            seen.extend(ids)


@contextlib.contextmanager
def recording() -> Iterator[list[str]]:
    """Collect the reference ids that views show while the block runs."""
    seen: list[str] = []
    token = _recorders.set((*_recorders.get(), seen))
    try:
        yield seen
    finally:
        _recorders.reset(token)
