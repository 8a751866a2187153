"""One test table per way of citing that real documents use: named Markdown footnotes, marker
placement, pull quotes and their credit lines, links that are not sources. The documents
below are synthetic; outlets, people and URLs are fictional."""

from __future__ import annotations

import pytest

from provenance.citations.attribute import attribute, find_citations
from provenance.document import parse_document
from provenance.model import Quote, QuoteKind
from provenance.quotes.find import find_quotes


def quotations(text: str, fmt: str = "md") -> list[Quote]:
    doc = parse_document(text.encode(), f"synthetic.{fmt}", fmt)
    return [q for q in attribute(doc, find_quotes(doc), find_citations(doc))
            if q.kind is QuoteKind.QUOTATION]


def url_of(q: Quote) -> str | None:
    return q.citation.url if q.citation else None


@pytest.mark.parametrize("label", ["1", "salon", "Smith2020", "gomez-uribe,hunt15"])
def test_footnotes_with_any_label(label: str) -> None:
    text = (f"The critic wrote that it was “a town that forgot its river”[^{label}].\n\n"
            f"[^{label}]: Roe, Jane. 2020. “Rivers.” https://example.org/rivers\n")
    (q,) = quotations(text)
    assert url_of(q) == "https://example.org/rivers"


def test_footnote_definition_runs_over_lines_and_paragraphs() -> None:
    text = ("“The bridge will be finished next year,” the mayor said.[^b]\n\n"
            "[^b]: Doe, J. 2021. *Bridges of Avonlea*. Avonlea Press.\n"
            "https://example.org/bridges\n\n    A second paragraph of the note.\n")
    (q,) = quotations(text)
    assert url_of(q) == "https://example.org/bridges"


def test_footnote_without_url_cites_the_work_its_words_describe() -> None:
    text = ("She defines it as “the perceived properties of a thing”[^norman].\n\n"
            "[^norman]: Norman, D. (2013). *The Design of Things*. New York: Basic Books.\n")
    (q,) = quotations(text)
    assert q.citation is not None and q.citation.url is None
    assert q.citation.title == "The Design of Things"
    assert q.citation.author == "Norman, D"


def test_each_marker_ties_its_own_quote() -> None:
    text = ("It is “a ledger for money and assets”[^a]. It is also “distributed across many "
            "machines”[^b], and again “a ledger of record”[^a].\n\n"
            "[^a]: https://example.org/a\n\n[^b]: https://example.org/b\n")
    got = [url_of(q) for q in quotations(text)]
    assert got == ["https://example.org/a", "https://example.org/b", "https://example.org/a"]


@pytest.mark.parametrize("text", [
    "The report says [1]: “Three bridges were closed in March.”\n\n[1]: https://example.org/r\n",
    "“Three bridges were closed in March” [1].\n\n1. https://example.org/r\n",
])
def test_bracketed_markers_before_or_after_with_or_without_colon(text: str) -> None:
    (q,) = quotations(text, "txt")
    assert url_of(q) == "https://example.org/r"


def test_short_quote_with_a_marker_is_a_quotation() -> None:
    text = "The term means “made by hand”[^d].\n\n[^d]: https://example.org/d\n"
    (q,) = quotations(text)
    assert q.text == "made by hand"


PULL = """Some text before.

<aside markdown="1" class="pquote">
  <img src="https://avatars.example.org/jroe?s=180" class="pquote-avatar" alt="avatar">
  Maintaining a project for years taught me that saying no is part of the work.
  <p markdown="1" class="pquote-credit">
— {credit}
  </p>
</aside>
"""


@pytest.mark.parametrize(("credit", "url"), [
    ('@jroe, ["Saying no"](https://example.org/saying-no)', "https://example.org/saying-no"),
    ('[@jroe](https://github.com/jroe), ["Saying no"](https://example.org/saying-no)',
     "https://example.org/saying-no"),
    ('@jroe on [Avonlea](https://github.com/avonlea/avonlea), ["Saying no"]'
     "(https://example.org/saying-no)", "https://example.org/saying-no"),
    ('<a href="https://github.com/jroe">@jroe</a>, maintainer of Avonlea', None),
])
def test_pull_quote_credit_line(credit: str, url: str | None) -> None:
    (q,) = quotations(PULL.format(credit=credit))
    assert q.text.startswith("Maintaining a project")
    assert url_of(q) == url


def test_image_and_profile_links_are_not_cited_works() -> None:
    doc = parse_document(PULL.format(credit="[@jroe](https://github.com/jroe)").encode(),
                         "synthetic.md", "md")
    assert find_citations(doc) == ()


@pytest.mark.parametrize("text", [
    "# The bridge [^1]\n\n“We will build it,” the mayor said.\n\n[^1]: https://example.org/orig\n",
    "Fuente: https://example.org/orig\n\nEl alcalde dijo: “Lo construiremos.”\n",
    "Originally published at [Avonlea Notes](https://example.org/orig).\n\nText.\n",
])
def test_document_sources(text: str) -> None:
    from provenance.citations.document_sources import document_sources

    doc = parse_document(text.encode(), "synthetic.md", "md")
    assert [c.url for c in document_sources(doc, find_citations(doc))] == [
        "https://example.org/orig"]


@pytest.mark.parametrize("use", ["[the Harbour report][hr]", "[Harbour report][]",
                                 "[Harbour report]", "[the Harbour\nreport][HR]"])
def test_reference_style_links_full_collapsed_and_shortcut(use: str) -> None:
    text = (f"As {use} puts it: “The harbour will be dredged before the spring tides.”\n\n"
            "[hr]: https://example.org/harbour \"Harbour\"\n"
            "[harbour report]: https://example.org/harbour\n")
    (q,) = quotations(text)
    assert url_of(q) == "https://example.org/harbour"


def test_bracketed_aside_without_definition_is_no_link() -> None:
    text = "He said [sic] that “the harbour will be dredged before the spring tides.”\n"
    (q,) = quotations(text)
    assert q.citation is None


def test_paragraph_broken_off_mid_sentence_reaches_the_block_quote_after_it() -> None:
    text = ("The study [“Harbour silt”][0] was published. The key point of its abstract is\n\n"
            "> Silt was found in 82% of the samples and in none of the controls.\n\n"
            "[0]: https://example.org/silt\n")
    (q,) = quotations(text)
    assert url_of(q) == "https://example.org/silt"


@pytest.mark.parametrize("after", ["”. (Diario, 299)", "” (Diario 429).", "”. (Diario, p. 12)"])
def test_parenthetical_short_name_and_place_cites_the_work(after: str) -> None:
    text = ("The nun kept a diary for years.\n\n"
            f"“The pale ray stands for the water. The red ray stands for the blood{after}\n")
    (q,) = quotations(text)
    assert q.citation is not None and q.citation.title == "Diario"


def test_share_buttons_of_messaging_apps_are_not_sources() -> None:
    text = ("“The pale ray stands for the water and the red ray for the blood,” she wrote "
            "[share](https://api.whatsapp.com/send?text=synthetic).\n")
    (q,) = quotations(text)
    assert q.citation is None


@pytest.mark.parametrize("text, outlet", [
    ("“I feel comfortable, I am awed by the job,” Roe told The Harbour Times last week.",
     "The Harbour Times"),
    ("El asunto fue abordado por la ministra en entrevista con Cooperativa. “Necesitamos "
     "recuperar la legitimidad de las policías”, dijo.", "Cooperativa"),
    ("“Vi bygger kajen i år och bron nästa år”, sa hon till Dagens Hamnblad.", None),
    ("“Vi bygger kajen i år och bron nästa år”, sa hon till tidningen Hamnbladet.",
     "Hamnbladet"),
])
def test_outlet_spoken_to(text: str, outlet: str | None) -> None:
    (q,) = quotations(text)
    assert (q.citation.outlet if q.citation else None) == outlet


def test_short_outlet_name_is_the_one_named_before_or_none() -> None:
    text = ("“We will dredge the harbour before the tides,” Roe told The Harbour Times.\n\n"
            "“The law is on my side, and the council knows it,” Roe told the Times.\n\n"
            "“Most courts have said we are no seller at all,” Doe said in an interview "
            "with the Globe.\n")
    first, second, third = quotations(text)
    assert first.citation is not None and second.citation is not None
    assert second.citation.outlet == "The Harbour Times"
    assert third.citation is None


def test_vague_attribution_says_so_in_the_reason() -> None:
    text = ("Los diarios del país lo resumieron así:\n\n"
            "“El puerto será dragado antes de las mareas de primavera, sin falta.”\n\n"
            "(los diarios del país).\n")
    (q,) = quotations(text)
    assert q.link_reason.startswith("vague attribution: ")
