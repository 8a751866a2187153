"""Report values built by hand, for the report tests (unit and browser).

The pages are synthetic test pages of fictional outlets; the Report values stand in for
what the pipeline produces, so the reports can be tested while the stages are built.
The pages are written once as HTML (to serve to a browser) and once as the text an
extractor would take from them (to put in PageText), from the same paragraphs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
from dataclasses import dataclass, field
from pathlib import Path

from lxml import html as lxml_html

from provenance.model import (
    Citation,
    CitationHow,
    Document,
    Edit,
    EditKind,
    Flag,
    Match,
    Origin,
    Outcome,
    PageText,
    Problem,
    ProblemKind,
    Quote,
    QuoteKind,
    Report,
    ResolutionStep,
    Severity,
    Snapshot,
    Source,
    Span,
    Status,
    StepKind,
    Verdict,
)

HOSTILE = Path(__file__).resolve().parents[1] / "data" / "hostile"
WHEN = dt.datetime(2026, 3, 14, 9, 30, tzinfo=dt.UTC)
FILLER = tuple(
    f"Paragraph {i} of the synthetic test page: notes on tides, nets and the weather "
    f"at the quay, here only so that the passage sits far down the page."
    for i in range(1, 41)
)


@dataclass
class Site:
    """Synthetic pages by path, and the Report that cites them."""

    pages: dict[str, bytes] = field(default_factory=dict)


def page_html(title: str, paragraphs: tuple[str, ...], sidebar: str = "") -> str:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    side = f"<aside><p>{html.escape(sidebar)}</p></aside>" if sidebar else ""
    return (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        f"<title>{html.escape(title)}</title></head><body>"
        f"<header><h1>{html.escape(title)}</h1>"
        "<p>A synthetic test page of a fictional outlet.</p></header>"
        f"<article>{body}</article>{side}</body></html>"
    )


def page_text(title: str, paragraphs: tuple[str, ...], sidebar: str = "") -> PageText:
    main = "\n".join(paragraphs)
    full = "\n".join((title, "A synthetic test page of a fictional outlet.", main, sidebar))
    return PageText(main=main, full=full.strip(), title=title, language="en")


def snapshot(url: str, body: bytes, origin: Origin = Origin.LIVE,
             final_url: str | None = None) -> Snapshot:
    return Snapshot(url=url, final_url=final_url or url, status=200,
                    content_type="text/html; charset=utf-8", fetched_at=WHEN,
                    sha256=hashlib.sha256(body).hexdigest(), body=body, origin=origin,
                    warc="captures-0001.warc.gz#1024")


class DocumentBuilder:
    """Writes a document piece by piece, keeping the span, line and column of each quote."""

    def __init__(self) -> None:
        self.text = ""

    def add(self, text: str) -> None:
        self.text += text

    def quote(self, text: str, citation: Citation | None, marks: str = "“”",
              segments: tuple[str, ...] = (), insertions: tuple[str, ...] = ()) -> Quote:
        self.text += marks[0]
        start = len(self.text)
        self.text += text + marks[1]
        line = self.text.count("\n", 0, start) + 1
        column = start - (self.text.rfind("\n", 0, start) + 1) + 1
        return Quote(text=text, span=Span(start, start + len(text)), line=line, column=column,
                     marks=marks, language="en", segments=segments, insertions=insertions,
                     locations=(Span(start, start + len(text)),), citation=citation,
                     link_reason="cited in the same sentence")


def _match(text: str, passage: str, **kw) -> Match:
    start = text.index(passage)
    return Match(score=kw.pop("score", 100.0), span=Span(start, start + len(passage)),
                 source_text=passage, **kw)


def sample_site(base: str = "https://harbour-gazette.example") -> tuple[Site, Report]:
    """A report with every status: found (plain, elided, from an archive), altered (with the
    source's words spread over two paragraphs), missing and unverified."""
    site = Site()
    edit_title = "Harbour Gazette editorial: the quay stays open"
    found_passage = "the harbour will stay open to every fishing boat that pays its dues"
    # Two paragraphs: a fragment for it must be written as start,end.
    altered_source = ("The council has not yet approved the dredging plan,\n"
                      "and it will not do so before the tide tables are published.")
    elided_source = "The levy, which funds the lighthouse keepers, will be reviewed in March"
    paras = (*FILLER[:25],
             f"Our position has not changed: {found_passage}, as it always has.",
             *FILLER[25:32], *altered_source.split("\n"), elided_source + ".",
             *FILLER[32:])
    # A decoy that shares the found passage's first words, higher up the page's sidebar-free
    # text: a fragment of the first words alone would land here.
    paras = ("Some say the harbour will stay open only in summer.", *paras)
    sidebar = "Most read: the harbour will stay open, says the mayor."
    ed_url = f"{base}/2026/03/quay-stays-open"
    ed_html = page_html(edit_title, paras, sidebar).encode()
    site.pages["/2026/03/quay-stays-open"] = ed_html
    ed_text = page_text(edit_title, paras, sidebar)
    ed_snap = snapshot(ed_url, ed_html)

    col_url = f"{base}/columns/tides"
    col_paras = ("Column: the tides of politics (synthetic test page).", *FILLER[:10])
    col_html = page_html("Tides of politics", col_paras).encode()
    site.pages["/columns/tides"] = col_html
    col_text = page_text("Tides of politics", col_paras)
    col_snap = snapshot(col_url, col_html)

    arch_path = "/web/20260301000000/https://lighthouse-news.example/keepers"
    arch_paras = (*FILLER[:30], "The keepers said the light has never once gone dark.")
    arch_html = page_html("Lighthouse News (archived)", arch_paras).encode()
    site.pages[arch_path] = arch_html
    arch_text = page_text("Lighthouse News (archived)", arch_paras)
    arch_snap = snapshot("https://lighthouse-news.example/keepers", arch_html,
                         Origin.ARCHIVE, final_url=base + arch_path)

    editorial = Citation(key="c1", how=CitationHow.NARRATIVE, outlet="Harbour Gazette",
                         title="The quay stays open", date=dt.date(2026, 3, 12), url=ed_url,
                         reference="the Harbour Gazette editorialized on 12 March",
                         resolution=(
                             ResolutionStep(StepKind.REGISTRY, Outcome.FOUND,
                                            "Harbour Gazette → harbour-gazette.example"),
                             ResolutionStep(StepKind.SITEMAP, Outcome.FOUND,
                                            "title slug and date match")),
                       candidates=(f"{base}/2026/03/quay-question",))
    column = Citation(key="c2", how=CitationHow.URL, url=col_url, reference=col_url)
    keepers = Citation(key="c3", how=CitationHow.FOOTNOTE, outlet="Lighthouse News",
                       url="https://lighthouse-news.example/keepers", reference="[3]",
                       resolution=(ResolutionStep(StepKind.URL, Outcome.FOUND),
                                   ResolutionStep(StepKind.ARCHIVED_COPY, Outcome.FOUND,
                                                  "live page HTTP 404: capture of 2026-03-01")))
    nowhere = Citation(key="c4", how=CitationHow.NARRATIVE, outlet="Quayside Weekly",
                       reference="as Quayside Weekly put it")

    doc = DocumentBuilder()
    doc.add("Synthetic test document about a fictional harbour.\n\nThe Gazette wrote that ")
    q_found = doc.quote(found_passage, editorial)
    doc.add(".\nIt also claimed that ")
    q_altered = doc.quote("the council has never approved the new dredging plan, and it "
                          "will not do so before the tide tables are published", editorial)
    doc.add(".\nAnd: ")
    q_elided = doc.quote("The levy … will be reviewed in March", editorial,
                         segments=("The levy", "will be reviewed in March"))
    doc.add(".\nThe columnist insisted that ")
    q_missing = doc.quote("the mayor sold the pier to a private fund", column)
    doc.add(".\nThe keepers: ")
    q_archive = doc.quote("the light has never once gone dark", keepers)
    doc.add("[3].\nFinally, ")
    q_unverified = doc.quote("nobody reads the tide tables", nowhere)
    doc.add(", as Quayside Weekly put it.\n")
    doc.add("The so-called ")
    term = doc.quote("quay question", None)
    doc.add(" remains.\n")
    document = Document(text=doc.text, origin="harbour-dispute.md", format="md",
                        sha256=hashlib.sha256(doc.text.encode()).hexdigest())

    ed_source = Source(editorial, ed_snap, ed_text)
    altered_match = _match(
        ed_text.main, altered_source.rstrip("."), score=91.3,
        edits=(Edit(EditKind.WORD_CHANGED, "never", "not yet", Severity.CRITICAL),
               Edit(EditKind.WORD_ADDED, "new", "", Severity.MAJOR)))
    verdicts = (
        Verdict(q_found, Status.FOUND, "verbatim in the cited editorial",
                _match(ed_text.main, found_passage), source=ed_source),
        Verdict(q_altered, Status.ALTERED,
                "2 words differ: “never” for “not yet” (negation), “new” added",
                altered_match, source=ed_source),
        Verdict(q_elided, Status.FOUND, "verbatim, with one ellipsis",
                _match(ed_text.main, elided_source,
                       elided=(", which funds the lighthouse keepers,",)),
                flags=(Flag.ELIDED,), source=ed_source),
        Verdict(q_missing, Status.MISSING, "not in the cited column (best alignment 41)",
                Match(41.0, Span(0, 10), col_text.main[:10]),
                source=Source(column, col_snap, col_text)),
        Verdict(q_archive, Status.FOUND, "verbatim in the archived copy",
                _match(arch_text.main, "the light has never once gone dark"),
                source=Source(keepers, arch_snap, arch_text)),
        Verdict(q_unverified, Status.UNVERIFIED,
                "source not found: no URL for the cited work",
                source=Source(nowhere, problem=Problem(ProblemKind.UNRESOLVED,
                                                       "no URL for the cited work"))),
    )
    term = Quote(term.text, term.span, term.line, term.column, kind=QuoteKind.TERM,
                 marks=term.marks)
    report = Report(document=document, verdicts=verdicts, others=(term,), created_at=WHEN,
                    manifest=(("offline", "False"), ("missing_below", "75.0")))
    return site, report


def sample_report(base: str = "https://harbour-gazette.example") -> Report:
    return sample_site(base)[1]


# --- the hostile fixture --------------------------------------------------------------------


def _article_paragraphs(raw: bytes) -> tuple[str, ...]:
    tree = lxml_html.fromstring(raw)
    return tuple(" ".join(p.text_content().split()) for p in tree.iterfind(".//article/p"))


def hostile_site(base: str = "https://hostile.example") -> tuple[Site, Report]:
    """Quotes, citations, reasons and page text full of markup that must never run."""
    site = Site()
    raw = (HOSTILE / "page.html").read_bytes()
    site.pages["/page.html"] = raw
    paras = _article_paragraphs(raw)
    title = "<img src=x onerror=\"window.__pwned='title'\">Hostile Herald"
    text = PageText(main="\n".join(paras), full="\n".join((title, *paras)), title=title)
    url = f"{base}/page.html"
    snap = snapshot(url, raw)
    source_doc = (HOSTILE / "document.md").read_text(encoding="utf-8")
    document = Document(text=source_doc, origin="hostile\"><script>window.__pwned='origin'"
                        "</script>.md", format="md",
                        sha256=hashlib.sha256(source_doc.encode()).hexdigest())
    cite = Citation(key="c1", how=CitationHow.URL, url=url,
                    title="</title><script>window.__pwned='cite'</script>",
                    outlet="<b onmouseover=\"window.__pwned='outlet'\">Herald",
                    reference="<a href=\"javascript:window.__pwned='ref'\">here</a>",
                    resolution=(ResolutionStep(StepKind.REGISTRY, Outcome.FOUND,
                                               "<svg onload=\"window.__pwned='svg'\">"),),
                    candidates=("javascript:window.__pwned='candidate'",
                                "https://hostile.example/a\"onmouseover=\"window.__pwned=1"))
    js = Citation(key="c2", how=CitationHow.URL, url="javascript:window.__pwned='url'",
                  reference="javascript:window.__pwned='url'")
    verdicts = []
    for i, q in enumerate(_document_quotes(source_doc)):
        passage = q.text
        where = text.main.find(passage)
        if where >= 0:
            m = Match(100.0, Span(where, where + len(passage)), passage)
            verdicts.append(Verdict(
                Quote(q.text, q.span, q.line, q.column, marks="“”", citation=cite,
                      link_reason="<i>next to</i> the <script>link</script>"),
                Status.FOUND, f"verbatim <script>window.__pwned='reason{i}'</script>", m,
                source=Source(cite, snap, text)))
        else:
            verdicts.append(Verdict(
                Quote(q.text, q.span, q.line, q.column, marks="“”", citation=js),
                Status.UNVERIFIED, "cannot fetch javascript: URL <img src=x onerror=alert(1)>",
                source=Source(js, problem=Problem(ProblemKind.FETCH, "unsupported URL scheme")),
                elsewhere="javascript:window.__pwned='elsewhere'"))
    altered_src = text.main.find("onerror=")
    if altered_src >= 0:
        end = text.main.find("\n", altered_src)
        end = len(text.main) if end < 0 else end
        m = Match(88.0, Span(altered_src, end), text.main[altered_src:end],
                  edits=(Edit(EditKind.WORD_CHANGED, "<b>", "</i>", Severity.MAJOR),))
        q = verdicts[0].quote
        verdicts.append(Verdict(q, Status.ALTERED, "markup <u>differs</u>", m,
                                source=Source(cite, snap, text)))
    report = Report(document=document, verdicts=tuple(verdicts), created_at=WHEN,
                    manifest=(("note", "<script>window.__pwned='manifest'</script>"),))
    return site, report


def _document_quotes(text: str) -> list[Quote]:
    """The “…” quotations of the hostile document, found plainly (not by the quote finder)."""
    out, at = [], 0
    while (open_at := text.find("“", at)) >= 0:
        close = text.find("”", open_at + 1)
        if close < 0:
            break
        start = open_at + 1
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        out.append(Quote(text[start:close], Span(start, close), line, column))
        at = close + 1
    return out


# --- the builders are tested too ---------------------------------------------------------------


def test_sample_quotes_stand_at_their_spans() -> None:
    report = sample_report()
    for v in report.verdicts:
        assert v.quote.span.slice(report.document.text) == v.quote.text
        if v.match and v.source and v.source.text and v.status is not Status.MISSING:
            assert v.match.span.slice(v.source.text.main) == v.match.source_text


def test_sample_has_every_status() -> None:
    assert {v.status for v in sample_report().verdicts} == set(Status)


def test_hostile_fixture_has_quotes_with_markup() -> None:
    _, report = hostile_site()
    texts = " ".join(v.quote.text for v in report.verdicts)
    assert "<script>" in texts and "onerror=" in texts and "javascript:" in texts
    assert {v.status for v in report.verdicts} >= {Status.FOUND, Status.UNVERIFIED,
                                                   Status.ALTERED}
