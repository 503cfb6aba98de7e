"""Words of the audit log screen, including a label for every kind of event."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "audit_log": {"cy": "Cofnod archwilio", "en": "Audit log"},
    "audit_intro": {
        "cy": "Pwy newidiodd beth, a phob mewngofnodi.",
        "en": "Who changed what, and every sign-in.",
    },
    "audit_intro_long": {
        "cy": "Pob newid a phob mewngofnodi: pwy, pryd a beth newidiodd. Dydy cyfrineiriau "
        "a'r hyn mae pobl yn ei ysgrifennu at Cymar byth yn cael eu cofnodi.",
        "en": "Every change and every sign-in: who, when and what changed. Passwords and "
        "what people write to Cymar are never recorded.",
    },
    "audit_caption": {"cy": "Digwyddiadau, y diweddaraf yn gyntaf", "en": "Events, newest first"},
    "audit_filter_who": {"cy": "Pwy", "en": "Who"},
    "audit_filter_action": {"cy": "Beth ddigwyddodd", "en": "What happened"},
    "audit_filter_subject": {"cy": "I beth", "en": "Subject"},
    "audit_filter_q": {"cy": "Chwilio'r pwnc", "en": "Search the subject"},
    "audit_filter_q_hint": {
        "cy": "Unrhyw ran ohono, e.e. enw defnyddiwr neu samaritans.",
        "en": "Any part of it, e.g. a username or samaritans.",
    },
    "audit_filter_since": {"cy": "O'r dyddiad", "en": "From date"},
    "audit_filter_until": {"cy": "Hyd at y dyddiad", "en": "To date"},
    "audit_filter_page": {"cy": "Tudalen", "en": "Page"},
    "audit_anyone": {"cy": "Unrhyw un", "en": "Anyone"},
    "audit_system": {
        "cy": "Y system, person neu'r llinell orchymyn",
        "en": "The system, a person or the command line",
    },
    "audit_any_action": {"cy": "Unrhyw beth", "en": "Anything"},
    "audit_show": {"cy": "Dangos", "en": "Show"},
    "audit_clear": {"cy": "Clirio'r hidlwyr", "en": "Clear the filters"},
    "audit_download": {
        "cy": "Lawrlwytho'r rhain fel CSV",
        "en": "Download these as CSV",
    },
    "audit_none": {"cy": "Does dim digwyddiadau'n cyfateb.", "en": "No events match."},
    "audit_when": {"cy": "Pryd (amser Cymru)", "en": "When (Welsh time)"},
    "audit_what_changed": {"cy": "Beth newidiodd", "en": "What changed"},
    "error_date": {
        "cy": "Defnyddiwch ddyddiad fel 2026-11-30.",
        "en": "Use a date like 2026-11-30.",
    },
    "error_date_order": {
        "cy": "Rhaid i'r dyddiad olaf beidio â bod cyn y dyddiad cyntaf.",
        "en": "The 'to' date must not be before the 'from' date.",
    },
    "error_audit_who": {"cy": "Dewiswch o'r rhestr.", "en": "Choose from the list."},
    # One label per kind of event (bot.staff.audit.record's `action`).
    "audit_action_sign_in": {"cy": "Wedi mewngofnodi", "en": "Signed in"},
    "audit_action_sign_in_refused": {"cy": "Gwrthodwyd mewngofnodi", "en": "Sign-in refused"},
    "audit_action_sign_in_throttled": {
        "cy": "Rhwystrwyd mewngofnodi (gormod o ymdrechion)",
        "en": "Sign-in blocked (too many attempts)",
    },
    "audit_action_sign_out": {"cy": "Wedi allgofnodi", "en": "Signed out"},
    "audit_action_account_created": {"cy": "Cyfrif wedi'i greu", "en": "Account created"},
    "audit_action_account_updated": {"cy": "Cyfrif wedi newid", "en": "Account changed"},
    "audit_action_account_deactivated": {
        "cy": "Cyfrif wedi'i ddadactifadu",
        "en": "Account deactivated",
    },
    "audit_action_account_reactivated": {
        "cy": "Cyfrif wedi'i ailactifadu",
        "en": "Account reactivated",
    },
    "audit_action_password_reset": {"cy": "Cyfrinair wedi'i ailosod", "en": "Password reset"},
    "audit_action_password_changed": {"cy": "Cyfrinair wedi newid", "en": "Password changed"},
    "audit_action_interface_language_changed": {
        "cy": "Iaith y rhyngwyneb wedi newid",
        "en": "Interface language changed",
    },
    "audit_action_crisis_line_updated": {
        "cy": "Llinell argyfwng wedi newid",
        "en": "Crisis line changed",
    },
    "audit_action_crisis_line_added": {
        "cy": "Llinell argyfwng wedi'i hychwanegu",
        "en": "Crisis line added",
    },
    "audit_action_audit_exported": {
        "cy": "Cofnod archwilio wedi'i lawrlwytho",
        "en": "Audit log downloaded",
    },
    "audit_action_callback_done": {
        "cy": "Cais i gysylltu wedi'i gwblhau",
        "en": "Contact request done",
    },
    "audit_action_callback_requested": {
        "cy": "Person wedi gofyn i rywun gysylltu",
        "en": "A person asked to be contacted",
    },
    "audit_action_handoff_requested": {
        "cy": "Person wedi gofyn am weithiwr cymorth",
        "en": "A person asked for a peer supporter",
    },
    "audit_action_handoff_claimed": {"cy": "Sgwrs wedi'i derbyn", "en": "Chat claimed"},
    "audit_action_handoff_transferred": {
        "cy": "Sgwrs wedi'i throsglwyddo",
        "en": "Chat transferred",
    },
    "audit_action_handoff_requeued": {
        "cy": "Sgwrs yn ôl yn y ciw",
        "en": "Chat back in the queue",
    },
    "audit_action_handoff_ended": {"cy": "Sgwrs wedi gorffen", "en": "Chat ended"},
    "audit_action_handoff_cancelled": {"cy": "Cais wedi'i ganslo", "en": "Request cancelled"},
    "audit_action_safety_flag": {"cy": "Arwydd o risg", "en": "Risk flagged"},
    "audit_action_safeguarding_concern": {
        "cy": "Pryder diogelu wedi'i godi",
        "en": "Safeguarding concern raised",
    },
    "audit_action_conversation_forgotten": {
        "cy": "Sgwrs wedi'i dileu ar gais y person",
        "en": "Conversation deleted at the person's request",
    },
}
