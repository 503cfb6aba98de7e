"""Staff accounts and peer-support opening hours from the command line.

    python -m bot.ops.staff create-admin --username ffion --name "Ffion"   (`make admin`)
    python -m bot.ops.staff create --username sian --name "Sian" --role peer_supporter \\
        --languages cy,en --organisation sample-peer-network      (asks for the password)
    python -m bot.ops.staff password --username sian             (a new password, asked for)
    python -m bot.ops.staff hours --organisation sample-peer-network --days mon-fri \\
        --opens 09:00 --closes 17:00
    python -m bot.ops.staff list

Passwords are never taken from the command line (other users and shell history can read
it): they are asked for, read from standard input with --password-stdin, or, for
automation, read from the ADMIN_PASSWORD environment variable. Everything done here is in
the audit log as done "via cli". Day-to-day, admins manage accounts in the staff app.
"""

from __future__ import annotations

import argparse
import getpass
import re
import sys
from collections.abc import Callable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.settings import get_settings
from bot.staff.accounts import (
    AccountError,
    create_account,
    find_by_username,
    reset_password,
)
from bot.staff.passwords import MIN_PASSWORD_CHARS, password_problem
from bot.staff.permissions import ADMIN, LEGACY_ROLES, ROLES, UnknownRole, normalise_roles
from bot.store.db import session_scope
from bot.store.models import Organisation, PeerOpeningHours, StaffAccount
from bot.web.staff_text import texts_for

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")


class CommandError(ValueError):
    """Something the operator asked for cannot be done; the message says why."""


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


def explain(error: AccountError) -> str:
    """The staff app's own English words for an account problem."""
    words = texts_for("en")
    return words.get(error.code, str(error))


def ask_new_password(
    args: argparse.Namespace, username: str, ask: Callable[[str], str] = getpass.getpass
) -> str:
    """The new password: ADMIN_PASSWORD (create-admin only), stdin, or asked twice."""
    from_env = get_settings().admin_password
    if args.command == "create-admin" and from_env is not None:
        password = from_env.get_secret_value()
    elif args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = ask(f"Password for {username} ({MIN_PASSWORD_CHARS} characters or more): ")
        if ask("The same password again: ") != password:
            raise CommandError("the two passwords are not the same")
    if problem := password_problem(password, username):
        raise CommandError(texts_for("en")[problem])
    return password


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.ops.staff",
        description="Staff accounts and peer-support opening hours.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    admin = sub.add_parser(
        "create-admin", help="create an admin (the first one, or more); `make admin` runs this"
    )
    admin.add_argument("--username", help="asked for if left out")
    admin.add_argument("--name", help="the name others see; asked for if left out")
    admin.add_argument("--ui-language", default="cy", choices=["cy", "en"])
    admin.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    create = sub.add_parser("create", help="create a staff account")
    create.add_argument("--username", required=True)
    create.add_argument("--name", required=True, help="the name people see")
    create.add_argument(
        "--role",
        action="append",
        required=True,
        help=f"repeat for several: {', '.join(ROLES)} (old names: {', '.join(LEGACY_ROLES)})",
    )
    create.add_argument("--languages", default="cy,en", help="cy, en or cy,en")
    create.add_argument("--organisation")
    create.add_argument("--ui-language", default="cy", choices=["cy", "en"])
    create.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin"
    )
    create.add_argument("--on-duty", action="store_true")
    password = sub.add_parser(
        "password", help="set a new password for an account (signs it out everywhere)"
    )
    password.add_argument("--username", required=True)
    password.add_argument("--password-stdin", action="store_true")
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
        if args.command == "create-admin":
            username = args.username or input("Username for the admin: ").strip()
            name = args.name or input("Name others see: ").strip()
            secret = ask_new_password(args, username)
            with session_scope() as session:
                account = create_account(
                    session,
                    username=username,
                    display_name=name,
                    password=secret,
                    roles=[ADMIN],
                    languages=["cy", "en"],
                    ui_language=args.ui_language,
                )
                print(f"Created the admin {account.username}. Sign in at /admin.")
        elif args.command == "create":
            secret = ask_new_password(args, args.username)
            with session_scope() as session:
                if args.organisation and session.get(Organisation, args.organisation) is None:
                    raise CommandError(f"no organisation called {args.organisation!r}")
                account = create_account(
                    session,
                    username=args.username,
                    display_name=args.name,
                    password=secret,
                    roles=normalise_roles(args.role),
                    languages=[x.strip() for x in args.languages.split(",") if x.strip()],
                    organisation_slug=args.organisation,
                    ui_language=args.ui_language,
                )
                account.on_duty = args.on_duty
                print(f"Created {account.username} ({', '.join(account.roles)}).")
        elif args.command == "password":
            secret = ask_new_password(args, args.username)
            with session_scope() as session:
                found = find_by_username(session, args.username)
                if found is None:
                    raise CommandError(f"no account called {args.username!r}")
                reset_password(session, found, actor=None, new_password=secret, via="cli")
                print(f"New password set for {found.username}; every session of it has ended.")
        else:
            with session_scope() as session:
                run_other(session, args)
    except (EOFError, KeyboardInterrupt):
        print(
            "\nStopped: nothing was changed. Type the answers at the prompts, or for"
            " automation set ADMIN_PASSWORD (make admin) or use --password-stdin.",
            file=sys.stderr,
        )
        return 2
    except UnknownRole as exc:
        print(f"Error: unknown role {exc}; roles are {', '.join(ROLES)}", file=sys.stderr)
        return 2
    except AccountError as exc:
        print(f"Error: {explain(exc)}", file=sys.stderr)
        return 2
    except (CommandError, ValueError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    return 0


def run_other(session: Session, args: argparse.Namespace) -> None:
    """hours, duty, telegram and list."""
    if args.command == "hours":
        if session.get(Organisation, args.organisation) is None:
            raise CommandError(f"no organisation called {args.organisation!r}")
        if not CLOCK.match(args.opens) or not CLOCK.match(args.closes):
            raise CommandError("times are HH:MM (24-hour), closes may be 24:00")
        if args.opens >= args.closes:
            raise CommandError("opening must be before closing")
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
        found = find_by_username(session, args.username)
        if found is None:
            raise CommandError(f"no account called {args.username!r}")
        if args.command == "duty":
            found.on_duty = args.state == "on"
        else:
            found.telegram_user_id = args.telegram_user_id
        print("Done.")
    else:
        for account in session.scalars(select(StaffAccount).order_by(StaffAccount.username)):
            print(
                f"{account.username}\t{account.display_name}\t{','.join(account.roles)}\t"
                f"{','.join(account.languages)}\t{account.organisation_slug or '-'}\t"
                f"{'active' if account.active else 'deactivated'}\t"
                f"{'on duty' if account.on_duty else 'off duty'}"
            )


if __name__ == "__main__":
    raise SystemExit(main())
