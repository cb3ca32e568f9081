"""Drive JupyterLab in Debian's Chromium with Playwright: start, run, inspect, stop.

Used by the browser tests; kept free of pytest so that the checks can also be
run against a deliberately broken notebook and be seen to fail.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kneelib.lrs_server import free_port

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("KNEELIB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
#: Text JupyterLab shows when a widget view fails to render.
WIDGET_FAILURES = (
    "Error displaying widget",
    "Loading widget...",
    "Failed to load model class",
    "model not found",
)
#: Text our views show when a callback failed unexpectedly.
CALLBACK_FAILURE = "Something went wrong here"


@dataclass
class LabServer:
    url: str
    token: str
    root: Path
    process: subprocess.Popen

    def notebook_url(self, name: str) -> str:
        return f"{self.url}/lab/tree/{name}?token={self.token}&reset"


@contextlib.contextmanager
def lab_server(notebooks: list[Path], app: str = "lab") -> Iterator[LabServer]:
    """JupyterLab on a free loopback port, in its own process group, serving copies of ``notebooks``.

    The copies live in a temporary folder, so autosave never touches the repository.
    The whole process group (server and kernels) is stopped on exit, even after a failure.
    """
    tmp = Path(tempfile.mkdtemp(prefix="kneelib-browser-"))
    root = tmp / "notebooks"
    root.mkdir()
    for nb in notebooks:
        shutil.copy(nb, root / nb.name)
    port, token = free_port(), "kneelib-browser-test"
    env = {
        **os.environ,
        "KNEELIB_PROGRESS": str(tmp / "progress.json"),
        "JUPYTER_CONFIG_DIR": str(tmp / "config"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces"),
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(_settings(tmp / "settings")),
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    }
    cmd = [
        sys.executable,
        "-m",
        "jupyter",
        app,
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        f"--IdentityProvider.token={token}",
        "--allow-root",
        f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    log = open(tmp / "server.log", "w")
    process = subprocess.Popen(
        cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    server = LabServer(f"http://127.0.0.1:{port}", token, root, process)
    try:
        _wait_http(f"{server.url}/api/status?token={token}", process, tmp / "server.log")
        yield server
    finally:
        _stop_group(process)
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)


@contextlib.contextmanager
def voila_server(notebook: Path) -> Iterator[str]:
    """Voila serving one notebook (code hidden) on a free loopback port; yields its URL.

    Like the JupyterLab server: its own process group, stopped on exit even after a failure.
    """
    tmp = Path(tempfile.mkdtemp(prefix="kneelib-voila-"))
    port = free_port()
    env = {
        **os.environ,
        "KNEELIB_PROGRESS": str(tmp / "progress.json"),
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
    }
    voila = Path(sys.executable).with_name("voila")
    log = open(tmp / "voila.log", "w")
    process = subprocess.Popen(
        [str(voila), str(notebook), "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_http(f"{url}/", process, tmp / "voila.log")
        yield url
    finally:
        _stop_group(process)
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)


def _settings(folder: Path) -> Path:
    """User settings that keep JupyterLab quiet: no news toast, no update check."""
    target = folder / "@jupyterlab" / "apputils-extension"
    target.mkdir(parents=True)
    (target / "notification.jupyterlab-settings").write_text(
        '{"fetchNews": "false", "checkForUpdates": false}'
    )
    return folder


def _wait_http(url: str, process: subprocess.Popen, logfile: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited early:\n{logfile.read_text()[-2000:]}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        time.sleep(0.3)
    raise RuntimeError(
        f"the server did not answer within {timeout} s:\n{logfile.read_text()[-2000:]}"
    )


def _stop_group(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A headless Chromium (Debian's), driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def open_and_run_all(page, server: LabServer, name: str, timeout_ms: int = 120_000) -> None:
    """Open a notebook, run all cells from the menu, and wait until every cell has run."""
    page.goto(server.notebook_url(name))
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=timeout_ms)
    # The kernel is ready when the status bar says Idle.
    page.locator(".jp-StatusBar-Widget", has_text="Idle").first.wait_for(timeout=timeout_ms)
    # Focus the notebook by its first cell's prompt gutter: the cell's text is the
    # navigation line, and a click there would follow a link to another notebook.
    page.locator(".jp-Notebook .jp-Cell").first.locator(".jp-InputPrompt").first.click()
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    # Every code cell shows [n] when done; [*] or [ ] while queued or running.
    # JupyterLab renders cells lazily, so scroll through the notebook while waiting.
    page.wait_for_function(ALL_CELLS_RUN, timeout=timeout_ms, polling=500)
    page.locator(".jp-StatusBar-Widget", has_text="Idle").first.wait_for(timeout=timeout_ms)
    page.wait_for_timeout(500)  # let widget views finish rendering


ALL_CELLS_RUN = """() => {
    const nb = document.querySelector('.jp-WindowedPanel-outer') || document.querySelector('.jp-Notebook');
    const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
    const done = prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
    if (!done && nb) { nb.scrollTop = nb.scrollTop + 400 >= nb.scrollHeight - nb.clientHeight ? 0 : nb.scrollTop + 400; }
    return done;
}"""


def cell_errors(page) -> list[str]:
    """Text of every error output (a traceback) in the open notebook."""
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    texts = [errors.nth(i).text_content() or "" for i in range(errors.count())]
    return [t for t in texts if "Traceback" in t or "Error" in t]


def widget_failures(page) -> list[str]:
    """Widget outputs that failed to render."""
    outputs = page.locator(".jp-OutputArea-output")
    body = "\n".join(outputs.nth(i).text_content() or "" for i in range(outputs.count()))
    return [text for text in WIDGET_FAILURES if text in body]
