"""staff app: roles renamed, sessions with idle expiry and CSRF, login throttling, audit

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Old role names and what they became (bot.staff.permissions.LEGACY_ROLES says the same).
RENAMED = {"curator": "editor"}
# Going back: the new roles that did not exist become their nearest old one.
RENAMED_BACK = {"editor": "curator", "lived_experience_reviewer": "reviewer"}

accounts = sa.table("staff_account", sa.column("id", sa.Integer), sa.column("roles", sa.JSON))


def _rename_roles(mapping: dict[str, str]) -> None:
    connection = op.get_bind()
    for account_id, roles in connection.execute(sa.select(accounts.c.id, accounts.c.roles)):
        renamed: list[str] = []
        for role in roles or []:
            new = mapping.get(role, role)
            if new not in renamed:
                renamed.append(new)
        if renamed != list(roles or []):
            connection.execute(
                accounts.update().where(accounts.c.id == account_id).values(roles=renamed)
            )


def upgrade() -> None:
    _rename_roles(RENAMED)
    with op.batch_alter_table("staff_account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.add_column(sa.Column("last_sign_in_at", sa.DateTime(timezone=True), nullable=True))

    # Sessions now carry a CSRF token and an idle clock, and the cookie moved from /staff
    # to /admin: every existing session ends and staff sign in again once.
    op.execute("DELETE FROM staff_session")
    with op.batch_alter_table("staff_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False))
        batch_op.add_column(sa.Column("csrf_token", sa.String(length=64), nullable=False))
        batch_op.add_column(sa.Column("flash", sa.JSON(), nullable=True))
        batch_op.create_index(batch_op.f("ix_staff_session_staff_id"), ["staff_id"], unique=False)

    op.create_table(
        "staff_login_failure",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("staff_login_failure", schema=None) as batch_op:
        batch_op.create_index("ix_login_failure_key_time", ["key_hash", "failed_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_staff_login_failure_failed_at"), ["failed_at"], unique=False
        )

    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("changes", sa.JSON(), nullable=False, server_default=sa.text("'{}'"))
        )
        batch_op.create_index("ix_audit_time", ["created_at"], unique=False)
        batch_op.create_index("ix_audit_action_time", ["action", "created_at"], unique=False)
        batch_op.create_index("ix_audit_staff_time", ["staff_id", "created_at"], unique=False)
        batch_op.create_index("ix_audit_subject", ["subject"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_subject")
        batch_op.drop_index("ix_audit_staff_time")
        batch_op.drop_index("ix_audit_action_time")
        batch_op.drop_index("ix_audit_time")
        batch_op.drop_column("changes")

    with op.batch_alter_table("staff_login_failure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_login_failure_failed_at"))
        batch_op.drop_index("ix_login_failure_key_time")
    op.drop_table("staff_login_failure")

    op.execute("DELETE FROM staff_session")
    with op.batch_alter_table("staff_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_session_staff_id"))
        batch_op.drop_column("flash")
        batch_op.drop_column("csrf_token")
        batch_op.drop_column("last_seen_at")

    with op.batch_alter_table("staff_account", schema=None) as batch_op:
        batch_op.drop_column("last_sign_in_at")
        batch_op.drop_column("must_change_password")
    _rename_roles(RENAMED_BACK)
