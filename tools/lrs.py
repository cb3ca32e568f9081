#!/usr/bin/env python3
"""Start a learning record store for a live workshop: ``make lrs``.

Starts Ralph (kneelib.lrs_server) with its file-system backend in ``build/lrs``
(or ``$LRS_DIR``), on ``$LRS_HOST`` (default 127.0.0.1; 0.0.0.0 to let other
machines in) and ``$LRS_PORT`` (default 8100). On the first start it creates
two accounts with ``ralph auth``:

- ``workshop``: write-only (``statements/write``), shared by the students
  through the join code;
- ``instructor``: reads everything (``all``), for the dashboard.

Passwords are random and kept in ``build/lrs/accounts.json`` (readable by you
only); later starts reuse them, so join codes stay valid. It prints the join
code and the dashboard's settings, then serves until Ctrl+C.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kneelib.files import write_json  # noqa: E402
from kneelib.lrs import Workshop  # noqa: E402
from kneelib.lrs_server import RalphServer  # noqa: E402


def main() -> int:
    folder = Path(os.environ.get("LRS_DIR", ROOT / "build" / "lrs"))
    host = os.environ.get("LRS_HOST", "127.0.0.1")
    port = int(os.environ.get("LRS_PORT", "8100"))
    public = os.environ.get(
        "LRS_PUBLIC_URL"
    )  # the address students' kernels reach, if not loopback
    server = RalphServer(folder, host=host, port=port)
    accounts_file = folder / "accounts.json"
    if accounts_file.exists():
        accounts = json.loads(accounts_file.read_text(encoding="utf-8"))
    else:
        accounts = {
            "workshop": secrets.token_urlsafe(16),
            "instructor": secrets.token_urlsafe(16),
            "registration": str(__import__("uuid").uuid4()),
        }
        server.add_accounts(
            [
                ("workshop", accounts["workshop"], ["statements/write"]),
                ("instructor", accounts["instructor"], ["all"]),
            ]
        )
        write_json(accounts_file, accounts, private=True)
    # Stop Ralph (its own process group) on Ctrl+C and on a terminating signal alike.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    url = public or server.url
    workshop = Workshop.make(url, f"workshop:{accounts['workshop']}", accounts["registration"])
    server.start()
    print(f"Learning record store (Ralph) at {url}, statements in {folder / 'statements'}")
    print()
    print("Students paste this join code into the workshop cell of 00-start-here:")
    print(f"  {workshop.join_code()}")
    print()
    print("On a hub, set these for every student kernel instead:")
    print(f"  KNEELIB_LRS_URL={url}  KNEELIB_LRS_AUTH=workshop:<password in {accounts_file}>")
    print(f"  KNEELIB_LRS_REGISTRATION={accounts['registration']}")
    print()
    print("The dashboard (make dashboard, or notebooks/instructor/dashboard.ipynb) reads with:")
    print(
        f"  KNEELIB_LRS_URL={url}  KNEELIB_LRS_READ_AUTH=instructor:<password in {accounts_file}>"
    )
    print("Ctrl+C stops the store.")
    try:
        while server.process is not None and server.process.poll() is None:
            time.sleep(1)
        print(f"Ralph stopped:\n{server.log_tail()}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
