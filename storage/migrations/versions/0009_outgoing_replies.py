"""outgoing replies: an update's Bot API calls, stored with its commit until made

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outgoing_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("update_id", sa.BigInteger(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("channel", sa.String(length=200), nullable=False),
        sa.Column("method", sa.String(length=64), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("created_at", storage.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("given_up_at", storage.models.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outgoing_replies")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_outgoing_replies_chat_id"), "outgoing_replies", ["chat_id"], unique=False
    )
    op.create_index(
        op.f("ix_outgoing_replies_user_id"), "outgoing_replies", ["user_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_outgoing_replies_user_id"), table_name="outgoing_replies")
    op.drop_index(op.f("ix_outgoing_replies_chat_id"), table_name="outgoing_replies")
    op.drop_table("outgoing_replies")
