"""The directory screens: find, add and edit organisations and services, archive and
restore them, cancel one date of a service, download the directory as CSV.

Everyone signed in may look things up (peer supporters do, for people); editors and
admins change them (`directory.edit`). Checks are in bot/directory/editing.py; every
change is in the audit log, and live at once: the assistant searches the same tables.
The CSV import is bot/web/staff_directory_import.py.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, joinedload

from bot.directory import csv_io, editing
from bot.directory.records import (
    BOOKING_METHODS,
    DELIVERY,
    KINDS,
    LANGUAGES,
    service_record,
    upcoming_sessions,
)
from bot.directory.schedule import WEEKDAYS
from bot.staff.paging import page_number, paginate
from bot.store.models import Organisation, Service
from bot.web.staff_kit import ADMIN_ROOT, NavLink, NotFound, StaffKit, Visit, csv_download

VIEW, EDIT = "directory.view", "directory.edit"
HOME = f"{ADMIN_ROOT}/directory"
NAV = (NavLink(VIEW, HOME, "directory", "directory_intro"),)
PER_PAGE = 25
STATUSES = ("live", "archived", "all")
# Form field -> staff_text label (the error summary and the CSV preview use them).
LABELS = {
    name: f"field_{name}"
    for name in (
        *editing.SERVICE_FIELDS,
        *editing.ORGANISATION_FORM,
        "archived",
        "accept_http",
    )
}
LABELS["import_good_rows"] = "import_good_rows"


def _service_query(q: str, area: str, kind: str, status: str) -> Select[tuple[Service]]:
    query = (
        select(Service)
        .join(Organisation, Organisation.slug == Service.organisation_slug)
        .options(joinedload(Service.organisation))
    )
    if q:
        query = query.where(
            or_(
                Service.title_en.icontains(q, autoescape=True),
                Service.title_cy.icontains(q, autoescape=True),
                Service.slug.icontains(q, autoescape=True),
                Organisation.name_en.icontains(q, autoescape=True),
                Organisation.name_cy.icontains(q, autoescape=True),
                Service.postcode.icontains(q, autoescape=True),
            )
        )
    if area == "national":
        query = query.where(Service.area_slug.is_(None))
    elif area:
        query = query.where(or_(Service.area_slug == area, Service.health_board_slug == area))
    if kind:
        query = query.where(Service.kind == kind)
    if status == "live":
        query = query.where(Service.archived_at.is_(None))
    elif status == "archived":
        query = query.where(Service.archived_at.is_not(None))
    return query.order_by(Organisation.name_en, Service.title_en, Service.id)


def choices(session: Session) -> dict[str, Any]:
    """What the service form's lists offer."""
    return {
        "organisations": [
            (o.slug, o.name_cy, o.name_en, o.archived_at is not None)
            for o in editing.known_organisations(session)
        ],
        "areas": [(a.slug, a.name_cy, a.name_en) for a in editing.local_authorities(session)],
        "kinds": KINDS,
        "delivery_options": DELIVERY,
        "language_options": LANGUAGES,
        "booking_methods": BOOKING_METHODS,
        "weekdays": WEEKDAYS,
    }


def _form_flat(request: Request, kit: StaffKit) -> dict[str, str]:
    form = kit.form(request)
    flat = {name: form.get(name) for name in editing.SERVICE_FIELDS}
    flat["delivery"] = ", ".join(form.getlist("delivery"))
    flat["languages"] = ", ".join(form.getlist("languages"))
    flat["carers_welcome"] = "yes" if form.get("carers_welcome") == "yes" else ""
    return flat


def routes(kit: StaffKit) -> APIRouter:
    api = kit.router()
    reader, editor = kit.allow(VIEW), kit.allow(EDIT)

    def stored_service(session: Session, slug: str) -> Service:
        service = editing.find_service(session, slug)
        if service is None:
            raise NotFound()
        return service

    def stored_organisation(session: Session, slug: str) -> Organisation:
        organisation = session.get(Organisation, slug)
        if organisation is None:
            raise NotFound()
        return organisation

    # -- finding things

    @api.get(HOME, response_model=None)
    async def directory(request: Request, visit: Visit = reader) -> Response:
        params = request.query_params
        q = params.get("q", "").strip()[:100]
        area = params.get("area", "")
        kind = params.get("kind", "") if params.get("kind") in KINDS else ""
        status = params.get("status", "live")
        status = status if status in STATUSES else "live"
        with kit.sessions() as session:
            areas = [(a.slug, a.name_cy, a.name_en) for a in editing.local_authorities(session)]
            if area not in {a[0] for a in areas} | {"national"}:
                area = ""
            paged = paginate(
                session,
                _service_query(q, area, kind, status),
                page_number(params.get("page")),
                PER_PAGE,
            )
            rows = [
                {
                    "slug": s.slug,
                    "title_cy": s.title_cy,
                    "title_en": s.title_en,
                    "kind": s.kind,
                    "area": s.area_slug,
                    "organisation_cy": s.organisation.name_cy,
                    "organisation_en": s.organisation.name_en,
                    "organisation": s.organisation_slug,
                    "archived": s.archived_at is not None,
                }
                for s in paged.items
            ]
        kept = {
            k: v for k, v in {"q": q, "area": area, "kind": kind, "status": status}.items() if v
        }

        def page_url(number: int) -> str:
            return f"{HOME}?{urlencode({**kept, 'page': number})}"

        area_names = {slug: (cy, en) for slug, cy, en in areas}
        return kit.page(
            visit,
            "directory.html",
            rows=rows,
            paged=paged,
            page_url=page_url,
            filters={"q": q, "area": area, "kind": kind, "status": status},
            areas=areas,
            area_names=area_names,
            kinds=KINDS,
            statuses=STATUSES,
            can_edit=visit.can(EDIT),
            can_import=visit.can("directory.import"),
        )

    @api.get(f"{HOME}/export.csv", response_model=None)
    async def export(visit: Visit = reader) -> Response:
        with kit.sessions() as session:
            text = csv_io.export_csv(session)
        return csv_download(text, "cymar-directory.csv")

    # -- services

    def service_form(
        visit: Visit,
        slug: str | None,
        values: dict[str, str],
        errors: dict[str, str],
        warnings: dict[str, str] | None = None,
        status: int = 200,
    ) -> Response:
        with kit.sessions() as session:
            offered = choices(session)
        return kit.page(
            visit,
            "directory_service_form.html",
            status=status,
            slug=slug,
            values=values,
            errors=errors,
            warnings=warnings or {},
            labels=LABELS,
            chosen_delivery=[d.strip() for d in values.get("delivery", "").split(",")],
            chosen_languages=[d.strip() for d in values.get("languages", "").split(",")],
            **offered,
        )

    @api.get(f"{HOME}/services/new", response_model=None)
    async def new_service(request: Request, visit: Visit = editor) -> Response:
        values = {
            "organisation": request.query_params.get("organisation", ""),
            "cost_cy": "Am ddim",
            "cost_en": "Free",
            "booking_method": "drop_in",
            "languages": "cy, en",
            "session_duration": "60",
        }
        return service_form(visit, None, values, {})

    @api.post(f"{HOME}/services/new", response_model=None)
    async def add_service(request: Request, visit: Visit = editor) -> Response:
        return save_service(visit, request, None)

    @api.get(f"{HOME}/services/{{slug}}", response_model=None)
    async def service_page(slug: str, visit: Visit = reader) -> Response:
        with kit.sessions() as session:
            service = stored_service(session, slug)
            record = service_record(session, service)
            sessions = [
                {"starts_at": o.starts_at, "ends_at": o.ends_at, "cancelled": o.cancelled}
                for o in upcoming_sessions(session, service)
            ]
            organisation = service.organisation
            org = {
                "slug": organisation.slug,
                "name_cy": organisation.name_cy,
                "name_en": organisation.name_en,
            }
            archived = service.archived_at is not None
            offered = choices(session)
        return kit.page(
            visit,
            "directory_service.html",
            slug=slug,
            values=editing.flat_of(record),
            record=record,
            sessions=sessions,
            org=org,
            archived=archived,
            labels=LABELS,
            can_edit=visit.can(EDIT),
            can_see_history=visit.can("audit.view"),
            area_names={s: (cy, en) for s, cy, en in offered["areas"]},
        )

    @api.get(f"{HOME}/services/{{slug}}/edit", response_model=None)
    async def edit_service(slug: str, visit: Visit = editor) -> Response:
        with kit.sessions() as session:
            values = editing.flat_of(service_record(session, stored_service(session, slug)))
        return service_form(visit, slug, values, {})

    @api.post(f"{HOME}/services/{{slug}}/edit", response_model=None)
    async def update_service(slug: str, request: Request, visit: Visit = editor) -> Response:
        with kit.sessions() as session:
            stored_service(session, slug)
        return save_service(visit, request, slug)

    def save_service(visit: Visit, request: Request, slug: str | None) -> Response:
        flat = _form_flat(request, kit)
        accept_http = kit.form(request).get("accept_http") == "yes"
        with kit.sessions() as session:
            if slug is not None:
                service = stored_service(session, slug)
                flat["slug"] = slug
                # Cancelled dates are changed on the service's page, not in this form.
                flat["cancelled"] = "; ".join(service.cancelled_dates or [])
            checked = editing.check_service(session, flat, new=slug is None)
        if checked.problems or (checked.warnings and not accept_http):
            problems = checked.problems or {"accept_http": "dir_warning_http_confirm"}
            return service_form(
                visit, slug, {**flat, "accept_http": ""}, problems, checked.warnings, 400
            )
        with kit.sessions() as session, session.begin():
            changes = editing.save_service(session, checked.record, actor=visit.signed_in.id)
        target = f"{HOME}/services/{checked.record['slug']}"
        if not changes:
            return kit.redirect(visit, target, flash="nothing_changed")
        title = checked.record[f"title_{visit.language}"]
        return kit.redirect(visit, target, flash="service_saved", name=title)

    @api.post(f"{HOME}/services/{{slug}}/archive", response_model=None)
    async def archive_service(slug: str, visit: Visit = editor) -> Response:
        with kit.sessions() as session, session.begin():
            service = stored_service(session, slug)
            editing.archive_service(session, service, actor=visit.signed_in.id)
            title = getattr(service, f"title_{visit.language}")
        return kit.redirect(visit, f"{HOME}/services/{slug}", flash="service_archived", name=title)

    @api.post(f"{HOME}/services/{{slug}}/restore", response_model=None)
    async def restore_service(slug: str, visit: Visit = editor) -> Response:
        with kit.sessions() as session, session.begin():
            service = stored_service(session, slug)
            if service.organisation.archived_at is not None:
                return kit.redirect(visit, f"{HOME}/services/{slug}", flash="restore_org_first")
            editing.restore_service(session, service, actor=visit.signed_in.id)
            title = getattr(service, f"title_{visit.language}")
        return kit.redirect(visit, f"{HOME}/services/{slug}", flash="service_restored", name=title)

    @api.post(f"{HOME}/services/{{slug}}/sessions", response_model=None)
    async def cancel_session(slug: str, request: Request, visit: Visit = editor) -> Response:
        form = kit.form(request)
        target = f"{HOME}/services/{slug}"
        try:
            day = date.fromisoformat(form.get("date"))
        except ValueError:
            with kit.sessions() as session:
                stored_service(session, slug)
            return kit.redirect(visit, target, flash="session_not_found")
        cancel = form.get("decision") != "restore"
        with kit.sessions() as session, session.begin():
            service = stored_service(session, slug)
            done = editing.set_cancelled(session, service, day, cancel, actor=visit.signed_in.id)
        if not done:
            return kit.redirect(visit, target, flash="session_not_found")
        flash = "session_cancelled" if cancel else "session_restored"
        return kit.redirect(visit, target, flash=flash, date=day.strftime("%d/%m/%Y"))

    # -- organisations

    @api.get(f"{HOME}/organisations", response_model=None)
    async def organisations(visit: Visit = reader) -> Response:
        with kit.sessions() as session:
            counts = dict(
                session.execute(
                    select(Service.organisation_slug, func.count(Service.id))
                    .where(Service.archived_at.is_(None))
                    .group_by(Service.organisation_slug)
                )
                .tuples()
                .all()
            )
            rows = [
                {
                    "slug": o.slug,
                    "name_cy": o.name_cy,
                    "name_en": o.name_en,
                    "website": o.website,
                    "phone": o.phone,
                    "email": o.email,
                    "archived": o.archived_at is not None,
                    "services": counts.get(o.slug, 0),
                }
                for o in editing.known_organisations(session)
            ]
        return kit.page(visit, "directory_organisations.html", rows=rows, can_edit=visit.can(EDIT))

    def organisation_form(
        visit: Visit,
        slug: str | None,
        values: dict[str, str],
        errors: dict[str, str],
        warnings: dict[str, str] | None = None,
        status: int = 200,
    ) -> Response:
        return kit.page(
            visit,
            "directory_organisation_form.html",
            status=status,
            slug=slug,
            values=values,
            errors=errors,
            warnings=warnings or {},
            labels=LABELS,
        )

    @api.get(f"{HOME}/organisations/new", response_model=None)
    async def new_organisation(visit: Visit = editor) -> Response:
        return organisation_form(visit, None, {}, {})

    @api.post(f"{HOME}/organisations/new", response_model=None)
    async def add_organisation(request: Request, visit: Visit = editor) -> Response:
        return save_organisation(visit, request, None)

    @api.get(f"{HOME}/organisations/{{slug}}/edit", response_model=None)
    async def edit_organisation(slug: str, visit: Visit = editor) -> Response:
        with kit.sessions() as session:
            organisation = stored_organisation(session, slug)
            values = {name: getattr(organisation, name) or "" for name in editing.ORGANISATION_FORM}
        return organisation_form(visit, slug, values, {})

    @api.post(f"{HOME}/organisations/{{slug}}/edit", response_model=None)
    async def update_organisation(slug: str, request: Request, visit: Visit = editor) -> Response:
        with kit.sessions() as session:
            stored_organisation(session, slug)
        return save_organisation(visit, request, slug)

    def save_organisation(visit: Visit, request: Request, slug: str | None) -> Response:
        form = kit.form(request)
        flat = {name: form.get(name) for name in editing.ORGANISATION_FORM}
        if slug is not None:
            flat["slug"] = slug
        with kit.sessions() as session:
            checked = editing.check_organisation(session, flat, new=slug is None)
        if checked.problems or (checked.warnings and form.get("accept_http") != "yes"):
            problems = checked.problems or {"accept_http": "dir_warning_http_confirm"}
            return organisation_form(visit, slug, flat, problems, checked.warnings, 400)
        with kit.sessions() as session, session.begin():
            changes = editing.save_organisation(session, checked.record, actor=visit.signed_in.id)
        name = checked.record[f"name_{visit.language}"]
        target = f"{HOME}/organisations"
        if not changes:
            return kit.redirect(visit, target, flash="nothing_changed")
        return kit.redirect(visit, target, flash="organisation_saved", name=name)

    @api.post(f"{HOME}/organisations/{{slug}}/archive", response_model=None)
    async def archive_organisation(slug: str, visit: Visit = editor) -> Response:
        with kit.sessions() as session, session.begin():
            organisation = stored_organisation(session, slug)
            count = editing.archive_organisation(session, organisation, actor=visit.signed_in.id)
            name = getattr(organisation, f"name_{visit.language}")
        return kit.redirect(
            visit, f"{HOME}/organisations", flash="organisation_archived", name=name, count=count
        )

    @api.post(f"{HOME}/organisations/{{slug}}/restore", response_model=None)
    async def restore_organisation(slug: str, visit: Visit = editor) -> Response:
        with kit.sessions() as session, session.begin():
            organisation = stored_organisation(session, slug)
            count = editing.restore_organisation(session, organisation, actor=visit.signed_in.id)
            name = getattr(organisation, f"name_{visit.language}")
        return kit.redirect(
            visit, f"{HOME}/organisations", flash="organisation_restored", name=name, count=count
        )

    return api
