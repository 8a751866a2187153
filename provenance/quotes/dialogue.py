"""Speech set off by dialogue dashes, as Spanish, Portuguese, Nordic and French prose writes it.

Spanish, Portuguese and Catalan stick the dash to the words::

    —No vamos a subir los impuestos —dijo el ministro—. Lo haremos en 2026.

A paragraph that opens with a dash stuck to its first word is speech; a dash stuck to the
next word (" —dijo") opens the narrator's words, and a dash stuck to the word before
("ministro—") closes them, after which the speech goes on. Narrator's words left open run
to the paragraph's end.

Swedish, Norwegian, Danish, Finnish and French set the dash apart, and the narrator's words
follow a comma (or a question or exclamation mark) with the verb first::

    – Vi ska inte höja skatterna, säger finansministern och fortsätter: – Inte i år.

or, after a comma, with a short subject first (", hon säger", ", hän sanoo", ", elle dit",
", Magdalena Andersson säger till SVT"). The speech ends where such a verb follows; a spaced
dash after the narrator's words starts the speech again. Each stretch of speech is returned
on its own, as “…,” dijo, “…” gives two quotations.

A dash that opens a paragraph is also a list bullet or a credit line ("—The Gazette, 4
March"), so a paragraph counts as dialogue only when the narrator's words say someone
speaks, when it follows a paragraph of dialogue, or when the paragraph before ends with a
verb of saying and a colon ("El ministro dijo:"). Stuck dashes, which lists seldom use,
count in any run of dialogue paragraphs too (an interview's questions and answers).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from provenance.model import Span

__all__ = ["DASHES", "Speech", "speeches"]

DASHES = "—―–"  # em dash, horizontal bar, and the en dash many writers type instead
_MIN_WORDS = 2  # a lone "—Sí." is an answer, but too short to check as a quotation
_CUE_WORDS = 4  # words of the narrator's (or of the sentence before) where a verb of saying is
_AFTER_NARRATOR = " \t.,;:"  # what stands between a closing dash and the speech going on
_WORD = re.compile(r"[^\W_]+")
_OPENS = re.compile(rf"(?<=\s)[{DASHES}](?=\S)")
_CLOSES = re.compile(rf"(?<=\S)[{DASHES}]")
# Where the narrator's words may start in the spaced convention: after a comma, or after a
# question or exclamation mark that ends the speech ("Varför? frågar hon").
_TOLD = re.compile(r"([,?!])\s+(?=\w)")
# A spaced dash after the narrator's words: the speech starts again.
_SPACED_AGAIN = re.compile(rf"\s([{DASHES}])[ \u00a0\u202f]+(?=[^\s{DASHES}])")
# Punctuation that ends a clause, not the colon of "SVT:s" nor the point of "3.5".
_CLAUSE_END = re.compile(r"[,;:.!?…](?!\w)")
_SENTENCE_END = re.compile(r"[;:.!?…](?!\w)")
_TOKEN = re.compile(r"\S+")
_SUBJECT_WORDS = 4  # "hon", "ministern", "finansminister Anna Berg", "pääministeri Sanna Marin"
_TAIL_WORDS = 10  # narrator's words after a subject-first verb: "till SVT och fortsätter"
# Between a subject and its verb of saying: "elle a dit", "hon har sagt".
_AUXILIARIES = frozenset({"a", "avait", "har", "hade", "hadde", "havde", "has", "had"})
# Words that make the clause after a comma the speaker's own sentence, not a narrator's
# subject: conjunctions ("men alla säger"), comparisons ("som ministern sa", "as he said"),
# prepositions ("avec sa femme": French "sa" is Swedish "said"), first and second persons and
# "one" ("jag säger", "on dit"), everyone and no one ("alla säger"), relatives ("den som
# säger") and "it" ("det säger sig självt").
_NOT_A_SUBJECT = frozenset({
    # Swedish, Norwegian, Danish
    "men", "och", "og", "eller", "för", "for", "så", "utan", "när", "når", "om", "hvis",
    "som", "i", "på", "med", "till", "til", "av", "af", "från", "fra", "efter", "etter",
    "jag", "jeg", "vi", "du", "ni", "dere", "man", "alla", "alle", "ingen", "inga", "någon",
    "några", "noen", "nogen", "många", "mange", "det",
    # Finnish
    "mutta", "ja", "tai", "sillä", "koska", "kun", "jos", "että", "kuten", "minä", "mä",
    "me", "sinä", "sä", "te", "kaikki", "kukaan", "joku", "moni", "monet", "se", "joka",
    "mikä",
    # French
    "mais", "et", "ou", "donc", "car", "quand", "si", "comme", "avec", "pour", "dans",
    "sur", "par", "sans", "chez", "à", "depuis", "après", "avant", "pendant", "je", "j",
    "nous", "tu", "vous", "on", "tout", "toute", "tous", "toutes", "personne", "chacun",
    "ça", "cela", "c", "qui", "que", "qu",
    # English
    "but", "and", "or", "so", "because", "when", "if", "as", "like", "with", "we",
    "you", "one", "everyone", "everybody", "nobody", "someone", "people", "it", "this",
    "that", "who", "which",
})
# The first word after the verb when the speech goes on: reported speech ("hon säger att det
# är fel", "hän sanoo, että"), or an object of the verb, which a narrator's verb lacks since
# the quotation is its object ("Anna säger det", "regeringen säger nej", "le mot dit tout").
_SPEECH_GOES_ON = frozenset({
    "att", "at", "that", "que", "qu", "että", "ettei",
    "det", "den", "dem", "så", "allt", "alt", "inget", "ingenting", "intet", "något", "noe",
    "noget", "nej", "nei", "sen", "sitä", "niin", "kaiken", "mitään", "ça", "cela", "tout",
    "rien", "oui", "non", "it", "so", "everything", "nothing", "yes", "no",
})


class Speech(NamedTuple):
    start: int  # the speech's words, trimmed
    end: int
    open_at: int  # the dash before it
    close_at: int  # the dash that opens the narrator's words after it (-1: none)


def speeches(text: str, paragraphs: Sequence[Span],
             speaks: Callable[[str], bool]) -> list[Speech]:
    """The stretches of speech in the dialogue paragraphs of ``text``, in order.

    ``speaks(words)`` tells whether a few words say someone speaks ("dijo el ministro",
    "El ministro dijo").
    """
    # (paragraph, its speech, narrated, stuck dashes)
    found: list[tuple[int, list[Speech], bool, bool]] = []
    for pi, para in enumerate(paragraphs):
        dash, start = _opening(text, para)
        if dash < 0:
            continue
        stuck = start == dash + 1
        if stuck:
            parts, narrators = _split(text, dash, para.end)
            narrated = any(speaks(_first_words(n)) for n in narrators)
        else:
            parts, narrated = _split_spaced(text, dash, start, para.end, speaks)
        if parts:
            found.append((pi, parts, narrated, stuck))
    stuck_paras = {pi for pi, _, _, stuck in found if stuck}
    out: list[Speech] = []
    accepted = -2  # the last paragraph taken for dialogue
    for pi, parts, narrated, stuck in found:
        in_a_run = stuck and (pi - 1 in stuck_paras or pi + 1 in stuck_paras)
        before = paragraphs[pi - 1] if pi > 0 else None
        introduced = before is not None and text[before.end - 1] == ":" and speaks(
            _last_words(text[before.start:before.end - 1]))
        if narrated or in_a_run or introduced or accepted == pi - 1:
            accepted = pi
            out.extend(p for p in parts if len(_WORD.findall(text, p.start, p.end)) >= _MIN_WORDS)
    return out


def _first_words(text: str) -> str:
    return " ".join(_WORD.findall(text[:80])[:_CUE_WORDS])


def _last_words(text: str) -> str:
    return " ".join(_WORD.findall(text[-80:])[-_CUE_WORDS:])


def _opening(text: str, para: Span) -> tuple[int, int]:
    """(the paragraph's opening dash, where its words start), or (-1, -1) when it opens with
    no dash, or with one followed by nothing but spaces or another dash."""
    i = para.start
    while i < para.end and text[i] in "> \t":  # Markdown block-quote markers
        i += 1
    if i >= para.end or text[i] not in DASHES:
        return -1, -1
    j = i + 1
    if j < para.end and text[j] in " \u00a0\u202f":  # one space: the spaced convention
        j += 1
    if j < para.end and not text[j].isspace() and text[j] not in DASHES:
        return i, j
    return -1, -1


def _split_spaced(text: str, dash: int, start: int, end: int,
                  speaks: Callable[[str], bool]) -> tuple[list[Speech], bool]:
    """The paragraph from its spaced opening dash: its speech, and whether a narrator's verb
    of saying follows any of it (", säger hon", ", dit-il", ", hon säger")."""
    parts: list[Speech] = []
    narrated = False
    while start < end:
        told = next((m for m in _TOLD.finditer(text, start, end)
                     if _narrator_follows(text, m, end, speaks)), None)
        stop = told.start() + (told.group(1) != ",") if told else end
        speech = _trimmed(text, start, stop)
        if speech is not None:
            parts.append(Speech(speech.start, speech.end, dash, -1))
        if told is None:
            break
        narrated = True
        again = _SPACED_AGAIN.search(text, told.end(), end)
        if again is None:
            break
        dash, start = again.start(1), again.end()
    return parts, narrated


def _narrator_follows(text: str, told: re.Match[str], end: int,
                      speaks: Callable[[str], bool]) -> bool:
    """Whether the narrator's words start after ``told`` (a comma, or a question or
    exclamation mark), so that the speech ends there."""
    # The verb first: a comma inside the speech ("Ja, vi ska") is followed by other words.
    verb = _WORD.match(text, told.end())
    if verb and speaks(verb.group()):
        return True
    return told.group(1) == "," and _subject_first(text, told.end(), end, speaks)


def _subject_first(text: str, start: int, end: int, speaks: Callable[[str], bool]) -> bool:
    """Whether a narrator's clause with its subject first (", hon säger", ", Magdalena
    Andersson säger till SVT") starts at ``start``, after a comma.

    The speaker's own sentence can hold a verb of saying too. In "– Jag vet inte, men alla
    säger att det är fel" the speaker goes on to tell what everyone says: that is still
    their words, and stays in the speech. A narrator names who speaks in a few words and
    says nothing more than where or to whom, so a conjunction, a first or second person,
    "everyone", or more than ``_SUBJECT_WORDS`` words before the verb, and "att", an object,
    a comma or more than ``_TAIL_WORDS`` words after it, all mean the speech goes on. What
    slips through costs little: a narrator wrongly found cuts the quotation short, and the
    shorter one is still the speaker's words, where narrator's words left inside would make
    a faithful quotation look altered.
    """
    clause = _CLAUSE_END.search(text, start, end)
    tokens = list(_TOKEN.finditer(text, start, clause.start() if clause else end))
    verb = next((t for t in tokens[1:_SUBJECT_WORDS + 2] if speaks(t.group())), None)
    if verb is None:
        return False
    subject = [t.group() for t in tokens[:tokens.index(verb)]]
    if len(subject) > 1 and subject[-1].lower() in _AUXILIARIES:
        subject.pop()
    if len(subject) > _SUBJECT_WORDS or any(
            w.lower() in _NOT_A_SUBJECT for w in _WORD.findall(" ".join(subject))):
        return False
    return _narrator_tail(text, verb.end(), end)


def _narrator_tail(text: str, start: int, end: int) -> bool:
    """Whether the words after a subject-first verb, to the sentence's end, a colon or a
    dash that starts the speech again, can be the rest of a narrator's clause ("till SVT
    och fortsätter")."""
    stops = [m.start() for m in (_SENTENCE_END.search(text, start, end),
                                 _SPACED_AGAIN.search(text, start, end)) if m]
    tail = text[start:min(stops, default=end)]
    words = _WORD.findall(tail)
    if "," in tail or len(words) > _TAIL_WORDS:
        return False
    return not words or words[0].lower() not in _SPEECH_GOES_ON


def _split(text: str, dash: int, end: int) -> tuple[list[Speech], list[str]]:
    """The paragraph from its opening dash at ``dash`` to ``end``: its speech, and the
    narrator's words between."""
    parts: list[Speech] = []
    narrators: list[str] = []
    start = dash + 1
    while start < end:
        opens = _narrator_opening(text, start, end)
        speech = _trimmed(text, start, opens if opens >= 0 else end)
        if speech is not None:
            parts.append(Speech(speech.start, speech.end, dash, opens))
        if opens < 0:
            break
        closes = _narrator_closing(text, opens + 1, end)
        narrators.append(text[opens + 1:closes if closes >= 0 else end])
        if closes < 0:
            break
        # After "ministro—." the speech goes on, from the closing dash.
        dash, start = closes, closes + 1
        while start < end and text[start] in _AFTER_NARRATOR:
            start += 1
    return parts, narrators


def _narrator_opening(text: str, start: int, end: int) -> int:
    """The next dash with a space before it and a word stuck after it (" —dijo")."""
    m = _OPENS.search(text, start, end)
    return m.start() if m else -1


def _narrator_closing(text: str, start: int, end: int) -> int:
    """The next dash stuck to the word before it ("ministro—"), or -1."""
    m = _CLOSES.search(text, start + 1, end)
    return m.start() if m else -1


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if _WORD.search(text, start, end) else None
