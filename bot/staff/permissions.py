"""Who may do what in the staff app: one table, action -> roles.

Every screen and every action asks `allowed(roles, action)` (the web layer does it through
`StaffKit.require`), so this table is the whole access policy; nothing else checks a role
name. A person may hold several roles and may do what any of them allows.

Review is kept apart from editing on purpose: an admin or editor does not review or sign
off answers unless they also hold the reviewer or lived-experience reviewer role.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

ADMIN = "admin"
EDITOR = "editor"
REVIEWER = "reviewer"
LIVED_EXPERIENCE_REVIEWER = "lived_experience_reviewer"
PEER_SUPPORTER = "peer_supporter"

ROLES: tuple[str, ...] = (ADMIN, EDITOR, REVIEWER, LIVED_EXPERIENCE_REVIEWER, PEER_SUPPORTER)
# Names used before the staff app; migration 0006 renamed them in the database, and the CLI
# still accepts them.
LEGACY_ROLES: Mapping[str, str] = MappingProxyType({"curator": EDITOR})

_EVERYONE = frozenset(ROLES)
_CURATORS = frozenset({ADMIN, EDITOR, REVIEWER, LIVED_EXPERIENCE_REVIEWER})
_EDITORS = frozenset({ADMIN, EDITOR})

PERMISSIONS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        # Anyone signed in: the dashboard, their own password and language, signing out.
        "dashboard.view": _EVERYONE,
        "own_account.manage": _EVERYONE,
        # The answers Cymar gives (issue 6: editor, review, publish, history).
        "responses.view": _CURATORS,
        "responses.edit": _EDITORS,
        "responses.review": frozenset({REVIEWER}),
        "responses.signoff_lived_experience": frozenset({LIVED_EXPERIENCE_REVIEWER}),
        "responses.publish": _EDITORS,
        "responses.rollback": _EDITORS,
        # The directory of services; peer supporters look things up for people too.
        "directory.view": _EVERYONE,
        "directory.edit": _EDITORS,
        "directory.import": _EDITORS,
        # The numbers shown to people at risk: everyone may read them, only admins change them.
        "crisis_lines.view": _EVERYONE,
        "crisis_lines.edit": frozenset({ADMIN}),
        "audit.view": frozenset({ADMIN}),
        "audit.export": frozenset({ADMIN}),
        "accounts.manage": frozenset({ADMIN}),
        # What people said about answers, and conversations turned into training stories.
        "feedback.view": _CURATORS,
        "feedback.tag": _CURATORS,
        "stories.export": _EDITORS,
        # Talking to people: only trained peer supporters.
        "peer.inbox": frozenset({PEER_SUPPORTER}),
    }
)


class UnknownAction(KeyError):
    """A permission name that is not in the table (a typo must not silently refuse)."""


class UnknownRole(ValueError):
    """A role name that is neither current nor a known old name."""


def roles_for(action: str) -> frozenset[str]:
    try:
        return PERMISSIONS[action]
    except KeyError:
        raise UnknownAction(action) from None


def allowed(roles: Iterable[str] | None, action: str) -> bool:
    return not roles_for(action).isdisjoint(roles or ())


def actions_for(roles: Iterable[str] | None) -> frozenset[str]:
    held = set(roles or ())
    return frozenset(action for action, who in PERMISSIONS.items() if not who.isdisjoint(held))


def normalise_roles(roles: Iterable[str]) -> list[str]:
    """Current role names, old names translated, in the table's order, without repeats."""
    wanted = set()
    for role in roles:
        name = LEGACY_ROLES.get(role.strip(), role.strip())
        if name not in ROLES:
            raise UnknownRole(role)
        wanted.add(name)
    return [role for role in ROLES if role in wanted]
