"""Benchmark cases built at run time from the annotated real pages of the shared corpus.

Each page's HTML goes through the project's own text extraction; quotes are then cut from
the extracted main text (verbatim, typographically varied, altered in one known way, with
ellipses or a bracketed insertion), taken from another page in the same language (missing),
or taken from the page's boilerplate (the corpus's ``without`` snippets). Every case knows
its expected status and, for alterations, the class of the change. The corpus is never
copied: it is read where it lies, and the cases live only in memory.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import pickle
import random
import re
import sys
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from provenance.match.edits import is_negation, is_number
from provenance.model import PageText, Snapshot
from provenance.text.extract import EXTRACTOR, extract_text
from provenance.words.normalize import normalize, words


def _shared() -> Path:
    """The shared folder beside the repository (or beside one of its ancestors)."""
    for parent in Path(__file__).resolve().parents[1:]:
        if (parent.parent / "shared").is_dir():
            return parent.parent / "shared"
    return Path(__file__).resolve().parents[2] / "shared"


CORPUS = _shared() / "corpus" / "trafilatura-eval"


def no_corpus() -> bool:
    """True (after saying so on stderr) when the corpus is not there to read."""
    if CORPUS.is_dir():
        return False
    print(f"corpus not found at {CORPUS}", file=sys.stderr)
    return True

ALTERATIONS = ("spelling", "accent", "word-changed", "word-added", "word-dropped",
               "reordered", "number-changed", "negation-changed", "name-changed")
TYPOGRAPHIC = ("quotes", "dashes", "spaces", "nfd", "soft-hyphen", "ligature",
               "hyphenation", "case")
_NEGATE = {"en": "not", "es": "no", "de": "nicht", "fr": "pas", "pt": "não", "it": "non",
           "pl": "nie", "fi": "ei", "bn": "না"}
_ACCENTS = {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú"}


@dataclass(frozen=True, slots=True)
class Page:
    file: str
    url: str
    language: str
    text: PageText
    with_: tuple[str, ...]
    without: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Case:
    page: Page
    quote: str
    expected: str  # found | altered | missing
    group: str  # verbatim | typographic | altered | ellipsis | bracket | missing | boilerplate
    detail: str = ""  # alteration class or typographic change
    outside: bool = False  # expected only outside the main text
    segments: tuple[str, ...] = ()  # for ellipsis quotes: the parts between ellipses


def _languages() -> dict[str, str]:
    """file -> language, from the corpus README's table."""
    out: dict[str, str] = {}
    for line in (CORPUS / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0].startswith("`") and len(cells[3]) == 2:
            out[cells[0].strip("`")] = cells[3]
    return out


def load_pages() -> list[Page]:
    """The corpus pages with their extracted text (extraction cached in the temp folder)."""
    annotations = json.loads((CORPUS / "annotations.json").read_text(encoding="utf-8"))
    langs = _languages()
    cache_dir = Path(tempfile.gettempdir()) / "provenance-bench"
    cache_dir.mkdir(exist_ok=True)
    code = _text_code()
    pages = []
    for url, entry in annotations.items():
        body = (CORPUS / "html" / entry["file"]).read_bytes()
        digest = hashlib.sha256(body).hexdigest()
        cached = cache_dir / f"{digest}-{EXTRACTOR}-{code}.pickle"
        if cached.exists():
            text = pickle.loads(cached.read_bytes())
        else:
            snap = Snapshot(url, url if url.startswith("http") else "https://example.org/",
                            200, "text/html", dt.datetime.now(dt.UTC), digest, body)
            text = extract_text(snap)
            part = cached.with_name(f".{cached.name}.{os.getpid()}")
            part.write_bytes(pickle.dumps(text))
            os.replace(part, cached)  # whole or absent: another bench may read it meanwhile
        pages.append(Page(entry["file"], url, langs.get(entry["file"], "?"), text,
                          tuple(entry.get("with", ())), tuple(entry.get("without", ()))))
    return pages


def _text_code() -> str:
    """A short digest of the page stage's code and trafilatura's version: the extractor's
    name changes only when someone bumps it, and two trees with one name but different
    code must not read each other's texts."""
    import trafilatura

    import provenance.text

    h = hashlib.sha256(trafilatura.__version__.encode())
    for path in sorted(Path(provenance.text.__file__).parent.glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:12]


def sentences(text: str) -> list[str]:
    out = []
    for para in text.split("\n"):
        for s in re.split(r"(?<=[.!?])\s+(?=[^\sa-z])", para):
            n = len(s.split())
            if 8 <= n <= 40:
                out.append(s.strip())
    return out


def _collapse(s: str) -> str:
    return " ".join(s.split())


def _fold(x: str) -> str:
    return _collapse(unicodedata.normalize("NFKC", x).casefold())


def _holds(haystack: str, needle: str) -> bool:
    """Plain ground truth, independent of the matcher: NFKC, case folded, spaces collapsed."""
    return _fold(needle) in _fold(haystack)


def _holds_whole(haystack: str, needle: str) -> bool:
    """Like ``_holds``, and the needle neither starts nor ends inside a word there."""
    pattern = r"(?<!\w)" + re.escape(_fold(needle).strip()) + r"(?!\w)"
    return re.search(pattern, _fold(haystack)) is not None


def build_cases(pages: list[Page], seed: int = 2026, per_page: int = 3) -> list[Case]:
    rng = random.Random(seed)
    cases: list[Case] = []
    by_lang: dict[str, list[Page]] = {}
    for p in pages:
        by_lang.setdefault(p.language, []).append(p)
    for page in pages:
        main = page.text.main
        if not main:
            continue
        sents = [s for s in sentences(main) if main.count(s) == 1]
        rng.shuffle(sents)
        pool = iter(sents * 3)
        # Substitutes are plain words: a number or a negation would be another class.
        vocab = sorted({w for w in words(main).keys if len(w) >= 4 and w.isalpha()
                        and not is_negation(w) and not is_number(w)})
        names = sorted({m.group() for m in re.finditer(r"(?<=[a-z,] )[A-ZÁÉÍÓÚÑ][a-záéíóúñ]{3,}",
                                                       main)})
        for s in sents[:per_page]:
            cases.append(Case(page, s, "found", "verbatim"))
        # Upstream's snippets are character probes; some start or end inside a word. A
        # quotation never does, and which word it "is" there is moot: those are left out.
        for snip in page.with_:
            if _holds_whole(main, snip):
                cases.append(Case(page, snip, "found", "verbatim", "with-snippet"))
        for kind in TYPOGRAPHIC:
            s = next(pool, None)
            if s:
                cases.append(Case(page, _typographic(s, kind, rng), "found", "typographic", kind))
        for kind in ALTERATIONS:
            for s in sents[:12]:
                altered = _alter(s, kind, page.language, vocab, names, rng)
                if altered and normalize(altered) != normalize(s) and \
                        not _holds(page.text.full, altered):
                    cases.append(Case(page, altered, "altered", "altered", kind))
                    break
        for s in sents[12:15]:  # several changes at once: still the same passage, altered
            altered = s
            for kind in rng.sample(ALTERATIONS, 3):
                altered = _alter(altered, kind, page.language, vocab, names, rng) or altered
            if normalize(altered) != normalize(s) and not _holds(page.text.full, altered):
                cases.append(Case(page, altered, "altered", "altered-multi"))
        for s in sents[15:19]:  # short quotes: few words, little evidence either way
            ws = s.split(" ")
            n = rng.randint(4, 6)
            at = rng.randrange(0, max(1, len(ws) - n))
            chunk = " ".join(ws[at:at + n])
            if rng.random() < 0.5:
                cases.append(Case(page, chunk, "found", "short", "verbatim"))
                continue
            kind = rng.choice(ALTERATIONS)
            altered = _alter(chunk, kind, page.language, vocab, names, rng)
            if altered and normalize(altered) != normalize(chunk) and \
                    not _holds_whole(page.text.full, altered):
                cases.append(Case(page, altered, "altered", "short", kind))
        cases.extend(_ellipsis_cases(page, sents, rng))
        for s in sents[:12]:
            ws = s.split()
            k = rng.randint(1, 2)
            # A bracket standing for a negation changes the claim: that is not this group.
            if len(ws) >= 10 and ws[0][:1].isupper() and \
                    not any(is_negation(normalize(x)) for x in ws[:k]):
                cases.append(Case(page, "[Someone] " + " ".join(ws[k:]), "found", "bracket"))
                break
        others = [p for p in by_lang.get(page.language, []) if p is not page and p.text.main]
        for other in rng.sample(others, min(2, len(others))):
            for s in sentences(other.text.main)[:20]:
                # Two outlets may carry the same wire copy: a sentence sharing six words in a
                # row with this page is that passage reworded, not missing.
                if not _holds(page.text.full, s) and not _shares_run(page.text.full, s):
                    cases.append(Case(page, s, "missing", "missing"))
                    break
            for s in sentences(other.text.main)[20:30]:
                ws = s.split(" ")
                n = rng.randint(4, 6)
                chunk = " ".join(ws[:n])
                if not _holds(page.text.full, chunk):
                    cases.append(Case(page, chunk, "missing", "missing", "short"))
                    break
        for snip in page.without:
            if _holds_whole(main, snip):
                cases.append(Case(page, snip, "found", "boilerplate", "in-main"))
            elif _holds_whole(page.text.full, snip):
                cases.append(Case(page, snip, "found", "boilerplate", "outside", outside=True))
            elif not _holds(page.text.full, snip):
                cases.append(Case(page, snip, "missing", "boilerplate", "absent"))
    return cases


def _shares_run(haystack: str, needle: str, n: int = 6) -> bool:
    hay = " " + " ".join(words(haystack).keys) + " "
    keys = words(needle).keys
    return any(" " + " ".join(keys[i:i + n]) + " " in hay for i in range(len(keys) - n + 1))


def _ellipsis_cases(page: Page, sents: list[str], rng: random.Random) -> Iterator[Case]:
    for s in sents[:12]:
        ws = s.split()
        if len(ws) >= 14:
            a = rng.randint(4, 6)
            b = rng.randint(a + 3, len(ws) - 4)
            head, tail = " ".join(ws[:a]), " ".join(ws[b:])
            mark = rng.choice(["…", "...", "[…]", "(...)"])
            yield Case(page, f"{head} {mark} {tail}", "found", "ellipsis", mark,
                       segments=(head, tail))
            return


def _typographic(s: str, kind: str, rng: random.Random) -> str:
    ws = s.split(" ")
    if kind == "quotes":
        return s.translate(str.maketrans({"\"": "“", "'": "’", "“": "\"", "”": "\"",
                                          "’": "'", "«": "\"", "»": "\""}))
    if kind == "dashes":
        return s.replace(" - ", " — ").replace("–", "-").replace("—", "–")
    if kind == "spaces":
        i = rng.randrange(1, len(ws))
        return " ".join(ws[:i]) + "\n  " + " ".join(ws[i:])
    if kind == "nfd":
        return unicodedata.normalize("NFD", s)
    long_words = [i for i, w in enumerate(ws) if len(w) >= 6 and w.isalpha()]
    if kind in ("soft-hyphen", "hyphenation") and long_words:
        i = rng.choice(long_words)
        cut = len(ws[i]) // 2
        glue = "\u00ad" if kind == "soft-hyphen" else "-\n"
        ws[i] = ws[i][:cut] + glue + ws[i][cut:]
        return " ".join(ws)
    if kind == "ligature":
        return s.replace("fi", "ﬁ").replace("fl", "ﬂ")
    if kind == "case":
        return s.upper()
    return s


def _alter(s: str, kind: str, lang: str, vocab: list[str], names: list[str],
           rng: random.Random) -> str | None:
    ws = s.split(" ")
    plain = [i for i, w in enumerate(ws) if w.isalpha() and w.islower() and len(w) >= 4
             and not is_negation(normalize(w)) and not is_number(normalize(w))]
    if kind == "spelling" and plain:
        i = rng.choice(plain)
        w = ws[i]
        j = rng.randrange(1, len(w) - 1)
        ws[i] = rng.choice([w[:j] + w[j + 1:], w[:j] + w[j] + w[j:], w + "s",
                            w[:j] + w[j + 1] + w[j] + w[j + 2:]])
        return " ".join(ws)
    if kind == "accent":
        accented = [i for i, w in enumerate(ws) if unicodedata.normalize("NFD", w) != w]
        if accented:
            i = rng.choice(accented)
            ws[i] = "".join(c for c in unicodedata.normalize("NFD", ws[i])
                            if not unicodedata.combining(c))
            return " ".join(ws)
        if plain:
            i = rng.choice(plain)
            w = ws[i]
            vowels = [j for j, c in enumerate(w) if c in _ACCENTS]
            if vowels:
                j = rng.choice(vowels)
                ws[i] = w[:j] + _ACCENTS[w[j]] + w[j + 1:]
                return " ".join(ws)
        return None
    if kind == "word-changed" and plain and vocab:
        i = rng.choice(plain)
        ws[i] = rng.choice(vocab)
        return " ".join(ws)
    if kind == "word-added" and vocab:
        ws.insert(rng.randrange(1, len(ws)), rng.choice(vocab))
        return " ".join(ws)
    if kind == "word-dropped" and len(plain) > 1:
        del ws[rng.choice([i for i in plain if 0 < i < len(ws) - 1] or plain)]
        return " ".join(ws)
    if kind == "reordered":
        pairs = [i for i in range(1, len(ws) - 2) if ws[i].isalpha() and ws[i + 1].isalpha()
                 and ws[i].lower() != ws[i + 1].lower()]
        if pairs:
            i = rng.choice(pairs)
            ws[i], ws[i + 1] = ws[i + 1], ws[i]
            return " ".join(ws)
        return None
    if kind == "number-changed":
        nums = [i for i, w in enumerate(ws) if re.search(r"\d", w)]
        if nums:
            i = rng.choice(nums)
            ws[i] = re.sub(r"\d", lambda m: str((int(m.group()) + 1) % 10), ws[i], count=1)
            return " ".join(ws)
        return None
    if kind == "negation-changed":
        neg = _NEGATE.get(lang)
        if neg is None:
            return None
        present = [i for i, w in enumerate(ws) if w.lower() == neg]
        if present:
            del ws[present[0]]
        else:
            ws.insert(rng.randrange(1, len(ws)), neg)
        return " ".join(ws)
    if kind == "name-changed" and names:
        caps = [i for i, w in enumerate(ws) if i > 0 and w in names]
        if caps:
            i = rng.choice(caps)
            ws[i] = rng.choice([n for n in names if n != ws[i]] or ["Zebedeo"])
            return " ".join(ws)
    return None
