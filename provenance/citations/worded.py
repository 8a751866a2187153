"""Works cited in words: parentheticals ("(El País, 3 de marzo de 2024)"), titles in the
writer's sentence, "X editorializó:", "according to X", and vague attributions ("los
diarios del país")."""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from provenance.citations import references as refs
from provenance.citations.trace import (
    BACK_PARAGRAPHS,
    LOOK,
    Trace,
    forward,
    paragraph,
    quote_before,
    sentence_end,
    sentence_start,
    title_of,
)
from provenance.model import CitationHow, Document, Quote, Span
from provenance.quotes.layout import Layout
from provenance.quotes.speakers import is_role
from provenance.words.dates import parse_date

__all__ = ["according", "editorials", "parentheticals", "titled", "vague"]

_CLAUSE_END = re.compile(r":|(?<=[a-záéíóúñäöåü0-9)])[.!?](?:\s|$)")
# A work's short name and a place in it: "Diario, 299", "Juan 20, 21-23", "Smith, p. 4".
_LOCATOR = re.compile(
    r"\s*(?P<w>[A-ZÁÉÍÓÚÑÄÖÅÜ][\w'’-]+(?:\s+(?:de\s+|of\s+)?[A-ZÁÉÍÓÚÑÄÖÅÜ][\w'’-]+){0,3}),?"
    r"\s+(?:(?:p|pp|s|S|cap|ch|chap|§)\.?\s*)?\d{1,5}(?:\s*[,:–-]\s*\d{1,5})*\s*")
_PAREN = re.compile(r"\(([^()\n]{3,400})\)")
_PAREN_OPEN = re.compile(r"\s*\(([^()\n]{3,200})\)")


def parentheticals(doc: Document, lay: Layout,
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
        para = paragraph(lay, m.start())
        after_quote = _after_quote(text, para, m.start())
        located = _LOCATOR.fullmatch(content) if after_quote >= 0 and not backref else None
        if located:  # "“…” (Diario, 299)": a work named earlier, and the place in it
            d = replace(d, title=located.group("w").strip(), outlet=None)
        elif d.facts() < 2 and not backref:
            continue
        how = CitationHow.BACK_REFERENCE if backref and d.facts() < 2 else \
            CitationHow.PARENTHETICAL
        reach = [Span(after_quote, m.start())] if after_quote >= 0 else [
            # "En el editorial (La Voz, 16 de febrero) se concluye que “…”": its sentence
            Span(sentence_start(text, para, m.start()), sentence_end(text, para, m.end()))]
        out.append(Trace(how, Span(m.start(), m.end()), m.group(0), d.outlet, d.title,
                          d.author, d.date, genre=d.genre, reach=reach, backward=True))
        if backref:
            out[-1].reference = m.group(0)
            out[-1].genre = out[-1].genre or ("ibid" if refs.same_work(backref.group(0))
                                              else "edition")
        inside.append(Span(m.start(), m.end()))
    return out, inside


def _after_quote(text: str, para: Span, at: int) -> int:
    """Where the quotation opens whose closing mark the parenthesis at ``at`` follows ("“…”
    (Diario, 299)", "“…”. (Diario 429)"), -1 if none: it cites that quotation, however many
    full stops the quoted words hold."""
    j = at - 1
    while j > para.start and text[j] in " \t.,":
        j -= 1
    if text[j] not in "”»\"’":
        return -1
    opener = max(text.rfind(c, para.start, j) for c in "“«\"‘„")
    return opener if opener >= 0 else para.start


def _with_marks(text: str, loc: Span) -> Span:
    """``loc`` widened to its quote marks, over French spaces: « L'heure zéro »."""
    s, e = loc.start, loc.end
    while s > 0 and text[s - 1] in " \u00a0\u202f":
        s -= 1
    while e < len(text) and text[e] in " \u00a0\u202f":
        e += 1
    return Span(max(0, s - 1), min(len(text), e + 1))




def titled(doc: Document, lay: Layout, titles: list[tuple[Span, Quote]],
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
        para = paragraph(lay, loc.start)
        open_at = max(para.start, loc.start - 1)
        close_at = min(para.end, loc.end + 1)
        sent_start = sentence_start(text, para, open_at)
        before = text[sent_start:open_at]
        limit = min(para.end, close_at + LOOK)
        stop = _CLAUSE_END.search(text, close_at, limit)
        after_end = stop.start() if stop else limit
        after = text[close_at:after_end]
        d = refs.read_parts(after, [])
        if d.facts() == 0 and (inside := _PAREN_OPEN.match(after)):
            d = refs.read_parts(inside.group(1), [])  # "“T” (La Voz del Puerto, 16 de …)"
        d = replace(d, title=title_of(q.text))
        if d.outlet is None and (m := refs.NEWSPAPER_OUTLET.search(before)):
            d = replace(d, outlet=refs.outlet_name(m.group("o")))
        genres = refs.GENRES.findall(before)
        d = replace(d, genre=d.genre or (refs.genre_of(genres[-1]) if genres else None))
        backref = refs.BACK_REFERENCE.search(after)
        how = CitationHow.BACK_REFERENCE if backref else CitationHow.NARRATIVE
        words = text[sent_start : after_end + 1].strip()
        t = Trace(how, Span(sent_start, after_end), words, d.outlet, d.title, d.author, d.date,
                   genre=d.genre or ("edition" if backref else None),
                   reach=forward(doc, lay, loc.end))
        opener = quote_before(text, para, _with_marks(text, loc).start)
        if opener >= 0:  # "“…”, se concluye en el editorial “T” (…)": back to that quote
            t.reach.append(Span(opener, open_at))
        if any(b.start <= loc.start < b.end for b in doc.block_quotes):
            # a title among quoted words is the quoted writer's reference: it reaches no
            # further than its own sentence
            t.reach = [Span(sent_start, after_end)]
        out.append(t)
    return out


def editorials(doc: Document, lay: Layout, taken: set[int]) -> list[Trace]:
    """"El Comercio, alineado con Fuerza Popular, al respecto, editorializó: “…”"."""
    text = doc.text
    out = []
    for m in refs.EDITORIAL_VERB.finditer(refs.lowered(text)):
        para = paragraph(lay, m.start())
        start = sentence_start(text, para, m.start())
        if start in taken:
            continue
        rest = text[m.end() : min(para.end, m.end() + 200)]
        if not re.match(r"[^.!?]{0,80}:|\s*[“\"«„”]", rest):
            continue  # the verb does not introduce a quotation
        subject = refs.SUBJECT.match(text, start)
        editorial = bool(re.search(r"editorial|ledare|leitartikel", m.group(0), re.IGNORECASE))
        # "editorializó" makes its subject a paper; "in its editorial" only says the piece is
        # one: the paper is then a name an article or a press word leads, never a person
        one_word = " " not in m.group(0).strip()
        outlet = None
        if subject and refs.GENERIC_PRESS.fullmatch(subject.group("o")):
            continue  # "Die Zeitung schrieb:": a newspaper, but which one?
        if subject and any(is_role(w) for w in subject.group("o").split()[:2]):
            continue  # "The Mayor wrote:", "El Presidente escribió:": a person
        if subject and ((editorial and one_word) or refs.OUTLET_LEAD.match(subject.group("o"))):
            outlet = refs.outlet_name(subject.group("o"))
        elif n := refs.NEWSPAPER_OUTLET.search(text, start, m.start()):
            outlet = refs.outlet_name(n.group("o"))
        elif editorial and (led := list(refs.LED_NAME.finditer(text, start, m.start()))):
            outlet = refs.outlet_name(led[-1].group(0))
        if outlet is None:
            continue
        colon = text.find(":", m.end(), min(para.end, m.end() + 200))
        end = colon + 1 if colon >= 0 else m.end()
        out.append(Trace(CitationHow.NARRATIVE, Span(start, end), text[start:end], outlet,
                          date=parse_date(text[start:end]),
                          genre="editorial" if editorial else None,
                          reach=forward(doc, lay, m.end())))
    return out


def according(doc: Document, lay: Layout) -> list[Trace]:
    """"according to The Daily Planet (March 3, 2024)", "según El Diario": an outlet when
    the name is one (an article or a newspaper word leads it), else a person."""
    text = doc.text
    out = []
    for m in refs.ACCORDING.finditer(refs.lowered(text)):
        name = refs.NAME_AT.match(text, m.end())
        if name is None or refs.VAGUE.match(text, m.start()):
            continue
        words = name.group("o")
        para = paragraph(lay, m.start())
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


def vague(doc: Document, lay: Layout) -> list[Trace]:
    """"(los diarios del país)" after a run of quotes: recorded, never resolved. It reaches
    back over the quoted paragraphs to the sentence that introduced them (ending in ':')."""
    text = doc.text
    out = []
    for m in _vague_matches(text):
        pi = lay.paragraph_of(m.start())
        para = lay.paragraphs[pi]
        reach = [Span(para.start, m.start())]
        if not m.group(0).startswith("("):
            # "Según los diarios del país, el ministro dijo “…”": a lead, not a trailing
            # parenthesis, also covers what follows it in its paragraph.
            reach.append(Span(m.end(), para.end))
        author = None
        for k in range(pi - 1, max(-1, pi - 1 - BACK_PARAGRAPHS), -1):
            p = lay.paragraphs[k]
            if text[p.end - 1] == ":":  # the sentence that introduced the quotes
                author = refs.speaker(text[max(p.start, p.end - LOOK) : p.end])
                break
            reach.append(p)
        opens = sentence_start(text, para, m.start())
        reference = text[opens : min(para.end, m.end() + 1)].strip()
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
