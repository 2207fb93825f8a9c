"""The debrief's answers in progress: kept (as JSON) in user_data, and read from a saved round.

The pipeline stores user_data with the conversation state, so the answers survive a restart.
"""

from __future__ import annotations

from bot.debrief.steps import Guess, Step
from bot.domain.debrief import TIMELINE_PHRASES, DebriefAnswers, Person
from bot.domain.reading.points import points_from_json
from bot.ui.context import BotContext
from storage.models import Interview

KEY = "debrief"
# A date or timeline read as a guess, waiting for the user's Yes (beside the answers, so
# that answers stored by earlier releases keep their shape).
GUESS_KEY = "debrief_guess"


def load(context: BotContext) -> DebriefAnswers | None:
    assert context.user_data is not None
    stored = context.user_data.get(KEY)
    return DebriefAnswers.from_json(stored) if isinstance(stored, dict) else None


def begin(context: BotContext, answers: DebriefAnswers) -> DebriefAnswers:
    assert context.user_data is not None
    context.user_data[KEY] = answers.to_json()
    return answers


def drop(context: BotContext) -> None:
    assert context.user_data is not None
    context.user_data.pop(KEY, None)
    context.user_data.pop(GUESS_KEY, None)


def keep_guess(context: BotContext, answers: DebriefAnswers, guess: Guess) -> None:
    assert context.user_data is not None
    context.user_data[GUESS_KEY] = {
        "token": answers.token,
        "step": int(guess.step),
        "typed": guess.typed,
        "value": guess.value,
    }


def take_kept_guess(context: BotContext, answers: DebriefAnswers) -> Guess | None:
    """The guess waiting for a Yes in this debrief (and forget it), or None."""
    assert context.user_data is not None
    kept = context.user_data.pop(GUESS_KEY, None)
    if not isinstance(kept, dict) or kept.get("token") != answers.token:
        return None
    try:
        return Guess(Step(kept["step"]), str(kept["typed"]), str(kept["value"]))
    except (KeyError, ValueError):
        return None


def answers_of(interview: Interview) -> DebriefAnswers:
    """A saved round as debrief answers; each interviewer keeps their stored id."""
    if not interview.timeline_asked:
        timeline_code = "noask"
    elif interview.timeline_date is None:
        timeline_code = "nosay"
    else:
        # A button's phrase ("2 weeks") keeps counting from the interview day if that moves.
        codes = {phrase: code for code, phrase in TIMELINE_PHRASES.items()}
        timeline_code = codes.get(interview.timeline_text or "", "text")
    return DebriefAnswers(
        company=interview.application.company,
        role=interview.application.role,
        held_at=interview.held_at,
        people=[
            Person(
                name=person.name,
                title=person.title,
                contact=person.contact,
                topics=person.topics,
                id=person.id,
                points=points_from_json(person.points),
            )
            for person in interview.interviewers
        ],
        pitch=interview.pitch,
        timeline_code=timeline_code,
        timeline_text=interview.timeline_text,
        timeline_date=interview.timeline_date,
        timeline_asked=interview.timeline_asked,
        round=interview.round_number,
        saved_interview_id=interview.id,
    )
