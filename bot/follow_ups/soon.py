"""Bring the dispatcher's next run forward, after a save: what a feature needs of it.

Apart from bot/follow_ups/dispatch.py so that features (a debrief, /upcoming, Undo) reach it
without importing the dispatcher, which imports every follow-up's message and keyboard.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import Application

from bot.runtime import ptb
from bot.runtime.unit import collecting_unit

# The dispatcher's one repeating job (bot/follow_ups/dispatch.schedule_dispatcher).
JOB_NAME = "dispatch_follow_ups"


def dispatch_soon(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Run the dispatcher now (after a save) rather than at its next tick, without a second job.

    Inside an update, once its transaction committed: earlier, the run would not see the save.
    """
    unit = collecting_unit()
    if unit is None:
        _bring_forward(application)
        return

    async def after_commit() -> None:
        _bring_forward(application)

    unit.later(after_commit)


def _bring_forward(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    job_queue = application.job_queue
    if job_queue is None:
        return
    for job in job_queue.get_jobs_by_name(JOB_NAME):
        # max_instances=1 still holds: a run in progress is never doubled.
        ptb.run_soon(job)
