"""Words of the accounts screens (admins)."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "accounts": {"cy": "Cyfrifon staff", "en": "Staff accounts"},
    "accounts_intro": {
        "cy": "Creu cyfrifon staff, newid rolau ac ieithoedd, dadactifadu, ailosod cyfrineiriau.",
        "en": "Create staff accounts, change roles and languages, deactivate, reset passwords.",
    },
    "accounts_caption": {
        "cy": "Pob cyfrif staff, y rhai gweithredol yn gyntaf",
        "en": "Every staff account, active ones first",
    },
    "create_account": {"cy": "Creu cyfrif", "en": "Create an account"},
    "edit_account": {"cy": "Cyfrif: {name}", "en": "Account: {name}"},
    "username_hint": {
        "cy": "Llythrennau bach, digidau, dotiau, cysylltnodau neu danlinellau. "
        "Does dim modd ei newid wedyn.",
        "en": "Lower-case letters, digits, dots, dashes or underscores. "
        "It cannot be changed later.",
    },
    "display_name": {"cy": "Enw mae pobl yn ei weld", "en": "Name people see"},
    "display_name_hint": {
        "cy": "Mae pobl sy'n sgwrsio gyda gweithiwr cymorth yn gweld yr enw hwn. "
        "Gall fod yn enw cyntaf yn unig.",
        "en": "People chatting with a peer supporter see this name. It can be a first name only.",
    },
    "roles": {"cy": "Rolau", "en": "Roles"},
    "support_languages": {
        "cy": "Ieithoedd cefnogi pobl",
        "en": "Languages for supporting people",
    },
    "support_languages_hint": {
        "cy": "Dim ond ceisiadau yn yr ieithoedd hyn y bydd gweithiwr cymorth yn eu gweld.",
        "en": "A peer supporter sees requests in these languages only.",
    },
    "organisation": {"cy": "Sefydliad", "en": "Organisation"},
    "account_status": {"cy": "Statws", "en": "Status"},
    "account_active": {"cy": "Gweithredol", "en": "Active"},
    "account_inactive": {"cy": "Wedi'i ddadactifadu", "en": "Deactivated"},
    "account_pending_password": {
        "cy": "heb ddewis cyfrinair eto",
        "en": "has not chosen a password yet",
    },
    "account_is_inactive": {
        "cy": "Mae'r cyfrif hwn wedi'i ddadactifadu: does dim modd mewngofnodi gydag e.",
        "en": "This account is deactivated: nobody can sign in with it.",
    },
    "last_sign_in": {"cy": "Mewngofnodi diwethaf", "en": "Last signed in"},
    "account_actions": {"cy": "Camau eraill", "en": "Other actions"},
    "reset_password": {"cy": "Ailosod y cyfrinair", "en": "Reset the password"},
    "deactivate": {"cy": "Dadactifadu'r cyfrif", "en": "Deactivate the account"},
    "reactivate": {"cy": "Ailactifadu'r cyfrif", "en": "Reactivate the account"},
    "confirm_deactivate": {
        "cy": "Dadactifadu cyfrif {name}?",
        "en": "Deactivate {name}'s account?",
    },
    "confirm_deactivate_detail": {
        "cy": "Byddan nhw'n cael eu hallgofnodi ar unwaith ac yn methu mewngofnodi nes bydd "
        "gweinyddwr yn ailactifadu'r cyfrif. Does dim byd a wnaethon nhw'n cael ei ddileu.",
        "en": "They are signed out at once and cannot sign in until an admin reactivates "
        "the account. Nothing they did is deleted.",
    },
    "confirm_reset": {"cy": "Ailosod cyfrinair {name}?", "en": "Reset {name}'s password?"},
    "confirm_reset_detail": {
        "cy": "Bydd eu cyfrinair presennol yn stopio gweithio a byddan nhw'n cael eu "
        "hallgofnodi ym mhobman. Byddwch chi'n gweld cyfrinair untro i'w roi iddyn nhw.",
        "en": "Their current password stops working and they are signed out everywhere. "
        "You will be shown a one-time password to give them.",
    },
    "account_created": {
        "cy": "Mae'r cyfrif {username} wedi'i greu",
        "en": "Account {username} created",
    },
    "password_was_reset": {
        "cy": "Mae cyfrinair {name} wedi'i ailosod",
        "en": "{name}'s password has been reset",
    },
    "one_time_password": {"cy": "Cyfrinair untro", "en": "One-time password"},
    "one_time_password_help": {
        "cy": "Rhowch y cyfrinair hwn i {name} wyneb yn wyneb neu dros y ffôn, nid drwy e-bost. "
        "Dim ond unwaith y bydd yn gweithio: byddan nhw'n dewis eu cyfrinair eu hunain wrth "
        "fewngofnodi. Fydd e ddim yn cael ei ddangos eto.",
        "en": "Give this password to {name} in person or by phone, not by email. It works "
        "once: they choose their own password when they sign in. It will not be shown again.",
    },
    "back_to_accounts": {"cy": "Yn ôl i'r cyfrifon", "en": "Back to the accounts"},
    "account_deactivated": {
        "cy": "Mae cyfrif {name} wedi'i ddadactifadu.",
        "en": "{name}'s account has been deactivated.",
    },
    "account_reactivated": {
        "cy": "Mae cyfrif {name} wedi'i ailactifadu.",
        "en": "{name}'s account has been reactivated.",
    },
    "error_username": {
        "cy": "Defnyddiwch 1 i 80 o lythrennau bach, digidau, dotiau, cysylltnodau neu "
        "danlinellau, gan ddechrau gyda llythyren neu ddigid.",
        "en": "Use 1 to 80 lower-case letters, digits, dots, dashes or underscores, "
        "starting with a letter or digit.",
    },
    "error_username_taken": {
        "cy": "Mae cyfrif gyda'r enw defnyddiwr hwn yn bodoli'n barod.",
        "en": "There is already an account with this username.",
    },
    "error_display_name": {
        "cy": "Rhowch enw o 1 i 120 nod.",
        "en": "Give a name of 1 to 120 characters.",
    },
    "error_roles": {"cy": "Dewiswch o leiaf un rôl.", "en": "Choose at least one role."},
    "error_languages": {
        "cy": "Dewiswch Gymraeg, Saesneg neu'r ddwy.",
        "en": "Choose Welsh, English or both.",
    },
    "error_ui_language": {"cy": "Dewiswch Gymraeg neu Saesneg.", "en": "Choose Welsh or English."},
    "error_organisation": {
        "cy": "Dewiswch sefydliad o'r rhestr.",
        "en": "Choose an organisation from the list.",
    },
    "error_last_admin": {
        "cy": "Rhaid cael o leiaf un gweinyddwr gweithredol bob amser. "
        "Gwnewch rywun arall yn weinyddwr yn gyntaf.",
        "en": "There must always be at least one active admin. Make someone else an admin first.",
    },
    "error_self": {
        "cy": "Allwch chi ddim gwneud hyn i'ch cyfrif eich hun; gofynnwch i weinyddwr arall.",
        "en": "You cannot do this to your own account; ask another admin.",
    },
}
