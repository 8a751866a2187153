"""A paper named in the writer's sentence as the one that says the words: its subject
("La Voz del Puerto concluyó en el editorial …: “…”", "El Comercio, en su editorial del 18 de
febrero, editorializó:"), its inverted subject after the quotation ("“…”, informó La Voz
del Puerto"), or the owner of the piece ("el editorial de La Voz del Puerto", "The Harbour
Times's editorial", "l'éditorial du Courrier du Port", "ledaren i Hamnbladet").

A name counts as a paper's when an article leads it ("The Harbour Times", "La Voz del
Puerto"), a press word does ("tidningen Hamnbladet", "el diario Clarín"), or a word for a
kind of piece owns it ("the editorial of X"): a person's name ("Ana Ruiz concluyó") cites no
work. Such a mention reaches its own sentence: forward from the name, or, when the name
follows a quotation in the same sentence, back to that quotation's opening mark. A sentence
that ends its paragraph with a colon reaches on into the block it introduces. A mention with
no quotation in reach still names a work, which "the same edition" may point back to.
"""

from __future__ import annotations

import bisect
import re

from provenance.citations import references as refs
from provenance.citations.trace import (
    Trace,
    forward,
    paragraph,
    quote_before,
    sentence_end,
    sentence_start,
)
from provenance.model import CitationHow, Document, Span
from provenance.quotes.layout import Layout
from provenance.quotes.speakers import is_role
from provenance.words.dates import parse_date

__all__ = ["credit_paragraphs", "named_papers", "running_back_references"]

_UP = "A-ZÁÉÍÓÚÑÄÖÅÜÀÈÌÒÙÂÊÎÔÛÇØÆ"
_JOIN = r"(?:(?:de|del|of|da|do|das|dos|du|des|von|van)\s+(?:(?:la|le|l['’])\s*)?)?"
_BARE = rf"[{_UP}][\w'’-]+(?:\s+{_JOIN}[{_UP}][\w'’-]+){{0,3}}"
_LED = (rf"(?:(?:La|El|Los|Las|The|Le|Les|Die|Der|Das|O|A|Il|Het)\s+{_BARE}|"
        rf"(?:[Tt]idningen|[Dd]agstidningen|[Dd]iario|[Pp]eri[oó]dico|[Jj]ornal|[Zz]eitung|"
        rf"[Nn]ewspaper)\s+{_BARE})")
# A verb by which a paper reports or publishes, in es, en, pt, fr, de, sv (verbs a person uses
# as much, "afirmó", "stated", "argued", are left out: "The Mayor stated" is no paper).
_VERB = (r"(?:inform[oó]|informa|concluy[oó]|concluye|public[oó]|publica|escribi[oó]|escribe|"
         r"editorializ[oó]|reported|reports|concluded|concludes|wrote|writes|published|"
         r"publishes|editoriali[sz]ed|informou|concluiu|escreveu|publicou|noticiou|"
         r"a\s+rapporté|a\s+conclu|a\s+écrit|a\s+publié|rapporte|écrit|conclut|"
         r"berichtete|berichtet|schrieb|schreibt|veröffentlichte|kommentierte|"
         r"skrev|skriver|rapporterade|rapporterar|publicerade|konstaterade|konstaterar)")
# Between a subject and its verb: an apposition set off by commas, a title and a date in it
# ("El Comercio, en su editorial “T” del 18 de febrero de 2026, editorializó").
_APPOSITION = (r"(?:\s*,(?:[^.:;,“”«»„\n]|,\s*\d{4}|(?<!\d)\d{1,2}\.|"
               r"[“«„][^”»“\n]{1,120}[”»“]){1,160}?,)?")
_SUBJECT = re.compile(rf"(?P<o>{_LED})(?:[’']s?)?{_APPOSITION}\s+(?P<v>{_VERB})\b")
_INVERTED = re.compile(rf"\b(?P<v>{_VERB})\s+(?P<o>{_LED})")
# The owner of a piece: "el editorial (“T”) de X", "X's editorial", "ledaren i X".
_PIECE = (r"(?:editorial|éditorial|leitartikel|ledaren|ledare|column|columna|chronique|"
          r"art[ií]culo|article|artikel|artigo|nota|report|informe|rapport|bericht|relat[óo]rio)")
_OWNED = re.compile(
    rf"\b(?i:{_PIECE})(?:\s*[“«„”][^”»“\n]{{1,120}}[”»“])?\s+"
    rf"(?:de|del|of|do|da|du|der|des|i|från)\s+(?P<o>{_LED}|{_BARE})")
_OWNER = re.compile(rf"(?P<o>{_LED}|{_BARE})[’']s?\s+(?:{_PIECE}|op-ed|leader)\b")


def named_papers(doc: Document, lay: Layout, taken: set[int]) -> list[Trace]:
    """A trace for each paper the writer's sentences name as the one saying the words;
    ``taken``: where other traces already start (a phrase read there is not read twice)."""
    text = doc.text
    out: list[Trace] = []
    seen: set[int] = set()
    for pattern in (_SUBJECT, _INVERTED, _OWNED, _OWNER):
        for m in pattern.finditer(text):
            name = m.group("o")
            if m.start("o") in seen or m.start() in taken or _in_quote(text, lay, m.start()):
                continue
            if refs.GENERIC_PRESS.fullmatch(name) or refs.VAGUE.match(text, m.start()):
                continue  # "the newspaper said": which one?
            if is_role(name.split()[1] if len(name.split()) > 1 else name):
                continue  # "The Mayor wrote", "El Presidente escribió": a person
            seen.add(m.start("o"))
            para = paragraph(lay, m.start())
            start = min(m.start(), m.start("o"))
            opener = quote_before(text, para, start)
            if opener >= 0:  # "“…”, informó La Voz del Puerto": back to the quotation
                reach = [Span(opener, start)]
                backward = True
            else:
                reach = forward(doc, lay, sentence_start(text, para, start))
                reach[0] = Span(reach[0].start, sentence_end(text, para, m.end()))
                backward = False
            anchor = Span(start, m.end())
            words = text[anchor.start : anchor.end]
            out.append(Trace(CitationHow.NARRATIVE, anchor, words, refs.outlet_name(name),
                             date=parse_date(text[anchor.start : min(para.end, anchor.end + 60)]),
                             reach=reach, backward=backward))
    return out


def _in_quote(text: str, lay: Layout, at: int) -> bool:
    """Whether ``at`` stands among quoted words (a curly mark opened before it in its
    paragraph and not yet closed): a paper named there is the quoted writer's."""
    starts, inside = _quoted_runs(text, lay)
    k = bisect.bisect_right(starts, at) - 1
    return k >= 0 and at < inside[k][1]


# The last document's quoted runs: each trace finder asks about many places of one text,
# and reading its paragraphs again for each would cost their length every time.
_LAST: list[tuple[str, list[int], list[tuple[int, int]]]] = [("", [], [])]


def _quoted_runs(text: str, lay: Layout) -> tuple[list[int], list[tuple[int, int]]]:
    """Where quoted words stand: (start, end) of each run between a curly mark opening and
    its close (or the paragraph's end), sorted, with the starts apart for bisection."""
    last = _LAST[0]  # read once: another thread may replace it meanwhile
    if last[0] is text:
        return last[1], last[2]
    runs: list[tuple[int, int]] = []
    paragraphs = lay.paragraphs
    for n, para in enumerate(paragraphs):
        depth = low = 0  # marks open; of them, German „ waiting for its “
        opened = -1
        for i in range(para.start, para.end):
            c = text[i]
            if c not in _MARKS:
                continue
            before = depth
            if c == "„":
                depth, low = depth + 1, low + 1
            elif c == "“" and low:
                depth, low = depth - 1, low - 1
            elif c in "“«":
                depth += 1
            elif c in "”»" and depth:
                depth -= 1
            if before == 0 and depth > 0:
                opened = i + 1  # the words after the mark are inside
            elif before > 0 and depth == 0:
                runs.append((opened, i + 1))
        if depth > 0:  # left open: to where the next paragraph begins
            runs.append((opened, paragraphs[n + 1].start if n + 1 < len(paragraphs)
                         else len(text) + 1))
    starts = [s for s, _ in runs]
    _LAST[0] = (text, starts, runs)
    return starts, runs


_MARKS = frozenset("„“«”»")


def running_back_references(doc: Document, lay: Layout, covered: list[Span]) -> list[Trace]:
    """"En la edición ya citada se lee: “…”", "The same edition says: “…”": a back-reference
    in the writer's sentence reaches that sentence (and, past a closing colon, the block it
    introduces); which work it names is filled in from the work cited before it.
    ``covered``: where other traces already read a back-reference (a parenthesis, a title's
    description)."""
    text = doc.text
    out = []
    for m in refs.BACK_REFERENCE.finditer(text):
        if any(c.start <= m.start() < c.end for c in covered) or _in_quote(text, lay, m.start()):
            continue
        para = paragraph(lay, m.start())
        start = sentence_start(text, para, m.start())
        reach = forward(doc, lay, start)
        end = sentence_end(text, para, m.end())
        reach[0] = Span(start, end)
        out.append(Trace(CitationHow.BACK_REFERENCE, Span(m.start(), m.end()),
                         text[start:end].strip(), reach=reach,
                         genre="ibid" if refs.same_work(m.group(0)) else "edition"))
    return out


# A credit under a quotation that stands as its own paragraph: "Lynn Truss, Eats, Shoots and
# Leaves.[8]", "— Jane Roe, The Harbour Letters": a name, a comma, a title; short.
_CREDIT = re.compile(rf"^[—–-]?\s*[{_UP}][\w'’.-]+(?:\s+[{_UP}][\w'’.-]+){{0,3}},\s+\S")
_CREDIT_WORDS = 15


def credit_paragraphs(doc: Document, lay: Layout, traces: list[Trace]) -> None:
    """What a credit paragraph under a quotation paragraph cites (its note marker, its link)
    reaches the quotation above it too."""
    text = doc.text
    for pi in range(1, len(lay.paragraphs)):
        para, prev = lay.paragraphs[pi], lay.paragraphs[pi - 1]
        words = text[para.start : para.end]
        above = text[prev.start : prev.end].strip()
        if len(words.split()) > _CREDIT_WORDS or not _CREDIT.match(words) or \
                not above or above[0] not in "“«„\"" or above[-1] not in "”»“\".":
            continue
        for t in traces:
            if para.start <= t.anchor.start < para.end:
                t.reach.append(prev)
