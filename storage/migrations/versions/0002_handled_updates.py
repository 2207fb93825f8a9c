"""handled updates: the dedupe window of the update pipeline

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "handled_updates",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("handled_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("update_id", name=op.f("pk_handled_updates")),
    )
    op.create_index(
        op.f("ix_handled_updates_handled_at"), "handled_updates", ["handled_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_handled_updates_handled_at"), table_name="handled_updates")
    op.drop_table("handled_updates")
