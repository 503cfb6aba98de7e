"""Words of the peer inbox and the contact requests page."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "inbox": {"cy": "Mewnflwch cymorth cymheiriaid", "en": "Peer support inbox"},
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
    "not_saved": {
        "cy": (
            "Heb ei anfon: does dim modd cadw negeseuon ar hyn o bryd. "
            "Rhowch gynnig arall arni mewn munud."
        ),
        "en": "Not sent: messages can't be saved right now. Please try again in a minute.",
    },
    "action_not_saved": {
        "cy": "Doedd dim modd cadw hynny ar hyn o bryd. Rhowch gynnig arall arni mewn munud.",
        "en": "That couldn't be saved just now. Please try again in a minute.",
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
    "position": {"cy": "Rhif", "en": "Number"},
    "inbox_intro": {
        "cy": "Cymryd sgyrsiau gyda phobl sydd wedi gofyn am weithiwr cymorth cymheiriaid.",
        "en": "Take chats with people who asked for a peer supporter.",
    },
    "callbacks_intro": {
        "cy": "Pobl sydd wedi gofyn i rywun gysylltu â nhw nes ymlaen.",
        "en": "People who asked to be contacted later.",
    },
    "open_callbacks": {"cy": "Ceisiadau i gysylltu ar agor", "en": "Open contact requests"},
}
