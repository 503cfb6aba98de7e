"""Every word of the staff screens, in Welsh and English (a test checks both exist)."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "app_name": {"cy": "Cymar: staff", "en": "Cymar: staff"},
    "sign_in": {"cy": "Mewngofnodi", "en": "Sign in"},
    "sign_out": {"cy": "Allgofnodi", "en": "Sign out"},
    "username": {"cy": "Enw defnyddiwr", "en": "Username"},
    "password": {"cy": "Cyfrinair", "en": "Password"},
    "bad_login": {
        "cy": "Dydy'r enw defnyddiwr neu'r cyfrinair ddim yn iawn. Rhowch gynnig arall arni.",
        "en": "The username or password is not right. Please try again.",
    },
    "not_allowed": {
        "cy": "Dim ond gweithwyr cymorth cymheiriaid sy'n gallu defnyddio'r mewnflwch.",
        "en": "Only peer supporters can use the inbox.",
    },
    "inbox": {"cy": "Mewnflwch cymorth cymheiriaid", "en": "Peer support inbox"},
    "switch_language": {"cy": "English", "en": "Cymraeg"},
    "on_duty": {"cy": "Ar ddyletswydd", "en": "On duty"},
    "off_duty": {"cy": "Ddim ar ddyletswydd", "en": "Off duty"},
    "queue": {"cy": "Yn aros", "en": "Waiting"},
    "queue_empty": {"cy": "Does neb yn aros.", "en": "Nobody is waiting."},
    "my_chats": {"cy": "Fy sgyrsiau", "en": "My chats"},
    "no_chats": {"cy": "Does gennych chi ddim sgyrsiau ar agor.", "en": "You have no open chats."},
    "claim": {"cy": "Derbyn", "en": "Claim"},
    "claimed_by_other": {
        "cy": "Mae rhywun arall wedi derbyn y sgwrs hon yn barod.",
        "en": "Someone else has already claimed this chat.",
    },
    "urgent": {"cy": "Brys: arwydd o risg", "en": "Urgent: risk flagged"},
    "language_cy": {"cy": "Cymraeg", "en": "Welsh"},
    "language_en": {"cy": "Saesneg", "en": "English"},
    "english_ok": {"cy": "Saesneg yn iawn", "en": "English is fine"},
    "waiting_since": {"cy": "Yn aros ers", "en": "Waiting since"},
    "topics": {"cy": "Pynciau", "en": "Topics"},
    "conversation": {"cy": "Sgwrs", "en": "Conversation"},
    "choose_chat": {
        "cy": "Dewiswch sgwrs o'r rhestr.",
        "en": "Choose a chat from the list.",
    },
    "from_user": {"cy": "Person", "en": "Person"},
    "from_bot": {"cy": "Cynorthwyydd", "en": "Assistant"},
    "from_peer": {"cy": "Gweithiwr cymorth", "en": "Peer supporter"},
    "from_system": {"cy": "System", "en": "System"},
    "sent_while_waiting": {
        "cy": "Anfonwyd wrth aros",
        "en": "Sent while waiting",
    },
    "message": {"cy": "Neges", "en": "Message"},
    "send": {"cy": "Anfon", "en": "Send"},
    "sending": {"cy": "Yn anfon", "en": "Sending"},
    "sent": {"cy": "Wedi'i anfon", "en": "Sent"},
    "delivered": {"cy": "Wedi cyrraedd", "en": "Delivered"},
    "not_sent": {
        "cy": "Heb ei anfon. Mae'r cysylltiad wedi torri; rhowch gynnig arall arni.",
        "en": "Not sent. The connection dropped; please try again.",
    },
    "typing": {"cy": "Mae'r person yn teipio", "en": "The person is typing"},
    "quick_replies": {"cy": "Atebion cyflym", "en": "Quick replies"},
    "transfer": {"cy": "Trosglwyddo i gydweithiwr", "en": "Transfer to a colleague"},
    "transfer_to": {"cy": "Cydweithiwr", "en": "Colleague"},
    "no_colleagues": {
        "cy": "Does dim cydweithwyr ar gael sy'n siarad iaith y person.",
        "en": "No colleagues who speak the person's language are available.",
    },
    "flag": {"cy": "Codi pryder diogelu", "en": "Raise a safeguarding concern"},
    "flag_note": {"cy": "Beth sy'n eich poeni?", "en": "What is the concern?"},
    "flagged": {"cy": "Pryder diogelu wedi'i gofnodi.", "en": "Safeguarding concern recorded."},
    "end": {"cy": "Gorffen a throsglwyddo'n ôl", "en": "End and hand back"},
    "end_note": {
        "cy": "Nodyn byr i gydweithwyr (dewisol)",
        "en": "Short note for colleagues (optional)",
    },
    "ended": {"cy": "Mae'r sgwrs wedi gorffen.", "en": "The chat has ended."},
    "safety_alert": {
        "cy": "Rhybudd diogelwch: mae neges yn dangos risg. "
        "Mae'r person wedi gweld y rhifau argyfwng.",
        "en": "Safety alert: a message shows risk. The person has been shown the crisis numbers.",
    },
    "connection_lost": {
        "cy": "Mae'r cysylltiad wedi torri. Yn ailgysylltu…",
        "en": "Connection lost. Reconnecting…",
    },
    "connected": {"cy": "Wedi cysylltu", "en": "Connected"},
    "callbacks": {"cy": "Ceisiadau i gysylltu", "en": "Contact requests"},
    "callbacks_empty": {
        "cy": "Does dim ceisiadau i gysylltu ar agor.",
        "en": "There are no open contact requests.",
    },
    "method_phone": {"cy": "Galwad ffôn", "en": "Phone call"},
    "method_text": {"cy": "Neges destun", "en": "Text message"},
    "method_email": {"cy": "E-bost", "en": "Email"},
    "method_message": {"cy": "Neges", "en": "Message"},
    "requested_at": {"cy": "Gofynnwyd", "en": "Requested"},
    "mark_done": {
        "cy": "Wedi cysylltu: dileu'r manylion",
        "en": "Contacted: delete the details",
    },
    "back_to_inbox": {"cy": "Yn ôl i'r mewnflwch", "en": "Back to the inbox"},
    "skip_to_content": {"cy": "Neidio i'r prif gynnwys", "en": "Skip to main content"},
    "position": {"cy": "Rhif", "en": "Number"},
}


def texts_for(language: str) -> dict[str, str]:
    lang = language if language in ("cy", "en") else "cy"
    return {key: both[lang] for key, both in TEXT.items()}
