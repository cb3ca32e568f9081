"""The shared machinery of the content pipeline.

Every content kind (questions, references, conditions, cases, ...) is a set of
frozen pydantic models plus a file pattern, registered here with
``register_kind``. ``validate_paths`` loads every file of every kind, turns
each mistake into one ``Problem`` line (file, item id, field, expected, found)
and checks that every reference id used anywhere resolves.
"""

from __future__ import annotations

import csv
import difflib
import functools
import importlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError
from pydantic import Field as PydanticField

from .. import resources
from ..errors import KneelibError

__all__ = [
    "ContentError",
    "ContentKind",
    "Id",
    "Model",
    "NonEmptyRefIds",
    "Problem",
    "RefIds",
    "Text",
    "cached_loader",
    "data_dir",
    "duplicate_id_problems",
    "duplicate_ids",
    "kinds",
    "load_cached",
    "load_checked",
    "load_csv_rows",
    "load_model",
    "load_yaml",
    "register_kind",
    "validate_paths",
]

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

#: An identifier: lower-case letters, digits and hyphens.
Id = Annotated[str, StringConstraints(strict=True, pattern=ID_PATTERN)]
#: Text shown to students; may use **bold**, *italics* and line breaks.
Text = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1)]
#: Reference ids (may be empty).
RefIds = tuple[Id, ...]
#: Reference ids, at least one.
NonEmptyRefIds = Annotated[tuple[Id, ...], PydanticField(min_length=1)]


class Model(BaseModel):
    """Base of every content record: immutable, no unknown fields."""

    # defer_build: a validator is built on first use, so importing kneelib stays cheap
    # and a notebook pays only for the content kinds it loads.
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in a content file, printed as one line."""

    file: str
    item: str
    field: str
    expected: str
    found: str

    def __str__(self) -> str:
        return (
            f"{self.file}: {self.item}: {self.field}: expected {self.expected}, found {self.found}"
        )


class ContentError(KneelibError):
    """Raised when content cannot be loaded; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class ContentKind:
    """A kind of content file: where it lives, how it loads, what it cites."""

    name: str
    pattern: str
    load: Callable[[Path], Any]
    model: type[BaseModel] | None = None
    checks: tuple[Callable[[Any, str], list[Problem]], ...] = field(default=())


_KINDS: dict[str, ContentKind] = {}

#: Every content kind's module. They register themselves on import; ``kinds()`` and
#: ``validate_paths`` import them all, while a notebook imports only what it shows.
KIND_MODULES: tuple[str, ...] = tuple(
    f"kneelib.content.{name}"
    for name in (
        "references",
        "questions",
        "conditions",
        "cases",
        "accuracy",
        "loading",
        "red_flags",
        "nsaid",
        "kl_grades",
        "management",
        "anatomy",
        "investigations",
        "lookalikes",
        "glossary",
    )
)


def _import_all_kinds() -> None:
    for module in KIND_MODULES:
        importlib.import_module(module)


def register_kind(
    name: str,
    pattern: str,
    load: Callable[[Path], Any],
    model: type[BaseModel] | None = None,
    checks: Iterable[Callable[[Any, str], list[Problem]]] = (),
) -> ContentKind:
    """Register a content kind: files matching ``pattern`` (relative to data/) load with ``load``.

    ``load(path)`` returns the validated record or raises ``ContentError``.
    ``model`` is the top-level pydantic model (used for the JSON Schema).
    Each check receives the loaded record and the display file name and returns
    extra problems (for example graph checks of a case).
    """
    kind = ContentKind(name, pattern, load, model, tuple(checks))
    _KINDS[name] = kind
    return kind


def kinds() -> dict[str, ContentKind]:
    """Every content kind by name (all kind modules are imported first)."""
    _import_all_kinds()
    return dict(_KINDS)


def data_dir() -> Path:
    """The content folder: $KNEELIB_DATA if set, else the installed package's data, else the checkout's.

    Raises ContentError naming the folders looked in (and KNEELIB_DATA) when there is none.
    """
    folder = resources.data_dir()
    if not folder.is_dir():
        raise ContentError(
            [
                Problem(
                    str(folder),
                    "-",
                    "folder",
                    resources.missing_folder_message("data"),
                    "no such folder",
                )
            ]
        )
    return folder


def display_name(path: Path) -> str:
    """A short file name for messages: relative to the project when possible."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(resources.data_dir().resolve().parent))
    except ValueError:
        try:
            return str(path.resolve().relative_to(Path.cwd()))
        except ValueError:
            return str(path)


# --------------------------------------------------------------------- YAML


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe YAML loader that refuses duplicate keys instead of dropping one."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        # Plain scalar keys (all of ours) are compared by their text, without building them.
        key = (
            key_node.value
            if isinstance(key_node, yaml.ScalarNode)
            else loader.construct_object(key_node, deep=deep)
        )
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path) -> Any:
    """Parse a YAML file; syntax errors and unreadable files become a ContentError."""
    name = display_name(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(
            [Problem(name, "-", "file", "a readable UTF-8 file", type(exc).__name__ + f" ({exc})")]
        ) from exc
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1} column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ContentError([Problem(name, "-", "yaml", "valid YAML", f"{problem}{where}")]) from exc


def load_csv_rows(path: Path) -> list[dict[str, str]]:
    """Read a CSV file with a header into dictionaries (empty cells as '')."""
    name = display_name(path)
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return [dict(row) for row in csv.DictReader(handle)]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ContentError(
            [
                Problem(
                    name, "-", "file", "a readable UTF-8 CSV file", f"{type(exc).__name__} ({exc})"
                )
            ]
        ) from exc


# ------------------------------------------------------- pydantic -> Problem


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} ({type(value).__name__})"


_EXPECTED = {
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "tuple_type": "a list",
    "list_type": "a list",
    "dict_type": "a mapping (key: value lines)",
    "model_type": "a mapping (key: value lines)",
    "string_pattern_mismatch": "an id of lower-case letters, digits and hyphens",
    "string_too_short": "non-empty text",
}


def _known_fields(model: type[BaseModel] | None) -> list[str]:
    return list(model.model_fields) if model is not None else []


def _locate(raw: Any, loc: tuple[Any, ...]) -> tuple[str, str]:
    """Walk ``loc`` through the raw data; return (item id, field path).

    The item is the first list entry on the way that has an ``id``; the field is
    the rest of the path, with list entries named by their id (or #position).
    """
    item = "-"
    path: list[str] = []
    node = raw
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            node = None
        if isinstance(part, int):
            ident = node.get("id") if isinstance(node, dict) else None
            if isinstance(ident, str) and item == "-":
                item, path = ident, []
            else:
                path.append(ident if isinstance(ident, str) else f"#{part + 1}")
        else:
            path.append(str(part))
    return item, ".".join(path) or "-"


#: Validators raise ValueError("field: expected X, found Y") (field optional).
_MESSAGE = re.compile(r"^(?:([\w.#-]+): )?expected (.*), found (.*)$", re.S)


def problems_from_validation(
    exc: ValidationError, raw: Any, file: str, model: type[BaseModel] | None = None
) -> list[Problem]:
    """Turn a pydantic ValidationError into one Problem per error."""
    problems = []
    errors = exc.errors()
    # pydantic also reports a list as too short when its entries failed; skip that echo.
    deeper = [tuple(e["loc"]) for e in errors]
    errors = [
        e
        for e in errors
        if not (
            e["type"] == "too_short"
            and any(
                len(d) > len(e["loc"]) and d[: len(e["loc"])] == tuple(e["loc"]) for d in deeper
            )
        )
    ]
    for err in errors:
        loc = tuple(err["loc"])
        kind = err["type"]
        # Drop union/discriminator tags from the location.
        clean = tuple(
            p
            for p in loc
            if not (
                isinstance(p, str) and (p.startswith("function-") or p in _union_tags(raw, loc))
            )
        )
        item, fld = _locate(raw, clean)
        inp = err.get("input")
        if kind == "missing":
            problems.append(
                Problem(
                    file, item, fld, f"a value for '{clean[-1]}'", "nothing (the field is missing)"
                )
            )
        elif kind == "extra_forbidden":
            name = str(clean[-1])
            known = _sibling_fields(model, clean[:-1], raw)
            hint = difflib.get_close_matches(name, known, n=1)
            extra = f" (did you mean '{hint[0]}'?)" if hint else ""
            problems.append(
                Problem(
                    file,
                    item,
                    fld,
                    "one of the known fields (" + ", ".join(known) + ")",
                    f"unknown field '{name}'{extra}",
                )
            )
        elif kind == "union_tag_invalid":
            ctx = err.get("ctx", {})
            fld = "type" if fld == "-" else f"{fld}.type"
            problems.append(
                Problem(file, item, fld, f"one of {ctx.get('expected_tags')}", repr(ctx.get("tag")))
            )
        elif kind == "literal_error":
            expected = err.get("ctx", {}).get("expected", "a known value")
            problems.append(Problem(file, item, fld, f"one of {expected}", _describe(inp)))
        elif kind == "union_tag_not_found":
            problems.append(
                Problem(
                    file,
                    item,
                    fld + ".type" if fld != "-" else "type",
                    "a 'type' field",
                    "nothing (the field is missing)",
                )
            )
        elif kind == "too_short":
            ctx = err.get("ctx", {})
            problems.append(
                Problem(
                    file,
                    item,
                    fld,
                    f"at least {ctx.get('min_length')} entries",
                    f"{ctx.get('actual_length')}",
                )
            )
        elif kind == "value_error":
            msg = str(err.get("ctx", {}).get("error", err["msg"]))
            match = _MESSAGE.match(msg)
            if match:
                sub, expected, found = match.groups()
                if sub:
                    fld = sub if fld == "-" else f"{fld}.{sub}"
                problems.append(Problem(file, item, fld, expected, found))
            else:
                problems.append(Problem(file, item, fld, msg, _describe(inp)))
        else:
            expected = _EXPECTED.get(kind, err["msg"].lower())
            problems.append(Problem(file, item, fld, expected, _describe(inp)))
    return problems


def _union_tags(raw: Any, loc: tuple[Any, ...]) -> set[str]:
    """Discriminator tags pydantic inserts into locations (e.g. 'single')."""
    tags: set[str] = set()
    node = raw
    for part in loc:
        if (isinstance(node, dict) and isinstance(part, str) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and node.get("type") == part:
            tags.add(part)
        else:
            node = None
    return tags


def _sibling_fields(model: type[BaseModel] | None, loc: tuple[Any, ...], raw: Any) -> list[str]:
    """The fields allowed where an unknown field was found."""
    current: Any = model
    node = raw
    for part in loc:
        if isinstance(node, dict):
            node = node.get(part) if isinstance(part, str) else None
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            continue
        if current is None or isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        current = _inner_model(info.annotation if info else None, node)
    return _known_fields(current)


def _inner_model(annotation: Any, node: Any) -> type[BaseModel] | None:
    """Find the pydantic model inside an annotation such as tuple[Option, ...] or a union."""
    import typing

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    candidates = []
    for arg in typing.get_args(annotation):
        found = _inner_model(arg, node)
        if found is not None:
            candidates.append(found)
    if isinstance(node, list) and node:
        node = node[0]
    if len(candidates) > 1 and isinstance(node, dict):
        for cand in candidates:
            tag = cand.model_fields.get("type")
            if tag is not None and node.get("type") in typing.get_args(tag.annotation):
                return cand
    return candidates[0] if candidates else None


def load_model(path: Path, model: type[BaseModel]) -> Any:
    """Load a YAML file into ``model``; every mistake becomes a Problem in a ContentError."""
    raw = load_yaml(path)
    return model_from_raw(raw, model, display_name(path))


def load_checked(
    path: Path, model: type[BaseModel], check: Callable[[Any, str], list[Problem]] | None = None
) -> Any:
    """Load a YAML file into ``model``, then run ``check(record, file name)``; any problem raises ContentError."""
    record = load_model(path, model)
    problems = check(record, display_name(path)) if check is not None else []
    if problems:
        raise ContentError(problems)
    return record


@functools.lru_cache(maxsize=64)
def _load_once(load: Callable[[Path], Any], path: str, mtime_ns: int, size: int) -> Any:
    return load(Path(path))


def load_cached(load: Callable[[Path], Any], path: Path | str) -> Any:
    """``load(path)``, remembered until the file changes (its modification time or size).

    The one cache of the content pipeline: every loader of a data file goes through
    it. Records are frozen, so sharing them is safe; a file that fails to load is
    not remembered, so a fixed file is read again at once.
    """
    target = Path(path).resolve()
    stat = target.stat()
    return _load_once(load, str(target), stat.st_mtime_ns, stat.st_size)


def cached_loader(load: Callable[[Path], Any], filename: str, what: str) -> Callable[..., Any]:
    """A loader for one data file: ``data/<filename>`` unless a path is given, read again only when
    the file changes, and a missing file reported as a Problem naming ``what`` was expected."""

    def loader(path: Path | str | None = None) -> Any:
        target = Path(path) if path else data_dir() / filename
        if not target.is_file():
            raise ContentError([Problem(display_name(target), "-", "file", what, "no such file")])
        return load_cached(load, target)

    loader.__doc__ = (
        f"Load {what} (data/{filename} unless a path is given), cached until it changes."
    )
    return loader


def model_from_raw(raw: Any, model: type[BaseModel], file: str) -> Any:
    """Validate already-parsed data against ``model``."""
    if not isinstance(raw, dict):
        raise ContentError(
            [Problem(file, "-", "-", "a mapping at the top of the file", _describe(raw))]
        )
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise ContentError(problems_from_validation(exc, raw, file, model)) from None


def duplicate_ids(ids: Iterable[Any]) -> list[Any]:
    """Every id met again after its first appearance, in order (the one duplicate check)."""
    seen: set[Any] = set()
    again = []
    for ident in ids:
        if ident in seen:
            again.append(ident)
        seen.add(ident)
    return again


def duplicate_id_problems(
    items: Iterable[Any],
    file: str,
    field_name: str,
    id_of: Callable[[Any], Any] = lambda item: item.id,
) -> list[Problem]:
    """A Problem for every id that appears more than once among ``items`` (``id_of`` reads the id)."""
    return [
        Problem(file, ident, "id", f"an id unique within {field_name}", f"'{ident}' more than once")
        for ident in duplicate_ids(id_of(item) for item in items)
    ]


# --------------------------------------------------------------- validation


def iter_refs(record: Any, item: str = "-", path: str = "") -> Iterator[tuple[str, str, str]]:
    """Yield (item id, field, reference id) for every reference used in a record."""
    if isinstance(record, BaseModel):
        own = getattr(record, "id", None)
        if isinstance(own, str) and item == "-":
            item, path = own, ""
        for name in type(record).model_fields:
            value = getattr(record, name)
            sub = f"{path}.{name}" if path else name
            if name in ("references", "reference") and value:
                ids = (value,) if isinstance(value, str) else value
                for ref in ids:
                    yield item, sub, ref
            else:
                yield from iter_refs(value, item, sub)
    elif isinstance(record, (tuple, list)):
        for entry in record:
            own = getattr(entry, "id", None)
            if isinstance(own, str) and item != "-":
                yield from iter_refs(entry, item, f"{path}.{own}")
            else:
                yield from iter_refs(entry, item, path)
    elif isinstance(record, dict):
        for key, value in record.items():
            yield from iter_refs(value, item, f"{path}.{key}" if path else str(key))


def _files_for(paths: Iterable[Path]) -> list[tuple[Path, ContentKind]]:
    """Match each path (a file or a data folder) to its content kind."""
    out: list[tuple[Path, ContentKind]] = []
    unmatched: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for kind in _KINDS.values():
                out.extend((p, kind) for p in sorted(path.glob(kind.pattern)))
        else:
            kind = _kind_for_file(path)
            if kind is None:
                unmatched.append(path)
            else:
                out.append((path, kind))
    if unmatched:
        raise ContentError(
            Problem(
                display_name(p),
                "-",
                "file",
                "a content file (" + ", ".join(k.pattern for k in _KINDS.values()) + ")",
                "a file that matches no content kind" if p.exists() else "no such file",
            )
            for p in unmatched
        )
    return out


def _kind_for_file(path: Path) -> ContentKind | None:
    if not path.is_file():
        return None
    for kind in _KINDS.values():
        parts = Path(kind.pattern).parts
        tail = path.resolve().parts[-len(parts) :]
        if len(tail) == len(parts) and all(Path(t).match(p) for t, p in zip(tail, parts)):
            return kind
    return None


def validate_paths(paths: Iterable[Path] | None = None) -> list[Problem]:
    """Validate content files or data folders (default: data/); return every problem found."""
    from .references import REFERENCES_FILE, load_references_file

    _import_all_kinds()
    try:
        paths = [data_dir()] if paths is None else [Path(p) for p in paths]
        files = _files_for(paths)
    except ContentError as exc:
        return list(exc.problems)
    problems: list[Problem] = []
    # References: from the folder being checked if it has them, else the project's.
    ref_file = next((p for p, k in files if k.name == "references"), None)
    if ref_file is None:
        folders = [p for p in paths if p.is_dir()]
        ref_file = (
            (folders[0] / REFERENCES_FILE)
            if folders and (folders[0] / REFERENCES_FILE).exists()
            else resources.data_dir() / REFERENCES_FILE
        )
    known_refs: set[str] = set()
    ref_error: ContentError | None = None
    try:
        references = load_references_file(ref_file)
        known_refs = set(references)
    except ContentError as exc:
        ref_error = exc
        if not any(p == ref_file for p, _ in files):
            problems.extend(exc.problems)  # otherwise reported below with the other files
    loaded: dict[str, list[tuple[str, Any]]] = {}
    for path, kind in files:
        name = display_name(path)
        try:
            if kind.name == "references" and path == ref_file:
                if ref_error is not None:
                    raise ref_error
                continue  # already loaded and checked above
            record = kind.load(path)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        loaded.setdefault(kind.name, []).append((name, record))
        for check in kind.checks:
            problems.extend(check(record, name))
        if kind.name == "references":
            continue
        for item, fld, ref in iter_refs(record):
            if ref not in known_refs:
                hint = difflib.get_close_matches(ref, sorted(known_refs), n=1)
                extra = f" (did you mean '{hint[0]}'?)" if hint else ""
                problems.append(
                    Problem(
                        name,
                        item,
                        fld,
                        f"a reference id from {display_name(ref_file)}",
                        f"'{ref}'{extra}",
                    )
                )
    for check in _CROSS_CHECKS:
        problems.extend(check(loaded))
    return sorted(set(problems), key=lambda p: (p.file, p.item, p.field, p.expected, p.found))


#: Checks across files (e.g. question ids unique across the bank); each takes
#: {kind name: [(file, record), ...]} and returns problems.
_CROSS_CHECKS: list[Callable[[dict[str, list[tuple[str, Any]]]], list[Problem]]] = []


def register_cross_check(
    check: Callable[[dict[str, list[tuple[str, Any]]]], list[Problem]],
) -> None:
    """Register a check that needs every loaded file at once."""
    _CROSS_CHECKS.append(check)
