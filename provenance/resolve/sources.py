"""The user's sources file: TOML entries that map cited works to URLs.

    [[source]]
    outlet = "La República"
    title = "Una presidencia interina sin pretensiones de originalidad"
    date = 2026-02-18                      # or "2026-02-18"
    author = "J. Bruce"                    # optional
    quote = "producto de una arquitectura" # optional: words of a quotation citing the work
    urls = ["https://example.org/a"]       # or url = "..."; the first that answers is used

An entry matches a citation when every field both of them give agrees and at least one
field that names the work (title, quote, or author / outlet with a date) does.
``unresolved_template`` renders the works a run left unresolved in this same format.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rapidfuzz import fuzz

from provenance.errors import ConfigError
from provenance.model import Citation, CitationHow, Work
from provenance.resolve.outlets import OutletRegistry, load_registry, same_outlet
from provenance.resolve.tables import checked_table
from provenance.settings import Settings
from provenance.words.titles import fold, title_score

__all__ = ["SourceEntry", "load_sources", "match_source", "needs_source", "read_user_files",
           "unresolved_template"]

_FIELDS = {"outlet", "title", "author", "date", "quote", "urls", "url", "note"}
_QUOTE_AT = 90.0  # partial similarity of folded quote words to call them the same passage
_MIN_QUOTE = 12  # folded chars: shorter quote keys match too much to identify a work


@dataclass(frozen=True, slots=True)
class SourceEntry(Work):
    """One entry of the sources file: a work (outlet, title, author, date) and its URLs."""

    number: int  # 1-based position in the file, for messages
    urls: tuple[str, ...]
    quote: str | None = None


def read_user_files(settings: Settings) -> tuple[OutletRegistry, tuple[SourceEntry, ...] | None]:
    """The outlet registry (with the settings' outlets file) and the settings' sources
    file's entries (None without one), read: a batch reads them once for all its
    documents, and a file that does not read is one error before any document."""
    registry = load_registry(settings.outlets_file)
    return registry, load_sources(settings.sources_file) if settings.sources_file else None


def load_sources(path: Path) -> tuple[SourceEntry, ...]:
    """Entries with at least one URL; entries left empty (an unfilled template) are skipped."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read sources file {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"sources file {path} is not UTF-8 text") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"sources file {path} is not valid TOML: {exc}") from exc
    unknown = sorted(set(data) - {"source"})
    if unknown:
        raise ConfigError(f"sources file {path}: unknown table {unknown[0]!r}; "
                          "write each work as a [[source]] table")
    raw = data.get("source", [])
    if not isinstance(raw, list):
        raise ConfigError(f"sources file {path}: write each work as a [[source]] table")
    entries = (_entry(e, n, path) for n, e in enumerate(raw, 1))
    return tuple(e for e in entries if e.urls)


def _entry(raw: Any, n: int, path: Path) -> SourceEntry:
    def bad(msg: str) -> ConfigError:
        return ConfigError(f"sources file {path}, source #{n}: {msg}")

    raw = checked_table(raw, _FIELDS, bad)
    urls = raw.get("urls", [])
    if isinstance(urls, str):
        urls = [urls]
    if "url" in raw:
        urls = [raw["url"], *urls]
    if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls):
        raise bad("urls must be a list of strings")
    urls = [u.strip() for u in urls if u.strip()]
    for u in urls:
        parts = urlsplit(u)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise bad(f"not an http(s) URL: {u!r}")
    text: dict[str, str | None] = {}
    for key in ("outlet", "title", "author", "quote"):
        value = raw.get(key)
        if value is not None and not isinstance(value, str):
            raise bad(f"{key} must be a string")
        text[key] = value.strip() if value and value.strip() else None
    return SourceEntry(number=n, urls=tuple(urls), date=_date(raw.get("date"), bad), **text)


def _date(value: Any, bad: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise bad(f"date must be YYYY-MM-DD, got {value!r}")


def match_source(entries: Sequence[SourceEntry], citation: Citation,
                 quotes: Sequence[str] = (), title_at: float = 90.0, tolerance: int = 0,
                 rejected: list[str] | None = None
                 ) -> tuple[SourceEntry, tuple[str, ...]] | None:
    """The entry that best matches ``citation`` and the fields it matched by; None if none.

    A field given by both sides must agree, or the entry does not match at all: a sources
    file is the user's word, and the wrong URL from it would be a confident wrong answer.
    Dates agree within ``tolerance`` days, as in site discovery (the field is then
    "date-mismatch"). Why each entry that named the work was ruled out is added to
    ``rejected``.
    """
    best: tuple[int, int, SourceEntry, tuple[str, ...]] | None = None
    for entry in entries:
        agreed = _agreement(entry, citation, quotes, title_at, tolerance)
        if isinstance(agreed, str):
            if rejected is not None:
                rejected.append(f"source #{entry.number}: {agreed}")
            continue
        if agreed is None:
            continue
        rank = (len(agreed), -entry.number)
        if best is None or rank > best[:2]:
            best = (*rank, entry, agreed)
    return (best[2], best[3]) if best else None


def _agreement(entry: SourceEntry, c: Citation, quotes: Sequence[str],
               title_at: float, tolerance: int = 0) -> tuple[str, ...] | str | None:
    """The fields ``entry`` and ``c`` agree by; None when the entry does not name the work;
    a sentence when it names it (by title or quote) but a field rules it out."""
    agreed: list[str] = []
    texts: tuple[tuple[str, str | None, str | None, Callable[[str, str], bool]], ...] = (
        ("title", entry.title, c.title, lambda a, b: title_score(a, b) >= title_at),
        ("outlet", entry.outlet, c.outlet, same_outlet),
        ("author", entry.author, c.author, _same_author),
    )
    for name, mine, theirs, agree in texts:
        if mine is None or theirs is None:
            continue
        if not agree(mine, theirs):
            return None
        agreed.append(name)
    if entry.date is not None and c.date is not None:
        apart = abs((entry.date - c.date).days)
        if apart > tolerance:
            if "title" not in agreed:
                return None
            days = "1 day" if apart == 1 else f"{apart} days"
            return (f"date {entry.date} is {days} from the cited {c.date} (more than "
                    f"{tolerance} allowed)")
        agreed.append("date" if apart == 0 else "date-mismatch")
    if entry.quote and quotes:
        if not any(_same_passage(entry.quote, q) for q in quotes):
            return None
        agreed.append("quote")
    if c.how is CitationHow.VAGUE and "quote" not in agreed:
        return None  # "the country's newspapers": only the words quoted say which page
    names_work = {"title", "quote"} & set(agreed) or (
        "date" in agreed and ({"outlet", "author"} & set(agreed)) and entry.title is None)
    return tuple(agreed) if names_work else None


def _same_author(a: str, b: str) -> bool:
    # "J. Bruce" and "Jorge Bruce" are the same byline: compare the surnames.
    sa, sb = fold(a).split(), fold(b).split()
    return bool(sa and sb) and sa[-1] == sb[-1]


def _same_passage(a: str, b: str) -> bool:
    fa, fb = fold(a), fold(b)
    if min(len(fa), len(fb)) < _MIN_QUOTE:
        return False
    return fuzz.partial_ratio(fa, fb) >= _QUOTE_AT


def needs_source(citation: Citation) -> bool:
    """A work the user could name a URL for: no URL found. A vague attribution ("los diarios
    del país") names no work, but the user may know the page its words come from."""
    return not citation.url


def unresolved_template(citations: Iterable[Citation],
                        quotes: Mapping[str, Sequence[str]] | None = None) -> str:
    """A sources file, ready to fill in, for the works in ``citations`` that have no URL.

    Each entry carries what the document says about the work (so that, once its ``urls``
    are filled in, it matches the same citation on the next run), the document's own words
    and the steps and candidate URLs already tried, as comments. A vague attribution
    names no work: its entry carries only the words quoted, which alone can match it.
    """
    lines = [
        "# Works this run could not find. Fill in `urls` for those you know (the first URL",
        "# that answers is used) and pass this file back with --sources. Entries left with",
        "# empty `urls` are ignored.",
    ]
    seen: set[str] = set()
    for c in citations:
        if not needs_source(c) or c.key in seen:
            continue
        seen.add(c.key)
        vague = c.how is CitationHow.VAGUE
        if vague and not (quotes and quotes.get(c.key)):
            continue  # nothing quoted to match it by
        lines.append("")
        lines.append(f"# {c.key}: {'vague attribution: ' if vague else ''}"
                     f"{_comment(c.reference)}")
        lines.extend(f"#   {_comment(step.sentence)}" for step in c.resolution)
        lines.extend(f"#   candidate: {_comment(u)}" for u in c.candidates)
        lines.append("[[source]]")
        for key in () if vague else ("outlet", "title", "author"):
            value = getattr(c, key)
            if value:
                lines.append(f"{key} = {_toml_string(value)}")
        if c.date and not vague:
            lines.append(f"date = {c.date.isoformat()}")
        if not c.title and quotes and quotes.get(c.key):
            lines.append(f"quote = {_toml_string(quotes[c.key][0])}")
        lines.append("urls = []")
    return "\n".join(lines) + "\n"


def _toml_string(text: str) -> str:
    # A JSON string is a TOML basic string (same escapes, \uXXXX included), except that
    # TOML also forbids a raw DEL character.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _comment(text: str) -> str:
    # A line break would end the comment and leave the rest as (invalid) TOML; other
    # control characters are not allowed in TOML comments at all.
    flat = " ".join(text.split())
    return "".join(f"\\x{ord(ch):02x}" if unicodedata.category(ch) == "Cc" else ch
                   for ch in flat)
