"""The dispatcher job's name, and how a handler brings its next run forward."""

from __future__ import annotations

import datetime as dt
from typing import Any

from telegram.ext import Application

from bot.runtime.unit import collecting_unit

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
        job.job.modify(next_run_time=dt.datetime.now(dt.UTC))
