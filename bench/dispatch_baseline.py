"""The dispatcher as it was before a482b56, for the benchmark's "before" rows.

Until then a run kept the outcomes of sends in memory and wrote them in one transaction per
25 outcomes, or once the oldest had waited 0.1 s (checked whenever a send ended), and at
the end of the run; its transactions did not take turns with the update pipeline's, and
DISPATCH_CONCURRENCY was 8. Everything else (claims, sends, what is written) is today's
code: only when outcomes are written differs.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

from bot.follow_ups import dispatch
from bot.follow_ups.dispatch import AnyApplication, DispatchReport

RECORD_EVERY = 25
RECORD_INTERVAL = 0.1
CONCURRENCY = 8


class BatchedRun(dispatch._Run):
    """One dispatcher run recording outcomes in groups, as before a482b56."""

    def __init__(self, application: AnyApplication, clock: Any) -> None:
        super().__init__(application, clock)
        self.turn = contextlib.nullcontext
        self.first_at = 0.0

    def _counted(self) -> dispatch._Outcomes:
        if not self.outcomes.count:
            self.first_at = time.monotonic()
        return super()._counted()

    async def _record(self, outcomes: dispatch._Outcomes | None = None) -> None:
        # A worker asks after each of its outcomes; only a due group, or the run's end
        # (no argument), is written.
        pending = self.outcomes
        due = pending.count >= RECORD_EVERY or (
            pending.count and time.monotonic() - self.first_at >= RECORD_INTERVAL
        )
        if outcomes is None or due:
            await super()._record()


async def dispatch_batched(application: AnyApplication) -> DispatchReport:
    """`dispatch.dispatch_due` as it was before a482b56."""
    return await BatchedRun(application, application.bot_data.clock).run()
