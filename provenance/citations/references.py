"""Reading a document's own description of a work: outlet, title, author, date, and the
phrases that point back ("edición ya citada", "ibid.") or nowhere ("los diarios del país").

Pure string work on short pieces of text; ``citations`` decides which pieces to read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from provenance.model import Work
from provenance.words.dates import find_dates

_UP = "A-ZÁÉÍÓÚÑÄÖÅÜÀÈÌÒÙÂÊÎÔÛÇØÆ"
_ARTICLE = r"(?:La|El|Los|Las|The|Le|Les|Die|Der|Das|O|A|Il|De|Het|la|el|the|le|die|der|o|il)"
# "Servir al Pueblo", "Journal of Record", "O Jornal da Baía", "Le Courrier du Port"
_JOIN = r"(?:(?:de|del|al|of|da|do|das|dos|du|des|della|di|von|van)\s+(?:(?:la|le|l['’])\s*)?)?"
_NAME = rf"(?:{_ARTICLE}\s+)?[{_UP}][\w'’-]+(?:\s+{_JOIN}[{_UP}][\w'’-]+){{0,3}}"
_PERSON = rf"(?:[{_UP}]\.\s*)*[{_UP}][\w'’-]+(?:\s+(?:[{_UP}]\.\s*)*[{_UP}][\w'’-]+){{0,3}}"

GENRES = re.compile(
    r"\b(?:editorial(?:es)?|opini[oó]n|opinion|opinionssidan|ledare[n]?|ledarsidan|columna|"
    r"column|kolumne|kommentar|leitartikel|art[ií]culo|article|artikel|krönika[n]?|"
    r"chronique|cr[oó]nica|éditorial)\b",
    re.IGNORECASE,
)
_GENRE_NAME = {"ledare": "editorial", "ledaren": "editorial", "ledarsidan": "editorial",
               "leitartikel": "editorial", "éditorial": "editorial", "editoriales": "editorial",
               "opinión": "opinion", "opinionssidan": "opinion", "columna": "column",
               "kolumne": "column", "artículo": "article", "articulo": "article",
               "artikel": "article"}

NEWSPAPER_OUTLET = re.compile(
    r"\b(?:(?:diario|peri[oó]dico|newspaper|daily|tidningen|tidning|dagstidningen|zeitung|"
    r"jornal|journal|revista|magazine|semanario|weekly|zeitschrift|quotidien|hebdomadaire)"
    rf"\s+(?:[^\W\d_{_UP}][\w-]*\s+){{0,2}}"
    # "the editorial of La República", "el editorial de El Comercio", "ledaren i Kvällsbladet"
    r"|(?:editorial|column|columna|opinion|opinión|ledaren|ledare|leitartikel|éditorial|"
    r"article|artículo|artikel)\s+(?:of|de|del|in|en|i|von|der|des|du|da|do)\s+)"
    rf"(?P<o>{_NAME})"
)
EDITORIAL_VERB = re.compile(
    r"\b(?:editorializ[oó]|editoriali[sz]ed|editorializa|editorializou|skrev\s+i\s+en\s+ledare|"
    r"skriver\s+i\s+en\s+ledare|in\s+(?:an|its)\s+editorial|en\s+(?:un|su)\s+editorial|"
    r"i\s+en\s+ledare|in\s+einem\s+leitartikel|schrieb\s+im\s+leitartikel|em\s+editorial|"
    r"dans\s+un\s+éditorial|publicó|published|inform[oó]|reported|rapporterade|berichtete|"
    r"noticiou|escribi[oó]|wrote|skrev|schrieb|escreveu|a\s+écrit)\b",
)  # run on lowered text
ACCORDING = re.compile(  # run on lowered text
    r"\b(?:according\s+to|según|de\s+acuerdo\s+con|enligt|laut|segundo|selon|d['’]après)\s+"
)
NAME_AT = re.compile(  # used with .match(text, pos): "the newspaper La Nación", "J. Smith"
    r"(?:(?:the|el|la|o|a|le|die|der|den)\s+)?(?:(?P<paper>diario|peri[oó]dico|newspaper|daily|"
    r"tidningen|zeitung|jornal|journal|revista|magazine)\s+)?"
    rf"(?P<o>{_NAME}|{_PERSON})"
)
OUTLET_LEAD = re.compile(r"(?:La|El|Los|Las|The|Le|Les|Die|Der|Das|O|A|Il|De|Het)\s")
# A name an article leads, as papers are named ("The Harbour Times", "La Voz del Puerto")
LED_NAME = re.compile(rf"\b(?:La|El|Los|Las|The|Le|Les|Die|Der|Das|O|A|Il|De|Het)\s+"
                      rf"[{_UP}][\w'’-]+(?:\s+{_JOIN}[{_UP}][\w'’-]+){{0,3}}")
GENERIC_PRESS = re.compile(
    rf"(?:{_ARTICLE})\s+(?:Zeitung|Newspaper|Paper|Diario|Periódico|Tidningen|Jornal|Journal|"
    r"Revista|Magazine|Prensa|Presse|Press|Medien|Media)", re.IGNORECASE)
SUBJECT = re.compile(rf"\s*(?P<o>{_NAME})\s*[,:]?")  # used with .match(text, pos)
BACK_REFERENCE = re.compile(
    r"\b(?:edición\s+ya\s+citada|ya\s+citad[oa]|misma\s+edición|aforementioned\s+edition|"
    r"same\s+(?:edition|issue)|above-mentioned\s+edition|ovannämnda\s+utgåva|samma\s+utgåva|"
    r"nämnda\s+utgåva|derselben\s+ausgabe|gleichen\s+ausgabe|a\.\s*a\.\s*O\.|ebenda|ebd\.|"
    r"mesma\s+edição|edição\s+já\s+citada|même\s+édition|édition\s+déjà\s+citée|"
    r"ibid\.?|ibídem|ibidem|íd\.|op\.\s*cit\.?|ob\.\s*cit\.?|loc\.\s*cit\.?)",
    re.IGNORECASE,
)
_SAME_WORK = re.compile(r"(?:ibid|ibídem|ibidem|íd\.|ebenda|ebd\.|op\.\s*cit|ob\.\s*cit|"
                        r"loc\.\s*cit|a\.\s*a\.\s*O\.)", re.IGNORECASE)
_VAGUE_PHRASE = (
    r"(?:los|las)\s+(?:diarios|periódicos|medios)(?:\s+(?:del\s+país|locales|nacionales))?|"
    r"la\s+prensa(?:\s+(?:local|nacional|del\s+país))?|"
    r"(?:the\s+)?(?:country[’']s\s+)?(?:newspapers|press|media)(?:\s+reports)?|"
    r"media\s+reports|news\s+reports|"
    r"landets\s+(?:dags)?tidningar|(?:dags)?tidningarna|medierna|pressen|"
    r"(?:(?:die|den|der)\s+)?(?:zeitungen|medien|presse|medienberichten)(?:\s+des\s+landes)?|"
    r"(?:os\s+)?(?:jornais|meios)(?:\s+do\s+país)?|a\s+imprensa|"
    r"(?:la\s+presse|les\s+journaux(?:\s+du\s+pays)?|les\s+médias)"
)
# Run on lowered text (see ``lowered``): case-insensitive alternations are slow in ``re``.
VAGUE_NOUN = re.compile(
    r"diarios|periódicos|medios|prensa|newspapers|press|media|reports|tidningar|tidningarna|"
    r"medierna|pressen|zeitungen|medien|presse|jornais|meios|imprensa|journaux|médias|"
    r"medienberichten"
)
VAGUE = re.compile(
    r"(?:\(\s*(?:as\s+reported\s+(?:in|by)\s+|según\s+|enligt\s+|laut\s+|segundo\s+|selon\s+)?"
    r"|according\s+to\s+|as\s+reported\s+(?:in|by)\s+|reported\s+by\s+|según\s+|"
    r"de\s+acuerdo\s+con\s+|enligt\s+|laut\s+|segundo\s+|selon\s+|d['’]après\s+)"
    rf"(?P<v>{_VAGUE_PHRASE})\b",
    re.IGNORECASE,
)
_BARE_PERSON = rf"(?:[{_UP}]\.\s*)*[{_UP}][\w-]+(?:\s+(?:[{_UP}]\.\s*)*[{_UP}][\w-]+){{0,3}}"
_SPEAKER = re.compile(
    rf"(?:\b(?:declaraciones|palabras|discurso|intervención|dichos|afirmaciones)\s+de\s+"
    rf"(?P<a>{_PERSON}))|(?:(?P<b>{_BARE_PERSON})(?:[’']s|s)\s+(?:statements|declarations|words|"
    r"speech|remarks|uttalanden|ord|tal|äußerungen|worte|rede|declarações|palavras|"
    r"déclarations|propos|paroles)\b)",
)
AUTHOR = re.compile(rf"^\s*(?:por|by|av|von|par|di|door)\s+(?P<a>{_PERSON})\s*$")
_OUTLET_PART = re.compile(
    r"^\s*(?:(?:in|en|i|of|de|del|im|dans|no|na)\s+)?(?:(?:el\s+|la\s+|the\s+)?"
    r"(?:diario|peri[oó]dico|newspaper|tidningen|dagstidningen|jornal|zeitung|revista|"
    rf"magazine|journal)\s+)?(?P<o>{_NAME})\s*$")
_OF_OUTLET = re.compile(rf"\b(?:of|de|del|i|av|der|des|du)\s+(?P<o>{_NAME})\s*$")


def lowered(text: str) -> str:
    """``text`` in lower case, offset for offset (the rare letters whose lower case is longer,
    such as "İ", are left as they are)."""
    last = _LOWERED[0]  # read once: another thread may replace it meanwhile
    if last[0] is text:  # the trace finders ask for the same text, one after another
        return last[1]
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    _LOWERED[0] = (text, low)
    return low


_LOWERED: list[tuple[str, str]] = [("", "")]  # the last text lowered, and its lower case


@dataclass(frozen=True, slots=True, kw_only=True)
class Described(Work):
    """What a piece of text says about a work: the work's description (``Work``) and the
    words around it."""

    genre: str | None = None
    back: str | None = None  # the back-reference phrase, when there is one
    place: str | None = None  # a place named before the outlet ("Lima, la República")


def outlet_name(name: str) -> str:
    """An outlet as the document writes it, with a capital first letter ("la República")."""
    name = " ".join(name.split()).strip(" ,.;:")
    return name[:1].upper() + name[1:]


def genre_of(word: str) -> str:
    w = word.lower()
    return _GENRE_NAME.get(w, w)


def read_parts(text: str, titles: list[tuple[int, int, str]]) -> Described:
    """Read a comma-separated description: "Editorial “T”, la República, 18 de febrero 2026",
    ", por J. Bruce, la República, edición ya citada". ``titles``: (start, end, title) of
    title quotes in ``text``, marks included, so commas inside them do not split."""
    title: str | None = None
    date: dt.date | None = None
    back: str | None = None
    outlet: str | None = None
    author: str | None = None
    genre: str | None = None
    place: str | None = None
    masked = list(text)
    for s, e, t in titles:
        title = title or t.strip(" ,.;:")
        for k in range(max(0, s), min(len(text), e)):
            masked[k] = "|"
    for fd in find_dates(text):
        date = date or fd.date
        for k in range(fd.span.start, fd.span.end):
            masked[k] = "|"
    flat = re.sub(r"\([^()]*\)", " ", "".join(masked))  # glosses: "(Jerí-symptomet)"
    for part in re.split(r"[,;|]", flat):
        part = part.strip()
        if not part:
            continue
        if back is None and (m := BACK_REFERENCE.search(part)):
            back = m.group(0)
            if of := _OF_OUTLET.search(part[m.end():]):
                outlet = outlet or outlet_name(of.group("o"))
            continue
        if author is None and (m := AUTHOR.match(part)):
            author = m.group("a")
            continue
        if genre is None and (g := GENRES.fullmatch(part.split()[0] if part.split() else "")):
            genre = genre_of(g.group(0))
            rest = part[len(part.split()[0]):].strip()
            if not rest:
                continue
            part = rest
        if m := _OUTLET_PART.match(part):
            if outlet is None:
                outlet = outlet_name(m.group("o"))
            elif place is None:
                place = outlet
                outlet = outlet_name(m.group("o"))
            continue
        break  # the description has ended: the writer's own words go on
    return Described(outlet=outlet, title=title, author=author, date=date, genre=genre,
                     back=back, place=place)


def speaker(text: str) -> str | None:
    """Whose words follow: "Las declaraciones de J. Balcázar", "J. Balcázar’s statements"."""
    m = _SPEAKER.search(text)
    if not m:
        return None
    name = m.group("a") or m.group("b")
    return name


def same_work(phrase: str) -> bool:
    """"ibid." names the very work cited before; "edición ya citada" only its edition."""
    return bool(_SAME_WORK.match(phrase))
