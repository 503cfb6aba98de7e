"""Staff accounts and peer-support opening hours from the command line.

    python -m bot.ops.staff create --username sian --name "Sian" --role peer_supporter \\
        --languages cy,en --organisation sample-peer-network      (asks for the password)
    python -m bot.ops.staff hours --organisation sample-peer-network --days mon-fri \\
        --opens 09:00 --closes 17:00
    python -m bot.ops.staff list

The full staff app (issue 6) will manage the same tables in the browser.
"""

from __future__ import annotations

import argparse
import getpass
import re
import sys

from sqlalchemy import delete, select

from bot.staff.accounts import AccountError, create_account
from bot.store.db import session_scope
from bot.store.models import Organisation, PeerOpeningHours, StaffAccount

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")


def parse_days(spec: str) -> list[int]:
    """ "mon-fri", "sat,sun", "all" -> weekday numbers (Monday is 0)."""
    if spec == "all":
        return list(range(7))
    days: list[int] = []
    for part in spec.split(","):
        if "-" in part:
            first, last = (DAYS.index(p.strip()[:3]) for p in part.split("-", 1))
            days.extend(range(first, last + 1))
        else:
            days.append(DAYS.index(part.strip()[:3]))
    return sorted(set(days))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.ops.staff", description=__doc__.split("\n")[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    create = sub.add_parser("create", help="create a staff account")
    create.add_argument("--username", required=True)
    create.add_argument("--name", required=True, help="the name people see")
    create.add_argument("--role", action="append", required=True, help="repeat for several")
    create.add_argument("--languages", default="cy,en", help="cy, en or cy,en")
    create.add_argument("--organisation")
    create.add_argument("--ui-language", default="cy", choices=["cy", "en"])
    create.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin"
    )
    create.add_argument("--on-duty", action="store_true")
    hours = sub.add_parser("hours", help="set an organisation's peer-support opening hours")
    hours.add_argument("--organisation", required=True)
    hours.add_argument("--days", required=True, help='e.g. "mon-fri", "sat,sun" or "all"')
    hours.add_argument("--opens", required=True, help="HH:MM, Welsh local time")
    hours.add_argument("--closes", required=True, help="HH:MM, or 24:00 for midnight")
    duty = sub.add_parser("duty", help="put a supporter on or off duty")
    duty.add_argument("--username", required=True)
    duty.add_argument("state", choices=["on", "off"])
    link = sub.add_parser("telegram", help="link a supporter's Telegram user id")
    link.add_argument("--username", required=True)
    link.add_argument("--telegram-user-id", type=int, required=True)
    sub.add_parser("list", help="list staff accounts (no secrets)")
    args = parser.parse_args(argv)

    try:
        with session_scope() as session:
            if args.command == "create":
                password = (
                    sys.stdin.readline().rstrip("\n")
                    if args.password_stdin
                    else getpass.getpass("Password (12 characters or more): ")
                )
                if args.organisation and session.get(Organisation, args.organisation) is None:
                    raise AccountError(f"no organisation called {args.organisation!r}")
                account = create_account(
                    session,
                    username=args.username,
                    display_name=args.name,
                    password=password,
                    roles=args.role,
                    languages=[x.strip() for x in args.languages.split(",") if x.strip()],
                    organisation_slug=args.organisation,
                    ui_language=args.ui_language,
                )
                account.on_duty = args.on_duty
                print(f"Created {account.username} ({', '.join(account.roles)}).")
            elif args.command == "hours":
                if session.get(Organisation, args.organisation) is None:
                    raise AccountError(f"no organisation called {args.organisation!r}")
                if not CLOCK.match(args.opens) or not CLOCK.match(args.closes):
                    raise AccountError("times are HH:MM (24-hour), closes may be 24:00")
                if args.opens >= args.closes:
                    raise AccountError("opening must be before closing")
                days = parse_days(args.days)
                session.execute(
                    delete(PeerOpeningHours).where(
                        PeerOpeningHours.organisation_slug == args.organisation,
                        PeerOpeningHours.weekday.in_(days),
                    )
                )
                for day in days:
                    session.add(
                        PeerOpeningHours(
                            organisation_slug=args.organisation,
                            weekday=day,
                            opens_at=args.opens,
                            closes_at=args.closes,
                        )
                    )
                named = ", ".join(DAYS[d] for d in days)
                print(f"{args.organisation}: {args.opens}-{args.closes} on {named}.")
            elif args.command in ("duty", "telegram"):
                found = session.scalar(
                    select(StaffAccount).where(StaffAccount.username == args.username.lower())
                )
                if found is None:
                    raise AccountError(f"no account called {args.username!r}")
                if args.command == "duty":
                    found.on_duty = args.state == "on"
                else:
                    found.telegram_user_id = args.telegram_user_id
                print("Done.")
            else:
                for account in session.scalars(
                    select(StaffAccount).order_by(StaffAccount.username)
                ):
                    print(
                        f"{account.username}\t{account.display_name}\t{','.join(account.roles)}\t"
                        f"{','.join(account.languages)}\t{account.organisation_slug or '-'}\t"
                        f"{'on duty' if account.on_duty else 'off duty'}"
                    )
    except (AccountError, ValueError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
