"""The source's own passage marked with what the quote changed, for people to read.

A display diff, word by word: which source words the quote left out (``dropped``), which
words the quote has that the source lacks (``added``), what an ellipsis stands for
(``elided``) and the author's own [bracketed] words (``bracket``). Tokens are compared
after typographic folding (quote glyphs, dashes, compatibility forms) so that a curly
apostrophe against a straight one is not shown as a change: the verdict's edit list, not
this view, is the record of what differs.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from provenance.words.ellipsis import ELLIPSIS, is_ellipsis

__all__ = ["Piece", "redline"]

_TOKEN = re.compile(
    r"\[[^\]]*\]"  # the quoting author's [insertion], or [...]
    rf"|{ELLIPSIS.pattern}"  # an ellipsis: "…", "...", ". . .", "(...)"
    r"|\w+(?:['’\-]\w+)*"  # a word, with inner apostrophes and hyphens
    r"|[^\w\s]",  # one punctuation mark
    re.UNICODE,
)
_GLYPHS = str.maketrans({
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'", "´": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "″": '"',
    "‹": "'", "›": "'", "–": "-", "—": "-", "‒": "-", "―": "-", "−": "-", "‐": "-",
})


@dataclass(frozen=True, slots=True)
class Piece:
    kind: str  # same | dropped | added | elided | bracket
    text: str


def _key(token: str) -> str:
    return unicodedata.normalize("NFKC", token).translate(_GLYPHS)


def _is_bracket(token: str) -> bool:
    return token.startswith("[") and not is_ellipsis(token)


def redline(quote: str, source: str, changes: bool = True) -> tuple[Piece, ...]:
    """Pieces that, read in order, are the source passage with the quote's changes marked.

    With ``changes=False`` (a verdict of found) only elisions and bracketed insertions are
    marked; any other difference this display fold sees is left as source text, because
    the matcher has already judged the words identical."""
    q = [m.group() for m in _TOKEN.finditer(quote)]
    s_tokens = list(_TOKEN.finditer(source))
    s = [m.group() for m in s_tokens]
    out: list[Piece] = []
    prev_end = 0

    def source_piece(kind: str, j1: int, j2: int) -> None:
        nonlocal prev_end
        for j in range(j1, j2):
            m = s_tokens[j]
            gap = source[prev_end : m.start()]
            if gap:
                # A gap inside a run of struck or elided words belongs to the run.
                inside = j > j1 and kind != "same"
                _append(out, kind if inside else "same", gap)
            _append(out, kind, m.group())
            prev_end = m.end()

    def quote_piece(kind: str, tokens: list[str]) -> None:
        if not tokens:
            return
        if out:
            _append(out, "same", " ")
            _append(out, kind, _join(tokens))
        else:  # before the first source word
            _append(out, kind, _join(tokens))
            _append(out, "same", " ")

    matcher = SequenceMatcher(None, [_key(t) for t in q], [_key(t) for t in s], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        quoted = q[i1:i2]
        if op == "equal":
            source_piece("same", j1, j2)
            continue
        ellipsis = any(is_ellipsis(t) for t in quoted)
        brackets = [t for t in quoted if _is_bracket(t)]
        words = [t for t in quoted if not is_ellipsis(t) and not _is_bracket(t)]
        if ellipsis:
            source_piece("elided", j1, j2)
        elif j2 > j1:
            # A quote may stop short of the sentence's punctuation: not a change.
            edge = (j1 == 0 or j2 == len(s)) and not quoted and _punctuation(s[j1:j2])
            source_piece("dropped" if changes and not edge else "same", j1, j2)
        if brackets:
            quote_piece("bracket", brackets)
        if words and changes:
            quote_piece("added", words)
    tail = source[prev_end:]
    if tail:
        _append(out, "same", tail)
    return tuple(out)


def _punctuation(tokens: list[str]) -> bool:
    return all(not re.search(r"\w", t) for t in tokens)


def _join(tokens: list[str]) -> str:
    text = ""
    for t in tokens:
        text += t if (not text or re.match(r"[^\w\s(\[]", t)) else " " + t
    return text


def _append(out: list[Piece], kind: str, text: str) -> None:
    # Merge neighbours of one kind, so a struck run of words is one element, not many.
    if out and out[-1].kind == kind:
        out[-1] = Piece(kind, out[-1].text + text)
    else:
        out.append(Piece(kind, text))
