"""Words every staff screen shares: the layout, sign-in, problems, the dashboard, forms."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    # -- the layout
    "app_name": {"cy": "Cymar: staff", "en": "Cymar: staff"},
    "skip_to_content": {"cy": "Neidio i'r prif gynnwys", "en": "Skip to main content"},
    "nav_label": {"cy": "Llywio staff", "en": "Staff navigation"},
    "account_bar_label": {"cy": "Eich cyfrif", "en": "Your account"},
    "switch_language": {"cy": "English", "en": "Cymraeg"},
    "switch_language_label": {
        "cy": "Switch the staff screens to English",
        "en": "Newid y sgriniau staff i'r Gymraeg",
    },
    "signed_in_as": {"cy": "Wedi mewngofnodi fel {name}", "en": "Signed in as {name}"},
    "sign_out": {"cy": "Allgofnodi", "en": "Sign out"},
    "dashboard": {"cy": "Hafan", "en": "Dashboard"},
    "back_to_dashboard": {"cy": "Yn ôl i'r hafan", "en": "Back to the dashboard"},
    "go_back": {"cy": "Mynd yn ôl", "en": "Go back"},
    "cancel": {"cy": "Canslo", "en": "Cancel"},
    "save_changes": {"cy": "Cadw'r newidiadau", "en": "Save changes"},
    "yes": {"cy": "Ie", "en": "Yes"},
    "no": {"cy": "Na", "en": "No"},
    "none": {"cy": "Dim", "en": "None"},
    "never": {"cy": "Byth", "en": "Never"},
    "optional": {"cy": "(dewisol)", "en": "(optional)"},
    # -- signing in
    "sign_in": {"cy": "Mewngofnodi", "en": "Sign in"},
    "username": {"cy": "Enw defnyddiwr", "en": "Username"},
    "password": {"cy": "Cyfrinair", "en": "Password"},
    "bad_login": {
        "cy": "Dydy'r enw defnyddiwr neu'r cyfrinair ddim yn iawn. Rhowch gynnig arall arni.",
        "en": "The username or password is not right. Please try again.",
    },
    "throttled": {
        "cy": "Gormod o ymdrechion i fewngofnodi. Rhowch gynnig arall arni ymhen {minutes} munud.",
        "en": "Too many attempts to sign in. Please try again in {minutes} minutes.",
    },
    "notice_signed_out": {"cy": "Rydych chi wedi allgofnodi.", "en": "You have signed out."},
    "notice_session_ended": {
        "cy": "Mae'ch sesiwn wedi dod i ben, felly mewngofnodwch eto. "
        "Does dim byd a gadwoch chi wedi'i golli.",
        "en": "Your session ended, so please sign in again. Nothing you saved has been lost.",
    },
    "notice_password_changed_sign_in": {
        "cy": "Mae'ch cyfrinair wedi newid. Mewngofnodwch gyda'r un newydd.",
        "en": "Your password has been changed. Sign in with the new one.",
    },
    # -- problems
    "problem_title": {"cy": "Mae rhywbeth o'i le", "en": "Something is not right"},
    "problem_bad_request": {
        "cy": "Roedd rhywbeth o'i le yn y cais hwnnw. Does dim byd wedi newid.",
        "en": "Something in that request was not right. Nothing was changed.",
    },
    "problem_too_large": {
        "cy": "Roedd hynny'n ormod i'w anfon ar unwaith. Does dim byd wedi newid; "
        "anfonwch lai, os gwelwch yn dda.",
        "en": "That was too much to send at once. Nothing was changed; please send less.",
    },
    "refused_title": {
        "cy": "Allwch chi ddim defnyddio'r dudalen hon",
        "en": "You cannot use this page",
    },
    "refused_message": {
        "cy": "Dydy'ch rôl chi ddim yn cynnwys hyn. "
        "Gofynnwch i weinyddwr os oes ei angen arnoch chi.",
        "en": "Your role does not include this. Ask an admin if you need it.",
    },
    "csrf_title": {"cy": "Mae'r ffurflen hon wedi dod i ben", "en": "This form has expired"},
    "csrf_message": {
        "cy": "Does dim byd wedi newid. Ewch yn ôl, ail-lwythwch y dudalen "
        "a rhowch gynnig arall arni.",
        "en": "Nothing was changed. Go back, reload the page and try again.",
    },
    "not_found_title": {"cy": "Heb ddod o hyd i'r dudalen", "en": "Page not found"},
    "not_found_message": {
        "cy": "Does dim byd yma. Efallai fod y ddolen yn hen.",
        "en": "There is nothing here. The link may be out of date.",
    },
    # -- forms
    "error_summary_title": {"cy": "Mae problem", "en": "There is a problem"},
    "error_prefix": {"cy": "Gwall:", "en": "Error:"},
    "error_required": {"cy": "Llenwch hwn.", "en": "Fill this in."},
    "error_too_long": {"cy": "Mae hwn yn rhy hir.", "en": "This is too long."},
    "saved": {"cy": "Wedi cadw.", "en": "Saved."},
    "nothing_changed": {
        "cy": "Doedd dim newidiadau i'w cadw.",
        "en": "There were no changes to save.",
    },
    "change_field": {"cy": "Maes", "en": "Field"},
    "change_before": {"cy": "Cyn", "en": "Before"},
    "change_after": {"cy": "Ar ôl", "en": "After"},
    # -- pages of results
    "pager_label": {"cy": "Tudalennau", "en": "Pages"},
    "pager_previous": {"cy": "Blaenorol", "en": "Previous"},
    "pager_next": {"cy": "Nesaf", "en": "Next"},
    "pager_where": {"cy": "Tudalen {page} o {pages}", "en": "Page {page} of {pages}"},
    "pager_showing": {
        "cy": "Yn dangos {first} i {last} o {total}",
        "en": "Showing {first} to {last} of {total}",
    },
    # -- roles
    "role_admin": {"cy": "Gweinyddwr", "en": "Admin"},
    "role_editor": {"cy": "Golygydd", "en": "Editor"},
    "role_reviewer": {"cy": "Adolygydd", "en": "Reviewer"},
    "role_lived_experience_reviewer": {
        "cy": "Adolygydd profiad bywyd",
        "en": "Lived-experience reviewer",
    },
    "role_peer_supporter": {"cy": "Gweithiwr cymorth cymheiriaid", "en": "Peer supporter"},
    "role_admin_hint": {
        "cy": "Cyfrifon, llinellau argyfwng a'r cofnod archwilio.",
        "en": "Accounts, crisis lines and the audit log.",
    },
    "role_editor_hint": {
        "cy": "Golygu a chyhoeddi atebion a'r cyfeiriadur.",
        "en": "Edits and publishes answers and the directory.",
    },
    "role_reviewer_hint": {
        "cy": "Adolygu atebion cyn eu cyhoeddi.",
        "en": "Reviews answers before they are published.",
    },
    "role_lived_experience_reviewer_hint": {
        "cy": "Adolygu atebion o safbwynt profiad bywyd.",
        "en": "Reviews answers from lived experience.",
    },
    "role_peer_supporter_hint": {
        "cy": "Sgwrsio gyda phobl sydd wedi gofyn am berson.",
        "en": "Chats with people who asked for a person.",
    },
    # -- the dashboard
    "welcome": {"cy": "Croeso, {name}", "en": "Welcome, {name}"},
    "your_roles": {"cy": "Eich rolau", "en": "Your roles"},
    "what_you_can_do": {"cy": "Beth allwch chi ei wneud", "en": "What you can do"},
    # -- your own account
    "own_account": {"cy": "Eich cyfrif", "en": "Your account"},
    "own_account_intro": {"cy": "Newid eich cyfrinair.", "en": "Change your password."},
    "change_password": {"cy": "Newid eich cyfrinair", "en": "Change your password"},
    "must_change_password": {
        "cy": "Dewiswch gyfrinair newydd cyn mynd ymlaen. "
        "Dim ond unwaith roedd modd defnyddio'r un a gawsoch chi.",
        "en": "Choose a new password before you carry on. "
        "The one you were given was for one time only.",
    },
    "current_password": {"cy": "Cyfrinair presennol", "en": "Current password"},
    "new_password": {"cy": "Cyfrinair newydd", "en": "New password"},
    "new_password_hint": {
        "cy": "O leiaf 12 nod. Mae ychydig o eiriau gyda'i gilydd yn gweithio'n dda.",
        "en": "At least 12 characters. A few words together work well.",
    },
    "new_password_again": {
        "cy": "Teipiwch y cyfrinair newydd eto",
        "en": "Type the new password again",
    },
    "password_changed": {
        "cy": "Mae'ch cyfrinair wedi newid.",
        "en": "Your password has been changed.",
    },
    "password_too_short": {
        "cy": "Defnyddiwch o leiaf 12 nod (mae ychydig o eiriau gyda'i gilydd yn gweithio'n dda).",
        "en": "Use at least 12 characters (a few words together work well).",
    },
    "password_too_long": {
        "cy": "Defnyddiwch 256 nod ar y mwyaf.",
        "en": "Use at most 256 characters.",
    },
    "password_is_username": {
        "cy": "Rhaid i'r cyfrinair beidio â bod yr un peth â'r enw defnyddiwr.",
        "en": "The password must not be the same as the username.",
    },
    "error_current_password": {
        "cy": "Nid dyna'ch cyfrinair presennol.",
        "en": "That is not your current password.",
    },
    "error_same_password": {
        "cy": "Dewiswch gyfrinair gwahanol i'r un sydd gennych chi nawr.",
        "en": "Choose a password different from the one you have now.",
    },
    "error_password_mismatch": {
        "cy": "Dydy'r ddau gyfrinair newydd ddim yr un peth.",
        "en": "The two new passwords are not the same.",
    },
    "interface_language": {"cy": "Iaith y rhyngwyneb", "en": "Interface language"},
    "language_changed": {
        "cy": "Bydd y sgriniau staff yn Gymraeg o hyn ymlaen.",
        "en": "The staff screens will be in English from now on.",
    },
}
