"""Load and validate the teaching content in data/ (one package owns the formats).

Each content kind is a module here that registers itself when imported. A
notebook imports only the kinds it shows; ``validate_paths``, ``kinds()`` and
the JSON Schema command import every module named in ``base.KIND_MODULES``
first. A new kind is added to that list.
"""

from . import conditions, questions, references  # noqa: F401
from .base import (  # noqa: F401
    ContentError,
    Problem,
    data_dir,
    register_kind,
    validate_paths,
)
from .questions import load_question_bank, load_quiz  # noqa: F401
from .references import load_references  # noqa: F401
