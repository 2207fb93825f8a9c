"""the note as delivered: subject and text the bot sent, for the export

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("follow_ups") as batch:
        batch.add_column(sa.Column("sent_subject", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("sent_text", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("follow_ups") as batch:
        batch.drop_column("sent_text")
        batch.drop_column("sent_subject")
