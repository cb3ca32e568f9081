"""Sending attempt records to a workshop's learning record store (LRS), without ever losing one.

Opt-in: nothing is sent unless an instructor set ``KNEELIB_LRS_URL`` and
``KNEELIB_LRS_AUTH`` (``user:password`` of a write-only workshop account), or
the student pasted a workshop join code (``kneelib-join:...``, made by
``make lrs``), which carries the URL, the account and the workshop's
registration.

How nothing is lost:

- every new attempt record becomes one xAPI statement (``kneelib.xapi``) that
  waits in an **outbox** beside the progress file
  (``progress.json`` -> ``progress.outbox.json``), written atomically under a
  lock like the progress file itself;
- a background thread sends what waits, in batches, with back-off (1 s,
  doubling to 60 s) while the LRS is down, unreachable or refuses the
  credentials; the student keeps working and sees one line saying the answers
  will be sent later;
- a statement the LRS refuses as invalid (or one that conflicts with a
  different statement of the same id) is set aside with the reason
  (``rejected`` in the outbox), not retried forever;
- statement ids are derived from the records, so a resend after a lost reply
  never duplicates anything; ``python -m kneelib sync`` sends whatever waits.

Only the xAPI REST interface (POST and GET /xAPI/statements with basic
authentication) is used, so any conformant LRS works. Pure: no widgets.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import os
import random
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from filelock import FileLock

from .errors import KneelibError
from .files import write_json
from .records import AttemptRecord
from .xapi import statement_for

__all__ = [
    "JOIN_PREFIX",
    "LRS_AUTH_ENV",
    "LRS_URL_ENV",
    "BackgroundSender",
    "Outbox",
    "PostResult",
    "SyncReport",
    "Workshop",
    "WorkshopError",
    "connect",
    "flush",
    "post_statements",
    "read_statements",
]

LRS_URL_ENV = "KNEELIB_LRS_URL"
LRS_AUTH_ENV = "KNEELIB_LRS_AUTH"
LRS_REGISTRATION_ENV = "KNEELIB_LRS_REGISTRATION"
JOIN_PREFIX = "kneelib-join:"
XAPI_VERSION = "1.0.3"
#: Statements sent in one request.
BATCH = 50
#: Seconds to wait for the LRS before treating it as unreachable.
TIMEOUT = 10.0
BACKOFF_START = 1.0
BACKOFF_MAX = 60.0
WORKSHOP_NAMESPACE = uuid.UUID("3a7d7c8e-8f0b-4c55-b6a1-2d9e4f1c0b7a")

log = logging.getLogger(__name__)

LATER = "your answers are saved here and will be sent when it is back"
NOTICES = {
    "unavailable": f"The workshop's record store cannot be reached just now; {LATER}.",
    "refused": "The workshop's record store refused this workshop's account (check the join code); "
    f"{LATER.replace('when it is back', 'later')}.",
}


class WorkshopError(KneelibError):
    """A join code or workshop setting that cannot be used; the message says what is wrong."""


# ---------------------------------------------------------------- the workshop
@dataclass(frozen=True)
class Workshop:
    """Where and as whom statements are sent, and the workshop's registration (a UUID)."""

    url: str
    username: str
    password: str = field(repr=False)
    registration: str
    homepage: str

    @classmethod
    def make(
        cls, url: str, auth: str, registration: str | None = None, homepage: str | None = None
    ) -> Workshop:
        """A workshop from a URL and ``user:password``; the registration defaults to one derived from the URL."""
        parsed = urllib.parse.urlsplit(url.strip())
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise WorkshopError(
                f"workshop URL: expected an http(s) address such as http://127.0.0.1:8100, found {url!r}"
            )
        user, sep, password = auth.partition(":")
        if not sep or not user or not password:
            raise WorkshopError(
                "workshop account: expected user:password, found no ':' or an empty part"
            )
        base = url.strip().rstrip("/")
        reg = registration or str(uuid.uuid5(WORKSHOP_NAMESPACE, base))
        try:
            reg = str(uuid.UUID(reg))
        except ValueError:
            raise WorkshopError(f"workshop registration: expected a UUID, found {reg!r}") from None
        home = homepage or f"{parsed.scheme}://{parsed.netloc}"
        return cls(base, user, password, reg, home)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Workshop | None:
        """The workshop set by the instructor's environment, or None when none is set."""
        env = os.environ if environ is None else environ
        url, auth = env.get(LRS_URL_ENV), env.get(LRS_AUTH_ENV)
        if not url and not auth:
            return None
        if not url or not auth:
            missing = LRS_URL_ENV if not url else LRS_AUTH_ENV
            raise WorkshopError(
                f"{missing}: expected it to be set together with the other, found it unset"
            )
        return cls.make(url, auth, env.get(LRS_REGISTRATION_ENV))

    def join_code(self) -> str:
        """The code a student pastes to join: the URL, the account and the registration."""
        payload = {
            "url": self.url,
            "auth": f"{self.username}:{self.password}",
            "registration": self.registration,
            "homepage": self.homepage,
        }
        raw = json.dumps(payload, separators=(",", ":")).encode("utf-8")
        return JOIN_PREFIX + base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")

    @classmethod
    def from_join_code(cls, code: str) -> Workshop:
        """The workshop a join code describes; WorkshopError with a short reason otherwise."""
        text = code.strip()
        if not text.startswith(JOIN_PREFIX):
            raise WorkshopError(
                f"join code: expected a code starting with '{JOIN_PREFIX}', found {text[:20]!r}"
            )
        body = text[len(JOIN_PREFIX) :]
        try:
            data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        except (binascii.Error, ValueError, UnicodeDecodeError):
            raise WorkshopError(
                "join code: expected the whole code as your instructor gave it, found a damaged or "
                "shortened one"
            ) from None
        if not isinstance(data, dict) or not {"url", "auth"} <= set(data):
            raise WorkshopError("join code: expected a URL and an account in it, found neither")
        return cls.make(data["url"], data["auth"], data.get("registration"), data.get("homepage"))

    def to_file(self) -> dict[str, str]:
        """What is saved beside the progress file (readable by the student only)."""
        return {"join_code": self.join_code()}


# ---------------------------------------------------------------- HTTP
@dataclass(frozen=True)
class PostResult:
    """What the LRS said to one POST: ``ok``, ``invalid``, ``conflict``, ``refused`` or ``unavailable``."""

    status: str
    code: int | None = None
    detail: str = ""


def _request(workshop: Workshop, method: str, path: str, body: bytes | None = None):
    token = base64.b64encode(f"{workshop.username}:{workshop.password}".encode()).decode()
    req = urllib.request.Request(
        workshop.url + path,
        data=body,
        method=method,
        headers={
            "Authorization": f"Basic {token}",
            "X-Experience-API-Version": XAPI_VERSION,
            "Content-Type": "application/json",
        },
    )
    return urllib.request.urlopen(req, timeout=TIMEOUT)


def _detail(error: urllib.error.HTTPError) -> str:
    try:
        raw = error.read().decode("utf-8", "replace")
    except OSError:
        return str(error)
    try:
        detail = json.loads(raw).get("detail", raw)
    except (ValueError, AttributeError):
        detail = raw
    return (json.dumps(detail) if not isinstance(detail, str) else detail)[:500]


def post_statements(workshop: Workshop, statements: Sequence[Mapping[str, Any]]) -> PostResult:
    """POST statements to ``/xAPI/statements``; never raises for what the network or the LRS does."""
    body = json.dumps(list(statements), ensure_ascii=False).encode("utf-8")
    try:
        with _request(workshop, "POST", "/xAPI/statements", body) as response:
            return PostResult("ok", response.status)
    except urllib.error.HTTPError as exc:
        code, detail = exc.code, _detail(exc)
        if code in (400, 422):
            return PostResult("invalid", code, detail)
        if code == 409:
            return PostResult("conflict", code, detail)
        if code in (401, 403):
            return PostResult("refused", code, detail)
        return PostResult("unavailable", code, detail)
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        return PostResult("unavailable", None, str(getattr(exc, "reason", exc)))


def read_statements(workshop: Workshop, params: Mapping[str, str] | None = None) -> list[dict]:
    """Every statement the account may read (following ``more`` links); raises WorkshopError when refused."""
    query = {"limit": "500", **(params or {})}
    path = "/xAPI/statements?" + urllib.parse.urlencode(query)
    out: list[dict] = []
    while path:
        try:
            with _request(workshop, "GET", path) as response:
                page = json.loads(response.read())
        except urllib.error.HTTPError as exc:
            raise WorkshopError(
                f"{workshop.url}: reading statements: expected them, found HTTP {exc.code} ({_detail(exc)})"
            ) from None
        except (urllib.error.URLError, OSError) as exc:
            raise WorkshopError(
                f"{workshop.url}: reading statements: expected an answer, found none ({getattr(exc, 'reason', exc)})"
            ) from None
        out += page.get("statements", [])
        more = page.get("more") or ""
        if more.startswith("http"):
            parts = urllib.parse.urlsplit(more)
            more = parts.path + ("?" + parts.query if parts.query else "")
        path = more
    return out


# ---------------------------------------------------------------- the outbox
def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Outbox:
    """Statements waiting to be sent and those set aside, in one JSON file beside the progress file."""

    def __init__(self, progress_path: Path | str):
        progress_path = Path(progress_path)
        self.path = progress_path.with_name(progress_path.stem + ".outbox.json")
        self._lock = FileLock(str(self.path) + ".lock", timeout=10)

    def _read(self) -> dict[str, list]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"version": 1, "pending": [], "rejected": []}
        except (OSError, ValueError):
            aside = self.path.with_name(self.path.name + f".damaged-{datetime.now():%Y%m%d%H%M%S}")
            os.replace(self.path, aside)
            log.warning("outbox %s could not be read; kept as %s", self.path, aside.name)
            return {"version": 1, "pending": [], "rejected": []}
        data.setdefault("pending", [])
        data.setdefault("rejected", [])
        return data

    def _write(self, data: Mapping[str, Any]) -> None:
        write_json(self.path, data, indent=None, private=True)

    def add(self, statements: Iterable[Mapping[str, Any]]) -> None:
        """Queue statements (a statement already waiting is not queued twice)."""
        new = list(statements)
        if not new:
            return
        with self._lock:
            data = self._read()
            waiting = {s["id"] for s in data["pending"]}
            data["pending"] += [dict(s) for s in new if s["id"] not in waiting]
            self._write(data)

    def pending(self) -> list[dict]:
        """The statements waiting, oldest first."""
        with self._lock:
            return self._read()["pending"]

    def rejected(self) -> list[dict]:
        """The statements set aside, each with ``statement``, ``reason`` and ``time``."""
        with self._lock:
            return self._read()["rejected"]

    def settle(self, sent: Iterable[str], rejected: Mapping[str, str] | None = None) -> None:
        """Drop sent statements and set refused ones aside with their reasons."""
        sent, rejected = set(sent), dict(rejected or {})
        if not sent and not rejected:
            return
        with self._lock:
            data = self._read()
            keep = []
            for s in data["pending"]:
                if s["id"] in rejected:
                    data["rejected"].append(
                        {"statement": s, "reason": rejected[s["id"]], "time": _now()}
                    )
                elif s["id"] not in sent:
                    keep.append(s)
            data["pending"] = keep
            self._write(data)


# ---------------------------------------------------------------- sending
@dataclass
class SyncReport:
    """What one attempt to send found: counts, and the problem that stopped it (None when all went)."""

    sent: int = 0
    rejected: int = 0
    waiting: int = 0
    problem: str | None = None

    @property
    def notice(self) -> str | None:
        """One line for the student, or None when nothing is wrong."""
        return NOTICES.get(self.problem or "")


def flush(workshop: Workshop, outbox: Outbox, batch: int = BATCH) -> SyncReport:
    """Send everything waiting, batch by batch, until done or the LRS stops answering."""
    report = SyncReport()
    while True:
        waiting = outbox.pending()
        if not waiting:
            break
        chunk = waiting[:batch]
        result = post_statements(workshop, chunk)
        if result.status == "ok":
            outbox.settle([s["id"] for s in chunk])
            report.sent += len(chunk)
            continue
        if result.status in ("refused",) or (
            result.status == "unavailable" and result.code is None
        ):
            report.problem = result.status
            break
        # Invalid, conflicting or failed batches go one by one, to find the statement at fault.
        stopped = False
        for statement in chunk:
            one = post_statements(workshop, [statement]) if len(chunk) > 1 else result
            if one.status == "ok":
                outbox.settle([statement["id"]])
                report.sent += 1
            elif one.status in ("invalid", "conflict"):
                reason = f"HTTP {one.code}: {one.detail}" if one.code else one.detail
                outbox.settle([], {statement["id"]: reason})
                report.rejected += 1
                log.warning("statement %s set aside: %s", statement["id"], reason)
            else:
                report.problem = one.status
                stopped = True
                break
        if stopped:
            break
    report.waiting = len(outbox.pending())
    return report


class BackgroundSender:
    """A daemon thread that sends the outbox whenever woken, backing off while the LRS is away."""

    def __init__(self, workshop: Workshop, outbox: Outbox):
        self.workshop, self.outbox = workshop, outbox
        self.last: SyncReport | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._idle = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kneelib-lrs-sender", daemon=True)
        self._thread.start()

    @property
    def notice(self) -> str | None:
        """The one-line notice of the last attempt (None when the last attempt sent everything)."""
        return self.last.notice if self.last else None

    def wake(self) -> None:
        """Send soon (called after each new record)."""
        self._idle.clear()
        self._wake.set()

    def wait_idle(self, timeout: float) -> bool:
        """Wait until an attempt finished with nothing left to send (for tests and ``sync``)."""
        return self._idle.wait(timeout)

    def stop(self) -> None:
        """Stop the thread (after the attempt under way)."""
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=TIMEOUT + 5)

    def _run(self) -> None:
        delay = BACKOFF_START
        while not self._stop.is_set():
            self._wake.wait(timeout=None if self.last is None or not self.last.problem else delay)
            self._wake.clear()
            if self._stop.is_set():
                return
            try:
                self.last = flush(self.workshop, self.outbox)
            except Exception:  # never let a bug stop the student's work; the answers stay queued
                log.exception("sending statements failed")
                self.last = SyncReport(problem="unavailable", waiting=len(self.outbox.pending()))
            if self.last.problem:
                delay = min(BACKOFF_MAX, delay * 2) * random.uniform(0.8, 1.0)
            else:
                delay = BACKOFF_START
                if not self.last.waiting:
                    self._idle.set()


# ---------------------------------------------------------------- the store's listener
@dataclass
class Connection:
    """A progress store wired to a workshop: each new record is queued and the sender woken."""

    workshop: Workshop
    outbox: Outbox
    sender: BackgroundSender
    display_name: str | None = None

    @property
    def notice(self) -> str | None:
        """The sender's one-line notice (None while all is well)."""
        return self.sender.notice

    def __call__(self, store: Any, record: AttemptRecord) -> None:
        statement = statement_for(
            record,
            homepage=self.workshop.homepage,
            registration=self.workshop.registration,
            display_name=self.display_name,
        )
        self.outbox.add([statement])
        self.sender.wake()


def workshop_file(progress_path: Path | str) -> Path:
    """Where a pasted join code is kept: beside the progress file, never in the course folder."""
    progress_path = Path(progress_path)
    return progress_path.with_name(progress_path.stem + ".workshop.json")


def saved_workshop(progress_path: Path | str) -> Workshop | None:
    """The workshop the student joined with a code (None when none, or the file is unusable)."""
    try:
        data = json.loads(workshop_file(progress_path).read_text(encoding="utf-8"))
        return Workshop.from_join_code(data["join_code"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_workshop(progress_path: Path | str, workshop: Workshop) -> None:
    """Keep a joined workshop for the next notebooks (readable by the student only)."""
    write_json(workshop_file(progress_path), workshop.to_file(), private=True)


_connections: dict[str, Connection] = {}
_connections_lock = threading.Lock()


def connect(store: Any, workshop: Workshop | None = None) -> Connection | None:
    """Wire ``store`` to the workshop (given, else the environment's, else the saved one); None if none.

    One connection (and one sender thread) per progress file per kernel.
    """
    chosen = workshop or Workshop.from_env() or saved_workshop(store.path)
    if chosen is None:
        return None
    key = str(Path(store.path).resolve())
    with _connections_lock:
        conn = _connections.get(key)
        if conn is None or conn.workshop != chosen:
            if conn is not None:
                conn.sender.stop()
            outbox = Outbox(store.path)
            conn = Connection(chosen, outbox, BackgroundSender(chosen, outbox))
            _connections[key] = conn
    conn.display_name = store.data.get("student_name") or conn.display_name
    store.add_listener(conn)
    conn.sender.wake()
    return conn
