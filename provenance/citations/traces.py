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
import datetime as dt
import re
from dataclasses import dataclass, field

from provenance.citations import references as refs
from provenance.citations.notes import markdown_notes, note_markers
from provenance.citations.scope import credit_link, is_person, is_share
from provenance.model import CitationHow, Document, Link, Quote, Span
from provenance.quotes.dialogue import DASHES
from provenance.quotes.layout import Layout
from provenance.words.dates import parse_date

__all__ = ["Trace", "find_traces", "title_of"]

_BACK_PARAGRAPHS = 8  # how far a closing note such as "(los diarios del país)" reaches back
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
_CLAUSE_END = re.compile(r":|(?<=[a-záéíóúñäöåü0-9)])[.!?](?:\s|$)")
_SENTENCE = re.compile(r"[.!?][”“»«\"'’)]*\s+(?=[A-ZÁÉÍÓÚÑÄÖÅÜ¿¡«“„\"])")
_LOOK = 400  # chars: how far the words of one citation reach around its anchor
_NOTE_TITLE = re.compile(
    r'\*{1,2}“?([^*\n]{4,200}?)”?\*{1,2}|_([^_\n]{4,200})_|“([^”\n]{4,200})”|"([^"\n]{4,200})"')
_NOTE_AUTHOR = re.compile(r"([^.()\d\n]{3,120}?)[.,]?\s*\(?\d{4}")
_PAREN = re.compile(r"\(([^()\n]{3,400})\)")


@dataclass(slots=True)
class Trace:
    """One place the document cites a work, before traces of the same work are merged."""

    how: CitationHow
    anchor: Span  # the words that cite
    reference: str
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    date: dt.date | None = None
    url: str | None = None
    genre: str | None = None
    reach: list[Span] = field(default_factory=list)  # where its quotes may stand
    backward: bool = False  # the trace follows the quotes it covers
    key: str = ""
    also: list[Span] = field(default_factory=list)  # other words describing it (a note)


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
    traces.extend(footnotes)
    parens, in_parens = _parentheticals(doc, lay, titles)
    traces.extend(parens)
    traces.extend(_titled(doc, lay, titles, in_parens))
    traces.extend(_editorials(doc, lay, {t.anchor.start for t in traces}))
    traces.extend(_according(doc, lay))
    traces.extend(_vague(doc, lay))
    traces.sort(key=lambda t: t.anchor.start)
    _linked_words(traces)
    _back_references(traces)
    _credited(doc, traces)
    return traces


def _linked_words(traces: list[Trace]) -> None:
    """A work named in words whose name is itself a link ("According to [the Spokesman-
    Review](…)", "según El Tiempo (http://…)") is the linked page."""
    links = [t for t in traces if t.how is CitationHow.URL and t.url]
    starts = [t.anchor.start for t in links]
    for t in traces:
        if t.url or t.how not in (CitationHow.NARRATIVE, CitationHow.PARENTHETICAL):
            continue
        k = bisect.bisect_left(starts, t.anchor.start)
        inside = [u for u in links[k:k + 4] if u.anchor.end <= t.anchor.end]
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


def title_of(text: str) -> str:
    return " ".join(text.split()).strip(" ,.;:")


def _paragraph(lay: Layout, offset: int) -> Span:
    return lay.paragraphs[lay.paragraph_of(offset)] if lay.paragraphs else Span(0, 0)


def _forward(doc: Document, lay: Layout, start: int) -> list[Span]:
    """From ``start`` to its paragraph's end; on into the next paragraph when this one ends
    with a colon, and on over the paragraphs after it that open with a quote mark or a
    dialogue dash (an interview's answers)."""
    if not lay.paragraphs:
        return []
    pi = lay.paragraph_of(start)
    para = lay.paragraphs[pi]
    reach = [Span(start, para.end)]
    text = doc.text
    if text[para.end - 1] == ":" and pi + 1 < len(lay.paragraphs):  # paragraphs are trimmed
        nxt = lay.paragraphs[pi + 1]
        reach.append(nxt)
        for p in lay.paragraphs[pi + 2 : pi + 2 + _BACK_PARAGRAPHS]:
            if text[p.start] not in "“\"«„”»‘'" + DASHES:  # a quote mark, or a dialogue dash
                break
            reach.append(p)
    return reach


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
        para = _paragraph(lay, m.start())
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
            url=note.url, also=[note.span], reach=[_paragraph(lay, span.start)]))
    return traces, [n.span for n in notes.values()]


def _described_notes(doc: Document, lay: Layout) -> list[Trace]:
    """HTML markers whose note holds no link (a book, a printed article): the note's words
    describe the work; its title is the part in quote marks, or the note's first sentence."""
    out = []
    for marker, note in doc.notes:
        words = " ".join(doc.text[note.start : note.end].replace("↩", " ").split())
        words = re.sub(r"^(?:\^|Jump up|[a-z](?:\s|$))+\s*", "", words).strip()
        title = _NOTE_TITLE.search(words)
        out.append(Trace(CitationHow.FOOTNOTE, marker, words,
                         title=title_of(next(g for g in title.groups() if g)) if title else None,
                         also=[note], reach=[_paragraph(lay, marker.start)]))
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
        if is_person(link) or is_share(link):
            continue  # a profile or a share button is no cited work
        k = bisect.bisect_right(starts, link.span.start) - 1
        if k >= 0 and link.span.start < notes[k].end:
            continue  # the URL of a numbered note: its markers cite it
        para = _paragraph(lay, link.span.start)
        how = CitationHow.FOOTNOTE if link.kind == "footnote" else CitationHow.URL
        # Its paragraph, and on past a closing colon ("… told https://…:") to the quotes
        # that colon introduces.
        out.append(Trace(how, link.span, _link_words(doc, link), url=link.url,
                         reach=_forward(doc, lay, para.start)))
    return out


def _link_words(doc: Document, link: Link) -> str:
    if link.kind == "cite":  # the quote's own markup names its source
        return f'cite="{link.url}"'
    return link.label or doc.text[link.span.start : link.span.end] or link.url


# --- parentheticals, titled narratives, editorials -----------------------------------------


def _parentheticals(doc: Document, lay: Layout,
                    titles: list[tuple[Span, Quote]]) -> tuple[list[Trace], list[Span]]:
    text = doc.text
    out: list[Trace] = []
    inside: list[Span] = []
    title_ends = {loc.end for loc, _ in titles}
    title_starts = [loc.start for loc, _ in titles]
    for m in _PAREN.finditer(text):
        content = m.group(1)
        if refs.VAGUE.match(text, m.start()):
            continue  # read by _vague
        # "“Title” (Lima, 18 de febrero de 2026)": the place and date of a titled work
        # (the title's inner text ends at its closing mark, or here when <cite> marks it up)
        j = m.start() - 1
        while j >= 0 and text[j] in " \t":
            j -= 1
        if j >= 0 and (j in title_ends or j - 1 in title_ends or j + 1 in title_ends):
            continue
        first = bisect.bisect_left(title_starts, m.start(1))
        last = bisect.bisect_right(title_starts, m.end(1))
        own = [(w.start - m.start(1), w.end - m.start(1), q.text)
               for loc, q in titles[first:last] if loc.end <= m.end(1)
               for w in [_with_marks(text, loc)]]
        d = refs.read_parts(content, own)
        backref = refs.BACK_REFERENCE.search(content)
        if d.facts() < 2 and not backref:
            continue
        para = _paragraph(lay, m.start())
        how = CitationHow.BACK_REFERENCE if backref and d.facts() < 2 else \
            CitationHow.PARENTHETICAL
        out.append(Trace(how, Span(m.start(), m.end()), m.group(0), d.outlet, d.title,
                          d.author, d.date, genre=d.genre,
                          reach=[Span(_sentence_start(text, para, m.start()), m.start())],
                          backward=True))
        if backref:
            out[-1].reference = m.group(0)
            out[-1].genre = out[-1].genre or ("ibid" if refs.same_work(backref.group(0))
                                              else "edition")
        inside.append(Span(m.start(), m.end()))
    return out, inside


def _with_marks(text: str, loc: Span) -> Span:
    """``loc`` widened to its quote marks, over French spaces: « L'heure zéro »."""
    s, e = loc.start, loc.end
    while s > 0 and text[s - 1] in " \u00a0\u202f":
        s -= 1
    while e < len(text) and text[e] in " \u00a0\u202f":
        e += 1
    return Span(max(0, s - 1), min(len(text), e + 1))


def _sentence_start(text: str, para: Span, at: int) -> int:
    """Where the sentence holding ``at`` starts (quotes often hold their own full stops, so
    only a full stop outside marks and before a capital counts; the paragraph otherwise)."""
    lo = max(para.start, at - _LOOK)
    cut = lo
    for m in _SENTENCE.finditer(text, lo, at):
        k = m.start() - 1  # the letter before the full stop
        while k > lo and text[k] in "”’»)\"'":
            k -= 1
        if text[k].islower() or text[k].isdigit():
            cut = m.end()
    return cut


def _titled(doc: Document, lay: Layout, titles: list[tuple[Span, Quote]],
            in_parens: list[Span]) -> list[Trace]:
    """A work named by its title in the writer's sentence: "En la pagina de Opinión “T”, por
    J. Bruce, la República, edición ya citada", "La República en “T” (Lima, 18 ...)"."""
    text = doc.text
    out = []
    paren_starts = [p.start for p in in_parens]
    for loc, q in titles:
        k = bisect.bisect_right(paren_starts, loc.start) - 1
        if k >= 0 and loc.start < in_parens[k].end:
            continue
        para = _paragraph(lay, loc.start)
        open_at = max(para.start, loc.start - 1)
        close_at = min(para.end, loc.end + 1)
        sent_start = _sentence_start(text, para, open_at)
        before = text[sent_start:open_at]
        limit = min(para.end, close_at + _LOOK)
        stop = _CLAUSE_END.search(text, close_at, limit)
        after_end = stop.start() if stop else limit
        after = text[close_at:after_end]
        d = refs.read_parts(after, [])
        d.title = title_of(q.text)
        if d.outlet is None and (m := refs.NEWSPAPER_OUTLET.search(before)):
            d.outlet = refs.outlet_name(m.group("o"))
        genres = refs.GENRES.findall(before)
        d.genre = d.genre or (refs.genre_of(genres[-1]) if genres else None)
        backref = refs.BACK_REFERENCE.search(after)
        how = CitationHow.BACK_REFERENCE if backref else CitationHow.NARRATIVE
        words = text[sent_start : after_end + 1].strip()
        t = Trace(how, Span(sent_start, after_end), words, d.outlet, d.title, d.author, d.date,
                   genre=d.genre or ("edition" if backref else None),
                   reach=_forward(doc, lay, loc.end))
        out.append(t)
    return out


def _editorials(doc: Document, lay: Layout, taken: set[int]) -> list[Trace]:
    """"El Comercio, alineado con Fuerza Popular, al respecto, editorializó: “…”"."""
    text = doc.text
    out = []
    for m in refs.EDITORIAL_VERB.finditer(refs.lowered(text)):
        para = _paragraph(lay, m.start())
        start = _sentence_start(text, para, m.start())
        if start in taken:
            continue
        rest = text[m.end() : min(para.end, m.end() + 200)]
        if not re.match(r"[^.!?]{0,80}:|\s*[“\"«„”]", rest):
            continue  # the verb does not introduce a quotation
        subject = refs.SUBJECT.match(text, start)
        editorial = bool(re.search(r"editorial|ledare|leitartikel", m.group(0), re.IGNORECASE))
        outlet = None
        if subject and refs.GENERIC_PRESS.fullmatch(subject.group("o")):
            continue  # "Die Zeitung schrieb:": a newspaper, but which one?
        if subject and (editorial or re.match(r"(?:La|El|The|Le|Die|Der|O|A|Il)\s",
                                              subject.group("o"))):
            outlet = refs.outlet_name(subject.group("o"))
        elif n := refs.NEWSPAPER_OUTLET.search(text, start, m.start()):
            outlet = refs.outlet_name(n.group("o"))
        if outlet is None:
            continue
        colon = text.find(":", m.end(), min(para.end, m.end() + 200))
        end = colon + 1 if colon >= 0 else m.end()
        out.append(Trace(CitationHow.NARRATIVE, Span(start, end), text[start:end], outlet,
                          date=parse_date(text[start:end]),
                          genre="editorial" if editorial else None,
                          reach=_forward(doc, lay, m.end())))
    return out


def _according(doc: Document, lay: Layout) -> list[Trace]:
    """"according to The Daily Planet (March 3, 2024)", "según El Diario": an outlet when
    the name is one (an article or a newspaper word leads it), else a person."""
    text = doc.text
    out = []
    for m in refs.ACCORDING.finditer(refs.lowered(text)):
        name = refs.NAME_AT.match(text, m.end())
        if name is None or refs.VAGUE.match(text, m.start()):
            continue
        words = name.group("o")
        para = _paragraph(lay, m.start())
        end = min(para.end, name.end() + 40)
        tail = text[name.end() : end]
        paren = re.match(r"\s*\(([^()]{4,60})\)", tail)
        date = parse_date(paren.group(1)) if paren else None
        anchor_end = name.end() + (paren.end() if paren else 0)
        is_outlet = bool(name.group("paper") or refs.OUTLET_LEAD.match(words))
        out.append(Trace(CitationHow.NARRATIVE, Span(m.start(), anchor_end),
                          text[m.start() : anchor_end],
                          refs.outlet_name(words) if is_outlet else None,
                          author=None if is_outlet else words, date=date, reach=[para]))
    return out


def _vague(doc: Document, lay: Layout) -> list[Trace]:
    """"(los diarios del país)" after a run of quotes: recorded, never resolved. It reaches
    back over the quoted paragraphs to the sentence that introduced them (ending in ':')."""
    text = doc.text
    out = []
    for m in _vague_matches(text):
        pi = lay.paragraph_of(m.start())
        para = lay.paragraphs[pi]
        reach = [Span(para.start, m.start())]
        author = None
        for k in range(pi - 1, max(-1, pi - 1 - _BACK_PARAGRAPHS), -1):
            p = lay.paragraphs[k]
            if text[p.end - 1] == ":":  # the sentence that introduced the quotes
                author = refs.speaker(text[max(p.start, p.end - _LOOK) : p.end])
                break
            reach.append(p)
        sentence_start = _sentence_start(text, para, m.start())
        reference = text[sentence_start : min(para.end, m.end() + 1)].strip()
        out.append(Trace(CitationHow.VAGUE, Span(m.start(), m.end()), reference,
                          author=author, title=None, genre="vague:" + " ".join(
                              m.group("v").lower().replace("’", "'").split()),
                          reach=reach, backward=True))
    return out


def _vague_matches(text: str) -> list[re.Match[str]]:
    """refs.VAGUE, run only where one of its nouns stands (the full pattern is slow)."""
    found: list[re.Match[str]] = []
    done = -1
    for noun in refs.VAGUE_NOUN.finditer(refs.lowered(text)):
        lo = max(done, noun.start() - 40)
        m = refs.VAGUE.search(text, lo, noun.end() + 20)
        if m and m.start() >= done and m.end() >= noun.end():
            found.append(m)
            done = m.end()
    return found


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
        if t.how is not CitationHow.VAGUE and (t.outlet or t.url):
            last = t
            if t.outlet and t.date:
                dated[t.outlet.casefold()] = t
            for name in (t.author, t.outlet):
                if name:
                    named[_surname(name)] = t


def _surname(name: str) -> str:
    return name.split()[-1].casefold() if name.split() else ""
