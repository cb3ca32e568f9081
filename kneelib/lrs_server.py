"""Ralph, the learning record store, started for an instructor or a test on one machine.

``RalphServer`` runs the real Ralph LRS (package ``ralph-malph``) with its
file-system backend in a folder of its own: accounts are made with Ralph's own
``ralph auth`` command, and the server is Ralph's FastAPI application under
uvicorn, started in its own process group and stopped with it.

Two settings matter:

- ``RALPH_LRS_RESTRICT_BY_SCOPES`` and ``RALPH_LRS_RESTRICT_BY_AUTHORITY`` are
  on, so the students' account (scope ``statements/write``) can write but not
  read, and reading everyone's answers needs the instructor's account (``all``);
- Ralph 5.1's file-system backend opens its one statements file in *create*
  mode, so every POST after the first fails ("already exists and overwrite is
  not allowed"). ``python -m kneelib.lrs_server`` starts the same application
  with that backend set to *append*, which is what an LRS needs. The other
  backends (ClickHouse, MongoDB, Elasticsearch) do not need this; see
  docs/workshop.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path

__all__ = ["RalphServer", "free_port", "main"]

READY_TIMEOUT = 30.0


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free on ``host`` just now."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _ralph_command() -> str:
    found = Path(sys.executable).with_name("ralph")
    if not found.exists():
        raise RuntimeError(
            "Ralph is not installed in this environment: pip install 'kneelib[lrs]' "
            "(the ralph-malph package with its lrs and cli extras)"
        )
    return str(found)


class RalphServer:
    """One Ralph LRS with its file-system backend in ``folder``; a context manager."""

    def __init__(self, folder: Path | str, host: str = "127.0.0.1", port: int | None = None):
        self.folder = Path(folder)
        self.host = host
        self.port = port or free_port(host)
        self.process: subprocess.Popen | None = None
        (self.folder / "statements").mkdir(parents=True, exist_ok=True)
        (self.folder / "app").mkdir(parents=True, exist_ok=True)

    @property
    def url(self) -> str:
        """The base URL clients use (loopback when the server listens on every address)."""
        shown = "127.0.0.1" if self.host in ("0.0.0.0", "::") else self.host
        return f"http://{shown}:{self.port}"

    @property
    def auth_file(self) -> Path:
        """Ralph's accounts file."""
        return self.folder / "auth.json"

    def environment(self) -> dict[str, str]:
        """The environment Ralph reads its settings from."""
        env = dict(os.environ)
        env.update(
            {
                "RALPH_APP_DIR": str(self.folder / "app"),
                "RALPH_AUTH_FILE": str(self.auth_file),
                "RALPH_RUNSERVER_BACKEND": "fs",
                "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.folder / "statements"),
                "RALPH_LRS_RESTRICT_BY_SCOPES": "true",
                "RALPH_LRS_RESTRICT_BY_AUTHORITY": "true",
                # Pages as long as kneelib.lrs.read_statements asks for (Ralph's default is 100).
                "RALPH_RUNSERVER_MAX_SEARCH_HITS_COUNT": "500",
            }
        )
        return env

    def add_account(self, username: str, password: str, scopes: Sequence[str]) -> None:
        """Create one account (see ``add_accounts``)."""
        self.add_accounts([(username, password, scopes)])

    def add_accounts(self, accounts: Sequence[tuple[str, str, Sequence[str]]]) -> None:
        """Create accounts with Ralph's own ``ralph auth`` command (bcrypt hashes in the accounts file).

        All accounts are made in one process, since each start of Ralph's command line takes seconds.
        """
        args = []
        for username, password, scopes in accounts:
            one = ["auth", "-u", username, "-p", password, "-w", "-A", username, self.url]
            for scope in scopes:
                one += ["-s", scope]
            args.append(one)
        _ralph_command()  # a clear message when Ralph is missing
        run = subprocess.run(
            [sys.executable, "-m", "kneelib.lrs_server", "--ralph-commands", json.dumps(args)],
            env=self.environment(),
            capture_output=True,
            text=True,
            cwd=self.folder,
        )
        if run.returncode != 0:
            raise RuntimeError(f"ralph auth failed: {run.stderr.strip()[-800:]}")

    def start(self) -> RalphServer:
        """Start the server and wait until it answers (RuntimeError with its log otherwise)."""
        log = open(self.folder / "server.log", "ab")  # noqa: SIM115 - closed in stop()
        self._log = log
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "kneelib.lrs_server",
                "--host",
                self.host,
                "--port",
                str(self.port),
            ],
            env=self.environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=self.folder,
            start_new_session=True,
        )
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Ralph exited early:\n{self.log_tail()}")
            if self._answers():
                return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"Ralph did not answer within {READY_TIMEOUT} s:\n{self.log_tail()}")

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + "/__heartbeat__", timeout=2) as r:
                return r.status == 200
        except (OSError, urllib.error.URLError):
            return False

    def stop(self) -> None:
        """Stop the server and its process group (safe to call twice)."""
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        if getattr(self, "_log", None) is not None:
            self._log.close()
            self._log = None

    def log_tail(self, chars: int = 2000) -> str:
        """The end of the server's log."""
        path = self.folder / "server.log"
        return path.read_text(errors="replace")[-chars:] if path.exists() else ""

    def __enter__(self) -> RalphServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve(host: str, port: int, environ: Mapping[str, str] | None = None) -> None:
    """Run Ralph's application here with the file-system backend appending (see the module's note)."""
    from ralph.backends.data.base import BaseOperationType
    from ralph.backends.lrs.fs import FSLRSBackend

    FSLRSBackend.default_operation_type = BaseOperationType.APPEND
    import uvicorn

    uvicorn.run("ralph.api:app", host=host, port=port, log_level="warning")


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m kneelib.lrs_server --host H --port P``: serve Ralph (settings from RALPH_* variables)."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument(
        "--ralph-commands",
        help="JSON list of Ralph command lines to run in this process, then exit",
    )
    args = parser.parse_args(argv)
    if args.ralph_commands:
        from ralph.cli import cli

        for command in json.loads(args.ralph_commands):
            cli.main(command, standalone_mode=False)
        return 0
    serve(args.host, args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
