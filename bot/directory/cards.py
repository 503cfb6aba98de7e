"""Directory results as text and as API cards, in Welsh or English.

Short labels live here as Welsh/English pairs side by side, so neither can be added alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.content.model import Lang
from bot.directory.areas import area_by_slug
from bot.directory.schedule import WALES
from bot.directory.search import SessionHit
from bot.store.models import Organisation, Service


@dataclass(frozen=True)
class Label:
    en: str
    cy: str

    def __call__(self, language: Lang) -> str:
        return self.cy if language == "cy" else self.en


DAYS = (
    Label("Monday", "Dydd Llun"),
    Label("Tuesday", "Dydd Mawrth"),
    Label("Wednesday", "Dydd Mercher"),
    Label("Thursday", "Dydd Iau"),
    Label("Friday", "Dydd Gwener"),
    Label("Saturday", "Dydd Sadwrn"),
    Label("Sunday", "Dydd Sul"),
)
MONTHS = (
    Label("January", "Ionawr"),
    Label("February", "Chwefror"),
    Label("March", "Mawrth"),
    Label("April", "Ebrill"),
    Label("May", "Mai"),
    Label("June", "Mehefin"),
    Label("July", "Gorffennaf"),
    Label("August", "Awst"),
    Label("September", "Medi"),
    Label("October", "Hydref"),
    Label("November", "Tachwedd"),
    Label("December", "Rhagfyr"),
)
ONLINE = Label("Online", "Ar-lein")
IN_PERSON = Label("In person", "Wyneb yn wyneb")
BY_PHONE = Label("By phone", "Dros y ffôn")
IN_WELSH = Label("In Welsh", "Yn Gymraeg")
IN_ENGLISH = Label("In English", "Yn Saesneg")
BILINGUAL = Label("In Welsh and English", "Yn Gymraeg a Saesneg")
IN_BSL = Label("In British Sign Language", "Yn Iaith Arwyddion Prydain (BSL)")
DROP_IN = Label("Just turn up", "Galwch heibio")
BOOK_PHONE = Label("Book by phone", "Archebwch dros y ffôn")
BOOK_EMAIL = Label("Book by email", "Archebwch drwy e-bost")
BOOK_LINK = Label("Book online", "Archebwch ar-lein")


def when_text(hit: SessionHit, language: Lang) -> str:
    local = hit.starts_at.astimezone(WALES)
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    if language == "cy":
        suffix = "yb" if local.hour < 12 else "yh"
    else:
        suffix = "am" if local.hour < 12 else "pm"
    day = DAYS[local.weekday()](language)
    month = MONTHS[local.month - 1](language)
    return f"{day} {local.day} {month}, {hour}{minutes}{suffix}"


def delivery_labels(service: Service, language: Lang) -> list[str]:
    labels = []
    if service.in_person:
        labels.append(IN_PERSON(language))
    if service.online:
        labels.append(ONLINE(language))
    if service.by_phone:
        labels.append(BY_PHONE(language))
    return labels


def language_label(service: Service, language: Lang) -> str:
    if service.in_welsh and service.in_english:
        label = BILINGUAL(language)
    elif service.in_welsh:
        label = IN_WELSH(language)
    else:
        label = IN_ENGLISH(language)
    if service.in_bsl:
        label = IN_BSL(language) if not (service.in_welsh or service.in_english) else label
    return label


def place_text(service: Service, language: Lang) -> str:
    if service.in_person and service.address:
        venue = service.venue_name_cy if language == "cy" else service.venue_name_en
        parts = [p for p in (venue, service.address, service.postcode) if p]
        return ", ".join(parts)
    return ONLINE(language) if service.online else BY_PHONE(language)


def booking_text(service: Service, language: Lang) -> str:
    method, value = service.booking_method, service.booking_value
    if method == "phone" and value:
        return f"{BOOK_PHONE(language)}: {value}"
    if method == "email" and value:
        return f"{BOOK_EMAIL(language)}: {value}"
    if method == "link" and value:
        return f"{BOOK_LINK(language)}: {value}"
    return DROP_IN(language)


def area_name(slug: str | None, language: Lang) -> str:
    area = area_by_slug(slug) if slug else None
    if area is None:
        return ONLINE(language)
    return area.name_cy if language == "cy" else area.name_en


def card(hit: SessionHit, language: Lang) -> dict[str, Any]:
    service = hit.service
    organisation: Organisation = service.organisation
    return {
        "title": service.title_cy if language == "cy" else service.title_en,
        "organisation": organisation.name_cy if language == "cy" else organisation.name_en,
        "area": area_name(service.area_slug, language),
        "starts_at": hit.starts_at.astimezone(WALES).isoformat(),
        "ends_at": hit.ends_at.astimezone(WALES).isoformat(),
        "when": when_text(hit, language),
        "delivery": delivery_labels(service, language),
        "language": language_label(service, language),
        "place": place_text(service, language),
        "cost": service.cost_cy if language == "cy" else service.cost_en,
        "booking": booking_text(service, language),
        "url": (service.booking_value if service.booking_method == "link" else None)
        or organisation.website,
        "sample": service.sample,
    }


def text_block(hit: SessionHit, language: Lang) -> str:
    """The same facts as the card, as lines a screen reader or Telegram reads well."""
    c = card(hit, language)
    return "\n".join(
        [
            f"{c['title']} ({c['organisation']})",
            f"{c['when']}. {c['place']}.",
            f"{c['language']}. {c['cost']}. {c['booking']}.",
        ]
    )


def contact_text(organisation: Organisation, language: Lang) -> str:
    name = organisation.name_cy if language == "cy" else organisation.name_en
    contacts = [c for c in (organisation.phone, organisation.email, organisation.website) if c]
    return f"{name}: {', '.join(contacts)}"
