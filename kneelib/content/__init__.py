"""Load and validate the teaching content in data/ (one package owns the formats)."""
from .base import (  # noqa: F401
    ContentError,
    Problem,
    data_dir,
    register_kind,
    validate_paths,
)
from . import references, questions, conditions  # noqa: F401,E402
from .questions import load_quiz, load_question_bank  # noqa: F401,E402
from .references import load_references  # noqa: F401,E402
# content kinds added by topic modules register themselves on import:
from . import cases  # noqa: F401
from . import accuracy  # noqa: F401,E402
from . import loading  # noqa: F401,E402
from . import red_flags  # noqa: F401,E402
from . import nsaid  # noqa: F401,E402
from . import kl_grades  # noqa: F401,E402
from . import management  # noqa: F401,E402
from . import anatomy  # noqa: F401,E402
from . import investigations  # noqa: F401,E402
