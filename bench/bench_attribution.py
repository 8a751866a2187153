"""Which work each quotation cites: our attribution against labelled real documents.

    python -m bench.bench_attribution                 # the whole labelled set
    python -m bench.bench_attribution --only es-news-hoy en-osg-leadership
    python -m bench.bench_attribution --verbose       # every miss and every wrong tie

Reads ``../shared/corpus/attribution/`` (labels.json and docs/; see its README) at run
time; nothing of it is copied here. Each document goes through what `provenance quotes DOC
--json` does (read, find quotes, find citations, attribute), in process. Our quotes meet the
labels the way the corpus README scores them: markup, marks, punctuation and case dropped,
and a label (the first 60 characters of the quoted words) matches a quote whose words start
with it.

Printed, overall, per form and per language:
- detection recall (labelled quotations we find as quotations) and precision (our
  quotations that a label calls a quotation);
- attribution accuracy over the labelled quotations that cite a work: found as a quotation
  and tied to that work;
- the wrong-attribution rate over all labelled quotations: tied to a different work, or to
  any work where the document cites none;
- beside them a baseline that ties each of our quotations to the nearest link in its
  paragraph.
Labels marked ``unsure`` stay out of every figure; later paragraphs of a multi-paragraph
quotation (``part_of``) count only as matches for precision.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rapidfuzz import fuzz

from provenance.commands.quotes import extract
from provenance.document import read_document
from provenance.model import Citation, CitationHow, Document, Quote, QuoteKind
from provenance.quotes.find import quote_layout

SHARED = Path(os.environ.get("PROVENANCE_SHARED", Path(__file__).resolve().parents[2] / "shared"))
CORPUS = SHARED / "corpus" / "attribution"

_TAG = re.compile(r"<[^<>\n]{1,200}>")
_MD_TARGET = re.compile(r"\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*\)|\]\[[^\]\n]*\]")
_NOT_WORD = re.compile(r"[\W_]+")
_TITLE_LIKE = 85  # rapidfuzz partial ratio: a citation's words naming the labelled work


def norm(text: str) -> str:
    """Words only: markup, link targets, marks, punctuation and case dropped."""
    text = html.unescape(_MD_TARGET.sub(" ", _TAG.sub(" ", text)))
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NOT_WORD.sub(" ", text).split())


def same_url(a: str, b: str) -> bool:
    def key(u: str) -> str:
        p = urlsplit(unquote(u.strip()))
        host = p.netloc.casefold().removeprefix("www.")
        return host + p.path.rstrip("/") + (f"?{p.query}" if p.query else "")

    return key(a) == key(b)


def cites_label(c: Citation, label: str | dict[str, Any]) -> bool:
    """Whether citation ``c`` is the work ``label`` names (a URL, or outlet/title/author)."""
    if isinstance(label, str):
        return bool(c.url) and same_url(c.url or "", label)
    if c.url and label.get("url_given") and same_url(c.url, label["url_given"]):
        return True
    words = norm(" ".join(x or "" for x in (c.reference, c.title, c.outlet, c.author)))
    if not words:
        return False
    for part in ("title", "outlet"):
        want = norm(label.get(part) or "")
        if len(want) >= 4 and (want in words or fuzz.partial_ratio(want, words) >= _TITLE_LIKE):
            return True
    author = norm((label.get("author") or "").split(",")[0])
    surname = author.split()[-1] if author.split() else ""
    return len(surname) >= 3 and re.search(rf"\b{re.escape(surname)}\b", words) is not None


def is_work(c: Citation | None) -> bool:
    """A vague attribution ("the country's newspapers") names no work."""
    return c is not None and c.how is not CitationHow.VAGUE


@dataclass(slots=True)
class Tally:
    quotations: int = 0  # labelled quotations (not unsure, not continuations)
    found: int = 0  # of them, found as quotations
    citing: int = 0  # of them, citing a work
    right: int = 0
    wrong: int = 0
    base_right: int = 0
    base_wrong: int = 0
    ours: int = 0  # our quotations whose label is sure (precision's denominator)
    ours_true: int = 0

    def add(self, other: Tally) -> None:
        for name in self.__slots__:  # type: ignore[attr-defined]
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(slots=True)
class Scores:
    overall: Tally = field(default_factory=Tally)
    by_form: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_language: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    notes: list[str] = field(default_factory=list)  # misses and wrong ties, for --verbose


def nearest_link(doc: Document, q: Quote) -> Citation | None:
    """The baseline: the link nearest the quote in its paragraph."""
    lay = quote_layout(doc)
    pi = lay.paragraph_of(q.span.start)
    best = None
    for link in doc.links:
        if lay.paragraph_of(link.span.start) != pi:
            continue
        dist = abs(link.span.start - q.span.start)
        if best is None or dist < best[0]:
            best = (dist, link.url)
    return Citation("base", CitationHow.URL, url=best[1]) if best else None


def _match(labels: list[dict[str, Any]], quotes: Sequence[Quote],
           ) -> tuple[list[Quote | None], list[int | None]]:
    """Each label's quote, and each quote's label (by normalised prefix, in order)."""
    keys = [norm(q.text) for q in quotes]
    of_label: list[Quote | None] = []
    of_quote: list[int | None] = [None] * len(quotes)
    used: set[int] = set()
    for li, lab in enumerate(labels):
        want = norm(lab["text"])
        hits = [i for i, k in enumerate(keys)
                if want and (k.startswith(want) or (len(k) >= 12 and want.startswith(k)
                                                   and len(lab["text"]) < 60))]
        # a quote repeated in the document is one quote with several locations
        free = [i for i in hits if i not in used] or hits
        if not free:
            of_label.append(None)
            continue
        i = free[0]
        used.add(i)
        of_label.append(quotes[i])
        if of_quote[i] is None or labels[of_quote[i]]["kind"] != "quotation":
            of_quote[i] = li
    return of_label, of_quote


def score_document(doc_id: str, entry: dict[str, Any], corpus: Path, scores: Scores) -> None:
    doc = read_document(corpus / entry["file"])
    quotes, _ = extract(doc)
    labels = entry["quotes"]
    lang = entry["language"]
    of_label, of_quote = _match(labels, quotes)
    for lab, q in zip(labels, of_label, strict=True):
        if lab["kind"] != "quotation" or lab.get("unsure") or lab.get("part_of"):
            continue
        t = Tally(quotations=1)
        cites = lab.get("cites")
        found = q is not None and q.kind is QuoteKind.QUOTATION
        t.found = int(found)
        ours = q.citation if found and q is not None else None
        base = nearest_link(doc, q) if found and q is not None else None
        if cites is not None:
            t.citing = 1
            t.right = int(ours is not None and cites_label(ours, cites))
            t.base_right = int(base is not None and cites_label(base, cites))
        t.wrong = int(is_work(ours) and (cites is None or not t.right))
        t.base_wrong = int(base is not None and (cites is None or not t.base_right))
        if not t.found or t.wrong or (cites is not None and not t.right):
            what = "not found" if q is None else f"as {q.kind.value}" if not found else \
                "WRONG" if t.wrong else "untied"
            tied = _describe(ours) if ours else (q.link_reason if q else "")
            scores.notes.append(f"{doc_id} [{lab.get('form')}] {what}: “{lab['text'][:50]}” "
                                f"cites {_describe_label(cites)}; ours: {tied}")
        _add(scores, lab.get("form", "?"), lang, t)
    for q, li in zip(quotes, of_quote, strict=True):
        if q.kind is not QuoteKind.QUOTATION:
            continue
        lab = labels[li] if li is not None else None
        if lab is not None and lab.get("unsure"):
            continue
        t = Tally(ours=1, ours_true=int(lab is not None and lab["kind"] == "quotation"))
        if not t.ours_true:
            scores.notes.append(f"{doc_id} extra quotation: “{q.text[:50]}” labelled "
                                f"{lab['kind'] if lab else 'nothing'}")
        _add(scores, lab.get("form", "none") if lab and lab["kind"] == "quotation" else
             "(not a quotation)", lang, t)


def _add(scores: Scores, form: str, lang: str, t: Tally) -> None:
    scores.overall.add(t)
    scores.by_form[form].add(t)
    scores.by_language[lang].add(t)


def _describe(c: Citation | None) -> str:
    if c is None:
        return "none"
    return f"{c.how.value} {c.url or c.outlet or c.title or c.reference[:60]!r}"


def _describe_label(cites: Any) -> str:
    if cites is None or isinstance(cites, str):
        return str(cites)
    return "{" + ", ".join(f"{k}={v[:40]}" for k, v in cites.items() if v) + "}"


def load_labels(corpus: Path = CORPUS) -> dict[str, dict[str, Any]]:
    data = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
    docs: dict[str, dict[str, Any]] = data["documents"]
    return docs


def score(corpus: Path = CORPUS, only: Iterable[str] | None = None) -> Scores:
    docs = load_labels(corpus)
    scores = Scores()
    for doc_id in sorted(only or docs):
        score_document(doc_id, docs[doc_id], corpus, scores)
    return scores


def _pct(n: int, d: int) -> str:
    return f"{n / d:6.1%}" if d else "     -"


def table(scores: Scores, out: Callable[[str], None] = print) -> None:
    out(f"{'':24} {'n':>4} {'recall':>7} {'prec':>7} {'cite':>5} {'right':>7} {'wrong':>7}"
        f" | {'base right':>10} {'base wrong':>10}")

    def row(name: str, t: Tally) -> None:
        out(f"{name:24} {t.quotations:4d} {_pct(t.found, t.quotations):>7} "
            f"{_pct(t.ours_true, t.ours):>7} {t.citing:5d} {_pct(t.right, t.citing):>7} "
            f"{_pct(t.wrong, t.quotations):>7} | {_pct(t.base_right, t.citing):>10} "
            f"{_pct(t.base_wrong, t.quotations):>10}")

    row("all", scores.overall)
    for form, t in sorted(scores.by_form.items(), key=lambda x: -x[1].quotations):
        row(f"form {form}", t)
    for lang, t in sorted(scores.by_language.items()):
        row(f"language {lang}", t)
    o = scores.overall
    out(f"attribution: detection-recall {o.found / max(1, o.quotations):.2f}, detection-precision "
        f"{o.ours_true / max(1, o.ours):.2f}, attribution-accuracy "
        f"{o.right / max(1, o.citing):.2f}, wrong {o.wrong / max(1, o.quotations):.3f} "
        f"({o.quotations} quotations; baseline accuracy {o.base_right / max(1, o.citing):.2f}, "
        f"wrong {o.base_wrong / max(1, o.quotations):.3f})")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--only", nargs="*", help="document ids to score")
    ap.add_argument("--verbose", action="store_true", help="list every miss and wrong tie")
    args = ap.parse_args(argv)
    if not (args.corpus / "labels.json").is_file():
        print(f"no labelled corpus at {args.corpus}", file=sys.stderr)
        return 2
    scores = score(args.corpus, args.only)
    if args.verbose:
        for line in scores.notes:
            print(line)
    table(scores)
    from bench.synthetic_phrasings import run, summary  # the generated set, beside the real one
    print(summary(run()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
