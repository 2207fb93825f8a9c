"""The messy debriefs read as the samples say: what goes into each note and what is kept."""

import pytest

from bot.domain.reading.pitch import read_pitch
from bot.domain.reading.points import kept_points, note_points, read_points
from tests.bot.domain.drafting.messy_debriefs import MESSY_DEBRIEFS, MessyDebrief, MessyPerson
from tests.bot.domain.drafting.test_draft_examples import DEBRIEFS

PEOPLE = [
    pytest.param(debrief, person, id=f"{debrief.company}: {person.name}")
    for debrief in MESSY_DEBRIEFS
    for person in debrief.people
]


def _known(debrief: MessyDebrief) -> tuple[str, ...]:
    return (debrief.company, debrief.role)


@pytest.mark.parametrize(("debrief", "person"), PEOPLE)
def test_each_person_gets_the_expected_split(debrief: MessyDebrief, person: MessyPerson) -> None:
    points = read_points(person.topics, known=_known(debrief))
    assert note_points(points) == person.for_note
    kept = [point.text.casefold() for point in kept_points(points)]
    for snippet in person.kept:
        assert any(snippet.casefold() in text for text in kept), (snippet, kept)
    assert len(kept) <= len(person.kept), "a kept point the sample does not name"


@pytest.mark.parametrize(
    "debrief", [pytest.param(debrief, id=debrief.company) for debrief in MESSY_DEBRIEFS]
)
def test_each_pitch_reads_as_the_sentences_expected(debrief: MessyDebrief) -> None:
    assert read_pitch(debrief.pitch, known=_known(debrief)) == debrief.pitch_sentences


OLD_PEOPLE = [
    pytest.param(debrief, person, id=f"{debrief.company}: {person.name}")
    for debrief in DEBRIEFS
    for person in debrief.people
    if person.private
]


@pytest.mark.parametrize(("debrief", "person"), OLD_PEOPLE)
def test_nothing_private_in_the_reviewed_samples_goes_to_a_note(debrief, person) -> None:  # type: ignore[no-untyped-def]
    points = read_points(person.topics, known=(debrief.company, debrief.role))
    for text in note_points(points):
        for private in person.private:
            assert private.casefold() not in text.casefold(), (private, text)
