"""Who is said to have spoken a quotation: the name a verb of saying ties to it.

    Document: Jane Roe said: “We will not raise taxes.”
    Source:   “We will not raise taxes,” said council member John Doe.

The words are in the source, but the source gives them to someone else: the commonest way a
real quotation is misused. A name counts only when a verb of saying ties it to the quote in
the same sentence, on either side ("Roe said: “…”", "“…”, said Roe", "“…”, Roe told
reporters", "según Roe, “…”", "—…—dijo Roe—"). Pronouns and roles ("she said", "the
minister said", "der Minister sagte") name nobody, so they never count: a speaker is only
compared when both the document and the source name one.

A name is a run of capitalised words ("Jane Roe", "President Joe Biden", "José María de la
Torre", "Ocasio-Cortez"). Two names are the same speaker when they share a word other than a
role ("Biden" and "President Joe Biden"). The check leans towards silence: the source may
write the speaker's name another way ("AOC"), so when the document's name stands near the
passage nothing is said, unless the source has that person speak elsewhere: then they are
two people quoted in one article, the likeliest mix-up of all.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

from provenance.quotes.kinds import SPEECH

__all__ = ["NEAR", "credited", "is_role", "mentions", "other_speaker", "same_speaker", "speaker",
           "speaker_around"]

NEAR = 400  # characters around a source passage where the document's speaker may be named
_CLAUSE = 160  # characters of a sentence looked at on each side of a quote
_VERB_REACH = 6  # words between the quote and the verb of saying, at most
_NAME_WORDS = 5  # words in a name, at most

# A word as written: an initial ("J."), or letters with inner apostrophes and hyphens
# ("O'Brien", "Ocasio-Cortez").
_TOKEN = re.compile(r"[^\W\d_]\.(?=\s)|[^\W\d_]+(?:['’\-][^\W\d_]+)*")
# A sentence ends at . ! ? … (and any closing marks) before a capital, or at a blank line.
_SENTENCE_END = re.compile(
    r"[.!?…][”»\"'’]*(?=\s+[“”«»\"'‘’—–¿¡\-]*[A-ZÁÉÍÓÚÑÄÖÅÜÀÈÌÒÙÂÊÎÔÛÇØÆ])|\n\s*\n")
# A closed quote followed by a full stop: what follows is a new sentence ("“….” Roe said
# the plan" reports something else Roe said).
_STOPPED = re.compile(r"^[”»\"'’\s]*\.")


def _words(listed: str) -> frozenset[str]:
    return frozenset(listed.split())


# Lower-case words that may stand inside a name: "José María de la Torre", "Ludwig van
# Beethoven", "Luiz Inácio Lula da Silva".
_PARTICLES = _words("de del della di da das do dos du la le van von der den ter y e bin ibn al")
# Articles: skipped before a role ("said the mayor, Jane Roe"); a capitalised word right
# after one is a noun ("sagte der Virologe"), not a name, unless more capitalised words
# follow ("sagte die Kanzlerin Angela Merkel").
_ARTICLES = _words("""
the a an el la los las lo un una der die das den dem des ein eine einen einem le les l'
o os as um uma il gli uno
his her their its our su sus sein seine seinem seinen ihr ihre ihrem ihren dessen deren
son sa ses leur seu sua hans hennes deras
""")
# Subjects that name nobody: a verb of saying after one of them has no named speaker, even
# if a name follows ("she said Tuesday", "they say that the Covid-19 pandemic").
_PRONOUNS = _words("""
he she they we i you it one who
él ella ellos ellas usted ustedes nosotros nosotras quien
er sie es wir ihr man
han hon hen de vi ni dom man
il elle ils elles on nous vous
ele ela eles elas nós você
lui lei loro noi voi
hän he me te
""")
# Capitalised words that open a sentence and name nobody: a run starting with one is no
# name ("The minister said", "Officials said", "Según fuentes").
_NOBODY = _PRONOUNS | _ARTICLES | _words("""
this that these those his her their its our
officials police critics experts analysts residents sources observers authorities some many
este esta estos estas ese esa según
dieser diese dieses laut
det denna detta dessa enligt
ce cette ces selon
este esta isso segundo
questo questa secondo
""")
# Words that may stand between a subject and its verb of saying: "Roe also said".
_BETWEEN = _words("""
also then later still again once too even only already further herself himself themselves
también además luego después ya auch dann später selbst också sedan själv själva aussi
ensuite encore também depois ainda
""")
# Roles and titles: part of a name as written ("President Biden"), never enough to tell two
# speakers apart, and never a name alone.
_ROLES = _words("""
president presidente präsident président presidenten prime minister ministro ministra
minister ministre ministern statsminister statsministeren chancellor kanzler kanzlerin
bundeskanzler senator senadora senador senatorin representative rep sen gov governor
gobernador gobernadora mayor alcalde alcaldesa bürgermeister maire borgmästare ordförande
secretary secretario secretaria sir dame lord lady mr mrs ms miss dr prof professor
general gen col colonel captain capt sgt chief ceo judge juez jueza king queen prince
princess pope papa rey reina don doña señor señora sr sra herr frau monsieur madame mme
senhor senhora dom vice deputy spokesman spokeswoman spokesperson portavoz sprecher
sprecherin talesperson former council member official leader head director chairman chair
""")
_OPEN = "“”«»„‚‘’\"'‹›「」"


def is_role(word: str) -> bool:
    """Whether ``word`` is a role or title ("President", "alcaldesa"), never a name alone."""
    return word.casefold().strip(".,") in _ROLES
_VERB_EDGE = re.compile(r"^[\s,;:—–\-" + _OPEN + r"]*")


def speaker(before: str, after: str, text: str = "", stopped: bool = False) -> str | None:
    """The name a verb of saying ties to a quote, from the text just ``before`` its opening
    mark and just ``after`` its closing mark (same sentence); None when nobody is named.
    ``stopped``: the quote ends its sentence with a full stop, so what follows it is a new
    one. ``text``, the whole text, tells nouns that open a sentence from names."""
    name = None if stopped else _after(after, text)
    return name or _before(before, text)


def credited(line: str) -> str | None:
    """The person a block quote's credit line names ("— Jane Roe, mayor of Avonlea"); None
    when it opens with something else (a work's title, an outlet, "the minister")."""
    tokens = list(_TOKEN.finditer(line))
    if not tokens or line[:tokens[0].start()].strip(" \t\n—–-―~•·"):
        return None
    return _run(_adjacent(tokens, line), line, "")


def speaker_around(text: str, start: int, end: int) -> tuple[str, str] | None:
    """The name a verb of saying ties to the passage ``text[start:end]``, with the source's
    words that say so (for a reader to check); None when nobody is named there."""
    # An extracted page puts each paragraph (and each headline of a list of links) on a line
    # of its own: a line break ends the words that can name the passage's speaker.
    after = text[end:end + _CLAUSE].split("\n", 1)[0]
    name = None if text[start:end].rstrip().endswith(".") else _after(after, text)
    if name:
        return name, " ".join(_VERB_EDGE.sub("", _sentence_start(after)).split()).rstrip(".,;")
    before = _line_before(text, start)
    name = _before(before, text)
    return (name, " ".join(_sentence_end(before).split())) if name else None


def other_speaker(said_by: str, text: str, start: int, end: int) -> tuple[str, str] | None:
    """When the source ``text`` gives its passage ``text[start:end]`` to someone other than
    ``said_by`` (the document's speaker): that name and the source's words; else None.

    The source may name the speaker another way ("AOC", a first name), so when the
    document's name stands near the passage the words may be theirs, and nothing is said,
    unless the source has that person speak elsewhere ("Lindqvist said …"): then the two
    names are two people quoted in one article, the likeliest mix-up of all."""
    there = speaker_around(text, start, end)
    if there is None or same_speaker(said_by, there[0]):
        return None
    if mentions(text[max(0, start - NEAR):end + NEAR], said_by) and \
            not _speaks(text, said_by, start, end):
        return None
    return there


def _speaks(text: str, name: str, start: int, end: int) -> bool:
    """Whether ``text`` has the person ``name`` speak outside the passage's sentence
    (``start:end`` is the passage): a word of the name (not a role) within a few words of a
    verb of saying."""
    keys = _name_keys(name)
    lo = max(0, start - _CLAUSE, text.rfind("\n", 0, start) + 1)
    # (The passage's first letter shows where its sentence starts: "… sound. “Nobody".)
    ends = list(_SENTENCE_END.finditer(text, lo, min(len(text), start + 1)))
    lo = ends[-1].end() if ends else lo
    hi = end + len(_sentence_start(text[end:end + _CLAUSE].split("\n", 1)[0]))
    tokens = list(_TOKEN.finditer(text))
    for i, tok in enumerate(tokens):
        if _key(tok.group()) not in keys or lo <= tok.start() < hi:
            continue
        near = tokens[max(0, i - 3):i + 4]
        if any(_is_verb(t.group().lower()) for t in near):
            return True
    return False


def _line_before(text: str, start: int) -> str:
    """The words on the passage's line before it; a paragraph that is all quote is often
    introduced at the end of the one before ("Roe added:"), so then that line's."""
    before = text[max(0, start - _CLAUSE):start]
    lines = before.split("\n")
    line = lines[-1]
    if not line.strip(_OPEN + " \t") and len(lines) > 1:
        previous = next((x for x in reversed(lines[:-1]) if x.strip()), "")
        if previous.rstrip().endswith(":"):
            return previous
    return line


def same_speaker(a: str, b: str) -> bool:
    """Whether two names can be the same speaker: they share a word other than a role."""
    return bool(_name_keys(a) & _name_keys(b))


def mentions(text: str, name: str) -> bool:
    """Whether ``text`` names the speaker ``name`` anywhere (by any word of the name other
    than a role)."""
    keys = _name_keys(name)
    return any(_key(t) in keys for t in _TOKEN.findall(text))


# --- the two sides of a quote -------------------------------------------------------------


def _after(after: str, text: str) -> str | None:
    """“…,” said Jane Roe. / “…,” Jane Roe said. / “…”, dijo el ministro Roe. / —… —dijo Roe—"""
    if _STOPPED.match(after):
        return None
    after = _sentence_start(after)
    m = _VERB_EDGE.match(after)
    rest = after[m.end():] if m else after
    tokens = list(_TOKEN.finditer(rest))[:_VERB_REACH + _NAME_WORDS]
    verb = _verb_in(rest, tokens, _VERB_REACH, last=False)
    return None if verb is None else _tied(tokens, verb, rest, text)


def _before(before: str, text: str) -> str | None:
    """Jane Roe said: “…” / said Jane Roe, “…” / según Roe, “…” / Roe aseguró que “…”"""
    before = before.rstrip(_OPEN + " \t\n")
    if before.endswith((".", "!", "?", "…")):
        return None  # the sentence ended before the quote began
    before = _sentence_end(before)
    tokens = list(_TOKEN.finditer(before))[-(_VERB_REACH + _NAME_WORDS + 2):]
    verb = _verb_in(before, tokens, len(tokens), last=True)
    if verb is None or len(tokens) - 1 - verb[1] > _VERB_REACH:
        return None  # no verb, or too far from the quote to be its verb
    return _tied(tokens, verb, before, text)


def _tied(tokens: list[re.Match[str]], verb: tuple[int, int], where: str,
          text: str) -> str | None:
    """The speaker a verb of saying names: its subject ("Jane Roe said", "Roe told
    Reuters"), else the name right after it ("said Jane Roe"). A pronoun subject names
    nobody ("she said Tuesday")."""
    first, last = verb
    subject = first
    if subject > 0 and _key(tokens[subject - 1].group()) in _BETWEEN:
        subject -= 1  # "Roe also said", "Roe herself said"
    if subject > 0 and _key(tokens[subject - 1].group()) in _PRONOUNS:
        return None
    return _name_ending(tokens[:subject], where, text, tokens[subject].start()) or \
        _name(tokens[last + 1:], where, text)


def _verb_in(text: str, tokens: list[re.Match[str]], reach: int,
             last: bool) -> tuple[int, int] | None:
    """The first (or last) verb of saying among ``tokens[:reach]``, as (first token, last
    token) indexes: a verb may be two words ("according to", "a dit"), tried first. Each
    word and pair is looked up once per text (words repeat): trying the verbs' pattern at
    every character of every clause took as long as finding the quotes."""
    words = [t.group().lower() for t in tokens[:max(0, reach)]]
    found = None
    for i, word in enumerate(words):
        if i + 1 < len(words) and _opens_verb(word) and _is_verb(f"{word} {words[i + 1]}"):
            found = (i, i + 1)
        elif _is_verb(word):
            found = (i, i)
        else:
            continue
        if not last:
            break
    return found


@lru_cache(maxsize=1 << 14)
def _is_verb(words: str) -> bool:
    return SPEECH.fullmatch(words) is not None


# The first words of the verbs of saying written as two ("according to", "a dit"), read off
# the verbs' pattern so that a verb added there is found here too.
_HEADS = re.compile("|".join(sorted(set(
    re.findall(r"(?:^|[|(:])([^|()]+?)\\s\+", SPEECH.pattern)))), re.IGNORECASE)


@lru_cache(maxsize=1 << 12)
def _opens_verb(word: str) -> bool:
    return _HEADS.fullmatch(word) is not None


def _name(tokens: list[re.Match[str]], where: str, text: str) -> str | None:
    """The name the tokens open with, after an article and roles in lower case ("said the
    mayor, Jane Roe", "dijo el ministro Roe")."""
    k = 0
    while k < len(tokens) and k < 3 and not _capital(tokens[k].group()) and \
            (_key(tokens[k].group()) in _ARTICLES or _key(tokens[k].group()) in _ROLES):
        k += 1
    run = _adjacent(tokens[k:], where)
    if k > 0 and _key(tokens[k - 1].group()) in _ARTICLES and len(run) < 2:
        return None  # "sagte der Virologe", "schrieb die NASA": a noun
    return _run(run, where, text)


def _name_ending(tokens: list[re.Match[str]], where: str, text: str,
                 verb_at: int) -> str | None:
    """The name that ends with the last of ``tokens``, right before the verb of saying at
    ``verb_at`` ("Jane Roe said"), or one set off from it by an apposition ("Jane Roe, the
    mayor, said"). A name parted from the verb by a comma alone is not its subject ("in
    Iowa, said Pat Rynard")."""
    if not tokens:
        return None
    if where[tokens[-1].end():verb_at].strip():  # not right before the verb
        apposition = _APPOSITION.search(where, max(0, verb_at - _CLAUSE), verb_at)
        if apposition is None:
            return None
        # "Jane Roe, the mayor, said", or the other way round: "the mayor, Jane Roe, said".
        for group in (1, 2):
            name = _run([t for t in tokens if t.start() >= apposition.start(group)
                         and t.end() <= apposition.end(group)], where, text)
            if name:
                return name
        return None
    k = len(tokens)
    while k > 0 and len(tokens) - k < _NAME_WORDS and (
            _capital(tokens[k - 1].group())
            or (tokens[k - 1].group() in _PARTICLES and k < len(tokens))) and (
            k == len(tokens) or _spaced(where, tokens[k - 1], tokens[k])):
        k -= 1
    if k == len(tokens):
        return None
    if k > 0 and k == len(tokens) - 1 and _spaced(where, tokens[k - 1], tokens[k]) and \
            _key(tokens[k - 1].group()) in _ARTICLES:
        return None  # "o Supremo afirmou", "dessen Chef sagte": a noun
    return _run(tokens[k:], where, text)


# "Jane Roe, the mayor, said" / "Roe, alcaldesa de la ciudad, dijo": the name before the
# first of two commas, the words between them in lower case.
_APPOSITION = re.compile(r"((?:[^\W\d_][\w'’.\-]*\s+){0,4}[^\W\d_][\w'’.\-]*)\s*,"
                         r"\s*([^,\n]{1,60}?),\s*$")


def _adjacent(tokens: list[re.Match[str]], where: str) -> list[re.Match[str]]:
    """The tokens up to the first one parted from the one before by more than a space
    (a comma or a mark ends a name)."""
    out = tokens[:1]
    for prev, tok in itertools.pairwise(tokens):
        if not _spaced(where, prev, tok):
            break
        out.append(tok)
    return out


def _spaced(where: str, a: re.Match[str], b: re.Match[str]) -> bool:
    return where[a.end():b.start()] in (" ", "\u00a0")


def _run(tokens: list[re.Match[str]], where: str, text: str) -> str | None:
    """The leading run of capitalised words (with particles inside) as a name, or None when
    it is no name: empty, a pronoun or article, roles only, or one word that opens its
    sentence and is written in lower case elsewhere in ``text`` (a noun: "Protesters")."""
    run: list[str] = []
    for tok in tokens:
        w = tok.group()
        if not (_capital(w) or (w in _PARTICLES and run)):
            break
        run.append(w)
    while run and run[-1] in _PARTICLES:
        run.pop()
    while run and _key(run[0]) in _BETWEEN:  # "Later Roe said": the adverb opens the sentence
        run.pop(0)
    if not run or _key(run[0]) in _NOBODY or not _name_keys(" ".join(run)):
        return None
    if len(run) == 1 and _opens_sentence(where, tokens[0].start()) and \
            run[0].lower() in _lower_case_words(text):
        return None
    return " ".join(run)


@lru_cache(maxsize=4)
def _lower_case_words(text: str) -> frozenset[str]:
    """The words ``text`` writes in lower case, read once per text (a document asks for
    them once per quote)."""
    return frozenset(w for w in _TOKEN.findall(text) if w[:1].islower())


def _opens_sentence(where: str, at: int) -> bool:
    head = where[:at].rstrip(" " + _OPEN)
    return not head or head[-1] in ".!?:\n"


def _capital(word: str) -> bool:
    return word[:1].isupper() and (len(word) > 1)


def _name_keys(name: str) -> set[str]:
    keys = {_key(t) for t in _TOKEN.findall(name)}
    return {k for k in keys if len(k) > 1 and k not in _ROLES and k not in _PARTICLES
            and k not in _NOBODY}


@lru_cache(maxsize=1 << 14)
def _key(word: str) -> str:
    folded = unicodedata.normalize("NFKD", word.casefold().rstrip("."))
    return "".join(c for c in folded if not unicodedata.combining(c)).replace("’", "'")


# --- sentences ----------------------------------------------------------------------------


def _sentence_start(after: str) -> str:
    """``after`` up to its sentence's end."""
    m = _SENTENCE_END.search(after)
    return after[:m.start()] if m else after


def _sentence_end(before: str) -> str:
    """``before`` from its sentence's start."""
    ends = list(_SENTENCE_END.finditer(before))
    return before[ends[-1].end():] if ends else before
