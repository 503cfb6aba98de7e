"""docs/staff-app.md tells staff who may do what; it must say what the code does."""

from __future__ import annotations

import re

from bot.settings import ROOT
from bot.staff.permissions import PERMISSIONS, ROLES


def test_the_roles_table_in_the_staff_guide_is_the_permission_table() -> None:
    guide = (ROOT / "docs" / "staff-app.md").read_text(encoding="utf-8")
    documented: dict[str, set[str]] = {}
    for row in re.findall(r"^\| `([a-z_.]+)`[^|]*\|(.*)\|$", guide, re.M):
        action, cells = row
        ticks = [cell.strip() == "✓" for cell in cells.split("|")]
        assert len(ticks) == len(ROLES), action
        documented[action] = {role for role, tick in zip(ROLES, ticks, strict=True) if tick}
    assert documented == {action: set(roles) for action, roles in PERMISSIONS.items()}
