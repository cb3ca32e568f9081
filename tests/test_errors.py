"""One error base: every deliberate error is a KneelibError, and a view shows a student only those."""

from __future__ import annotations

import ast
import importlib
import json
import textwrap
from pathlib import Path

from jupyter_client.manager import start_new_kernel

from kneelib import cli
from kneelib.errors import InputError, KneelibError
from kneelib.widgets import treatment
from kneelib.widgets.common import FAILURE_MESSAGE
from kneelib.widgets.treatment import show_nsaid_checker

ROOT = Path(__file__).resolve().parent.parent


def error_classes() -> list[tuple[str, str]]:
    """(module, class) of every exception class defined in kneelib, except the base itself."""
    found = []
    for path in sorted((ROOT / "kneelib").rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef) and node.bases:
                found.append((module, node.name))
    return [
        (m, n)
        for m, n in found
        if issubclass(cls := getattr(importlib.import_module(m), n), BaseException)
        and cls is not KneelibError
    ]


def test_every_kneelib_exception_class_is_a_kneelib_error():
    classes = error_classes()
    assert len(classes) >= 15
    assert [
        f"{m}.{n}"
        for m, n in classes
        if not issubclass(getattr(importlib.import_module(m), n), KneelibError)
    ] == []


def test_kneelib_error_is_a_value_error():
    assert issubclass(KneelibError, ValueError)
    assert issubclass(InputError, KneelibError)


def test_a_refused_entry_is_still_shown_beside_the_widget():
    view = show_nsaid_checker()
    view.inputs["age"].max = 200
    view.inputs["age"].value = 150
    view.check.click()
    assert "Cannot check yet:</strong> nsaid_check: age: expected a whole number" in (
        view.feedback.value
    )


def test_a_bug_planted_in_a_callback_is_not_shown_as_the_students_mistake(monkeypatch, caplog):
    def buggy(history):
        # A typical slip: a ValueError from the code, not from the student's entry.
        return int(history["age"] and "sixty")

    monkeypatch.setattr(treatment, "nsaid_check", buggy)
    view = show_nsaid_checker()
    view.check.click()
    assert FAILURE_MESSAGE in view.feedback.value
    assert "Not your mistake" in view.feedback.value
    assert "Cannot check yet" not in view.feedback.value
    assert "sixty" not in view.feedback.value and "invalid literal" not in view.feedback.value
    (record,) = [r for r in caplog.records if r.name == "kneelib.widgets"]
    assert record.levelname == "ERROR"
    assert record.getMessage() == "widget callback NsaidCheckerView._on_check failed"
    assert "ValueError: invalid literal for int() with base 10: 'sixty'" in caplog.text
    assert "Traceback (most recent call last)" in caplog.text


def test_in_a_kernel_the_traceback_goes_to_the_kernel_log_not_to_the_notebook(tmp_path):
    """Run a failing callback in a real kernel: nothing reaches the notebook, the log has it all."""
    log = tmp_path / "kernel-stderr.txt"
    code = textwrap.dedent(
        """
        import ipywidgets
        from kneelib.widgets.common import guarded
        box = ipywidgets.HTML()
        def on_click():
            raise RuntimeError("planted bug 7f3a")
        guarded(box)(on_click)()
        print(box.value.count("your answers are saved"))
        """
    )
    with open(log, "w") as stderr:
        km, kc = start_new_kernel(kernel_name="python3", stderr=stderr, cwd=str(tmp_path))
        try:
            msg_id = kc.execute(code)
            streams = []
            while True:
                msg = kc.get_iopub_msg(timeout=30)
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                if msg["msg_type"] in ("stream", "error", "display_data", "execute_result"):
                    streams.append(msg["content"])
                if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    break
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    assert streams == [{"name": "stdout", "text": "1\n"}], json.dumps(streams)
    text = log.read_text()
    assert "[kneelib] ERROR widget callback on_click failed" in text
    assert "Traceback (most recent call last)" in text
    assert "RuntimeError: planted bug 7f3a" in text


def test_cli_reports_a_kneelib_error_without_a_traceback(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("KNEELIB_DATA", str(tmp_path / "none"))
    assert cli.main(["export-gift", str(tmp_path / "bank.gift")]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"{tmp_path / 'none'}: -: folder: expected the content folder named by")
    assert "Traceback" not in err
