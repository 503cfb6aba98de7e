"""Words of the directory screens: finding, editing, archiving, cancelling, CSV import."""

from __future__ import annotations

_KINDS = {
    "peer_support_group": ("Grŵp cymorth cymheiriaid", "Peer support group"),
    "peer_mentoring": ("Mentora cymheiriaid", "Peer mentoring"),
    "recovery_college_course": ("Cwrs coleg adfer", "Recovery college course"),
    "wellbeing_session": ("Sesiwn les", "Wellbeing session"),
    "helpline": ("Llinell gymorth", "Helpline"),
}
_DAY_NAMES = {
    "monday": ("Llun", "Monday"),
    "tuesday": ("Mawrth", "Tuesday"),
    "wednesday": ("Mercher", "Wednesday"),
    "thursday": ("Iau", "Thursday"),
    "friday": ("Gwener", "Friday"),
    "saturday": ("Sadwrn", "Saturday"),
    "sunday": ("Sul", "Sunday"),
}
_WEEKDAYS = {
    "monday": ("Dydd Llun", "Monday"),
    "tuesday": ("Dydd Mawrth", "Tuesday"),
    "wednesday": ("Dydd Mercher", "Wednesday"),
    "thursday": ("Dydd Iau", "Thursday"),
    "friday": ("Dydd Gwener", "Friday"),
    "saturday": ("Dydd Sadwrn", "Saturday"),
    "sunday": ("Dydd Sul", "Sunday"),
}
# Labels of the service and organisation fields: the form, the error summary and the
# CSV preview's "column" all use them.
_FIELDS = {
    "slug": ("Enw byr (ar gyfer y cyfeiriad)", "Short name (for the address)"),
    "organisation": ("Sefydliad", "Organisation"),
    "kind": ("Math o wasanaeth", "Kind of service"),
    "title_cy": ("Teitl yn Gymraeg", "Title in Welsh"),
    "title_en": ("Teitl yn Saesneg", "Title in English"),
    "description_cy": ("Disgrifiad yn Gymraeg", "Description in Welsh"),
    "description_en": ("Disgrifiad yn Saesneg", "Description in English"),
    "topics": ("Pynciau", "Topics"),
    "area": ("Ardal (awdurdod lleol)", "Area (local authority)"),
    "venue_name_cy": ("Enw'r lleoliad yn Gymraeg", "Venue name in Welsh"),
    "venue_name_en": ("Enw'r lleoliad yn Saesneg", "Venue name in English"),
    "address": ("Cyfeiriad", "Address"),
    "postcode": ("Cod post", "Postcode"),
    "delivery": ("Sut mae'n cael ei gynnal", "How it is delivered"),
    "languages": ("Ieithoedd", "Languages"),
    "cost_cy": ("Cost yn Gymraeg", "Cost in Welsh"),
    "cost_en": ("Cost yn Saesneg", "Cost in English"),
    "booking_method": ("Sut i gadw lle", "How to book"),
    "booking_value": ("Manylion cadw lle", "Booking details"),
    "access": ("Hygyrchedd", "Access"),
    "min_age": ("Oedran lleiaf", "Minimum age"),
    "carers_welcome": ("Gofalwyr", "Carers"),
    "hours_cy": ("Oriau yn Gymraeg", "Hours in Welsh"),
    "hours_en": ("Oriau yn Saesneg", "Hours in English"),
    "rec_freq": ("Pa mor aml", "How often"),
    "rec_weekday": ("Diwrnod", "Day"),
    "rec_week_of_month": ("Pa wythnos o'r mis", "Which week of the month"),
    "rec_time": ("Amser dechrau", "Start time"),
    "rec_duration": ("Hyd (munudau)", "Length (minutes)"),
    "rec_starts_on": ("Yn dechrau ar", "Starts on"),
    "rec_ends_on": ("Yn gorffen ar", "Ends on"),
    "sessions": ("Dyddiadau unigol", "Single dates"),
    "session_duration": (
        "Hyd pob dyddiad unigol (munudau)",
        "Length of each single date (minutes)",
    ),
    "cancelled": ("Dyddiadau wedi'u canslo", "Cancelled dates"),
    "archived": ("Wedi'i archifo", "Archived"),
    "name_cy": ("Enw yn Gymraeg", "Name in Welsh"),
    "name_en": ("Enw yn Saesneg", "Name in English"),
    "website": ("Gwefan", "Website"),
    "phone": ("Rhif ffôn", "Phone number"),
    "email": ("Cyfeiriad e-bost", "Email address"),
    "accept_http": ("Dolen heb ei diogelu", "Link that is not secure"),
}

TEXT: dict[str, dict[str, str]] = {
    # -- navigation and the list
    "directory": {"cy": "Cyfeiriadur", "en": "Directory"},
    "directory_intro": {
        "cy": "Y gwasanaethau, y grwpiau a'r cyrsiau mae Cymar yn eu cynnig i bobl.",
        "en": "The services, groups and courses Cymar offers people.",
    },
    "directory_intro_long": {
        "cy": "Mae pob newid yn fyw ar unwaith: mae Cymar yn chwilio'r un rhestr. "
        "Does dim byd yn cael ei ddileu; mae gwasanaeth wedi'i archifo'n diflannu o'r "
        "chwilio a gallwch chi ei adfer.",
        "en": "Every change is live at once: Cymar searches this same list. Nothing is "
        "deleted; an archived service leaves the search and can be restored.",
    },
    "directory_find": {"cy": "Chwilio'r cyfeiriadur", "en": "Search the directory"},
    "directory_q": {"cy": "Chwilio am", "en": "Search for"},
    "directory_q_hint": {
        "cy": "Rhan o deitl, enw sefydliad, enw byr neu god post.",
        "en": "Part of a title, an organisation's name, a short name or a postcode.",
    },
    "filter_area": {"cy": "Ardal", "en": "Area"},
    "filter_any": {"cy": "Unrhyw un", "en": "Any"},
    "filter_national": {"cy": "Cymru gyfan (dim ardal)", "en": "All of Wales (no area)"},
    "filter_kind": {"cy": "Math", "en": "Kind"},
    "filter_status": {"cy": "Yn dangos", "en": "Showing"},
    "status_live": {"cy": "Gwasanaethau byw", "en": "Live services"},
    "status_archived": {"cy": "Wedi'u harchifo", "en": "Archived"},
    "status_all": {"cy": "Y cyfan", "en": "All"},
    "apply_filters": {"cy": "Chwilio", "en": "Search"},
    "add_service": {"cy": "Ychwanegu gwasanaeth", "en": "Add a service"},
    "add_organisation": {"cy": "Ychwanegu sefydliad", "en": "Add an organisation"},
    "organisations": {"cy": "Sefydliadau", "en": "Organisations"},
    "organisations_intro": {
        "cy": "Pwy sy'n cynnal y gwasanaethau. Mae archifo sefydliad yn archifo ei "
        "wasanaethau byw hefyd; mae ei adfer yn dod â'r rheini yn ôl.",
        "en": "Who runs the services. Archiving an organisation archives its live "
        "services too; restoring it brings those back.",
    },
    "import_csv": {"cy": "Mewnforio o CSV", "en": "Import from CSV"},
    "export_csv": {"cy": "Lawrlwytho fel CSV", "en": "Download as CSV"},
    "col_service": {"cy": "Gwasanaeth", "en": "Service"},
    "col_organisation": {"cy": "Sefydliad", "en": "Organisation"},
    "col_kind": {"cy": "Math", "en": "Kind"},
    "col_area": {"cy": "Ardal", "en": "Area"},
    "col_status": {"cy": "Statws", "en": "Status"},
    "col_services": {"cy": "Gwasanaethau byw", "en": "Live services"},
    "col_contact": {"cy": "Cysylltu", "en": "Contact"},
    "col_actions": {"cy": "Camau", "en": "Actions"},
    "services_caption": {"cy": "Gwasanaethau", "en": "Services"},
    "archived_tag": {"cy": "Wedi'i archifo", "en": "Archived"},
    "live_tag": {"cy": "Byw", "en": "Live"},
    "no_area": {"cy": "Cymru gyfan", "en": "All of Wales"},
    "no_services_found": {
        "cy": "Does dim gwasanaeth yn cyfateb. Rhowch gynnig ar lai o hidlwyr.",
        "en": "No service matches. Try fewer filters.",
    },
    # -- one service
    "service_details": {"cy": "Manylion", "en": "Details"},
    "service_history": {
        "cy": "Pwy newidiodd beth, a phryd (y cofnod archwilio)",
        "en": "Who changed what, and when (the audit log)",
    },
    "edit_service": {"cy": "Golygu'r gwasanaeth", "en": "Edit the service"},
    "edit_service_named": {"cy": "Golygu: {name}", "en": "Edit: {name}"},
    "back_to_directory": {"cy": "Yn ôl i'r cyfeiriadur", "en": "Back to the directory"},
    "service_archived_notice": {
        "cy": "Mae'r gwasanaeth hwn wedi'i archifo: dydy Cymar ddim yn ei gynnig i neb.",
        "en": "This service is archived: Cymar does not offer it to anyone.",
    },
    "archive_service": {"cy": "Archifo'r gwasanaeth", "en": "Archive the service"},
    "archive_service_hint": {
        "cy": "Bydd yn diflannu o'r chwilio ar unwaith. Gallwch chi ei adfer wedyn.",
        "en": "It leaves the search at once. You can restore it later.",
    },
    "restore_service": {"cy": "Adfer y gwasanaeth", "en": "Restore the service"},
    "upcoming_sessions": {"cy": "Dyddiadau nesaf", "en": "Next dates"},
    "upcoming_sessions_hint": {
        "cy": "Amser Cymru. Canslwch un dyddiad os na fydd y cyfarfod yn digwydd: fydd "
        "Cymar ddim yn ei gynnig mwyach.",
        "en": "Welsh time. Cancel one date if the meeting will not happen: Cymar will no "
        "longer offer it.",
    },
    "no_upcoming_sessions": {
        "cy": "Does dim dyddiadau i ddod.",
        "en": "There are no dates coming up.",
    },
    "col_when": {"cy": "Pryd", "en": "When"},
    "session_cancelled_tag": {"cy": "Wedi'i ganslo", "en": "Cancelled"},
    "session_on_tag": {"cy": "Yn digwydd", "en": "Going ahead"},
    "cancel_session": {"cy": "Canslo'r dyddiad hwn", "en": "Cancel this date"},
    "restore_session": {"cy": "Dad-ganslo", "en": "Un-cancel"},
    # {day} is the bare day name (Sadwrn / Saturday): Welsh mutates what goes before it.
    "schedule_weekly": {"cy": "Bob dydd {day}, {time}", "en": "Every {day}, {time}"},
    "schedule_monthly_1": {
        "cy": "Ar y dydd {day} cyntaf o bob mis, {time}",
        "en": "On the first {day} of every month, {time}",
    },
    "schedule_monthly_2": {
        "cy": "Ar yr ail ddydd {day} o bob mis, {time}",
        "en": "On the second {day} of every month, {time}",
    },
    "schedule_monthly_3": {
        "cy": "Ar y trydydd dydd {day} o bob mis, {time}",
        "en": "On the third {day} of every month, {time}",
    },
    "schedule_monthly_4": {
        "cy": "Ar y pedwerydd dydd {day} o bob mis, {time}",
        "en": "On the fourth {day} of every month, {time}",
    },
    "schedule_monthly_-1": {
        "cy": "Ar y dydd {day} olaf o bob mis, {time}",
        "en": "On the last {day} of every month, {time}",
    },
    "schedule_none": {"cy": "Dim patrwm rheolaidd", "en": "No regular pattern"},
    "schedule_label": {"cy": "Pryd mae'n cyfarfod", "en": "When it meets"},
    "yes_welcome": {"cy": "Mae croeso i ofalwyr", "en": "Carers are welcome"},
    # -- the service form
    "service_form_intro": {
        "cy": "Rhowch bob testun yn Gymraeg ac yn Saesneg: mae Cymar yn ateb pobl yn eu "
        "hiaith eu hunain.",
        "en": "Give every text in Welsh and in English: Cymar answers people in their own "
        "language.",
    },
    "legend_about": {"cy": "Am y gwasanaeth", "en": "About the service"},
    "legend_where": {"cy": "Ble", "en": "Where"},
    "legend_booking": {"cy": "Cost a chadw lle", "en": "Cost and booking"},
    "legend_who": {"cy": "Pwy", "en": "Who"},
    "legend_recurrence": {"cy": "Patrwm rheolaidd", "en": "Regular pattern"},
    "legend_one_off": {"cy": "Dyddiadau unigol", "en": "Single dates"},
    "legend_cy": {"cy": "Cymraeg", "en": "Welsh"},
    "legend_en": {"cy": "Saesneg", "en": "English"},
    "hint_slug": {
        "cy": "Llythrennau bach, digidau a chysylltnodau, e.e. grwp-cymheiriaid-bangor. "
        "Does dim modd ei newid wedyn.",
        "en": "Lower-case letters, digits and dashes, e.g. bangor-peer-group. "
        "It cannot be changed later.",
    },
    "hint_words": {
        "cy": "Geiriau allweddol wedi'u gwahanu gan atalnodau, e.e. anxiety, low_mood.",
        "en": "Keywords separated by commas, e.g. anxiety, low_mood.",
    },
    "hint_area": {
        "cy": "Gadewch yn wag ar gyfer gwasanaeth i Gymru gyfan (ar-lein neu dros y ffôn).",
        "en": "Leave empty for a service for all of Wales (online or by phone).",
    },
    "hint_postcode": {"cy": "Er enghraifft CF10 1AA", "en": "For example CF10 1AA"},
    "hint_booking_value": {
        "cy": "Rhif ffôn, cyfeiriad e-bost neu ddolen https, yn ôl y dewis uchod. "
        "Gwag ar gyfer galw heibio.",
        "en": "A phone number, email address or https link, as chosen above. Empty for drop in.",
    },
    "hint_hours": {
        "cy": "Ar gyfer llinellau cymorth: pryd maen nhw ar agor, e.e. Bob nos, 6pm tan 10pm.",
        "en": "For helplines: when they are open, e.g. Every evening, 6pm to 10pm.",
    },
    "hint_recurrence": {
        "cy": "Amser Cymru: mae 18:30 yn aros yn 18:30 pan fydd y clociau'n newid.",
        "en": "Welsh time: 18:30 stays 18:30 when the clocks change.",
    },
    "hint_date": {"cy": "BBBB-MM-DD, e.e. 2027-01-31", "en": "YYYY-MM-DD, e.g. 2027-01-31"},
    "hint_clock": {"cy": "AA:MM, e.e. 18:30", "en": "HH:MM, e.g. 18:30"},
    "hint_sessions": {
        "cy": "Un dyddiad ac amser ar bob llinell, amser Cymru: 2027-01-12 18:30",
        "en": "One date and time on each line, Welsh time: 2027-01-12 18:30",
    },
    "hint_phone": {
        "cy": "Rhif yn y DU, e.e. 029 2018 0123, 01632 960101, 07700 900123, 0800 123 4567 "
        "neu 116 123.",
        "en": "A UK number, e.g. 029 2018 0123, 01632 960101, 07700 900123, 0800 123 4567 "
        "or 116 123.",
    },
    "rec_none": {
        "cy": "Dim patrwm (dyddiadau unigol yn unig)",
        "en": "No pattern (single dates only)",
    },
    "rec_weekly": {"cy": "Bob wythnos", "en": "Every week"},
    "rec_monthly": {"cy": "Bob mis", "en": "Every month"},
    "week_1": {"cy": "Y cyntaf", "en": "The first"},
    "week_2": {"cy": "Yr ail", "en": "The second"},
    "week_3": {"cy": "Y trydydd", "en": "The third"},
    "week_4": {"cy": "Y pedwerydd", "en": "The fourth"},
    "week_-1": {"cy": "Yr olaf", "en": "The last"},
    "choose_one": {"cy": "Dewiswch", "en": "Choose"},
    "delivery_in_person": {"cy": "Wyneb yn wyneb", "en": "In person"},
    "delivery_online": {"cy": "Ar-lein", "en": "Online"},
    "delivery_phone": {"cy": "Dros y ffôn", "en": "By phone"},
    # language_cy and language_en are the inbox's (bot/web/staff_text/inbox.py).
    "language_bsl": {"cy": "Iaith Arwyddion Prydain (BSL)", "en": "British Sign Language (BSL)"},
    "booking_drop_in": {"cy": "Galw heibio (dim angen cadw lle)", "en": "Drop in (no booking)"},
    "booking_phone": {"cy": "Ffonio", "en": "Phone"},
    "booking_email": {"cy": "E-bost", "en": "Email"},
    "booking_link": {"cy": "Dolen ar y we", "en": "Web link"},
    "carers_welcome_option": {"cy": "Mae croeso i ofalwyr", "en": "Carers are welcome"},
    "save_service": {"cy": "Cadw'r gwasanaeth", "en": "Save the service"},
    "http_warning_title": {"cy": "Dolen heb ei diogelu", "en": "A link that is not secure"},
    "http_warning_text": {
        "cy": "Mae dolen yn dechrau gyda http:// yn lle https://. Gall pobl weld rhybudd yn "
        "eu porwr. Defnyddiwch https:// os oes modd.",
        "en": "A link starts with http:// rather than https://. People may see a warning in "
        "their browser. Use https:// if you can.",
    },
    "accept_http_option": {
        "cy": "Rydw i wedi gwirio: cadw'r ddolen http://",
        "en": "I have checked: keep the http:// link",
    },
    # -- organisations
    "edit_organisation": {"cy": "Golygu: {name}", "en": "Edit: {name}"},
    "organisation_form_intro": {
        "cy": "Manylion cyswllt cyhoeddus yn unig.",
        "en": "Public contact details only.",
    },
    "save_organisation": {"cy": "Cadw'r sefydliad", "en": "Save the organisation"},
    "archive_organisation": {"cy": "Archifo", "en": "Archive"},
    "restore_organisation": {"cy": "Adfer", "en": "Restore"},
    "organisation_archived_notice": {
        "cy": "Mae'r sefydliad hwn wedi'i archifo.",
        "en": "This organisation is archived.",
    },
    "add_service_here": {"cy": "Ychwanegu gwasanaeth", "en": "Add a service"},
    "org_archived_suffix": {"cy": "(wedi'i archifo)", "en": "(archived)"},
    # -- flash messages
    "service_saved": {"cy": "Wedi cadw {name}.", "en": "{name} saved."},
    "service_archived": {
        "cy": "Mae {name} wedi'i archifo: dydy Cymar ddim yn ei gynnig mwyach.",
        "en": "{name} is archived: Cymar no longer offers it.",
    },
    "service_restored": {
        "cy": "Mae {name} wedi'i adfer: mae Cymar yn ei gynnig eto.",
        "en": "{name} is restored: Cymar offers it again.",
    },
    "restore_org_first": {
        "cy": "Mae'r sefydliad wedi'i archifo. Adferwch y sefydliad yn gyntaf.",
        "en": "The organisation is archived. Restore the organisation first.",
    },
    "session_cancelled": {
        "cy": "Mae {date} wedi'i ganslo: fydd Cymar ddim yn cynnig y dyddiad hwnnw.",
        "en": "{date} is cancelled: Cymar will not offer that date.",
    },
    "session_restored": {
        "cy": "Mae {date} yn digwydd eto: mae Cymar yn ei gynnig.",
        "en": "{date} is going ahead again: Cymar offers it.",
    },
    "session_not_found": {
        "cy": "Does dim cyfarfod ar y dyddiad hwnnw, neu roedd eisoes fel hyn. "
        "Does dim byd wedi newid.",
        "en": "There is no meeting on that date, or it was already so. Nothing was changed.",
    },
    "organisation_saved": {"cy": "Wedi cadw {name}.", "en": "{name} saved."},
    "organisation_archived": {
        "cy": "Mae {name} wedi'i archifo, gyda {count} o wasanaethau.",
        "en": "{name} is archived, with {count} services.",
    },
    "organisation_restored": {
        "cy": "Mae {name} wedi'i adfer, gyda {count} o wasanaethau.",
        "en": "{name} is restored, with {count} services.",
    },
    "import_done": {
        "cy": "Wedi mewnforio: {added} newydd, {changed} wedi newid, {skipped} rhes wedi'u hepgor.",
        "en": "Imported: {added} added, {changed} changed, {skipped} rows skipped.",
    },
    # -- problems with a field
    "dir_error_required": {"cy": "Llenwch hwn.", "en": "Fill this in."},
    "dir_error_required_both": {
        "cy": "Llenwch hwn: mae ei angen yn Gymraeg ac yn Saesneg.",
        "en": "Fill this in: it is needed in Welsh and in English.",
    },
    "dir_error_other_language_missing": {
        "cy": "Mae'r testun yn yr iaith arall wedi'i lenwi: rhowch hwn hefyd.",
        "en": "The text in the other language is filled in: give this one too.",
    },
    "dir_error_too_long": {"cy": "Mae hwn yn rhy hir.", "en": "This is too long."},
    "dir_error_slug": {
        "cy": "Defnyddiwch 3 i 120 o lythrennau bach, digidau a chysylltnodau.",
        "en": "Use 3 to 120 lower-case letters, digits and dashes.",
    },
    "dir_error_slug_taken": {
        "cy": "Mae'r enw byr hwn yn cael ei ddefnyddio'n barod.",
        "en": "This short name is already in use.",
    },
    "dir_error_organisation": {
        "cy": "Dewiswch sefydliad sydd yn y cyfeiriadur.",
        "en": "Choose an organisation that is in the directory.",
    },
    "dir_error_organisation_archived": {
        "cy": "Mae'r sefydliad hwn wedi'i archifo. Adferwch y sefydliad yn gyntaf.",
        "en": "This organisation is archived. Restore the organisation first.",
    },
    "dir_error_choose": {"cy": "Dewiswch o'r rhestr.", "en": "Choose from the list."},
    "dir_error_choose_some": {
        "cy": "Dewiswch o leiaf un o'r rhestr.",
        "en": "Choose at least one from the list.",
    },
    "dir_error_area": {
        "cy": "Dewiswch un o 22 awdurdod lleol Cymru, neu gadewch yn wag.",
        "en": "Choose one of the 22 local authorities of Wales, or leave it empty.",
    },
    "dir_error_words": {
        "cy": "Defnyddiwch eiriau allweddol byr (llythrennau bach, digidau, _) wedi'u gwahanu "
        "gan atalnodau.",
        "en": "Use short keywords (lower-case letters, digits, _) separated by commas.",
    },
    "dir_error_postcode": {
        "cy": "Rhowch god post yn y DU, e.e. CF10 1AA.",
        "en": "Enter a UK postcode, e.g. CF10 1AA.",
    },
    "dir_error_phone": {
        "cy": "Rhowch rif ffôn yn y DU, e.e. 029 2018 0123, 07700 900123, 0800 123 4567 "
        "neu 116 123.",
        "en": "Enter a UK phone number, e.g. 029 2018 0123, 07700 900123, 0800 123 4567 "
        "or 116 123.",
    },
    "dir_error_email": {
        "cy": "Rhowch gyfeiriad e-bost fel enw@enghraifft.cymru.",
        "en": "Enter an email address like name@example.org.",
    },
    "dir_error_link": {
        "cy": "Rhowch ddolen lawn sy'n dechrau gyda https://.",
        "en": "Enter a full link starting with https://.",
    },
    "dir_error_booking_value": {
        "cy": "Rhowch sut mae cadw lle: rhif ffôn, cyfeiriad e-bost neu ddolen.",
        "en": "Say how to book: a phone number, email address or link.",
    },
    "dir_error_in_person_venue": {
        "cy": "Mae'n digwydd wyneb yn wyneb: rhowch y lleoliad neu'r cyfeiriad.",
        "en": "It happens in person: give the venue or the address.",
    },
    "dir_error_helpline_hours": {
        "cy": "Rhowch oriau agor y llinell gymorth, yn Gymraeg ac yn Saesneg.",
        "en": "Give the helpline's opening hours, in Welsh and in English.",
    },
    "dir_error_clock": {
        "cy": "Rhowch amser fel AA:MM, e.e. 18:30.",
        "en": "Enter a time as HH:MM, e.g. 18:30.",
    },
    "dir_error_date": {
        "cy": "Rhowch ddyddiad go iawn fel BBBB-MM-DD, e.e. 2027-01-31.",
        "en": "Enter a real date as YYYY-MM-DD, e.g. 2027-01-31.",
    },
    "dir_error_ends_before_starts": {
        "cy": "Rhaid iddo orffen ar ôl iddo ddechrau.",
        "en": "It must end after it starts.",
    },
    "dir_error_session": {
        "cy": "Rhowch bob dyddiad fel BBBB-MM-DD AA:MM, e.e. 2027-01-12 18:30.",
        "en": "Give each date as YYYY-MM-DD HH:MM, e.g. 2027-01-12 18:30.",
    },
    "dir_error_session_skipped_hour": {
        "cy": "Dydy'r amser hwnnw ddim yn bod yng Nghymru y diwrnod hwnnw (mae'r clociau'n "
        "mynd ymlaen). Dewiswch amser arall.",
        "en": "That time does not exist in Wales that day (the clocks go forward). "
        "Choose another time.",
    },
    "dir_error_number_range": {
        "cy": "Rhowch rif cyfan o fewn yr ystod.",
        "en": "Enter a whole number in range.",
    },
    "dir_warning_http": {
        "cy": "Dydy'r ddolen hon ddim yn ddiogel (http://).",
        "en": "This link is not secure (http://).",
    },
    "dir_warning_http_confirm": {
        "cy": "Ticiwch y blwch i gadw dolen http://, neu newidiwch hi i https://.",
        "en": "Tick the box to keep an http:// link, or change it to https://.",
    },
    # -- CSV import
    "import_title": {"cy": "Mewnforio gwasanaethau o CSV", "en": "Import services from CSV"},
    "import_intro": {
        "cy": "Un rhes i bob gwasanaeth, gyda rhes bennawd. Lawrlwythwch y cyfeiriadur fel "
        "CSV i weld y colofnau. Byddwch chi'n gweld beth fydd yn newid cyn i ddim gael ei "
        "gadw.",
        "en": "One row per service, with a header row. Download the directory as CSV to see "
        "the columns. You will see what changes before anything is saved.",
    },
    "import_file": {"cy": "Ffeil CSV", "en": "CSV file"},
    "import_file_hint": {
        "cy": "UTF-8 (gyda BOM neu hebddo), hyd at {limit} KB a {rows} rhes.",
        "en": "UTF-8 (with or without a BOM), up to {limit} KB and {rows} rows.",
    },
    "import_columns": {"cy": "Y colofnau", "en": "The columns"},
    "import_check": {"cy": "Gwirio'r ffeil", "en": "Check the file"},
    "import_preview_title": {"cy": "Gwirio'r mewnforio", "en": "Check the import"},
    "import_preview_intro": {
        "cy": "Does dim byd wedi'i gadw eto. Edrychwch ar y newidiadau, yna cadarnhewch.",
        "en": "Nothing has been saved yet. Look at the changes, then confirm.",
    },
    "import_summary": {
        "cy": "{added} newydd, {changed} wedi newid, {unchanged} heb newid, {errors} gyda "
        "phroblemau.",
        "en": "{added} added, {changed} changed, {unchanged} unchanged, {errors} with problems.",
    },
    "import_problems": {"cy": "Rhesi gyda phroblemau", "en": "Rows with problems"},
    "import_warnings": {"cy": "Rhybuddion", "en": "Warnings"},
    "import_rows": {"cy": "Beth fydd yn digwydd", "en": "What will happen"},
    "col_row": {"cy": "Rhes", "en": "Row"},
    "col_column": {"cy": "Colofn", "en": "Column"},
    "col_problem": {"cy": "Beth sydd o'i le", "en": "Problem"},
    "col_changes": {"cy": "Beth sy'n newid", "en": "What changes"},
    "row_added": {"cy": "Newydd", "en": "Added"},
    "row_changed": {"cy": "Wedi newid", "en": "Changed"},
    "row_unchanged": {"cy": "Heb newid", "en": "Unchanged"},
    "row_error": {"cy": "Problem: heb ei fewnforio", "en": "Problem: not imported"},
    "import_good_rows": {"cy": "Mewnforio'r rhesi da", "en": "Import the good rows"},
    "import_good_rows_option": {
        "cy": "Mewnforio'r {good} rhes dda yn unig, a hepgor y {bad} rhes gyda phroblemau",
        "en": "Import only the {good} good rows, and skip the {bad} rows with problems",
    },
    "import_confirm": {"cy": "Cadarnhau a mewnforio", "en": "Confirm and import"},
    "import_nothing_to_do": {
        "cy": "Does dim byd i'w fewnforio: mae pob rhes dda yr un peth â'r cyfeiriadur.",
        "en": "There is nothing to import: every good row matches the directory.",
    },
    "import_start_again": {"cy": "Dewis ffeil arall", "en": "Choose another file"},
    "import_changed_meanwhile": {
        "cy": "Newidiodd y cyfeiriadur ers i chi wirio'r ffeil. Dyma'r newidiadau fel maen "
        "nhw nawr; does dim byd wedi'i gadw.",
        "en": "The directory changed since you checked the file. Here are the changes as "
        "they are now; nothing was saved.",
    },
    "import_choose_good_rows": {
        "cy": "Mae problemau mewn rhai rhesi. Ticiwch y blwch i fewnforio'r rhesi da yn unig, "
        "neu cywirwch y ffeil.",
        "en": "Some rows have problems. Tick the box to import only the good rows, or fix "
        "the file.",
    },
    "csv_no_file": {"cy": "Dewiswch ffeil CSV.", "en": "Choose a CSV file."},
    "csv_empty": {"cy": "Mae'r ffeil yn wag.", "en": "The file is empty."},
    "csv_no_rows": {
        "cy": "Dim ond y rhes bennawd sydd yn y ffeil.",
        "en": "The file has only the header row.",
    },
    "csv_too_large": {
        "cy": "Mae'r ffeil yn rhy fawr: hyd at {limit} KB, os gwelwch yn dda.",
        "en": "The file is too large: up to {limit} KB, please.",
    },
    "csv_too_many_rows": {
        "cy": "Mae gormod o resi: hyd at {limit}, os gwelwch yn dda.",
        "en": "There are too many rows: up to {limit}, please.",
    },
    "csv_binary": {
        "cy": "Dydy hon ddim yn ffeil destun CSV (efallai mai taenlen Excel ydy hi). "
        "Cadwch hi fel CSV UTF-8 a rhowch gynnig arall arni.",
        "en": "This is not a CSV text file (it may be an Excel workbook). Save it as "
        "CSV UTF-8 and try again.",
    },
    "csv_not_utf8": {
        "cy": "Dydy'r ffeil ddim yn UTF-8. Cadwch hi fel CSV UTF-8 a rhowch gynnig arall arni.",
        "en": "The file is not UTF-8. Save it as CSV UTF-8 and try again.",
    },
    "csv_unreadable": {
        "cy": "Does dim modd darllen y ffeil fel CSV.",
        "en": "The file cannot be read as CSV.",
    },
    "csv_wrong_header": {
        "cy": "Dydy'r rhes bennawd ddim yn iawn. Colofnau ar goll: {missing}. Colofnau "
        "anhysbys: {unknown}. Dechreuwch o'r CSV wedi'i lawrlwytho.",
        "en": "The header row is not right. Missing columns: {missing}. Unknown columns: "
        "{unknown}. Start from the downloaded CSV.",
    },
    "csv_extra_cells": {
        "cy": "Mae mwy o gelloedd yn y rhes hon nag sydd o golofnau.",
        "en": "This row has more cells than there are columns.",
    },
    "csv_duplicate_slug": {
        "cy": "Mae'r enw byr hwn mewn rhes gynharach hefyd.",
        "en": "This short name is in an earlier row too.",
    },
    "csv_yes_or_empty": {
        "cy": "Rhowch yes, neu gadewch yn wag.",
        "en": "Put yes, or leave it empty.",
    },
}

for _kind, (_cy, _en) in _KINDS.items():
    TEXT[f"kind_{_kind}"] = {"cy": _cy, "en": _en}
for _day, (_cy, _en) in _WEEKDAYS.items():
    TEXT[f"weekday_{_day}"] = {"cy": _cy, "en": _en}
for _day, (_cy, _en) in _DAY_NAMES.items():
    TEXT[f"day_name_{_day}"] = {"cy": _cy, "en": _en}
for _field, (_cy, _en) in _FIELDS.items():
    TEXT[f"field_{_field}"] = {"cy": _cy, "en": _en}

# How the audit log names the directory's events.
_AUDIT = {
    "directory_service_added": ("Gwasanaeth wedi'i ychwanegu", "Service added"),
    "directory_service_updated": ("Gwasanaeth wedi newid", "Service changed"),
    "directory_service_archived": ("Gwasanaeth wedi'i archifo", "Service archived"),
    "directory_service_restored": ("Gwasanaeth wedi'i adfer", "Service restored"),
    "directory_session_cancelled": ("Dyddiad wedi'i ganslo", "Date cancelled"),
    "directory_session_restored": ("Dyddiad wedi'i ddad-ganslo", "Date un-cancelled"),
    "directory_org_added": ("Sefydliad wedi'i ychwanegu", "Organisation added"),
    "directory_org_updated": ("Sefydliad wedi newid", "Organisation changed"),
    "directory_org_archived": ("Sefydliad wedi'i archifo", "Organisation archived"),
    "directory_org_restored": ("Sefydliad wedi'i adfer", "Organisation restored"),
    "directory_csv_imported": ("Cyfeiriadur wedi'i fewnforio o CSV", "Directory imported from CSV"),
    "directory_git_imported": ("Cyfeiriadur wedi'i fewnforio o git", "Directory imported from git"),
    "directory_git_exported": ("Cyfeiriadur wedi'i allforio i git", "Directory exported to git"),
}
for _action, (_cy, _en) in _AUDIT.items():
    TEXT[f"audit_action_{_action}"] = {"cy": _cy, "en": _en}
