"""Each check a model's draft must pass before anyone sees it, one by one (pure code)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.llm.checks import (
    Letter,
    Script,
    check_letter,
    check_script,
    read_letter,
    read_script,
)
from bot.llm.request import DraftKind, Facts

FACTS = Facts(
    kind=DraftKind.THANK_YOU,
    sender="Priya Raman",
    company="Stripeline",
    role="Senior Backend Engineer",
    date="Tuesday, 3 November",
    person="Tom Becker",
    greet_as="Tom",
    title="engineering manager",
    points=("your on-call rotation (follow-the-sun)", "how you run blameless postmortems"),
    pitch=("I led the rate-limiting rewrite at Monzo that cut incidents by 40%.",),
    timeline="within 2 weeks",
)
KEPT = ("pay range 90-100k", "she seemed distracted")

GOOD = """Dear Tom,

Thank you for talking with me on Tuesday about the Senior Backend Engineer role at
Stripeline. Your on-call rotation, run follow-the-sun, stayed with me, and so did how you
run blameless postmortems.

I led the rate-limiting rewrite at Monzo that cut incidents by 40%, and I would bring the
same care to your team.

I look forward to hearing from you within 2 weeks.

Best regards,
Priya Raman"""


def _with(body: str) -> Letter:
    return Letter("Thank you", body)


def test_a_good_note_passes() -> None:
    assert check_letter(_with(GOOD), FACTS, kept=KEPT) is None


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda b: b.replace("Dear Tom,", "Dear Maria,"), "does not greet them"),
        (lambda b: b.replace("Dear Tom,\n\n", ""), "does not greet them"),
        (lambda b: b.replace("Stripeline", "the company"), "does not name the company"),
        (
            lambda b: b.replace("Senior Backend Engineer", "engineering"),
            "does not name the role",
        ),
        (lambda b: b.replace("Priya Raman", "Your friend"), "not signed with the user's name"),
        (lambda b: b.replace("I look forward", "I look forward " + "very " * 120), "too long"),
        (
            lambda b: b.replace(
                "Your on-call rotation, run follow-the-sun, stayed with me, and so did how you\n"
                "run blameless postmortems.",
                "It was a pleasure.",
            ),
            "refers to no approved point",
        ),
        (
            lambda b: b.replace("It was", "").replace(
                "I look forward", "I noticed you seemed distracted. I look forward"
            ),
            "uses a point kept for the user",
        ),
        (
            lambda b: b.replace("I look forward", "A range of 90 to 100 is fine. I look forward"),
            "uses a point kept for the user",
        ),
        (lambda b: b.replace("40%", "45%"), "a number that was not sent"),
        (lambda b: b.replace("at Monzo", "at Monzo and at Google"), "a name that was not sent"),
        (
            lambda b: b.replace(
                "I look forward", "I hope this email finds you well. I look forward"
            ),
            "a banned phrase",
        ),
        (lambda b: b.replace("Priya Raman", "[Your Name] Priya"), "a banned phrase"),
        (
            lambda b: b.replace("I look forward", "I really need this job. I look forward"),
            "fails the tone check",
        ),
    ],
)
def test_each_kind_of_bad_note_is_refused(change: object, reason: str) -> None:
    assert callable(change)
    assert check_letter(_with(change(GOOD)), FACTS, kept=KEPT) == reason


def test_a_sentence_another_panelist_has_is_refused() -> None:
    other = "Hi Ana,\n\nI look forward to hearing from you within 2 weeks.\n\nBest,\nPriya"
    assert check_letter(_with(GOOD), FACTS, others=[other]) == (
        "shares a sentence with another panelist's note"
    )
    short = "Hi Ana,\n\nThanks again.\n\nBest,\nPriya"
    assert check_letter(_with(GOOD), FACTS, others=[short]) is None


def test_a_kept_word_that_was_also_sent_is_not_held_against_the_note() -> None:
    facts = replace(FACTS, points=("your rotation", "how you run postmortems"))
    assert check_letter(_with(GOOD), facts, kept=("the rotation felt chaotic",)) is None


def test_the_answer_is_read_with_or_without_a_subject_and_fences() -> None:
    letter = read_letter(f"```\nSubject: **Thanks, Tom**\n\n{GOOD}\n```")
    assert letter == Letter("Thanks, Tom", GOOD)
    assert read_letter(GOOD) == Letter(None, GOOD)
    assert read_letter("   \n ") is None


CALL_FACTS = replace(FACTS, kind=DraftKind.CALL, pitch=(), timeline=None)
SCRIPT = (
    (
        "- Hi, this is Priya Raman; I interviewed for the Senior Backend Engineer role at "
        "Stripeline.\n"
    )
    + """- I am still very keen, especially after hearing about your on-call rotation.
- Is there an update on the next steps?
- Thank you for your time.
Voicemail: Hello Tom, this is Priya Raman about the Senior Backend Engineer role at
Stripeline. I would love to hear where things stand when you have a moment. Thank you."""
)


def test_a_good_call_script_passes() -> None:
    script = read_script(SCRIPT)
    assert script is not None
    assert len(script.bullets) == 4
    assert check_script(script, CALL_FACTS, kept=KEPT) is None


def test_a_call_script_keeps_three_or_four_bullets_and_two_questions() -> None:
    script = read_script(SCRIPT)
    assert script is not None
    two = Script(script.bullets[:2], script.voicemail)
    assert check_script(two, CALL_FACTS) == "not 3-4 bullets"
    asking = Script(
        (*script.bullets[:2], "Is there news? When? Who decides?", script.bullets[3]),
        script.voicemail,
    )
    assert check_script(asking, CALL_FACTS) == "more than two questions"


def test_a_voicemail_over_75_words_is_refused() -> None:
    script = read_script(SCRIPT)
    assert script is not None
    long = Script(script.bullets, script.voicemail + " Thanks again" * 30)
    assert check_script(long, CALL_FACTS) == "voicemail too long"


def test_a_script_without_a_voicemail_is_not_one() -> None:
    assert read_script(SCRIPT.split("Voicemail")[0]) is None


def test_a_signature_without_the_title_is_the_users_name() -> None:
    doctor = replace(FACTS, sender="Dr. Priya Raman")
    assert check_letter(_with(GOOD), doctor) is None
    assert check_letter(_with(GOOD.replace("Priya Raman", "Dr. Someone")), doctor) == (
        "not signed with the user's name"
    )


def test_words_of_our_own_wording_are_not_a_kept_points_distinctive_words() -> None:
    think = GOOD.replace("I look forward", "I think I would enjoy it. I look forward")
    assert check_letter(_with(think), FACTS, kept=("I think I rambled",)) is None
    salary = GOOD.replace("I look forward", "The salary is fine. I look forward")
    assert check_letter(_with(salary), FACTS, kept=("salary expectations",)) == (
        "uses a point kept for the user"
    )


def test_our_own_notes_for_every_example_debrief_pass_the_same_checks() -> None:
    from bot.llm.request import thank_you_facts
    from tests.bot.domain.drafting.test_draft_examples import ALL_DEBRIEFS, notes_of

    for index, debrief in enumerate(ALL_DEBRIEFS):
        notes = notes_of(index, debrief)
        for person, note, draft in notes:
            others = [other.body for someone, _, other in notes if someone is not person]
            facts = thank_you_facts(note)
            letter = Letter(draft.subject, draft.body)
            assert check_letter(letter, facts, kept=note.kept, others=others) is None, draft.body
