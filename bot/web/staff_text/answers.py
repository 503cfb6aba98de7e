"""Words of the answers screens: the list, the editor, review and publishing, history."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    # -- the list
    "answers": {"cy": "Atebion", "en": "Answers"},
    "answers_intro": {
        "cy": "Golygu, adolygu a chyhoeddi'r atebion mae Cymar yn eu rhoi, yn Gymraeg a Saesneg.",
        "en": "Edit, review and publish the answers Cymar gives, in Welsh and English.",
    },
    "answers_intro_long": {
        "cy": "Mae pob newid yn cael ei ysgrifennu yn y ddwy iaith, ei adolygu gan rywun arall "
        "ac yna ei gyhoeddi. Mae ateb sydd wedi'i gyhoeddi yn fyw ar unwaith, heb ailhyfforddi.",
        "en": "Every change is written in both languages, reviewed by someone else and then "
        "published. A published answer is live at once, without retraining.",
    },
    "answers_filter": {"cy": "Hidlo'r atebion", "en": "Filter the answers"},
    "answers_topic": {"cy": "Pwnc", "en": "Topic"},
    "answers_all_topics": {"cy": "Pob pwnc", "en": "All topics"},
    "answers_state": {"cy": "Cyflwr", "en": "State"},
    "answers_all_states": {"cy": "Pob cyflwr", "en": "All states"},
    "answers_search": {"cy": "Chwilio", "en": "Search"},
    "answers_search_hint": {
        "cy": "Rhan o enw'r ateb neu o'i destun, yn y naill iaith neu'r llall.",
        "en": "Part of the answer's name or of its text, in either language.",
    },
    "answers_apply_filter": {"cy": "Dangos", "en": "Show"},
    "answers_found": {"cy": "{count} ateb", "en": "{count} answers"},
    "answers_none_found": {
        "cy": "Does dim ateb yn cyfateb. Rhowch gynnig ar lai o hidlwyr.",
        "en": "No answer matches. Try fewer filters.",
    },
    "answer_key": {"cy": "Enw'r ateb", "en": "Answer name"},
    "answer_complete": {"cy": "Y ddwy iaith yn gyflawn", "en": "Both languages complete"},
    "answer_incomplete": {"cy": "Angen sylw yn un iaith", "en": "One language needs attention"},
    "answer_signed_off_tag": {
        "cy": "Wedi'i lofnodi gan adolygydd profiad bywyd",
        "en": "Signed off by a lived-experience reviewer",
    },
    "state_published": {"cy": "Wedi'i gyhoeddi", "en": "Published"},
    "state_draft": {"cy": "Drafft", "en": "Draft"},
    "state_in_review": {"cy": "Yn cael ei adolygu", "en": "In review"},
    "state_approved": {"cy": "Wedi'i gymeradwyo", "en": "Approved"},
    "state_superseded": {"cy": "Wedi'i ddisodli", "en": "Superseded"},
    "state_discarded": {"cy": "Wedi'i daflu", "en": "Discarded"},
    # -- one answer
    "answer_title": {"cy": "Ateb: {key}", "en": "Answer: {key}"},
    "answer_live_text": {"cy": "Beth mae pobl yn ei weld nawr", "en": "What people see now"},
    "answer_open_change": {"cy": "Y newid sydd ar y gweill", "en": "The change in progress"},
    "answer_no_change": {
        "cy": "Does dim newid ar y gweill i'r ateb hwn.",
        "en": "There is no change in progress for this answer.",
    },
    "answer_written_by": {"cy": "Ysgrifennwyd gan {name}", "en": "Written by {name}"},
    "answer_submitted_by": {
        "cy": "Anfonwyd i'w adolygu gan {name}, {when}",
        "en": "Sent for review by {name}, {when}",
    },
    "answer_approved_by": {
        "cy": "Cymeradwywyd gan {name}, {when}",
        "en": "Approved by {name}, {when}",
    },
    "answer_signoff_by": {
        "cy": "Llofnodwyd o safbwynt profiad bywyd gan {name}, {when}",
        "en": "Lived-experience sign-off by {name}, {when}",
    },
    "answer_published_by": {
        "cy": "Cyhoeddwyd gan {name}, {when}",
        "en": "Published by {name}, {when}",
    },
    "answer_base_moved": {
        "cy": "Mae'r testun cyhoeddedig wedi newid ers i'r newid hwn ddechrau. Gwiriwch nad "
        "yw'n dadwneud gwaith rhywun arall.",
        "en": "The published text has changed since this change began. Check it does not "
        "undo someone else's work.",
    },
    "answer_edit": {"cy": "Golygu'r ateb", "en": "Edit the answer"},
    "answer_continue_edit": {"cy": "Golygu'r newid", "en": "Edit the change"},
    "answer_history": {"cy": "Hanes a dychwelyd", "en": "History and rollback"},
    "answer_submit": {"cy": "Anfon i'w adolygu", "en": "Send for review"},
    "answer_approve": {"cy": "Cymeradwyo", "en": "Approve"},
    "answer_send_back": {"cy": "Anfon yn ôl i'w newid", "en": "Send back for changes"},
    "answer_sign_off": {
        "cy": "Llofnodi o safbwynt profiad bywyd",
        "en": "Sign off from lived experience",
    },
    "answer_publish": {"cy": "Cyhoeddi nawr", "en": "Publish now"},
    "answer_discard": {"cy": "Taflu'r newid", "en": "Discard the change"},
    "answer_publish_needs_approval": {
        "cy": "Rhaid i adolygydd, nid yr awdur, gymeradwyo'r newid cyn ei gyhoeddi.",
        "en": "A reviewer other than the author must approve the change before it is published.",
    },
    "answer_review_not_yours": {
        "cy": "Chi ysgrifennodd y newid hwn, felly rhaid i rywun arall ei adolygu.",
        "en": "You wrote this change, so someone else must review it.",
    },
    # -- the editor
    "answer_edit_title": {"cy": "Golygu: {key}", "en": "Edit: {key}"},
    "answer_edit_intro": {
        "cy": "Ysgrifennwch yr ateb yn y ddwy iaith. Rhaid i'r ddwy ddefnyddio'r un dalfannau "
        "(fel {crisis_lines}) a'r un botymau. Mae cadw yn creu drafft: does neb yn ei weld "
        "nes iddo gael ei adolygu a'i gyhoeddi.",
        "en": "Write the answer in both languages. Both must use the same placeholders (such "
        "as {crisis_lines}) and the same buttons. Saving makes a draft: nobody sees it until it "
        "has been reviewed and published.",
    },
    "answer_edit_back_to_draft": {
        "cy": "Mae'r newid hwn yn cael ei adolygu. Bydd ei gadw yn ei anfon yn ôl i fod yn "
        "ddrafft, a bydd angen ei adolygu eto.",
        "en": "This change is in review. Saving it sends it back to draft, and it will need "
        "reviewing again.",
    },
    "answer_welsh": {"cy": "Cymraeg", "en": "Welsh"},
    "answer_english": {"cy": "Saesneg", "en": "English"},
    "answer_text_cy": {"cy": "Testun yn Gymraeg", "en": "Text in Welsh"},
    "answer_text_en": {"cy": "Testun yn Saesneg", "en": "Text in English"},
    "answer_text_hint": {
        "cy": "Hyd at {limit} nod. Mae pob llinell newydd yn dechrau llinell newydd i'r person.",
        "en": "Up to {limit} characters. Each new line starts a new line for the person.",
    },
    "answer_placeholders_hint": {
        "cy": "Dalfannau mae Cymar yn eu llenwi yn yr ateb hwn: {names}",
        "en": "Placeholders Cymar fills in this answer: {names}",
    },
    "answer_buttons_cy": {"cy": "Botymau yn Gymraeg", "en": "Buttons in Welsh"},
    "answer_buttons_en": {"cy": "Botymau yn Saesneg", "en": "Buttons in English"},
    "answer_buttons_hint": {
        "cy": "Hyd at {count} botwm. Gadewch res yn wag i beidio â'i defnyddio. Rhaid i'r "
        "gweithredoedd fod yr un fath, yn yr un drefn, yn y ddwy iaith.",
        "en": "Up to {count} buttons. Leave a row empty not to use it. The actions must be "
        "the same, in the same order, in both languages.",
    },
    "answer_button_title": {"cy": "Geiriau botwm {number}", "en": "Button {number} words"},
    "answer_button_payload": {
        "cy": "Gweithred botwm {number}",
        "en": "Button {number} action",
    },
    "answer_note": {"cy": "Nodyn i'r adolygydd", "en": "Note for the reviewer"},
    "answer_note_hint": {
        "cy": "Pam mae'r newid hwn ei angen. Mae'n cael ei gadw yn yr hanes.",
        "en": "Why this change is needed. It is kept in the history.",
    },
    "answer_preview": {"cy": "Rhagolwg", "en": "Preview"},
    "answer_save_draft": {"cy": "Cadw'r drafft", "en": "Save the draft"},
    "answer_preview_title": {"cy": "Sut bydd yn edrych", "en": "How it will look"},
    "answer_preview_widget": {"cy": "Yn y teclyn ar y we", "en": "In the web widget"},
    "answer_preview_telegram": {"cy": "Yn Telegram", "en": "In Telegram"},
    "answer_preview_filled": {
        "cy": "Mae Cymar yn llenwi'r rhan hon wrth ateb.",
        "en": "Cymar fills this part in when it answers.",
    },
    "answer_preview_live": {
        "cy": "Mae'r rhagolwg yn newid wrth i chi deipio.",
        "en": "The preview changes as you type.",
    },
    "answer_changed_meanwhile": {
        "cy": "Mae rhywun arall wedi cadw'r newid hwn ers i chi agor y dudalen. Dyma'r hyn "
        "wnaethoch chi ei deipio: gwiriwch y fersiwn newydd cyn cadw eto.",
        "en": "Someone else saved this change since you opened the page. Here is what you "
        "typed: check the new version before saving again.",
    },
    # -- reading level
    "answer_reading": {"cy": "Pa mor hawdd yw ei ddarllen", "en": "How easy it is to read"},
    "answer_reading_en": {
        "cy": "Saesneg: sgôr rhwyddineb darllen {ease} (anelu at 80 neu fwy), oed darllen tua "
        "{age} (anelu at 9 i 11).",
        "en": "English: reading ease {ease} (aim for 80 or more), reading age about {age} "
        "(aim for 9 to 11).",
    },
    "answer_reading_cy": {
        "cy": "Cymraeg: {words} gair mewn {sentences} brawddeg, {average} gair y frawddeg ar "
        "gyfartaledd (anelu at 15 neu lai).",
        "en": "Welsh: {words} words in {sentences} sentences, {average} words a sentence on "
        "average (aim for 15 or fewer).",
    },
    "answer_reading_long_sentences": {
        "cy": "Brawddegau hir (dros 20 gair), i'w rhannu efallai:",
        "en": "Long sentences (over 20 words) you might split:",
    },
    "answer_reading_long_words": {
        "cy": "Geiriau hir, oes gair symlach?",
        "en": "Long words: is there a simpler one?",
    },
    "answer_reading_why": {
        "cy": "Cyngor yw hyn, nid rheol. Does dim fformiwla ddarllen ddilys ar gyfer y "
        "Gymraeg, felly hyd brawddegau a geiriau hir sy'n cael eu dangos.",
        "en": "This is advice, not a rule. There is no validated reading formula for Welsh, "
        "so sentence length and long words are shown instead.",
    },
    # -- errors
    "error_answer_empty": {
        "cy": "Ysgrifennwch yr ateb yn yr iaith hon: does dim modd cyhoeddi ateb heb y ddwy iaith.",
        "en": "Write the answer in this language: an answer cannot be published with one "
        "language missing.",
    },
    "error_answer_too_long": {
        "cy": "Mae hwn yn rhy hir. Byrhewch e i 2000 nod neu lai.",
        "en": "This is too long. Shorten it to 2000 characters or fewer.",
    },
    "error_placeholders_differ": {
        "cy": "Rhaid i'r Gymraeg a'r Saesneg ddefnyddio'r un dalfannau, fel {crisis_lines}.",
        "en": "The Welsh and English must use the same placeholders, such as {crisis_lines}.",
    },
    "error_placeholder_unknown": {
        "cy": "Dim ond y dalfannau sydd yn yr ateb hwn yn barod mae Cymar yn gallu eu llenwi.",
        "en": "Cymar can only fill in the placeholders this answer already has.",
    },
    "error_too_many_buttons": {
        "cy": "Mae gormod o fotymau. Defnyddiwch 6 neu lai.",
        "en": "There are too many buttons. Use 6 or fewer.",
    },
    "error_button_title": {
        "cy": "Ysgrifennwch eiriau'r botwm, neu gwagiwch y rhes.",
        "en": "Write the button's words, or empty the row.",
    },
    "error_button_title_too_long": {
        "cy": "Mae geiriau'r botwm yn rhy hir. Defnyddiwch 40 nod neu lai.",
        "en": "The button's words are too long. Use 40 characters or fewer.",
    },
    "error_button_payload": {
        "cy": "Dydy'r weithred ddim yn iawn. Dechreuwch gyda / , er enghraifft /talk_to_person.",
        "en": "The action is not right. Start with / , for example /talk_to_person.",
    },
    "error_button_count_differs": {
        "cy": "Rhaid i'r Gymraeg a'r Saesneg gael yr un nifer o fotymau.",
        "en": "The Welsh and English must have the same number of buttons.",
    },
    "error_button_payloads_differ": {
        "cy": "Rhaid i'r botymau wneud yr un peth, yn yr un drefn, yn y ddwy iaith.",
        "en": "The buttons must do the same, in the same order, in both languages.",
    },
    # -- refusals (flash messages)
    "answer_refused_permission": {
        "cy": "Allwch chi ddim gwneud hyn gyda'ch rôl chi.",
        "en": "Your role cannot do this.",
    },
    "answer_refused_no_change": {
        "cy": "Doedd dim newid i weithredu arno. Efallai fod rhywun arall wedi'i gyhoeddi neu ei "
        "daflu.",
        "en": "There was no change to act on. Someone else may have published or discarded it.",
    },
    "answer_refused_state": {
        "cy": "Mae'r newid wedi symud ymlaen ers i chi agor y dudalen. Dyma ei gyflwr nawr.",
        "en": "The change has moved on since you opened the page. This is where it is now.",
    },
    "answer_refused_own_change": {
        "cy": "Allwch chi ddim adolygu newid rydych chi wedi'i ysgrifennu neu ei olygu.",
        "en": "You cannot review a change you wrote or edited.",
    },
    "answer_refused_not_approved": {
        "cy": "Does dim modd ei gyhoeddi: does neb wedi'i gymeradwyo eto.",
        "en": "It cannot be published: nobody has approved it yet.",
    },
    "answer_refused_no_version": {
        "cy": "Doedd y fersiwn honno ddim i'w chael.",
        "en": "That version could not be found.",
    },
    "answer_refused_already_live": {
        "cy": "Dyna'r testun sy'n fyw yn barod.",
        "en": "That is already the live text.",
    },
    "answer_refused_invalid": {
        "cy": "Mae angen cywiro'r ateb cyn hyn: agorwch e i'w olygu.",
        "en": "The answer needs correcting first: open it to edit.",
    },
    # -- flash messages after a step
    "answer_draft_saved": {"cy": "Cadwyd y drafft o {key}.", "en": "Draft of {key} saved."},
    "answer_submitted": {
        "cy": "Anfonwyd {key} i'w adolygu.",
        "en": "{key} sent for review.",
    },
    "answer_approved": {"cy": "Cymeradwywyd {key}.", "en": "{key} approved."},
    "answer_sent_back": {"cy": "Anfonwyd {key} yn ôl.", "en": "{key} sent back."},
    "answer_signed_off": {
        "cy": "Rydych chi wedi llofnodi {key} o safbwynt profiad bywyd.",
        "en": "You signed {key} off from lived experience.",
    },
    "answer_published": {
        "cy": "Cyhoeddwyd {key}. Mae'n fyw o'r ateb nesaf ymlaen.",
        "en": "{key} published. It is live from the next reply.",
    },
    "answer_discarded": {"cy": "Taflwyd y newid i {key}.", "en": "The change to {key} discarded."},
    "answer_rolled_back": {
        "cy": "Mae {key} yn ôl fel yr oedd yn fersiwn {number}, ac mae'n fyw nawr.",
        "en": "{key} is back as it was in version {number}, and it is live now.",
    },
    # -- history
    "answer_history_title": {"cy": "Hanes: {key}", "en": "History: {key}"},
    "answer_history_intro": {
        "cy": "Pob fersiwn sydd wedi'i chyhoeddi, y ddiweddaraf yn gyntaf, gyda'r hyn a "
        "newidiodd ym mhob iaith. Mae dychwelyd i fersiwn gynharach yn ei chyhoeddi ar unwaith: "
        "cafodd ei hadolygu a'i chyhoeddi o'r blaen.",
        "en": "Every published version, newest first, with what changed in each language. "
        "Rolling back to an earlier version publishes it at once: it was reviewed and "
        "published before.",
    },
    "answer_version": {"cy": "Fersiwn {number}", "en": "Version {number}"},
    "answer_version_live": {"cy": "Yn fyw nawr", "en": "Live now"},
    "answer_version_from_files": {
        "cy": "o'r ffeiliau atebion ({author})",
        "en": "from the answer files ({author})",
    },
    "answer_version_kind_rollback": {"cy": "Dychwelyd", "en": "Rollback"},
    "answer_version_kind_import": {"cy": "Mewnforio o git", "en": "Imported from git"},
    "answer_diff_cy": {"cy": "Beth newidiodd yn Gymraeg", "en": "What changed in Welsh"},
    "answer_diff_en": {"cy": "Beth newidiodd yn Saesneg", "en": "What changed in English"},
    "answer_diff_none": {"cy": "Dim newid yn yr iaith hon.", "en": "No change in this language."},
    "answer_diff_added": {"cy": "Ychwanegwyd", "en": "Added"},
    "answer_diff_removed": {"cy": "Tynnwyd", "en": "Removed"},
    "answer_rollback": {"cy": "Dychwelyd i'r fersiwn hon", "en": "Roll back to this version"},
    "answer_note_shown": {"cy": "Nodyn: {note}", "en": "Note: {note}"},
    # -- the audit log
    "audit_action_response_draft_saved": {
        "cy": "Drafft ateb wedi'i gadw",
        "en": "Answer draft saved",
    },
    "audit_action_response_back_to_draft": {
        "cy": "Ateb yn ôl i ddrafft ar ôl ei olygu",
        "en": "Answer back to draft after an edit",
    },
    "audit_action_response_submitted": {
        "cy": "Ateb wedi'i anfon i'w adolygu",
        "en": "Answer sent for review",
    },
    "audit_action_response_approved": {"cy": "Ateb wedi'i gymeradwyo", "en": "Answer approved"},
    "audit_action_response_sent_back": {"cy": "Ateb wedi'i anfon yn ôl", "en": "Answer sent back"},
    "audit_action_response_signed_off": {
        "cy": "Ateb wedi'i lofnodi o safbwynt profiad bywyd",
        "en": "Answer signed off from lived experience",
    },
    "audit_action_response_draft_discarded": {
        "cy": "Drafft ateb wedi'i daflu",
        "en": "Answer draft discarded",
    },
    "audit_action_response_published": {"cy": "Ateb wedi'i gyhoeddi", "en": "Answer published"},
    "audit_action_response_rolled_back": {
        "cy": "Ateb wedi'i ddychwelyd",
        "en": "Answer rolled back",
    },
    "audit_action_response_imported": {
        "cy": "Ateb wedi'i fewnforio o'r ffeiliau",
        "en": "Answer imported from the files",
    },
}
