"""Start rasa_sdk's action server on the loopback interface only.

`python -m rasa_sdk` always listens on every interface; the actions are internal to Cymar,
so we build the same Sanic app and bind it to 127.0.0.1.
"""

from __future__ import annotations

import argparse

from rasa_sdk.endpoint import create_app

from bot.logging_setup import configure_logging


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=5055)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    # No CORS origins: only the Rasa server calls the actions, never a browser (rasa_sdk's
    # default is "*"). See requirements/audit-exceptions.md (Sanic-Cors).
    app = create_app("bot.actions", cors_origins=None)
    # After Sanic has set up its loggers, so ours (JSON, redacted) replace any handlers.
    configure_logging()
    app.run(host=args.host, port=args.port, workers=1, access_log=False, motd=False)


if __name__ == "__main__":
    main()
