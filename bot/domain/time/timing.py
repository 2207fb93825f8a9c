"""When each follow-up is due: business days, the user's nudge hour and time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain.places.timezones import TimeZone, as_zone

LATE_THANK_YOU_AFTER = timedelta(hours=48)
CHASE_AFTER = timedelta(hours=4)
NO_ANSWER_RETRY_BUSINESS_DAYS = 3
# An interview registered ahead: its checklist comes at the nudge hour on the day, or this
# long before the interview if that is earlier; the debrief prompt this long after the end.
CHECKLIST_LEAD = timedelta(hours=2)
PROMPT_AFTER_END = timedelta(minutes=30)

_SATURDAY = 5
_MONDAY = 0


class Snooze(StrEnum):
    """When the user asked a follow-up back: a choice of button (a typed time is separate)."""

    THIS_EVENING = "eve"
    TOMORROW_MORNING = "am"
    ONE_DAY = "1d"  # buttons of earlier releases
    THREE_DAYS = "3d"
    NEXT_MONDAY = "mon"


# "This evening" is this hour; offered only until an hour before it.
EVENING_HOUR = 19
# "Tomorrow morning" is the user's hour when that is a morning one, else this.
MORNING_HOUR = 9
# A call nudge comes at least a business day after the thank-you notes it follows.
CALL_AFTER_NOTES = timedelta(hours=24)


def local_at(day: date, hour: int, tz: TimeZone, *, minute: int = 0) -> datetime:
    """Return the aware UTC instant of `hour:minute` local time on `day` in `tz`.

    A wall time skipped by a spring-forward change resolves to the first valid
    instant after the gap (the moment the clocks jump); a wall time that occurs
    twice in a fall-back change resolves to its first occurrence.
    """
    zone = as_zone(tz)
    wall = datetime.combine(day, time(hour, minute), tzinfo=zone)
    first = wall.astimezone(UTC)
    if first.astimezone(zone).replace(tzinfo=None) == wall.replace(tzinfo=None):
        return first
    return _gap_end(wall, zone)


def _gap_end(wall: datetime, zone: ZoneInfo) -> datetime:
    """Return the UTC instant at which the gap swallowing `wall` ends."""
    # Read with the offset after the change (fold=1) the wall time maps before the
    # transition, read with the offset before it (fold=0) after; bisect in between.
    lo = wall.replace(fold=1).astimezone(UTC)
    hi = wall.replace(fold=0).astimezone(UTC)
    after_offset = hi.astimezone(zone).utcoffset()
    while hi - lo > timedelta(seconds=1):
        mid = lo + (hi - lo) / 2
        if mid.astimezone(zone).utcoffset() == after_offset:
            hi = mid
        else:
            lo = mid
    return hi.replace(microsecond=0)


def thank_you_due(*, now: datetime) -> datetime:
    """Return when the thank-you drafts are due: right away."""
    _require_aware(now)
    return now.astimezone(UTC)


def is_late_thank_you(*, held_at: datetime, now: datetime) -> bool:
    """Tell whether the interview was so long ago that the note should admit it is late."""
    _require_aware(held_at, now)
    return now - held_at > LATE_THANK_YOU_AFTER


def chase_due(
    *, sent_at: datetime, tz: TimeZone, nudge_hour: int, nudge_minute: int = 0
) -> datetime:
    """Return when an untapped thank-you is chased: the first nudge hour at least 4 hours on."""
    _require_aware(sent_at)
    earliest = sent_at + CHASE_AFTER
    # A reminder to send one's own note is fine on a weekend, so every day counts.
    return _first_nudge_from(
        earliest, tz, nudge_hour, weekdays_only=False, inclusive=True, minute=nudge_minute
    )


def timeline_end(
    *, held_at: datetime, tz: TimeZone, timeline_date: date | None, default_wait_days: int
) -> date:
    """Return the local date the hiring timeline ends: the one given, or the default wait."""
    _require_aware(held_at)
    if timeline_date is not None:
        return timeline_date
    held_on = held_at.astimezone(as_zone(tz)).date()
    return held_on + timedelta(days=default_wait_days)


def call_due(
    *, timeline_end: date, tz: TimeZone, nudge_hour: int, weekday_only: bool = True
) -> datetime:
    """Return when the call nudge is due: the first (business) day after the timeline ends.

    The result may lie in the past when the timeline has already passed; the nudge
    is then simply due at once.
    """
    _check_hour(nudge_hour)
    day = timeline_end + timedelta(days=1)
    while weekday_only and day.weekday() >= _SATURDAY:
        day += timedelta(days=1)
    return local_at(day, nudge_hour, tz)


def call_nudge_due(
    *,
    held_at: datetime,
    timeline_date: date | None,
    tz: TimeZone,
    nudge_hour: int,
    default_wait_days: int,
) -> datetime:
    """The call nudge: the first business morning after the timeline given (or the wait)."""
    end = timeline_end(
        held_at=held_at, tz=tz, timeline_date=timeline_date, default_wait_days=default_wait_days
    )
    return call_due(timeline_end=end, tz=tz, nudge_hour=nudge_hour)


def no_answer_retry_due(*, now: datetime, tz: TimeZone, nudge_hour: int) -> datetime:
    """Return when to try calling again after no answer: 3 business days later."""
    _require_aware(now)
    _check_hour(nudge_hour)
    day = now.astimezone(as_zone(tz)).date()
    remaining = NO_ANSWER_RETRY_BUSINESS_DAYS
    while remaining:
        day += timedelta(days=1)
        if day.weekday() < _SATURDAY:
            remaining -= 1
    return local_at(day, nudge_hour, tz)


def snooze_due(
    *,
    now: datetime,
    tz: TimeZone,
    nudge_hour: int,
    option: Snooze,
    business: bool = False,
    nudge_minute: int = 0,
) -> datetime:
    """Return when a snoozed follow-up comes back.

    At the nudge hour of the chosen day ("this evening" and "tomorrow morning" have their own
    hours). With `business` (a call: `nudge_hour` is then the call hour) it is a weekday at
    that hour: a day that falls on a weekend moves to the Monday.
    """
    _require_aware(now)
    _check_hour(nudge_hour)
    today = now.astimezone(as_zone(tz)).date()
    hour, minute = nudge_hour, nudge_minute
    match option:
        case Snooze.THIS_EVENING:
            return max(local_at(today, EVENING_HOUR, tz), now)
        case Snooze.TOMORROW_MORNING:
            day = today + timedelta(days=1)
            if not business and nudge_hour >= 12:
                hour, minute = MORNING_HOUR, 0
        case Snooze.ONE_DAY:
            day = today + timedelta(days=1)
        case Snooze.THREE_DAYS:
            day = today + timedelta(days=3)
        case Snooze.NEXT_MONDAY:
            # On a Monday "next Monday" means a week on, never later the same day.
            day = today + timedelta(days=(_MONDAY - today.weekday() - 1) % 7 + 1)
    while business and day.weekday() >= _SATURDAY:
        day += timedelta(days=1)
    return local_at(day, hour, tz, minute=minute)


def snooze_choices(*, now: datetime, tz: TimeZone, business: bool) -> tuple[Snooze, ...]:
    """The choices worth offering now: no evening for a call, nor once the evening is near."""
    local_now = now.astimezone(as_zone(tz))
    evening = not business and local_now.hour < EVENING_HOUR - 1
    return (
        *((Snooze.THIS_EVENING,) if evening else ()),
        Snooze.TOMORROW_MORNING,
        Snooze.THREE_DAYS,
        Snooze.NEXT_MONDAY,
    )


def call_after_notes(*, due: datetime, now: datetime, tz: TimeZone, call_hour: int) -> datetime:
    """A call nudge never before the thank-you notes of its interview have had a day.

    A debrief saved long after the interview (its timeline passed) would otherwise ask
    for the call at once, beside the notes; it comes the next business morning instead.
    """
    _require_aware(due, now)
    if due >= now + CALL_AFTER_NOTES:
        return due
    return next_business_morning(after=now + CALL_AFTER_NOTES, tz=tz, nudge_hour=call_hour)


def next_business_morning(*, after: datetime, tz: TimeZone, nudge_hour: int) -> datetime:
    """Return the first Monday-to-Friday nudge-hour instant strictly after `after`."""
    _require_aware(after)
    return _first_nudge_from(after, tz, nudge_hour, weekdays_only=True, inclusive=False)


def _first_nudge_from(
    start: datetime,
    tz: TimeZone,
    nudge_hour: int,
    *,
    weekdays_only: bool,
    inclusive: bool,
    minute: int = 0,
) -> datetime:
    """Return the first nudge-hour instant at (if inclusive) or after `start`."""
    _check_hour(nudge_hour)
    day = start.astimezone(as_zone(tz)).date()
    while True:
        if not weekdays_only or day.weekday() < _SATURDAY:
            candidate = local_at(day, nudge_hour, tz, minute=minute)
            if candidate > start or (inclusive and candidate == start):
                return candidate
        day += timedelta(days=1)


def _require_aware(*moments: datetime) -> None:
    """Refuse naive datetimes, which would silently be read in the server's zone."""
    for moment in moments:
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError(f"expected a timezone-aware datetime, got {moment!r}")


def _check_hour(hour: int) -> None:
    if not 0 <= hour <= 23:
        raise ValueError(f"nudge hour must be 0..23, got {hour}")


def checklist_due(
    *, starts_at: datetime, tz: TimeZone, nudge_hour: int, now: datetime, nudge_minute: int = 0
) -> datetime:
    """The nudge hour on the interview's day, or two hours before it if earlier; never past."""
    day = starts_at.astimezone(as_zone(tz)).date()
    due = min(local_at(day, nudge_hour, tz, minute=nudge_minute), starts_at - CHECKLIST_LEAD)
    return max(due, now)


def debrief_prompt_due(*, starts_at: datetime, duration_minutes: int) -> datetime:
    """Thirty minutes after the interview ends."""
    return starts_at + timedelta(minutes=duration_minutes) + PROMPT_AFTER_END
