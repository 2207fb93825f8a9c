"""The talking-points review: what goes into an interviewer's note and what is kept for the
user, with one button per point that moves it to the other side, and Continue; and its taps.

The buttons name the list they were made for (a digest of the interviewer and the points'
texts): a tap on an older list (the topics were typed again meanwhile) moves nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.debrief.steps import Step
from bot.debrief.views import MESSAGE_LIMIT, button
from bot.domain.debrief import DebriefAnswers
from bot.domain.reading import reading_en as r
from bot.domain.reading.points import Point
from bot.domain.reading.typed_text import shorten
from bot.ui.callbacks import DebriefAction
from bot.ui.display import esc, telegram_length

PAGE = 10  # point buttons per message; more points get page buttons
LABEL = 30  # characters of a point on its button
CONTINUE = "go"
# Why a point can't go in a note that typing it another way may mend.
REPHRASABLE = frozenset({r.WHY_NOT_A_PHRASE, r.WHY_TOO_GENERAL, r.WHY_TOO_LONG})
# Points shortened for display only, then reasons left out, until the message fits: the
# last fits 1000 characters typed as 500 one-letter points.
SHORTENINGS = ((None, True), (120, True), (60, True), (60, False), (30, False), (12, False))


@dataclass(frozen=True, slots=True)
class Tap:
    """A review button, read: move point `number` to a side, show page `number`, or continue."""

    digest: str
    op: str  # "move", "page" or "go"
    number: int = 0  # the point's index or the page
    for_note: bool = False


def digest(answers: DebriefAnswers) -> str:
    """A short name for the list under review: who it is about and the points' texts."""
    person = answers.person_in_question()
    texts = [person.name or "", *(point.text for point in answers.points_in_review())]
    return hashlib.blake2s("\n".join(texts).encode(), digest_size=3).hexdigest()


def read_tap(args: tuple[str, ...]) -> Tap | None:
    """The tap in a review button's arguments (after the token), or None when malformed."""
    if len(args) != 2:
        return None
    list_digest, op = args
    if op == CONTINUE:
        return Tap(list_digest, "go")
    kind, number = op[:1], op[1:]
    # ASCII digits only: "²".isdigit() is True, but int("²") raises.
    if kind not in {"k", "n", "p"} or not (number.isascii() and number.isdigit()):
        return None
    if len(number) > 3:
        return None
    if kind == "p":
        return Tap(list_digest, "page", int(number))
    return Tap(list_digest, "move", int(number), for_note=kind == "n")


def page_of(index: int) -> int:
    return index // PAGE


def review(answers: DebriefAnswers, page: int = 0) -> tuple[str, InlineKeyboardMarkup]:
    """The review message of the interviewer in question, with one page of point buttons."""
    points = answers.points_in_review()
    name = answers.person_in_question().name
    who = esc(name) if name else "this interviewer"
    for limit, reasons in SHORTENINGS:
        text = _text(points, who, limit, reasons)
        if telegram_length(text) <= MESSAGE_LIMIT:
            break
    return text, _keyboard(answers, points, page)


def _text(points: tuple[Point, ...], who: str, limit: int | None, reasons: bool) -> str:
    def shown(point: Point) -> str:
        return esc(point.text if limit is None else shorten(point.text, limit))

    if not points:
        return (
            f"I found no talking points for the note to {who}. Type what you talked about "
            "(a few words per topic), or Continue without."
        )
    noted = [f"{number}. {shown(point)}" for number, point in _numbered(points) if point.for_note]
    kept = [
        f"{number}. {shown(point)}" + (f" — {esc(_why(point))}" if reasons else "")
        for number, point in _numbered(points)
        if not point.for_note
    ]
    lines = [f"<b>For the note to {who}</b>", *(noted or ["(nothing yet)"])]
    if kept:
        lines += ["", "<b>Kept for you</b>", *kept]
    fixed = " (🔒 stays with you)" if any(not point.movable for point in points) else ""
    lines += [
        "",
        f"Tap a point to move it: ➡ keeps it for you, ⬅ puts it in the note{fixed}. "
        "Typing replaces what you talked about. Continue when it looks right.",
    ]
    return "\n".join(lines)


def _numbered(points: tuple[Point, ...]) -> list[tuple[int, Point]]:
    return list(enumerate(points, start=1))


def _why(point: Point) -> str:
    if not point.movable:
        return f"can't go in a note: {point.why or r.WHY_NOT_A_PHRASE}"
    return point.why or "your choice"


def _keyboard(
    answers: DebriefAnswers, points: tuple[Point, ...], page: int
) -> InlineKeyboardMarkup:
    pages = max((len(points) + PAGE - 1) // PAGE, 1)
    page = min(max(page, 0), pages - 1)
    list_digest = digest(answers)
    rows: list[list[InlineKeyboardButton]] = []
    for index in range(page * PAGE, min((page + 1) * PAGE, len(points))):
        point = points[index]
        arrow, op = ("➡", "k") if point.for_note else ("⬅", "n")
        if not point.movable:
            arrow = "🔒"
        label = f"{arrow} {index + 1}. {shorten(point.text, LABEL)}"
        rows.append([_button(answers, label, list_digest, f"{op}{index}")])
    nav = []
    if page > 0:
        nav.append(_button(answers, "◀ Earlier points", list_digest, f"p{page - 1}"))
    if page < pages - 1:
        nav.append(_button(answers, "Later points ▶", list_digest, f"p{page + 1}"))
    if nav:
        rows.append(nav)
    rows.append([_button(answers, "Continue", list_digest, CONTINUE)])
    return InlineKeyboardMarkup(rows)


def _button(answers: DebriefAnswers, label: str, list_digest: str, op: str) -> InlineKeyboardButton:
    return button(answers, label, DebriefAction.POINTS, list_digest, op)


def continue_note(answers: DebriefAnswers) -> str | None:
    """What Continue says when no point goes into the note: it will be short and general."""
    if any(point.for_note for point in answers.points_in_review()):
        return None
    return "Nothing goes into this note, so it will be short and general."


def fixed_alert(point: Point) -> str:
    """Why a point can't go into a note, short enough for an alert (200 characters)."""
    quoted = f"“{shorten(point.text, 40)}”"
    why = point.why or r.WHY_NOT_A_PHRASE
    if why not in REPHRASABLE:
        return shorten(f"{quoted} stays with you ({why}): a note never says that.", 200)
    return shorten(
        f"{quoted} stays with you ({why}). To have it in the note, type what you talked "
        "about again in other words.",
        200,
    )


async def on_tap(
    update: Update,
    answers: DebriefAnswers,
    args: tuple[str, ...],
    go_on: Callable[[], Awaitable[Step]],
) -> Step | None:
    """A tap on the review: a point moved (the message shows the new split), a page, or
    Continue (`go_on`); None when the button doesn't fit this review."""
    query = update.callback_query
    assert query is not None
    tap = read_tap(args)
    points = answers.points_in_review()
    if tap is None or (tap.op == "move" and tap.number >= len(points)):
        return None
    if tap.digest != digest(answers):
        # The topics were typed again since this message: it shows the current list now.
        await query.answer("Those points have changed; here they are now.")
        return await _show_again(update, answers)
    if tap.op == "go":
        await query.answer(continue_note(answers))
        await query.edit_message_reply_markup(None)
        return await go_on()
    if tap.op == "page":
        await query.answer()
        return await _show_again(update, answers, tap.number)
    before = points[tap.number]
    moved = answers.move_point(tap.number, for_note=tap.for_note)
    if moved is None:
        await query.answer(fixed_alert(before), show_alert=True)
        return Step.PERSON_POINTS
    if moved == before:  # already there: a second tap on the same button
        await query.answer()
        return Step.PERSON_POINTS
    await query.answer("Moved to the note." if moved.for_note else "Kept for you.")
    return await _show_again(update, answers, page_of(tap.number))


async def _show_again(update: Update, answers: DebriefAnswers, page: int = 0) -> Step:
    """The review shown again in the message tapped, in place."""
    query = update.callback_query
    assert query is not None
    text, keyboard = review(answers, page)
    await query.edit_message_text(text, reply_markup=keyboard)
    return Step.PERSON_POINTS
