"""Classify the word-level differences of an alignment: what changed and how much it matters.

A changed number, an added or removed negation and a changed name change the claim
(critical); a word changed, added, dropped or moved changes the wording (major); a spelling,
plural or accent difference changes neither (minor).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from provenance.model import Edit, EditKind, Severity, Span
from provenance.words.normalize import skeleton

__all__ = ["NEGATIONS", "SEVERITY", "Block", "QWord", "SWord", "classify", "describe"]

# Words that negate, by language (keys: case folded). Contractions ending in n't also count.
NEGATIONS = frozenset({
    # en
    "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "nowhere", "cannot",
    "without",
    # es / pt / it
    "nunca", "jamás", "jamas", "ni", "nada", "nadie", "ninguno", "ninguna", "ningún",
    "tampoco", "sin", "não", "nao", "nem", "nenhum", "nenhuma", "non", "mai", "nessuno",
    # de
    "nicht", "kein", "keine", "keinen", "keinem", "keiner", "keines", "nie", "niemals",
    "nichts", "niemand", "ohne",
    # fr
    "ne", "pas", "jamais", "aucun", "aucune", "personne", "rien", "sans",
    # pl / fi / bn
    "ei", "eivät", "না", "নি", "নয়",
})
_NUMBER_WORDS = frozenset({
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "twenty", "thirty", "forty", "fifty", "hundred", "thousand",
    "million", "billion", "dozen", "half", "first", "second", "third",
    "cero", "uno", "una", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve",
    "diez", "once", "doce", "veinte", "treinta", "cuarenta", "cincuenta", "cien", "ciento",
    "mil", "millón", "millones", "primero", "primera", "segundo", "segunda", "tercero",
    "tercera", "mitad", "docena",
})

SEVERITY = {
    EditKind.SPELLING: Severity.MINOR,
    EditKind.ACCENT: Severity.MINOR,
    EditKind.CASE: Severity.MINOR,
    EditKind.PUNCTUATION: Severity.MINOR,
    EditKind.BRACKETED: Severity.MINOR,
    EditKind.WORD_CHANGED: Severity.MAJOR,
    EditKind.WORD_ADDED: Severity.MAJOR,
    EditKind.WORD_DROPPED: Severity.MAJOR,
    EditKind.REORDERED: Severity.MAJOR,
    EditKind.NUMBER_CHANGED: Severity.CRITICAL,
    EditKind.NEGATION_CHANGED: Severity.CRITICAL,
    EditKind.NAME_CHANGED: Severity.CRITICAL,
}
_RANK = {Severity.CRITICAL: 0, Severity.MAJOR: 1, Severity.MINOR: 2}


@dataclass(frozen=True, slots=True)
class QWord:
    key: str
    text: str  # the quote's own characters


@dataclass(frozen=True, slots=True)
class SWord:
    key: str
    text: str  # the source's own characters
    span: Span  # in the searched text
    name: bool = False  # capitalised mid-sentence: likely a proper name


@dataclass(slots=True)
class Block:
    """A run of differences between two identical words of an alignment."""

    quote: list[QWord] = field(default_factory=list)
    source: list[SWord] = field(default_factory=list)
    pairs: list[tuple[int, int]] = field(default_factory=list)  # aligned side by side
    at: int = 0  # where in the searched text the block stands (for words only the quote has)


def is_negation(key: str) -> bool:
    return key in NEGATIONS or key.endswith("n't")


def is_number(key: str) -> bool:
    return any(map(str.isdigit, key)) or key in _NUMBER_WORDS


def _pair_kind(q: QWord, s: SWord) -> EditKind:
    if skeleton(q.key) == skeleton(s.key):
        return EditKind.ACCENT
    if is_number(q.key) or is_number(s.key):
        return EditKind.NUMBER_CHANGED
    if is_negation(q.key) != is_negation(s.key) or _negated(q.key, s.key):
        return EditKind.NEGATION_CHANGED
    longest = max(len(q.key), len(s.key))
    distance = OSA.distance(q.key, s.key)
    name = s.name or (q.text[:1].isupper() and s.text[:1].isupper())
    if distance <= 1 and longest >= 3:  # one letter, even in a name: a misspelling
        return EditKind.SPELLING
    if name:
        return EditKind.NAME_CHANGED
    if (distance <= 2 and longest >= 7) or _same_stem(q.key, s.key):
        return EditKind.SPELLING
    return EditKind.WORD_CHANGED


def _same_stem(a: str, b: str) -> bool:
    """library / libraries, close / closed: one word inflected (a plural, a tense)."""
    shorter = min(len(a), len(b))
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= 4 and common >= shorter - 2 and abs(len(a) - len(b)) <= 3


def _negated(a: str, b: str) -> bool:
    """do / don't, can / cannot, is / isn't: the same word with and without a negation."""
    for x, y in ((a, b), (b, a)):
        if x in ("cannot", "can't") and y == "can":
            return True
        if x.endswith("n't") and x[:-3] in (y, y.rstrip("n")):
            return True
    return False


def _lone_kind(key: str, added: bool) -> EditKind:
    if is_negation(key):
        return EditKind.NEGATION_CHANGED
    if is_number(key):
        return EditKind.NUMBER_CHANGED
    return EditKind.WORD_ADDED if added else EditKind.WORD_DROPPED


@dataclass(slots=True)
class _Draft:
    kind: EditKind
    quote: list[QWord] = field(default_factory=list)
    source: list[SWord] = field(default_factory=list)
    at: int = 0


_MERGEABLE = frozenset({EditKind.WORD_CHANGED, EditKind.WORD_ADDED, EditKind.WORD_DROPPED,
                        EditKind.NAME_CHANGED})


def classify(blocks: list[Block]) -> list[Edit]:
    """Every word-level edit of an alignment, classified and ranked by position."""
    drafts: list[_Draft] = []
    for block in blocks:
        drafts.extend(_block_drafts(block))
    drafts = _moved_words(drafts)
    return [_edit(d) for d in drafts]


def _block_drafts(block: Block) -> list[_Draft]:
    qkeys = sorted(q.key for q in block.quote)
    if len(qkeys) >= 2 and qkeys == sorted(s.key for s in block.source):
        return [_Draft(EditKind.REORDERED, list(block.quote), list(block.source), block.at)]
    paired_q = {qi: si for qi, si in block.pairs}
    paired_s = {si for _qi, si in block.pairs}
    out: list[_Draft] = []
    # Walk the block in order: source words dropped before a pair come first.
    si_next = 0
    for qi, q in enumerate(block.quote):
        si = paired_q.get(qi)
        if si is not None:
            for sj in range(si_next, si):
                if sj not in paired_s:
                    s = block.source[sj]
                    out.append(_Draft(_lone_kind(s.key, False), source=[s], at=s.span.start))
            s = block.source[si]
            out.append(_Draft(_pair_kind(q, s), [q], [s], s.span.start))
            si_next = si + 1
        else:
            at = block.source[si_next - 1].span.end if si_next else block.at
            out.append(_Draft(_lone_kind(q.key, True), quote=[q], at=at))
    for sj in range(si_next, len(block.source)):
        if sj not in paired_s:
            s = block.source[sj]
            out.append(_Draft(_lone_kind(s.key, False), source=[s], at=s.span.start))
    merged: list[_Draft] = []
    for d in out:
        last = merged[-1] if merged else None
        if last is not None and d.kind is last.kind and d.kind in _MERGEABLE:
            last.quote.extend(d.quote)
            last.source.extend(d.source)
        else:
            merged.append(d)
    return merged


def _moved_words(drafts: list[_Draft]) -> list[_Draft]:
    """Words dropped in one place and added in another were moved: one reordering."""
    out: list[_Draft | None] = list(drafts)
    for i, d in enumerate(out):
        if d is None or d.source or not d.quote:
            continue
        qkeys = sorted(q.key for q in d.quote)
        for j, e in enumerate(out):
            if e is not None and e.source and not e.quote and \
                    sorted(s.key for s in e.source) == qkeys:
                out[i] = _Draft(EditKind.REORDERED, d.quote, e.source, e.at)
                out[j] = None
                break
    return [d for d in out if d is not None]


def _edit(d: _Draft) -> Edit:
    if d.source:
        span = Span(min(s.span.start for s in d.source), max(s.span.end for s in d.source))
    else:
        span = Span(d.at, d.at)
    return Edit(d.kind, " ".join(q.text for q in d.quote), " ".join(s.text for s in d.source),
                SEVERITY[d.kind], span)


def words_differing(edits: tuple[Edit, ...] | list[Edit]) -> int:
    """How many words differ, counting the longer side of each edit."""
    return sum(max(len(e.quote.split()), len(e.source.split()), 1) for e in edits
               if e.kind is not EditKind.BRACKETED)


def describe(edit: Edit) -> str:
    """One edit in a few words: ``víspera → vísperas``, ``added «no» (negation)``."""
    note = {
        EditKind.NUMBER_CHANGED: " (number)",
        EditKind.NEGATION_CHANGED: " (negation)",
        EditKind.NAME_CHANGED: " (name)",
        EditKind.ACCENT: " (accent)",
        EditKind.REORDERED: " (reordered)",
    }.get(edit.kind, "")
    if edit.kind is EditKind.REORDERED and edit.quote == edit.source:
        return f"moved «{edit.quote}»"
    if edit.quote and edit.source:
        return f"{edit.source} → {edit.quote}{note}"
    if edit.quote:
        return f"added «{edit.quote}»{note}"
    return f"dropped «{edit.source}»{note}"


def ranked(edits: tuple[Edit, ...] | list[Edit]) -> list[Edit]:
    """Edits most serious first (stable within a severity)."""
    return sorted(edits, key=lambda e: _RANK[e.severity])
