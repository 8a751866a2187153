"""Compare the names people cite with the names pages carry: folding and similarity."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urlsplit

from rapidfuzz import fuzz

__all__ = ["fold", "slug_text", "title_score"]

_NON_WORD = re.compile(r"[\W_]+")
_ID_TOKEN = re.compile(r"^(?:\d+|[0-9a-f]{8,}|[a-z]?\d[\da-z]*)$")
_EXTENSION = re.compile(r"\.(?:s?html?|php|aspx?|jsp)$", re.IGNORECASE)


def fold(text: str) -> str:
    """Lower case, no accents, words separated by single spaces: the form names are compared in.

    Typographic differences (curly quotes, dashes, accents, case) say nothing about
    whether two titles name the same work, so they are folded away first.
    """
    # Case folded first: some capitals fold to letters a combining mark stands for
    # ("ᾀ".upper() is "ἈΙ", whose iota is the subscript of the lower-case form).
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", bare.casefold()).strip()


def slug_text(url: str) -> str:
    """The words of a URL's last meaningful path segment, folded ("" when it has none).

    News URLs end in a slug made from the headline, often followed or preceded by an id;
    ids and file extensions carry no words and are dropped.
    """
    path = unquote(urlsplit(url).path)
    for segment in reversed([s for s in path.split("/") if s]):
        words = [w for w in fold(_EXTENSION.sub("", segment)).split() if not _ID_TOKEN.match(w)]
        if len(words) >= 2:
            return " ".join(words)
    return ""


def title_score(cited: str, other: str, *, slug: bool = False) -> float:
    """0..100: how well ``other`` (a page title, or a URL slug when ``slug``) names ``cited``.

    Titles compare whole (a near-duplicate headline that adds or drops words must score
    lower than the exact one). Slugs are often cut short or lose their small words, so a
    slug is compared with the cited title's longest matching prefix as well.
    """
    a, b = fold(cited), fold(other)
    if not a or not b:
        return 0.0
    whole = fuzz.ratio(a, b)
    if not slug:
        return whole
    # A slug truncated by the CMS matches the start of the title: score that part, but
    # discount it by how much of the title it leaves out so that a short slug does not win.
    head = a[: len(b)]
    covered = min(1.0, len(b) / len(a))
    truncated = fuzz.ratio(head, b) * (0.7 + 0.3 * covered)
    # Slugs that drop articles and prepositions keep the content words in order.
    content = " ".join(w for w in a.split() if len(w) > 3)
    dropped = fuzz.ratio(content, " ".join(w for w in b.split() if len(w) > 3)) if content else 0.0
    return max(whole, truncated, dropped)
