"""What the model is sent for one draft: only what that draft may contain, and the advice.

Pure code: the facts come from drafting's NoteInput / CallInput, the way our own drafts are
built. Never sent: a point kept for the user, a contact, a phone number, the user's Telegram
identity, another panelist's points.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.domain.drafting.compose import (
    CallInput,
    NoteInput,
    choose_points,
    clean_role,
    company_name,
    format_date,
    is_late,
    pitch_sentences,
    salutation_name,
    share_pitch,
    timeline_phrase,
)
from bot.domain.reading.names import proper_case, split_name_title
from bot.domain.reading.points import note_points, read_points

NOTE_MIN_WORDS = 90
NOTE_MAX_WORDS = 150
VOICEMAIL_MAX_WORDS = 75


class DraftKind(StrEnum):
    THANK_YOU = "thank_you"
    CALL = "call"
    EMAIL = "email"


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything a draft may say, as sent; the checks compare the answer with it."""

    kind: DraftKind
    sender: str
    company: str
    role: str
    date: str
    person: str  # the name as typed, proper-cased; "" when none
    greet_as: str  # "Tom", "Dr. Silva"; "" when no name
    title: str
    points: tuple[str, ...]
    pitch: tuple[str, ...] = ()
    timeline: str | None = None
    panel_position: int = 0
    panel_size: int = 1
    # Over a week after the interview, past the timeline (as our own note says it).
    late: bool = False

    def text(self) -> str:
        """The facts as the model reads them (the user message)."""
        lines = [
            f"Candidate (sign with this name): {self.sender}",
            f"Company: {self.company}",
            f"Role: {self.role}",
            f"Interview date: {self.date}",
        ]
        if self.person:
            who = f"{self.person}, {self.title}" if self.title else self.person
            lines.append(f"Interviewer: {who} (greet as: {self.greet_as or 'Hello'})")
        else:
            lines.append("Interviewer: name unknown (greet with 'Hello,')")
        if self.points:
            lines.append("What we discussed (the only topics you may mention):")
            lines.extend(f"- {point}" for point in self.points)
        else:
            lines.append("What we discussed: not recorded; do not invent topics.")
        if self.pitch:
            lines.append("Why the candidate fits (facts you may use, no others):")
            lines.extend(f"- {sentence}" for sentence in self.pitch)
        if self.timeline:
            lines.append(f"Timeline they gave: {self.timeline}")
        if self.late:
            lines.append(
                "This note goes out more than a week after the interview: say so in a few "
                "calm words, without apologising at length."
            )
        if self.panel_size > 1:
            lines.append(
                f"This is note {self.panel_position + 1} of {self.panel_size} for one panel: "
                "panelists compare notes, so give this one its own opening, angle and wording."
            )
        return "\n".join(lines)

    def fingerprint(self) -> str:
        """Stable for the same facts: a stored draft is only used while they are unchanged."""
        digest = hashlib.blake2b(f"{self.kind}\n{self.text()}".encode(), digest_size=12)
        return digest.hexdigest()


_ADVICE = (
    "You write short follow-up messages for a job seeker, in their voice (first person). "
    "Use only the facts given: never invent a name, number, project, date or detail. "
    "Be specific about what was discussed, warm, calm and sincere; never generic, "
    "never desperate, pushy or flattering; no filler, no clichés, no exclamation marks in a row, "
    "no placeholders in brackets. Reply with the message only, no commentary."
)
_THANK_YOU = (
    "Write a thank-you email to the interviewer after a job interview, {low}-{high} words. "
    "Greet them by name on the first line, thank them, refer to at least one thing you "
    "discussed, say briefly why the candidate fits the role (from the facts given), name "
    "the company and the role, mention the timeline they gave if one is given, and end "
    "with a sign-off and the candidate's name on the last line. Format: a first line "
    "'Subject: …', a blank line, then the email."
)
_EMAIL = (
    "Write a short, calm follow-up email to ask where things stand after a job interview "
    "whose timeline has passed, 60-{high} words, with one polite question. Greet them by "
    "name, name the company and the role, recall one thing you discussed if any is given, "
    "and end with a sign-off and the candidate's name on the last line. Format: a first "
    "line 'Subject: …', a blank line, then the email."
)
_CALL = (
    "Write notes for a short follow-up phone call after a job interview whose timeline has "
    "passed: 3 or 4 bullet lines starting with '- ' (who the candidate is and the role, "
    "continued interest recalling one thing discussed if any is given, at most two "
    "questions about the next steps, thanks), then a line 'Voicemail:' followed by a "
    "voicemail of at most {voicemail} words that says the candidate's name, the company "
    "and the role."
)
_VARIANT = "Version {n}: take a different opening, order and wording from earlier versions."


@dataclass(frozen=True, slots=True)
class ModelRequest:
    """One chat completion: the facts it carries, and the messages sent."""

    facts: Facts
    messages: tuple[dict[str, str], ...]

    def body(self, model: str) -> dict[str, Any]:
        """The JSON body of POST /chat/completions."""
        return {
            "model": model,
            "messages": [dict(message) for message in self.messages],
            "temperature": 0.7,
            "stream": False,
        }


def _request(facts: Facts, task: str, variant: int) -> ModelRequest:
    system = f"{_ADVICE} {task}"
    if variant:
        system += " " + _VARIANT.format(n=variant + 1)
    return ModelRequest(
        facts,
        ({"role": "system", "content": system}, {"role": "user", "content": facts.text()}),
    )


def thank_you_facts(note: NoteInput) -> Facts:
    """The facts of one thank-you note: this person's approved points and pitch share."""
    typed_name, title_in_name = split_name_title(note.interviewer_name)
    person = proper_case(typed_name)
    points = _approved(note.points, note.topics, (note.company, note.role))
    late = is_late(note)
    return Facts(
        kind=DraftKind.THANK_YOU,
        sender=proper_case(note.sender_name.strip()),
        company=company_name(note.company),
        role=clean_role(note.role),
        date=format_date(note.interview_date, with_weekday=True),
        person=person,
        greet_as=salutation_name(person),
        title=(note.interviewer_title or title_in_name or "").strip(),
        points=tuple(choose_points(points)),
        pitch=pitch_share(note),
        timeline=None if late else timeline_phrase(note.timeline),
        panel_position=note.panel_position,
        panel_size=note.panel_size,
        late=late,
    )


def pitch_share(note: NoteInput) -> tuple[str, ...]:
    """The pitch sentences this person's note may use (drafting shares them out the same way)."""
    sentences = pitch_sentences(note.pitch)
    if not sentences:
        return ()
    own = _approved(note.points, note.topics, (note.company, note.role))
    panel = note.panel_points or (own,) * max(note.panel_size, note.panel_position + 1)
    position = min(note.panel_position, len(panel) - 1)
    return tuple(sentences[index] for index in share_pitch(sentences, panel)[position])


def call_facts(call: CallInput, kind: DraftKind) -> Facts:
    """The facts of a call script or follow-up email: the contact's approved points only."""
    typed_name, title_in_name = split_name_title(call.contact_name or "")
    person = proper_case(typed_name)
    return Facts(
        kind=kind,
        sender=proper_case(call.sender_name.strip()),
        company=company_name(call.company),
        role=clean_role(call.role),
        date=format_date(call.interview_date),
        person=person,
        greet_as=salutation_name(person),
        title=title_in_name.strip() if title_in_name else "",
        points=tuple(choose_points(_approved(call.points, call.topics, (call.company, call.role)))),
    )


def thank_you_request(note: NoteInput, *, variant: int = 0) -> ModelRequest:
    task = _THANK_YOU.format(low=NOTE_MIN_WORDS, high=NOTE_MAX_WORDS)
    return _request(thank_you_facts(note), task, variant)


def call_request(call: CallInput, *, variant: int = 0) -> ModelRequest:
    task = _CALL.format(voicemail=VOICEMAIL_MAX_WORDS)
    return _request(call_facts(call, DraftKind.CALL), task, variant)


def email_request(call: CallInput, *, variant: int = 0) -> ModelRequest:
    return _request(call_facts(call, DraftKind.EMAIL), _EMAIL.format(high=120), variant)


def _approved(
    points: tuple[str, ...] | None, topics: str | None, known: tuple[str, str]
) -> tuple[str, ...]:
    if points is not None:
        return points
    return note_points(read_points(topics, known=known))
