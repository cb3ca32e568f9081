"""The question types, by the YAML ``type`` value that chooses them.

Adding a type: its content model in ``kneelib.content.questions`` (the file
format), its handler module in this package, its input view in
``kneelib.widgets.qtypes``, and one entry here.
"""

from __future__ import annotations

from typing import Any

from .base import QuestionType
from .matching import MatchingType
from .multiple import MultipleChoiceType
from .numeric import NumericType
from .ordering import OrderingType
from .single import SingleChoiceType

__all__ = ["HANDLERS", "handler_for"]

#: Every question type's handler, by its discriminator.
HANDLERS: dict[str, QuestionType] = {
    h.name: h
    for h in (
        SingleChoiceType(),
        MultipleChoiceType(),
        NumericType(),
        MatchingType(),
        OrderingType(),
    )
}


def handler_for(question: Any) -> QuestionType:
    """The handler of a question record, chosen by its ``type``; TypeError for anything else."""
    handler = HANDLERS.get(getattr(question, "type", None))
    if handler is None or not isinstance(question, handler.model):
        raise TypeError(f"expected a question record, found {type(question).__name__}")
    return handler
