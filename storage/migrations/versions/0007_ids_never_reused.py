"""ids never reused on SQLite: AUTOINCREMENT on every table whose ids buttons carry

Without it SQLite hands out max(id) + 1, so after /delete_me a new row could take the id
of an erased one and an old button would act on it. PostgreSQL's sequences never go back,
so nothing changes there.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Parents first, as the rows are copied in this order (foreign keys are off meanwhile).
TABLES = ("applications", "interviews", "interviewers", "follow_ups")


def _rebuild(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        # The copy keeps every id, and SQLite starts the table's sequence at the largest.
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass


def upgrade() -> None:
    _rebuild(True)


def downgrade() -> None:
    _rebuild(False)
