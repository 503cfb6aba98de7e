"""Wait until every service answers, then print the URLs (a process in the Procfile)."""

from __future__ import annotations

import signal
import sys
import time

import httpx

from bot.settings import get_settings


def main() -> int:
    settings = get_settings()
    health = f"http://127.0.0.1:{settings.port}/api/health"
    deadline = time.monotonic() + 300
    last: dict[str, bool] = {}
    while time.monotonic() < deadline:
        try:
            response = httpx.get(health, timeout=2)
            last = response.json().get("checks", {})
            if response.status_code == 200:
                break
        except (httpx.HTTPError, ValueError):
            pass
        time.sleep(1)
    else:
        waiting = ", ".join(k for k, ok in last.items() if not ok) or "the web API"
        print(f"Cymar is not healthy after 5 minutes (still waiting for: {waiting}).")
        print("Look at the log lines above for the failing process.")
    base = f"http://localhost:{settings.port}"
    print(
        "\nCymar is running:\n"
        f"  Conversation API  {base}/api/conversations\n"
        f"  API docs          {base}/api/docs\n"
        f"  Health            {base}/api/health\n"
        f"  Staff app         {base}/admin  (first admin: make admin)\n"
        f"  Rasa (local only) {settings.rasa_base_url}\n"
        "Press Ctrl+C to stop.\n",
        flush=True,
    )
    # honcho stops everything when one process exits, so stay until we are stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    sys.exit(main())
