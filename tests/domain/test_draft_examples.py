"""Reviewed example debriefs and the exact drafts they produce, kept in draft_examples.md.

After a deliberate change in wording, regenerate the file and review the diff:
    .venv/bin/python -m tests.domain.test_draft_examples
"""

import datetime
from pathlib import Path

from bot.domain.drafting import (
    CallInput,
    NoteInput,
    allowed_words_for,
    draft_call_script,
    draft_follow_up_email,
    draft_thank_you,
)
from bot.domain.tone import check_tone

EXAMPLES_FILE = Path(__file__).with_name("draft_examples.md")

NOTE_EXAMPLES: tuple[tuple[str, NoteInput], ...] = (
    (
        "Backend role, first of two interviewers: topics typed as a sentence plus a bullet",
        NoteInput(
            sender_name="Maria Lopez",
            company="Acme Cloud",
            role="Senior Backend Engineer",
            interview_date=datetime.date(2026, 11, 17),
            interviewer_name="Ana Silva",
            interviewer_title="Engineering Manager",
            topics="we talked about their Kubernetes migration and on-call\n"
            "- how they run incident reviews",
            pitch="8 years of Python, led the move to Kubernetes at my last company",
            timeline="2 weeks",
            seed=101,
        ),
    ),
    (
        "Same interview, second interviewer: other topics, other note",
        NoteInput(
            sender_name="Maria Lopez",
            company="Acme Cloud",
            role="Senior Backend Engineer",
            interview_date=datetime.date(2026, 11, 17),
            interviewer_name="Tom Becker",
            interviewer_title="Staff Engineer",
            topics="System design: a rate limiter for the public API. "
            "I explained my work on the payments API",
            pitch="8 years of Python, led the move to Kubernetes at my last company",
            timeline="2 weeks",
            seed=102,
        ),
    ),
    (
        "Second round with a doctor, a first-person pitch and a loose timeline",
        NoteInput(
            sender_name="Priya Nair",
            company="Northwind Health",
            role="Product Designer",
            interview_date=datetime.date(2026, 12, 3),
            interviewer_name="Dr. Helen Okafor",
            interviewer_title="Head of Clinical Product",
            topics="1. Accessibility for older patients\n"
            "2. How designers and clinicians work together\n"
            "3. my portfolio case on the booking flow",
            pitch="I've spent five years designing patient-facing apps and I ran the "
            "accessibility audit for a national booking service.",
            timeline="end of the month",
            seed=7,
            round_number=2,
        ),
    ),
    (
        "No title, résumé-style pitch, no timeline asked",
        NoteInput(
            sender_name="James O'Connor",
            company="Brightside Bank",
            role="Data Analyst",
            interview_date=datetime.date(2027, 1, 12),
            interviewer_name="Sam Patel",
            topics="Discussed: churn dashboards, the SQL test, their move from Excel to Looker.",
            pitch="Strong SQL and Python; built the churn model at my current job",
            timeline="didn't ask",
            seed=3,
        ),
    ),
    (
        "Only the basics: the note is still about this company and role",
        NoteInput(
            sender_name="Lena Fischer",
            company="Kleinwerk GmbH",
            role="Junior Frontend Developer",
            interview_date=datetime.date(2027, 2, 8),
            interviewer_name="Jonas Weber",
            seed=11,
        ),
    ),
    (
        "Acronyms everywhere: company, role and topics in capitals",
        NoteInput(
            sender_name="Chen Wei",
            company="IBM",
            role="SRE",
            interview_date=datetime.date(2027, 3, 1),
            interviewer_name="Kate Morgan",
            interviewer_title="SRE Manager",
            topics="on-call rotation, SLOs for the storage team, Terraform",
            pitch="I have run on-call for a 24/7 payments platform for three years",
            timeline="next week",
            seed=42,
        ),
    ),
)

CALL_EXAMPLES: tuple[tuple[str, CallInput], ...] = (
    (
        "Call after the backend interview, with a phone number",
        CallInput(
            sender_name="Maria Lopez",
            company="Acme Cloud",
            role="Senior Backend Engineer",
            interview_date=datetime.date(2026, 11, 17),
            contact_name="Ana Silva",
            topics="we talked about their Kubernetes migration and on-call",
            phone="+44 7700 900123",
            seed=5,
        ),
    ),
    (
        "Call without a contact name, topics or phone",
        CallInput(
            sender_name="James O'Connor",
            company="Brightside Bank",
            role="Data Analyst",
            interview_date=datetime.date(2027, 1, 12),
            contact_name=None,
            seed=8,
        ),
    ),
)


def render_examples() -> str:
    """The examples file as the current code writes it."""
    parts = [
        "# Draft examples",
        "",
        "Generated by `tests/domain/test_draft_examples.py`; reviewed by a person for quality.",
        "Regenerate with `.venv/bin/python -m tests.domain.test_draft_examples`.",
    ]
    for title, note in NOTE_EXAMPLES:
        draft = draft_thank_you(note)
        parts += [
            "",
            f"## Thank-you note: {title}",
            "",
            "Debrief:",
            "",
            f"- interviewer: {note.interviewer_name} ({note.interviewer_title or 'no title'})",
            f"- company / role: {note.company} / {note.role}, round {note.round_number}",
            f"- topics: {note.topics!r}",
            f"- pitch: {note.pitch!r}",
            f"- timeline: {note.timeline!r}",
            "",
            f"Subject: {draft.subject} ({len(draft.body.split())} words)",
            "",
            "```text",
            draft.body,
            "```",
            "",
            "Suggestions:" if draft.suggestions else "Suggestions: none",
            *(f"- {suggestion}" for suggestion in draft.suggestions),
        ]
    for title, call in CALL_EXAMPLES:
        script = draft_call_script(call)
        email = draft_follow_up_email(call)
        parts += [
            "",
            f"## Call: {title}",
            "",
            "Script:",
            "",
            *(f"- {bullet}" for bullet in script.bullets),
            "",
            f"Voicemail ({len(script.voicemail.split())} words):",
            "",
            "```text",
            script.voicemail,
            "```",
            "",
            f"Email alternative, subject: {email.subject}",
            "",
            "```text",
            email.body,
            "```",
        ]
    return "\n".join(parts) + "\n"


def test_examples_file_is_up_to_date() -> None:
    assert EXAMPLES_FILE.read_text(encoding="utf-8") == render_examples(), (
        "Wording changed: run `.venv/bin/python -m tests.domain.test_draft_examples` "
        "and review the diff of draft_examples.md"
    )


def test_example_notes_are_within_length_and_calm() -> None:
    for _, note in NOTE_EXAMPLES:
        draft = draft_thank_you(note)
        assert len(draft.body.split()) <= 200
        assert check_tone(draft.subject + "\n" + draft.body, allowed_words_for(note)) == []


def test_example_notes_with_topics_and_pitch_are_90_to_200_words() -> None:
    for _, note in NOTE_EXAMPLES:
        if note.topics and note.pitch:
            assert 90 <= len(draft_thank_you(note).body.split()) <= 200


if __name__ == "__main__":
    EXAMPLES_FILE.write_text(render_examples(), encoding="utf-8")
    print(f"wrote {EXAMPLES_FILE}")
