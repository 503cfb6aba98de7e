"""Words of the feedback screen ("Was this helpful?" counts) and the stories screen."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    # -- "Was this helpful?" counts
    "feedback_counts": {"cy": "Adborth ar atebion", "en": "Answer feedback"},
    "feedback_counts_intro": {
        "cy": "Faint o bobl ddywedodd fod ateb o help, neu ddim, fesul ateb ac iaith.",
        "en": "How many people said an answer helped, or did not, by answer and language.",
    },
    "feedback_counts_intro_long": {
        "cy": "Ar ôl ateb i gwestiwn cyffredin neu chwiliad yn y cyfeiriadur, mae Cymar weithiau'n "
        "gofyn \"Oedd yr ateb hwn o help?\". Dyma'r atebion, gyda'r rhai lleiaf defnyddiol "
        "yn gyntaf: dyma'r rhai sydd angen sylw. Cyfrifon yn unig sydd yma; does dim byd yn "
        "arwain yn ôl at neb.",
        "en": "After an answer to a common question or a directory search, Cymar sometimes asks "
        '"Was this answer helpful?". Here are the answers, the least helpful first: these '
        "are the ones that need work. These are counts only; nothing leads back to anyone.",
    },
    "feedback_filter_since": {"cy": "O'r dyddiad", "en": "From date"},
    "feedback_filter_until": {"cy": "Hyd at y dyddiad", "en": "To date"},
    "feedback_filter_language": {"cy": "Iaith", "en": "Language"},
    "feedback_show": {"cy": "Dangos", "en": "Show"},
    "feedback_caption": {
        "cy": "Adborth rhwng {since} a {until}",
        "en": "Feedback from {since} to {until}",
    },
    "feedback_answer": {"cy": "Ateb", "en": "Answer"},
    "feedback_language": {"cy": "Iaith", "en": "Language"},
    "feedback_helpful": {"cy": "O help", "en": "Helpful"},
    "feedback_not_helpful": {"cy": "Ddim o help", "en": "Not helpful"},
    "feedback_not_helpful_share": {"cy": "Ddim o help (%)", "en": "Not helpful (%)"},
    "feedback_none": {
        "cy": "Does neb wedi ateb y cwestiwn yn ystod y cyfnod hwn.",
        "en": "Nobody answered the question in this period.",
    },
    "any_language": {"cy": "Unrhyw iaith", "en": "Any language"},
    # language_cy and language_en are the inbox's (staff_text/inbox.py).
    "language_none": {"cy": "Heb ddewis eto", "en": "Not chosen yet"},
    # -- stories
    "stories": {"cy": "Straeon", "en": "Stories"},
    "stories_intro": {
        "cy": "Straeon dienw am y gwahaniaeth mae cymorth wedi'i wneud, ar gyfer paneli Newid "
        "Mwyaf Arwyddocaol.",
        "en": "Anonymous stories of the difference support made, for Most Significant Change "
        "panels.",
    },
    "stories_intro_long": {
        "cy": 'Weithiau mae Cymar yn gofyn "Pa wahaniaeth mae hyn wedi\'i wneud i chi?" ar ôl '
        "ateb defnyddiol neu sgwrs â gweithiwr cymorth cymheiriaid. Mae'r straeon yn ddienw: "
        "does dim cysylltiad â'r sgwrs na'r person, a chaiff rhifau ffôn, cyfeiriadau e-bost, "
        "codau post a rhifau GIG eu tynnu allan. Dydy enwau ddim yn cael eu tynnu allan: "
        "dilëwch stori sy'n dweud pwy yw rhywun. Tagiwch y straeon, a dewiswch y rhai mwyaf "
        "arwyddocaol ar gyfer y panel, gyda nodyn i ddweud pam.",
        "en": 'Cymar sometimes asks "What difference has this made for you?" after a helpful '
        "answer or a chat with a peer supporter. The stories are anonymous: there is no link "
        "to the conversation or the person, and phone numbers, email addresses, postcodes "
        "and NHS numbers are taken out. Names are not: delete a story that says who someone "
        "is. Tag the stories, and select the most significant ones for the panel, with a "
        "note to say why.",
    },
    "stories_filter_language": {"cy": "Iaith", "en": "Language"},
    "stories_filter_tag": {"cy": "Gyda'r tag", "en": "With the tag"},
    "stories_filter_selected": {
        "cy": "Wedi'i dewis ar gyfer y panel",
        "en": "Selected for the panel",
    },
    "stories_any_tag": {"cy": "Unrhyw dag", "en": "Any tag"},
    "stories_selected_any": {"cy": "Y cyfan", "en": "All"},
    "stories_selected_yes": {"cy": "Wedi'u dewis yn unig", "en": "Selected only"},
    "stories_selected_no": {"cy": "Heb eu dewis yn unig", "en": "Not selected only"},
    "stories_show": {"cy": "Dangos", "en": "Show"},
    "stories_clear": {"cy": "Clirio'r hidlwyr", "en": "Clear the filters"},
    "stories_download": {"cy": "Lawrlwytho'r rhain fel CSV", "en": "Download these as CSV"},
    "stories_none": {"cy": "Does dim straeon yn cyfateb.", "en": "No stories match."},
    "story_heading": {"cy": "Stori {number}", "en": "Story {number}"},
    "story_told_on": {"cy": "Diwrnod", "en": "Day"},
    "story_language": {"cy": "Iaith", "en": "Language"},
    "story_follows": {"cy": "Ar ôl", "en": "After"},
    "story_follows_peer_chat": {
        "cy": "sgwrs â gweithiwr cymorth cymheiriaid",
        "en": "a chat with a peer supporter",
    },
    "story_follows_peer_support": {
        "cy": "ateb am gymorth cymheiriaid",
        "en": "an answer about peer support",
    },
    "story_follows_recovery_college": {
        "cy": "ateb am golegau adfer",
        "en": "an answer about recovery colleges",
    },
    "story_follows_wellbeing": {"cy": "ateb am les", "en": "an answer about wellbeing"},
    "story_follows_directory": {
        "cy": "chwiliad yn y cyfeiriadur",
        "en": "a directory search",
    },
    "story_tags": {"cy": "Tagiau", "en": "Tags"},
    "story_no_tags": {"cy": "Dim tagiau eto", "en": "No tags yet"},
    "story_remove_tag": {"cy": "Tynnu'r tag", "en": "Remove tag"},
    "story_tag_label": {"cy": "Ychwanegu tag", "en": "Add a tag"},
    "story_tag_hint": {
        "cy": "Gair neu ddau, e.e. hyder neu cysylltiad.",
        "en": "A word or two, e.g. confidence or connection.",
    },
    "story_add_tag": {"cy": "Ychwanegu", "en": "Add"},
    "story_selected": {"cy": "Wedi'i dewis ar gyfer y panel", "en": "Selected for the panel"},
    "story_not_selected": {"cy": "Heb ei dewis", "en": "Not selected"},
    "story_select_label": {
        "cy": "Dewis y stori hon ar gyfer y panel Newid Mwyaf Arwyddocaol",
        "en": "Select this story for the Most Significant Change panel",
    },
    "story_note_label": {"cy": "Pam mae'n arwyddocaol", "en": "Why it is significant"},
    "story_note_hint": {
        "cy": "Ar gyfer y panel. Peidiwch â rhoi dim sy'n dweud pwy yw'r person.",
        "en": "For the panel. Do not add anything that says who the person is.",
    },
    "story_save_selection": {"cy": "Cadw'r dewis", "en": "Save the selection"},
    "story_delete": {"cy": "Dileu'r stori", "en": "Delete the story"},
    "story_delete_title": {"cy": "Dileu stori {number}?", "en": "Delete story {number}?"},
    "story_delete_warning": {
        "cy": "Caiff y stori ei dileu am byth: does dim modd ei chael yn ôl. Bydd y cofnod "
        "archwilio'n cadw'r ffaith iddi gael ei dileu, ond nid yr hyn roedd hi'n ei ddweud.",
        "en": "The story will be deleted for good: it cannot be brought back. The audit log "
        "keeps that it was deleted, but not what it said.",
    },
    "story_delete_confirm": {"cy": "Ydw, dilëwch hi", "en": "Yes, delete it"},
    "story_keep": {"cy": "Na, cadw hi", "en": "No, keep it"},
    # -- what happened
    "story_tag_added": {"cy": 'Tag "{tag}" wedi\'i ychwanegu.', "en": 'Tag "{tag}" added.'},
    "story_tag_removed": {"cy": 'Tag "{tag}" wedi\'i dynnu.', "en": 'Tag "{tag}" removed.'},
    "story_selection_saved": {"cy": "Dewis wedi'i gadw.", "en": "Selection saved."},
    "story_deleted": {"cy": "Stori wedi'i dileu.", "en": "Story deleted."},
    "error_tag_empty": {"cy": "Rhowch dag.", "en": "Enter a tag."},
    "error_tag_too_long": {
        "cy": "Rhaid i dag fod yn 40 nod neu lai.",
        "en": "A tag must be 40 characters or fewer.",
    },
    "error_tag_characters": {
        "cy": "Defnyddiwch lythrennau, rhifau, bylchau a chysylltnodau yn unig.",
        "en": "Use only letters, numbers, spaces and hyphens.",
    },
    "error_too_many_tags": {
        "cy": "Mae gan y stori hon 20 tag yn barod. Tynnwch un cyn ychwanegu un arall.",
        "en": "This story has 20 tags already. Remove one before adding another.",
    },
    "error_note_too_long": {
        "cy": "Rhaid i'r nodyn fod yn 2,000 nod neu lai.",
        "en": "The note must be 2,000 characters or fewer.",
    },
    # -- the audit log
    "audit_action_story_tagged": {"cy": "Tag wedi'i ychwanegu at stori", "en": "Story tagged"},
    "audit_action_story_untagged": {"cy": "Tag wedi'i dynnu o stori", "en": "Story tag removed"},
    "audit_action_story_selection_changed": {
        "cy": "Dewis stori ar gyfer y panel wedi newid",
        "en": "Story panel selection changed",
    },
    "audit_action_story_deleted": {"cy": "Stori wedi'i dileu", "en": "Story deleted"},
    "audit_action_stories_exported": {
        "cy": "Straeon wedi'u lawrlwytho",
        "en": "Stories downloaded",
    },
}
