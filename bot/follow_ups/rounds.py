"""What the checklist of a later round recalls of the rounds before it."""

from __future__ import annotations

import datetime as dt

from bot.ui.display import day, esc, local
from storage.models import FollowUp, InterviewStatus

# Topics are the user's own notes, shown back to them: cut, never rewritten.
TOPICS_SHOWN = 160
PEOPLE_SHOWN = 5


def _cut(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def earlier_rounds(follow_up: FollowUp, *, now: dt.datetime) -> list[str]:
    """Lines naming who the user met in the earlier rounds and what they cared about.

    Empty for a first round. Needs the application's interviews and their interviewers
    loaded (storage.follow_ups.load_follow_up and load_claimed do).
    """
    interview = follow_up.interview
    if interview is None:
        return []
    tz = follow_up.user.timezone
    earlier = [
        held
        for held in follow_up.application.interviews
        if held.status == InterviewStatus.HELD and held.held_at < interview.held_at
    ]
    if not earlier:
        return []
    last = max(earlier, key=lambda held: held.held_at)
    on = day(local(last.held_at, tz).date(), now=now)
    lines = [f"<b>Last round</b> (round {last.round_number}, {on}) you met:"]
    for person in last.interviewers[:PEOPLE_SHOWN]:
        title = f", {esc(person.title)}" if person.title else ""
        cared = f": {esc(_cut(person.topics, TOPICS_SHOWN))}" if person.topics else ""
        lines.append(f"• {esc(person.name)}{title}{cared}")
    if len(last.interviewers) > PEOPLE_SHOWN:
        lines.append(f"…and {len(last.interviewers) - PEOPLE_SHOWN} more.")
    lines.append(
        "If you meet them again, pick up where you left off: what they cared about, and "
        "what you have thought about since."
    )
    return lines
