"""Servers the tests start on loopback and always stop: Voila for one notebook, Ralph with two accounts."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path

from kneelib.lrs_server import RalphServer, free_port

#: The two Ralph accounts every LRS test makes: the students' (write only) and the instructor's.
WRITER = ("workshop", "write-only-pw")
READER = ("instructor", "instructor-pw")


@contextlib.contextmanager
def ralph_with_accounts(
    folder: Path, writer: tuple[str, str] = WRITER, reader: tuple[str, str] = READER
) -> Iterator[RalphServer]:
    """A running Ralph in ``folder`` with a write-only and a read-all account; stopped on exit."""
    server = RalphServer(folder)
    server.add_accounts([(*writer, ["statements/write"]), (*reader, ["all"])])
    with server:
        yield server


@contextlib.contextmanager
def voila_page(
    notebook: Path, folder: Path, env: Mapping[str, str] | None = None, timeout: float = 180
) -> Iterator[tuple[str, Path]]:
    """Serve ``notebook`` with Voila on a free loopback port; yield its first page and the log file."""
    voila = Path(sys.executable).with_name("voila")
    port = free_port()
    log_path = folder / "voila.log"
    log = open(log_path, "w")
    proc = subprocess.Popen(
        [str(voila), str(notebook), "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1"],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=folder,
        env=dict(env) if env is not None else None,
        start_new_session=True,
    )
    try:
        page, deadline = None, time.monotonic() + timeout
        while page is None and time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=120) as response:
                    page = response.read().decode("utf-8")
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        assert page is not None, log_path.read_text()[-2000:]
        yield page, log_path
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()
