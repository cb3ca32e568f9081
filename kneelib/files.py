"""The one way kneelib writes a file: whole or not at all.

``atomic_write`` writes the new content to a temporary file in the target's
folder, flushes it and fsyncs it, then ``os.replace``s the target with it and,
where the operating system allows (POSIX), fsyncs the folder so that the rename
itself survives a power cut. A crash at any moment leaves either the old file or
the new one, never a mixture; at worst a stray ``.NAME.*.tmp`` file stays behind.
Every file the package writes (progress, exports, schemas, question-bank exports,
gradebooks, notebooks) goes through here.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from pathlib import Path
from typing import Any

__all__ = ["atomic_write", "temporary_name", "write_json", "write_text"]

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def temporary_name(path: Path) -> Path:
    """A fresh temporary file name next to ``path`` (hidden, ends in .tmp)."""
    return path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")


def _fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable; a no-op where folders cannot be opened (Windows)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        # Some file systems (network mounts) refuse to fsync a folder; the file itself is synced.
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path | str, data: bytes, private: bool = False) -> Path:
    """Replace ``path`` with ``data`` atomically and durably; return the path.

    The new file gets the usual permissions (0666 less the umask), or 0600 when
    ``private`` (a student's own records). Raises OSError when the folder cannot
    be written; the old file is then untouched.
    """
    path = Path(path)
    tmp = temporary_name(path)
    fd = os.open(tmp, _FLAGS, 0o600 if private else 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_folder(path.parent)
    return path


def write_text(path: Path | str, text: str, encoding: str = "utf-8", private: bool = False) -> Path:
    """Write ``text`` atomically (see ``atomic_write``)."""
    return atomic_write(path, text.encode(encoding), private=private)


def write_json(path: Path | str, data: Any, indent: int = 1, private: bool = False) -> Path:
    """Write ``data`` as UTF-8 JSON atomically (see ``atomic_write``); unserialisable data raises TypeError first."""
    text = json.dumps(data, indent=indent, ensure_ascii=False) + "\n"
    return write_text(path, text, private=private)
