"""Where a document cites works: the traces each way of citing leaves, before the traces of
one work are merged into one citation (``citations``).

Each trace has a *reach*: the stretch of text whose quotes it governs. A parenthetical
reaches back over its sentence; a narrative attribution ("El Comercio ... editorializó:",
"as the editorial ... points out in “Title” (...), in the part we quote:") reaches forward to
the end of its paragraph, and into the next one when it ends with a colon; a note such as
"(los diarios del país)" after a run of quoted paragraphs reaches back over them; a link or
footnote marker reaches its own paragraph.
"""

from __future__ import annotations

import bisect
import re

from provenance.citations.again import named_again, passage_named
from provenance.citations.narrative import (
    credit_paragraphs,
    named_papers,
    running_back_references,
)
from provenance.citations.notes import markdown_notes, note_markers
from provenance.citations.scope import credit_link, is_person, is_share, is_tool, names_speaker
from provenance.citations.told import told
from provenance.citations.trace import Trace, forward, paragraph, title_of
from provenance.citations.worded import according, editorials, parentheticals, titled, vague
from provenance.model import CitationHow, Document, Link, Quote, Span
from provenance.quotes.entries import reference_entries
from provenance.quotes.layout import Layout

__all__ = ["Trace", "find_traces", "title_of"]

_FOOTNOTE_DEF = re.compile(
    r"^[ \t]*(?:\[(?P<a>\d{1,3})\]:?|(?P<b>\d{1,3})[.)]|(?P<c>[¹²³⁴⁵⁶⁷⁸⁹⁰]+))[ \t]+(?P<t>.+)$",
    re.MULTILINE,
)
# Digits glued to a word ("FRAUD1": the word is checked in code, a look-behind is slow),
# "[1]", "[^1]", "¹".
# A "[1]" followed by a colon mid-line is still a marker ("The article says [1]: “…”"); the one
# that opens a line is a note's own number.
_FOOTNOTE_MARK = re.compile(r"(?P<a>\d{1,3})(?!\w)|\[(?P<b>\d{1,3})\]|(?P<c>[¹²³⁴⁵⁶⁷⁸⁹⁰]+)")
_URL = re.compile(r"https?://[^\s<>\"'«»“”‘’\])↩]+")
_SUPER = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
_CLOSERS = frozenset("”’»\")")
_NOTE_TITLE = re.compile(
    r'\*{1,2}“?([^*\n]{4,200}?)”?\*{1,2}|_([^_\n]{4,200})_|“([^”\n]{4,200})”|"([^"\n]{4,200})"')
# The way back up from a note to its markers: "^", "↑", "Jump up to:", "a b c", "1 2 3".
_LINKBACKS = re.compile(r"^(?:(?:\^|↑|Jump up(?: to)?:?|[a-z]|\d{1,2}(?:\.\d{1,2})?)(?:\s+|$))+")
_NOTE_AUTHOR = re.compile(r"([^.()\d\n]{3,120}?)[.,]?\s*\(?\d{4}")


def find_traces(doc: Document, lay: Layout,
                titles: list[tuple[Span, Quote]]) -> list[Trace]:
    """Every place ``doc`` cites a work, in order, back-references filled in. ``titles``:
    where each title quote stands, in order."""
    traces: list[Trace] = []
    footnotes, in_notes = _footnotes(doc, lay)
    named, in_named = _markdown_footnotes(doc, lay)
    footnotes.extend(named)
    footnotes.extend(_described_notes(doc, lay))
    in_notes.extend(in_named)
    traces.extend(_links(doc, lay, in_notes))
    urls = [t for t in traces if t.how is CitationHow.URL]
    traces.extend(named_again(doc, lay, urls))
    traces.extend(passage_named(doc, lay, urls))
    traces.extend(footnotes)
    parens, in_parens = parentheticals(doc, lay, titles)
    traces.extend(parens)
    traces.extend(titled(doc, lay, titles, in_parens))
    traces.extend(editorials(doc, lay, {t.anchor.start for t in traces}))
    traces.extend(named_papers(doc, lay, {t.anchor.start for t in traces if t.outlet}))
    traces.extend(according(doc, lay))
    traces.extend(told(doc, lay))
    traces.extend(vague(doc, lay))
    traces.extend(running_back_references(doc, lay, [t.anchor for t in traces] + in_parens))
    traces.sort(key=lambda t: t.anchor.start)
    _linked_words(doc.text, traces)
    _back_references(traces)
    _author_entries(doc, lay, traces)
    _credited(doc, traces)
    credit_paragraphs(doc, lay, traces)
    return traces


# "(Waldfogel 195)", "(Smith 2020, p. 4)", "(Roe and Doe, 2003)": a name, then a page or a year
_AUTHOR_PAREN = re.compile(
    r"\(\s*(?P<n>[A-ZÁÉÍÓÚÑÄÖÅÜ][\w'’-]+)(?:\s+(?:and|y|e|et|und|och|&)\s+[\w'’-]+|"
    r"\s+et\s+al\.?)?,?\s+(?:(?:p|pp|s)\.\s*)?\d{1,4}(?:\s*[,:–-]\s*(?:(?:p|pp|s)\.\s*)?\d{1,4})*"
    r"\s*\)$")
_AUTHOR_PAREN_ANYWHERE = re.compile(r"\([A-ZÁÉÍÓÚÑÄÖÅÜ][\w'’-]+[^()]{0,30}\d\)")
# Where a reference entry names its authors: before its title, its year or its parenthesis.
_ENTRY_AUTHORS = re.compile(r"^[^“\"*_(«„]*?(?=[“\"*_(«„]|\b\d{4}\b|$)")


def _author_entries(doc: Document, lay: Layout, traces: list[Trace]) -> None:
    """An author-page or author-year parenthetical ("(Waldfogel 195)") cites the reference
    entry (a note's definition, cited by a marker or not, or a paragraph of a references or
    bibliography section) whose authors include that name, when exactly one entry does."""
    if not _AUTHOR_PAREN_ANYWHERE.search(doc.text):
        return
    entries = [(t.reference, t.url, t.title) for t in traces
               if t.how is CitationHow.FOOTNOTE and t.also]
    words = [n.words for n in markdown_notes(doc).values()] + [
        doc.text[lay.paragraphs[pi].start : lay.paragraphs[pi].end]
        for pi in sorted(reference_entries(lay, doc.format == "md"))]
    for entry in words:
        title = _NOTE_TITLE.search(entry)
        url = _URL.search(entry)
        entries.append((entry, url.group(0).rstrip(".,;:") if url else None,
                        title_of(next(g for g in title.groups() if g)) if title else None))
    for t in traces:
        if t.how is not CitationHow.PARENTHETICAL or t.url or t.outlet:
            continue
        m = _AUTHOR_PAREN.match(t.reference.strip())
        if m is None:
            continue
        name = re.compile(rf"\b{re.escape(m.group('n'))}\b")
        found = {url or title or words: (url, title) for words, url, title in entries
                 if name.search(_authors_of(words))}
        if len(found) == 1:
            t.url, t.title = next(iter(found.values()))
            t.author = m.group("n")


def _authors_of(entry: str) -> str:
    m = _ENTRY_AUTHORS.match(entry.strip())
    return m.group(0) if m else ""


_PAREN_NEXT = re.compile(r"\s*\(\s*<?")


def _linked_words(text: str, traces: list[Trace]) -> None:
    """A work named in words whose name is itself a link ("According to [the Spokesman-
    Review](…)", "según El Tiempo (http://…)") is the linked page."""
    links = [t for t in traces if t.how is CitationHow.URL and t.url]
    starts = [t.anchor.start for t in links]
    for t in traces:
        if t.url or t.how not in (CitationHow.NARRATIVE, CitationHow.PARENTHETICAL):
            continue
        k = bisect.bisect_left(starts, t.anchor.start)
        # the link on its words, or in the parenthesis right after them ("según El Tiempo
        # (http://…)"): the address wins over the name
        inside = [u for u in links[k:k + 4] if u.anchor.end <= t.anchor.end or
                  _PAREN_NEXT.fullmatch(text[t.anchor.end : u.anchor.start])]
        if inside:
            t.url = inside[-1].url


def _credited(doc: Document, traces: list[Trace]) -> None:
    """A block quote's credit line (its <footer>, or its figure's <figcaption>) cites the
    work it quotes: what is cited there reaches back over the block quote. The line names
    one work, so a link in it is that work's address, and its title ("— <cite><a
    href=…>Title</a></cite>") the same work's."""
    for block, credit in doc.credits:
        here = [t for t in traces if credit.start <= t.anchor.start < credit.end]
        work = credit_link([k for k in doc.links if credit.start <= k.span.start < credit.end])
        url = work.url if work else None
        for t in here:
            if t.url and url and t.url != url:
                t.reach = []  # another link of the line ("on [CouchDB](…)"): no source
                continue
            t.reach.append(block)
            if url and not t.url and t.how is not CitationHow.VAGUE:
                t.url = url


# --- links and footnotes ------------------------------------------------------------------


def _footnotes(doc: Document, lay: Layout) -> tuple[list[Trace], list[Span]]:
    """Numbered notes holding a URL, tied to their markers: "FRAUD1", "[1]", "[^1]", "¹"."""
    text = doc.text
    defs: dict[str, list[tuple[int, str, Span]]] = {}
    spans = []
    for m in _FOOTNOTE_DEF.finditer(text):
        url = _URL.search(m.group("t"))
        if not url:
            continue
        label = (m.group("a") or m.group("b") or m.group("c") or "").translate(_SUPER)
        defs.setdefault(label, []).append((m.start(), url.group(0).rstrip(".,;:"),
                                           Span(m.start(), m.end())))
        spans.append(Span(m.start(), m.end()))
    if not defs:
        return [], []
    traces: dict[tuple[str, int], Trace] = {}
    ends = {label: [d[2].end for d in notes] for label, notes in defs.items()}
    for m in _FOOTNOTE_MARK.finditer(text):
        label = (m.group("a") or m.group("b") or m.group("c") or "").translate(_SUPER)
        if label not in defs:
            continue
        if m.group("a") and not _glued(text, m.start()):
            continue  # a number standing alone, or the end of a longer one
        notes = defs[label]
        k = bisect.bisect_right(ends[label], m.start())
        target = notes[k] if k < len(notes) else None
        if target is None or target[2].start <= m.start():
            continue  # no note after it, or inside the note itself
        line_start = text.rfind("\n", 0, m.start()) + 1
        if m.start() - line_start < 4 and text[line_start : m.start()].strip() == "":
            continue  # the number that opens a note or a list item is not a marker
        key = (label, target[0])
        para = paragraph(lay, m.start())
        t = traces.get(key)
        if t is None:
            t = traces[key] = Trace(CitationHow.FOOTNOTE, Span(m.start(), m.end()),
                                     text[target[2].start : target[2].end]
                                     .replace("↩︎", "").replace("↩", "").strip(),
                                     url=target[1], also=[target[2]])
        elif t.anchor.start != m.start():
            t.also.append(Span(m.start(), m.end()))
        t.reach.append(para)  # the marker's own paragraph; the nearest quote in it wins
    return list(traces.values()), spans


def _markdown_footnotes(doc: Document, lay: Layout) -> tuple[list[Trace], list[Span]]:
    """``[^label]`` markers tied to their notes; a note without a URL cites the work its
    words describe (the title in italics or quote marks, the author before the year)."""
    notes = markdown_notes(doc)
    traces = []
    for span, note in note_markers(doc, notes):
        # one trace per marker: the distance to a quote is measured from each marker
        title = _NOTE_TITLE.search(note.words)
        author = _NOTE_AUTHOR.match(note.words)
        traces.append(Trace(
            CitationHow.FOOTNOTE, span, note.words.replace("↩︎", "").replace("↩", ""),
            title=title_of(next(g for g in title.groups() if g)) if title else None,
            author=author.group(1).strip() if author and not note.url else None,
            url=note.url, also=[note.span], reach=[paragraph(lay, span.start)]))
    return traces, [n.span for n in notes.values()]


def _described_notes(doc: Document, lay: Layout) -> list[Trace]:
    """HTML markers whose note holds no link (a book, a printed article): the note's words
    describe the work; its title is the part in quote marks, or the note's first sentence."""
    out = []
    for marker, note in doc.notes:
        words = " ".join(doc.text[note.start : note.end].replace("↩", " ").split())
        words = _LINKBACKS.sub("", words).strip()
        title = _NOTE_TITLE.search(words)
        author = _NOTE_AUTHOR.match(words)
        out.append(Trace(CitationHow.FOOTNOTE, marker, words,
                         title=title_of(next(g for g in title.groups() if g)) if title else None,
                         author=author.group(1).strip() if author else None,
                         also=[note], reach=[paragraph(lay, marker.start)]))
    return out


def _glued(text: str, i: int) -> bool:
    """Whether the digits at ``i`` hang on the word or quote before them: "FRAUD1",
    "“…”1", "word.1" (but not "1.2" or "in 2020")."""
    def hangs(c: str) -> bool:
        return c.isalpha() or c in _CLOSERS

    if i == 0:
        return False
    prev = text[i - 1]
    if hangs(prev):
        return True
    return prev in ".,;:" and i >= 2 and hangs(text[i - 2])


def _links(doc: Document, lay: Layout, in_notes: list[Span]) -> list[Trace]:
    out = []
    notes = sorted(in_notes, key=lambda s: s.start)
    starts = [s.start for s in notes]
    for link in doc.links:
        if is_person(link) or is_share(link) or is_tool(doc.text, link) or \
                names_speaker(doc.text, link):
            continue  # a profile, a share button, a tool or the speaker's page is no work
        k = bisect.bisect_right(starts, link.span.start) - 1
        if k >= 0 and link.span.start < notes[k].end:
            continue  # the URL of a numbered note: its markers cite it
        para = paragraph(lay, link.span.start)
        how = CitationHow.FOOTNOTE if link.kind == "footnote" else CitationHow.URL
        # Its paragraph, and on past a closing colon ("… told https://…:") to the quotes
        # that colon introduces.
        out.append(Trace(how, link.span, _link_words(doc, link), url=link.url,
                         reach=forward(doc, lay, para.start)))
    return out


def _link_words(doc: Document, link: Link) -> str:
    if link.kind == "cite":  # the quote's own markup names its source
        return f'cite="{link.url}"'
    return link.label or doc.text[link.span.start : link.span.end] or link.url


def _back_references(traces: list[Trace]) -> None:
    """Fill what "edición ya citada" / "ibid." leave out from the work cited before."""
    last: Trace | None = None  # the latest work cited (vague ones name no work)
    dated: dict[str, Trace] = {}  # outlet -> its latest dated citation
    named: dict[str, Trace] = {}  # author's or outlet's last word -> its latest citation
    for t in traces:
        if t.how is CitationHow.BACK_REFERENCE:
            if t.genre == "ibid":
                # "(Smith, op. cit.)": Smith's work; "(ibid.)": the work just cited
                name = t.author or t.outlet
                prev = named.get(_surname(name)) if name else None
                prev = prev or last
                if prev is not None:
                    t.outlet, t.title, t.author = prev.outlet, prev.title, prev.author
                    t.date, t.url, t.genre = prev.date, prev.url, prev.genre
            else:
                source = dated.get(t.outlet.casefold()) if t.outlet else None
                source = source or last
                if source is not None:
                    t.outlet = t.outlet or source.outlet
                    t.date = t.date or source.date
            if not (t.outlet or t.url or t.title or t.author):
                t.reach = []  # nothing cited before it: it names no work
        if t.how is not CitationHow.VAGUE and (t.outlet or t.url):
            last = t
            if t.outlet and t.date:
                dated[t.outlet.casefold()] = t
            for name in (t.author, t.outlet):
                if name:
                    named[_surname(name)] = t


def _surname(name: str) -> str:
    return name.split()[-1].casefold() if name.split() else ""
