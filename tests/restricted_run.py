"""Run notebooks' code cells under restrictions like Pyodide's or a read-only hub course folder.

Used by tests/test_delivery.py in a subprocess:

    python tests/restricted_run.py --cwd DIR --allow DIR [--allow DIR] [--deny DIR] [--export NAME] NB.ipynb ...

- starting a thread raises RuntimeError, as in Pyodide ("can't start new thread");
- starting a subprocess or forking raises OSError (Pyodide has none);
- opening a network connection raises OSError (no sockets in Pyodide, and the
  notebooks must not download anything);
- writing, creating, renaming or deleting a file outside the ``--allow`` folders, or
  inside a ``--deny`` folder, raises PermissionError and is recorded (kneelib may
  catch the error; the record still shows it);
- IPython magics (``%pip``) and shell lines (``!``) are skipped: in Pyodide the
  kernel runs them, here there is no kernel;
- ``DIR`` comes first on ``sys.path`` (the browser's notebook folder is the kernel's
  working directory there).

Prints one JSON object: the kneelib file imported, the number of cells run, errors
(notebook, cell, type, message) and blocked writes.
"""

from __future__ import annotations

import _thread
import argparse
import json
import os
import socket
import subprocess
import sys
import threading
import traceback

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
PATH_EVENTS = {"os.remove": 0, "os.rmdir": 0, "os.mkdir": 0, "shutil.rmtree": 0, "os.truncate": 0}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cwd", required=True)
    parser.add_argument("--allow", action="append", default=[])
    parser.add_argument("--deny", action="append", default=[])
    parser.add_argument(
        "--export",
        help="after the notebooks, export results under this name with the export button",
    )
    parser.add_argument("notebooks", nargs="+")
    args = parser.parse_args()
    allowed = [os.path.realpath(p) for p in args.allow]
    denied = [os.path.realpath(p) for p in args.deny]
    blocked: list[str] = []

    def under(path: str, roots: list[str]) -> bool:
        return any(path == r or path.startswith(r + os.sep) for r in roots)

    def check(path: object) -> None:
        if isinstance(path, int) or path is None:
            return
        full = os.path.realpath(os.fsdecode(path))  # type: ignore[arg-type]
        if under(full, denied) or not under(full, allowed):
            blocked.append(full)
            raise PermissionError(13, "write outside the allowed folders", full)

    def hook(event: str, hook_args: tuple) -> None:
        if event == "open":
            path, mode, flags = hook_args
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or bool(
                (flags or 0) & WRITE_FLAGS
            )
            if writing:
                check(path)
        elif event == "os.rename":
            check(hook_args[1])
        elif event in PATH_EVENTS:
            check(hook_args[0])

    def no_thread(*_a: object, **_k: object) -> None:
        raise RuntimeError("can't start new thread (threads are not available in Pyodide)")

    def no_process(*_a: object, **_k: object) -> None:
        raise OSError("subprocesses are not available in Pyodide")

    def no_network(*_a: object, **_k: object) -> None:
        raise OSError("network connections are not available in Pyodide")

    os.chdir(args.cwd)
    sys.path.insert(0, os.path.realpath(args.cwd))
    sys.dont_write_bytecode = True
    threading.Thread.start = no_thread  # type: ignore[method-assign]
    _thread.start_new_thread = no_thread  # type: ignore[assignment]
    subprocess.Popen.__init__ = no_process  # type: ignore[method-assign]
    os.fork = no_process  # type: ignore[assignment]
    os.system = no_process  # type: ignore[assignment]
    socket.socket.connect = no_network  # type: ignore[method-assign]
    socket.socket.connect_ex = no_network  # type: ignore[method-assign]
    socket.create_connection = no_network  # type: ignore[assignment]
    sys.addaudithook(hook)

    errors, cells = [], 0
    for path in args.notebooks:
        with open(path, encoding="utf-8") as handle:
            nb = json.load(handle)
        namespace: dict = {"__name__": "__main__"}
        for n, cell in enumerate(nb["cells"], start=1):
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"])
            code = "\n".join(
                line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))
            )
            cells += 1
            try:
                exec(compile(code, f"{os.path.basename(path)}[cell {n}]", "exec"), namespace)
            except BaseException as exc:
                errors.append(
                    [
                        os.path.basename(path),
                        n,
                        type(exc).__name__,
                        str(exc),
                        traceback.format_exc(limit=-3),
                    ]
                )
                break
    exported = None
    if args.export:
        from kneelib.widgets.export import show_export

        view = show_export()
        view.name.value = args.export
        view.button.click()
        exported = view.feedback.value
    import kneelib

    print(
        json.dumps(
            {
                "kneelib": kneelib.__file__,
                "cells": cells,
                "errors": errors,
                "blocked": sorted(set(blocked)),
                "export_feedback": exported,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
