"""Drafts the user copies and sends: a thank-you note per interviewer, a call script, an email."""

import datetime
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain import wording_en as w
from bot.domain.topics import (
    join_phrases,
    lower_ordinary_first_word,
    normalise_topics,
    shorten,
    to_second_person,
)

# Limits that keep any draft well inside one Telegram message (4096 characters with the
# surrounding text), whatever the user typed.
FIELD_LIMIT = 120
TOPIC_LIMIT = 80
MAX_TOPICS = 5
PITCH_LIMIT = 280
TIMELINE_LIMIT = 60
# A topic said aloud in a 30-second voicemail has to be short.
SPOKEN_TOPIC_WORDS = 8
SPOKEN_TOPIC_LIMIT = 60


@dataclass(frozen=True, slots=True)
class NoteInput:
    """What a thank-you note to one interviewer is made from, as the user typed it."""

    sender_name: str
    company: str
    role: str
    interview_date: datetime.date
    interviewer_name: str
    interviewer_title: str | None = None
    topics: str | None = None
    pitch: str | None = None
    timeline: str | None = None
    seed: int = 0
    round_number: int = 1


@dataclass(frozen=True, slots=True)
class Draft:
    """A message ready to copy, and what the user could add to make it stronger."""

    subject: str
    body: str
    suggestions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CallInput:
    """What a follow-up call, voicemail or email about one interview is made from."""

    sender_name: str
    company: str
    role: str
    interview_date: datetime.date
    contact_name: str | None
    topics: str | None = None
    phone: str | None = None
    seed: int = 0


@dataclass(frozen=True, slots=True)
class CallScript:
    """Three or four bullets to say on the call, and a voicemail of about 30 seconds."""

    bullets: tuple[str, ...]
    voicemail: str


def draft_thank_you(note: NoteInput) -> Draft:
    """A personal thank-you note to one interviewer, with suggestions to make it stronger."""
    pick = _Picker(note.seed)
    name = salutation_name(note.interviewer_name)
    role = clean_role(note.role)
    company = _field(note.company) or w.COMPANY_FALLBACK
    title = _with_article(_field(note.interviewer_title))
    date_plain = format_date(note.interview_date)
    date = format_date(note.interview_date, with_weekday=True)
    all_topics = normalise_topics(note.topics)
    topics = [shorten(topic, TOPIC_LIMIT) for topic in all_topics[:MAX_TOPICS]]
    pitch = _Pitch.parse(note.pitch)
    when = timeline_phrase(note.timeline)
    values = {"role": role, "company": company, "date": date, "date_plain": date_plain}

    if note.round_number > 1:
        ordinal = w.ORDINALS.get(note.round_number, w.ORDINAL_FALLBACK)
        opening = pick("opening", w.NOTE_OPENINGS_LATER_ROUND).format(ordinal=ordinal, **values)
    else:
        opening = pick("opening", w.NOTE_OPENINGS).format(**values)
    first_paragraph = [opening]
    if topics:
        first_paragraph.append(pick("first topic", w.NOTE_FIRST_TOPIC).format(topic=topics[0]))
        if len(topics) > 1:
            more = pick("more topics", w.NOTE_MORE_TOPICS)
            first_paragraph.append(more.format(topics=join_phrases(topics[1:])))
    else:
        first_paragraph.append(pick("no topics", w.NOTE_NO_TOPICS).format(**values))
    if title:
        first_paragraph.append(pick("title", w.NOTE_TITLE).format(title=title))

    paragraphs = [first_paragraph]
    if pitch.sentences or pitch.phrases:
        paragraphs.append(pitch.render(pick("transition", w.NOTE_TRANSITIONS)))

    last_paragraph = [pick("interest", w.NOTE_INTEREST).format(**values)]
    if when:
        last_paragraph.append(pick("timeline", w.NOTE_TIMELINE).format(when=when))
    last_paragraph.append(pick("offer", w.NOTE_OFFERS))
    paragraphs.append(last_paragraph)

    if not name:
        greeting = w.NOTE_GREETING_NAMELESS
    elif _has_honorific(note.interviewer_name):
        greeting = w.NOTE_GREETING_FORMAL.format(name=name)
    else:
        greeting = pick("greeting", w.NOTE_GREETINGS).format(name=name)
    body = _letter(greeting, paragraphs, pick("sign-off", w.NOTE_SIGN_OFFS), note.sender_name)
    subject = pick("subject", w.NOTE_SUBJECTS).format(**values)

    who = name or w.INTERVIEWER_FALLBACK
    suggestions: list[str] = []
    if not all_topics:
        suggestions.append(w.SUGGEST_TOPICS.format(name=who))
    if not pitch.sentences and not pitch.phrases:
        suggestions.append(w.SUGGEST_PITCH.format(role=role))
    if not title:
        suggestions.append(w.SUGGEST_TITLE.format(name=who))
    if len(all_topics) > MAX_TOPICS:
        suggestions.append(w.SUGGEST_FEWER_TOPICS.format(count=MAX_TOPICS, name=who))
    if any(len(topic) > TOPIC_LIMIT for topic in all_topics[:MAX_TOPICS]):
        suggestions.append(w.SUGGEST_SHORTER_TOPIC)
    if pitch.shortened:
        suggestions.append(w.SUGGEST_SHORTER_PITCH)
    return Draft(subject=subject, body=body, suggestions=tuple(suggestions))


def draft_call_script(call: CallInput) -> CallScript:
    """Bullets for a short follow-up call, and the same as a voicemail of about 30 seconds."""
    pick = _Picker(call.seed)
    name = salutation_name(call.contact_name or "")
    sender = _field(call.sender_name)
    values = {
        "name": name,
        "sender": sender,
        "role": clean_role(call.role),
        "company": _field(call.company) or w.COMPANY_FALLBACK,
        "date": format_date(call.interview_date),
    }
    topics = normalise_topics(call.topics)
    spoken_topic = next((topic for topic in topics if _speakable(topic)), None)

    intro = w.CALL_INTRO if name else w.CALL_INTRO_NAMELESS
    if topics:
        topic = spoken_topic or shorten(topics[0], TOPIC_LIMIT)
        interest = pick("call interest", w.CALL_INTEREST_WITH_TOPIC).format(topic=topic, **values)
    else:
        interest = pick("call interest", w.CALL_INTEREST_NO_TOPIC).format(**values)
    bullets = (
        intro.format(**values),
        interest,
        pick("call questions", w.CALL_QUESTIONS),
        pick("call thanks", w.CALL_THANKS),
    )

    greeting = w.VOICEMAIL_GREETING if name else w.VOICEMAIL_GREETING_NAMELESS
    topic_part = (
        w.VOICEMAIL_TOPIC.format(topic=spoken_topic) if spoken_topic else w.VOICEMAIL_NO_TOPIC
    )
    phone = _field(call.phone)
    voicemail = " ".join(
        (
            greeting.format(**values),
            w.VOICEMAIL_INTERVIEW.format(**values) + topic_part,
            w.VOICEMAIL_ASK,
            w.VOICEMAIL_PHONE.format(phone=phone) if phone else w.VOICEMAIL_NO_PHONE,
            w.VOICEMAIL_THANKS,
        )
    )
    return CallScript(bullets=bullets, voicemail=voicemail)


def draft_follow_up_email(call: CallInput) -> Draft:
    """A short, calm email with one question, for when calls go unanswered."""
    pick = _Picker(call.seed)
    name = salutation_name(call.contact_name or "")
    role = clean_role(call.role)
    company = _field(call.company) or w.COMPANY_FALLBACK
    date = format_date(call.interview_date)
    topics = normalise_topics(call.topics)
    spoken_topic = next((topic for topic in topics if _speakable(topic)), None)
    topic = spoken_topic or (shorten(topics[0], TOPIC_LIMIT) if topics else None)

    first = w.FOLLOW_UP_OPENING.format(role=role, company=company, date=date)
    first += w.FOLLOW_UP_TOPIC.format(topic=topic) if topic else w.FOLLOW_UP_NO_TOPIC
    paragraph = [
        first,
        pick("follow-up interest", w.FOLLOW_UP_INTEREST),
        pick("follow-up question", w.FOLLOW_UP_QUESTIONS),
    ]
    if name:
        greeting = pick("greeting", w.NOTE_GREETINGS).format(name=name)
    else:
        greeting = w.NOTE_GREETING_NAMELESS
    body = _letter(
        greeting,
        [paragraph, [w.FOLLOW_UP_THANKS]],
        pick("sign-off", w.FOLLOW_UP_SIGN_OFFS),
        call.sender_name,
    )
    subject = pick("follow-up subject", w.FOLLOW_UP_SUBJECTS).format(role=role, date=date)
    suggestions: list[str] = []
    if not name:
        suggestions.append(w.SUGGEST_CONTACT)
    if not topics:
        suggestions.append(w.SUGGEST_CALL_TOPICS)
    return Draft(subject=subject, body=body, suggestions=tuple(suggestions))


def allowed_words_for(item: NoteInput | CallInput) -> tuple[str, ...]:
    """The user's own texts in a draft, so the tone check does not flag "IBM" or "SRE"."""
    texts: tuple[str | None, ...]
    if isinstance(item, NoteInput):
        texts = (
            item.sender_name,
            item.company,
            item.role,
            item.interviewer_name,
            item.interviewer_title,
            item.topics,
            item.pitch,
            item.timeline,
        )
    else:
        texts = (item.sender_name, item.company, item.role, item.contact_name, item.topics)
    return tuple(text for text in texts if text)


def salutation_name(full_name: str) -> str:
    """How to greet someone: "Ana Silva" is "Ana", "Dr. Ana Silva" is "Dr. Silva"."""
    tokens = [token.strip(",") for token in _field(full_name).split()]
    tokens = [token for token in tokens if token]
    if not tokens:
        return ""
    if _is_honorific(tokens[0]) and len(tokens) > 1:
        return f"{tokens[0]} {tokens[-1]}"
    return tokens[0]


def clean_role(role: str) -> str:
    """The role as typed, without a trailing "role" the templates already say."""
    text = _field(role)
    words = text.split()
    while len(words) > 1 and words[-1].casefold() in w.ROLE_TRAILING_WORDS:
        words.pop()
    return " ".join(words) or w.ROLE_FALLBACK


def format_date(day: datetime.date, *, with_weekday: bool = False) -> str:
    """ "20 November" or "Wednesday, 20 November", the same whatever the machine's locale."""
    template = w.DATE_WITH_WEEKDAY if with_weekday else w.DATE_PLAIN
    return template.format(
        weekday=w.WEEKDAYS[day.weekday()], day=day.day, month=w.MONTHS[day.month - 1]
    )


def timeline_phrase(timeline: str | None) -> str | None:
    """ "2 weeks" is "within 2 weeks", "Friday" is "by Friday"; None when it would not read well."""
    text = _field(timeline).rstrip(".!?")
    if not text or len(text) > TIMELINE_LIMIT:
        return None
    folded = text.casefold()
    first_word = folded.split()[0].strip(",")
    words = set(re.findall(r"\w+", folded))
    if folded.startswith(w.TIMELINE_AS_TYPED):
        return text[0].lower() + text[1:]
    if (folded[0].isdigit() or folded.startswith(w.TIMELINE_COUNTS)) and words & set(
        w.TIMELINE_UNITS
    ):
        return w.TIMELINE_WITHIN.format(timeline=text)
    names = {name.casefold() for name in (*w.WEEKDAYS, *w.MONTHS)}
    if folded.startswith(w.TIMELINE_BY_THE_STARTS):
        return w.TIMELINE_BY_THE.format(timeline=text[0].lower() + text[1:])
    if folded.startswith(w.TIMELINE_BY_STARTS) or first_word in names:
        if first_word not in names:
            text = text[0].lower() + text[1:]
        return w.TIMELINE_BY.format(timeline=text)
    return None


class _Picker:
    """Chooses among wordings from a stable seed; each slot independently, so adding a slot
    does not reshuffle the others."""

    def __init__(self, seed: int) -> None:
        self._seed = seed

    def __call__(self, slot: str, options: Sequence[str]) -> str:
        digest = hashlib.blake2b(f"{slot}:{self._seed}".encode(), digest_size=8).digest()
        return options[int.from_bytes(digest, "big") % len(options)]


@dataclass(frozen=True, slots=True)
class _Pitch:
    """The user's pitch split into noun phrases ("8 years of Python") and sentences ("I led…")."""

    phrases: tuple[str, ...]
    sentences: tuple[str, ...]
    shortened: bool

    @classmethod
    def parse(cls, pitch: str | None) -> "_Pitch":
        """Split the pitch into fragments and make each one read well in a note."""
        phrases: list[str] = []
        sentences: list[str] = []
        budget = PITCH_LIMIT
        shortened = False
        for fragment in _pitch_fragments(pitch):
            if budget <= len(w.ELLIPSIS) + 10:
                shortened = True
                break
            if len(fragment) > budget:
                if phrases or sentences:
                    shortened = True
                    break
                fragment = shorten(fragment, budget)
                shortened = True
            budget -= len(fragment)
            sentence = _as_first_person_sentence(fragment)
            if sentence is None:
                phrases.append(lower_ordinary_first_word(fragment))
            else:
                sentences.append(sentence)
        return cls(tuple(phrases), tuple(sentences), shortened)

    def render(self, transition: str) -> list[str]:
        """The pitch as one or two sentences, led in by the transition."""
        if self.phrases:
            pitch = join_phrases(self.phrases)
            lead = _sentence(w.NOTE_PITCH_AS_LIST.format(transition=transition, pitch=pitch))
        else:
            lead = w.NOTE_PITCH_AS_SENTENCES.format(transition=transition)
        return [lead, *(_sentence(sentence + ".") for sentence in self.sentences)]


_PITCH_BREAK = re.compile(r"[\n\r;\u2028\u2029]+|(?<=[.!?…])\s+")
_PITCH_BULLET = re.compile(r"^(?:[-*•·‣◦▪\u2013—+>]+\s*|\(?\d{1,3}[.)]\s+)")
_VERB_AFTER_COMMA = re.compile(
    r",\s+(?:and\s+)?(?=(?:"
    + "|".join(
        re.escape(verb).replace("'", "['\u2019]")
        for verb in sorted(w.PITCH_VERBS | w.FIRST_PERSON_FORMS, key=len, reverse=True)
    )
    + r")(?![\w'\u2019]))",
    re.IGNORECASE,
)
_FIRST_WORD = re.compile(r"[\w'\u2019-]+")


def _pitch_fragments(pitch: str | None) -> list[str]:
    """The pitch's sentences, lines and "…, led a team" parts, without edge punctuation."""
    if pitch is None:
        return []
    fragments = []
    for line in _PITCH_BREAK.split(pitch):
        for part in _VERB_AFTER_COMMA.split(_PITCH_BULLET.sub("", line.strip())):
            text = " ".join(part.split()).strip(" .,;:!?-\u2013—")
            if text and any(ch.isalnum() for ch in text):
                fragments.append(to_second_person(text, leading=False))
    return fragments


def _as_first_person_sentence(fragment: str) -> str | None:
    """ "Led a team" as "I led a team"; None for a noun phrase such as "8 years of Python"."""
    match = _FIRST_WORD.match(fragment)
    if match is None:
        return None
    first = match.group(0).casefold().replace("\u2019", "'")
    rest = fragment[match.end() :]
    if first in w.PITCH_DROPPED_LEADS:
        following = _as_first_person_sentence(rest.lstrip())
        if following is not None and following.startswith(w.FIRST_PERSON):
            return following
        return None
    if first in w.FIRST_PERSON_FORMS:
        return w.FIRST_PERSON + fragment[1:]
    if first in w.PITCH_VERBS or (
        first.endswith(w.PITCH_VERB_SUFFIX)
        and len(first) > len(w.PITCH_VERB_SUFFIX) + 2
        and first not in w.PITCH_ADJECTIVES_ED
    ):
        return f"{w.FIRST_PERSON} {first}{rest}"
    if first in w.POSSESSIVE_OPENERS and set(rest.casefold().split()) & w.CLAUSE_VERBS:
        return fragment[0].upper() + fragment[1:]
    return None


def _sentence(text: str) -> str:
    """A sentence that does not end in "…." or "?." because the user's text ended so."""
    if text.endswith(("….", "?.", "!.")):
        return text[:-1]
    return text


def _letter(greeting: str, paragraphs: list[list[str]], sign_off: str, sender: str) -> str:
    """Greeting, paragraphs and signature, laid out as an email."""
    blocks = [greeting, *(" ".join(paragraph) for paragraph in paragraphs)]
    signature = _field(sender)
    blocks.append(f"{sign_off}\n{signature}" if signature else sign_off)
    return "\n\n".join(blocks)


def _field(text: str | None) -> str:
    """A one-line field as typed, with runs of whitespace made single and a sane length."""
    if text is None:
        return ""
    return shorten(" ".join(text.split()), FIELD_LIMIT)


def _with_article(title: str) -> str:
    """ "recruiter" as "the recruiter"; a capitalised title or one with an article as typed."""
    first = title.split(maxsplit=1)[0] if title else ""
    if not first or not first[0].islower() or first in w.TOPIC_DETERMINERS:
        return title
    return f"{w.TITLE_ARTICLE} {title}"


def _speakable(topic: str) -> bool:
    """Whether a topic is short enough to say in a voicemail or one line of an email."""
    return len(topic.split()) <= SPOKEN_TOPIC_WORDS and len(topic) <= SPOKEN_TOPIC_LIMIT


def _is_honorific(token: str) -> bool:
    return token.rstrip(".").casefold() in w.HONORIFICS


def _has_honorific(full_name: str) -> bool:
    tokens = full_name.split()
    return len(tokens) > 1 and _is_honorific(tokens[0])
