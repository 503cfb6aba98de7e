"""Words of the crisis lines screens."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "crisis_lines": {"cy": "Llinellau argyfwng", "en": "Crisis lines"},
    "crisis_lines_intro": {
        "cy": "Y rhifau help brys sy'n cael eu dangos i bobl mewn perygl.",
        "en": "The urgent-help numbers people at risk are shown.",
    },
    "crisis_lines_intro_long": {
        "cy": "Y rhifau mae Cymar yn eu dangos ar unwaith i unrhyw un a allai fod mewn perygl, "
        "yn eu hiaith nhw. Gwiriwch bob newid yn erbyn gwefan y gwasanaeth ei hun.",
        "en": "The numbers Cymar shows at once to anyone who may be at risk, in their "
        "language. Check every change against the service's own website.",
    },
    "add_crisis_line": {"cy": "Ychwanegu llinell argyfwng", "en": "Add a crisis line"},
    "edit_crisis_line": {"cy": "Golygu: {name}", "en": "Edit: {name}"},
    "edit": {"cy": "Golygu", "en": "Edit"},
    "crisis_line_form_intro": {
        "cy": "Bydd pobl mewn perygl yn gweld hyn. Ar ôl gwirio, byddwch chi'n gweld beth sy'n "
        "newid cyn ei gadw.",
        "en": "People at risk will see this. After checking, you will see what changes "
        "before it is saved.",
    },
    "line_slug": {"cy": "Enw byr (ar gyfer y cyfeiriad)", "en": "Short name (for the address)"},
    "line_slug_hint": {
        "cy": "Llythrennau bach, digidau a chysylltnodau, e.e. samaritans-welsh. "
        "Does dim modd ei newid wedyn.",
        "en": "Lower-case letters, digits and dashes, e.g. samaritans-welsh. "
        "It cannot be changed later.",
    },
    "line_name_cy": {"cy": "Enw yn Gymraeg", "en": "Name in Welsh"},
    "line_name_en": {"cy": "Enw yn Saesneg", "en": "Name in English"},
    "line_how": {"cy": "Sut i gysylltu", "en": "How to reach it"},
    "line_how_cy": {"cy": "Sut i gysylltu, yn Gymraeg", "en": "How to reach it, in Welsh"},
    "line_how_en": {"cy": "Sut i gysylltu, yn Saesneg", "en": "How to reach it, in English"},
    "line_how_hint": {
        "cy": "Er enghraifft “ffoniwch 116 123”. Rhaid i bob rhif isod ymddangos yma.",
        "en": "For example “call 116 123”. Every number below must appear here.",
    },
    "line_when": {"cy": "Pryd", "en": "When"},
    "line_when_cy": {"cy": "Pryd mae ar agor, yn Gymraeg", "en": "When it is open, in Welsh"},
    "line_when_en": {"cy": "Pryd mae ar agor, yn Saesneg", "en": "When it is open, in English"},
    "line_numbers": {"cy": "Rhifau", "en": "Numbers"},
    "line_phone": {"cy": "Rhif ffôn", "en": "Phone number"},
    "line_phone_hint": {
        "cy": "Y rhif mae'r ddolen galw yn ei ddeialu, e.e. 116 123 neu 0808 164 0123. "
        "Gadewch yn wag os mai negeseuon testun yn unig ydy e.",
        "en": "The number the call link dials, e.g. 116 123 or 0808 164 0123. "
        "Leave it empty if the line is for text messages only.",
    },
    "line_sms": {"cy": "Rhif neges destun", "en": "Text number"},
    "line_sms_hint": {
        "cy": "Cod byr fel 85258, neu rif ffôn symudol. Gadewch yn wag os nad oes un.",
        "en": "A short code such as 85258, or a mobile number. Leave it empty if there is none.",
    },
    "line_hours": {"cy": "Oriau agor", "en": "Opening hours"},
    "line_hours_hint": {
        "cy": "Amser Cymru, bob dydd. Gadewch y ddau'n wag os yw ar agor 24 awr. "
        "Dim ond pan fydd ar agor y bydd y llinell yn cael ei dangos.",
        "en": "Welsh time, every day. Leave both empty if it is open 24 hours. "
        "The line is shown only while it is open.",
    },
    "line_24_hours": {"cy": "24 awr", "en": "24 hours"},
    "line_shown_between": {
        "cy": "yn cael ei dangos rhwng {opens} a {closes}, amser Cymru",
        "en": "shown between {opens} and {closes}, Welsh time",
    },
    "line_opens_at": {"cy": "Yn agor am", "en": "Opens at"},
    "line_closes_at": {"cy": "Yn cau am", "en": "Closes at"},
    "line_clock_hint": {"cy": "AA:MM, er enghraifft 19:00", "en": "HH:MM, for example 19:00"},
    "line_only_language": {"cy": "Pwy sy'n ei gweld", "en": "Who sees it"},
    "line_shown_to_all": {"cy": "Pawb", "en": "Everyone"},
    "line_shown_to_cy": {
        "cy": "Dim ond pobl sy'n ysgrifennu yn Gymraeg",
        "en": "Only people writing in Welsh",
    },
    "line_shown_to_en": {
        "cy": "Dim ond pobl sy'n ysgrifennu yn Saesneg",
        "en": "Only people writing in English",
    },
    "line_position": {"cy": "Trefn yn y rhestr", "en": "Order in the list"},
    "line_position_hint": {"cy": "Mae 0 yn dod gyntaf.", "en": "0 comes first."},
    "line_active_legend": {"cy": "Dangos", "en": "Showing"},
    "line_active": {"cy": "Dangos y llinell hon i bobl", "en": "Show this line to people"},
    "line_hidden": {"cy": "Wedi'i chuddio rhag pobl", "en": "Hidden from people"},
    "line_not_shown": {
        "cy": "Fydd y llinell hon ddim yn cael ei dangos i bobl.",
        "en": "This line will not be shown to people.",
    },
    "check_changes": {"cy": "Gwirio'r newidiadau", "en": "Check the changes"},
    "confirm_title": {"cy": "Gwiriwch cyn cadw", "en": "Check before you save"},
    "confirm_intro": {
        "cy": "Bydd pobl mewn perygl yn gweld hyn ar unwaith. Gwiriwch bob rhif yn erbyn "
        "gwefan y gwasanaeth ei hun.",
        "en": "People at risk will see this at once. Check each number against the "
        "service's own website.",
    },
    "what_changes": {"cy": "Beth sy'n newid", "en": "What changes"},
    "people_will_see": {"cy": "Beth fydd pobl yn ei weld", "en": "What people will see"},
    "preview_cy": {"cy": "Yn Gymraeg", "en": "In Welsh"},
    "preview_en": {"cy": "Yn Saesneg", "en": "In English"},
    "confirm_save": {"cy": "Cadarnhau a chadw", "en": "Confirm and save"},
    "go_back_change": {"cy": "Mynd yn ôl i newid", "en": "Go back and change"},
    "line_changed_meanwhile": {
        "cy": "Newidiodd rhywun y llinell hon tra oeddech chi'n gweithio arni. "
        "Gwiriwch y newidiadau eto.",
        "en": "Someone changed this line while you were working on it. Check the changes again.",
    },
    "crisis_line_saved": {
        "cy": "Mae'r llinell argyfwng “{name}” wedi'i chadw. Mae pobl yn gweld y newid nawr.",
        "en": "Crisis line “{name}” saved. People see the change now.",
    },
    "error_phone": {
        "cy": "Rhowch rif yn y DU y gall pobl ei ddeialu: 999, 111, 116 123, 0808 164 0123 "
        "neu +44 a 10 digid.",
        "en": "Give a UK number people can dial: 999, 111, 116 123, 0808 164 0123 "
        "or +44 and 10 digits.",
    },
    "error_sms": {
        "cy": "Rhowch god byr 5 neu 6 digid (fel 85258) neu rif ffôn symudol yn y DU.",
        "en": "Give a 5 or 6 digit short code (such as 85258) or a UK mobile number.",
    },
    "error_no_number": {
        "cy": "Mae angen rhif ffôn, rhif neges destun neu'r ddau ar linell argyfwng.",
        "en": "A crisis line needs a phone number, a text number or both.",
    },
    "error_number_not_in_text": {
        "cy": "Ysgrifennwch y rhifau ffôn a neges destun yn y testun hwn hefyd, fel bod pobl "
        "yn darllen y rhif mae'r ddolen yn ei ddeialu.",
        "en": "Write the phone and text numbers in this text too, so that people read the "
        "number the link dials.",
    },
    "error_clock": {
        "cy": "Defnyddiwch y cloc 24 awr, AA:MM, er enghraifft 19:00.",
        "en": "Use the 24-hour clock, HH:MM, for example 19:00.",
    },
    "error_hours_pair": {
        "cy": "Rhowch amser agor ac amser cau, neu ddim un.",
        "en": "Give both an opening and a closing time, or neither.",
    },
    "error_hours_same": {
        "cy": "Rhaid i'r amseroedd agor a chau fod yn wahanol; gadewch y ddau'n wag am 24 awr.",
        "en": "Opening and closing times must differ; leave both empty for 24 hours.",
    },
    "error_only_language": {
        "cy": "Dewiswch pwy sy'n gweld y llinell hon.",
        "en": "Choose who sees this line.",
    },
    "error_position": {
        "cy": "Rhowch rif cyfan o 0 i 999.",
        "en": "Give a whole number from 0 to 999.",
    },
    "error_always_on": {
        "cy": "Mae 999 a GIG 111 yn cael eu dangos bob amser, i bawb, drwy'r dydd a'r nos, "
        "gyda rhif ffôn.",
        "en": "999 and NHS 111 are always shown, to everyone, around the clock, "
        "with a phone number.",
    },
    "error_slug": {
        "cy": "Defnyddiwch 2 i 40 o lythrennau bach, digidau a chysylltnodau.",
        "en": "Use 2 to 40 lower-case letters, digits and dashes.",
    },
    "error_slug_taken": {
        "cy": "Mae llinell gyda'r enw byr hwn yn bodoli'n barod.",
        "en": "There is already a line with this short name.",
    },
}
