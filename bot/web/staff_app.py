"""The staff app at /admin: every staff screen, its static files and its problem pages.

To add a screen: write bot/web/staff_<name>.py with `NAV` and `routes(kit)` (see
bot/web/staff_kit.py), its words in bot/web/staff_text/<name>.py, and add it to `SCREENS`
below. Its links appear on the dashboard and in the navigation for the roles that may use
them; the permission, CSRF and accessibility tests pick its routes up by themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session

from bot.conversations.peer_relay import PeerDesk
from bot.settings import Settings
from bot.web import (
    staff,
    staff_accounts,
    staff_answers,
    staff_audit,
    staff_auth,
    staff_crisis,
    staff_directory,
    staff_directory_import,
    staff_feedback,
)
from bot.web.staff_kit import ADMIN_ROOT, NotFound, StaffKit, StaffProblem

STATIC = Path(__file__).parent / "static"


def install_staff_app(
    app: FastAPI, sessions: Callable[[], Session], desk: PeerDesk, settings: Settings
) -> StaffKit:
    kit = StaffKit(sessions, settings)
    # The order here is the order of the navigation and the dashboard ("your account",
    # in staff_auth, last).
    screens = (
        (staff, staff.routes(kit, desk, settings.data_dir)),
        (staff_answers, staff_answers.routes(kit)),
        (staff_directory_import, staff_directory_import.routes(kit)),
        (staff_directory, staff_directory.routes(kit)),
        (staff_crisis, staff_crisis.routes(kit)),
        (staff_feedback, staff_feedback.routes(kit)),
        (staff_accounts, staff_accounts.routes(kit)),
        (staff_audit, staff_audit.routes(kit)),
        (staff_auth, staff_auth.routes(kit)),
    )
    for module, router in screens:
        kit.nav.extend(module.NAV)
        app.include_router(router)
    app.mount(f"{ADMIN_ROOT}/static", StaticFiles(directory=STATIC), name="staff-static")

    async def no_such_page(request: Request) -> Response:
        return kit.problem(request, NotFound())

    # After every screen and the static files: any other address under /admin gets the
    # staff app's own "page not found" in the person's language, not the API's JSON.
    app.add_api_route(
        f"{ADMIN_ROOT}/{{anything:path}}", no_such_page, methods=["GET"], include_in_schema=False
    )

    async def staff_problem(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StaffProblem)
        return kit.problem(request, exc)

    app.add_exception_handler(StaffProblem, staff_problem)
    app.state.staff_kit = kit
    return kit
