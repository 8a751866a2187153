"""Titles of boxes of links to other pages, read by what they head, in any language. Every
snippet here is synthetic and says so."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from provenance.text.teasers import drop_teasers

PAGE = "https://diario-sintetico.example/politica/nota-sintetica"
PROSE = ("Esta página sintética cuenta que el muelle del puerto ficticio reabrirá en mayo, "
         "después de dos años de obras y tres retrasos que el ayuntamiento explicó hoy.")
ARTICLE = "".join(f"<p>Párrafo {i}. {PROSE}</p>" for i in range(4))


def _text_after(block: str) -> str:
    root = lxml_html.document_fromstring(
        f"<html><body><article>{ARTICLE}{block}</article></body></html>")
    drop_teasers(root, PAGE)
    return " ".join(root.text_content().split())


def _cards(n: int) -> str:
    return "".join(f'<article><a href="/otra-nota-{i}"><h2>Titular sintético {i} de otra '
                   "nota del mismo diario</h2></a></article>" for i in range(n))


@pytest.mark.parametrize("title", ["Seguí leyendo", "Más leídas de Política", "Most read",
                                   "Meistgelesen", "Mais lidas", "Les plus lus"])
def test_a_box_title_goes_with_the_related_cards_it_heads(title: str) -> None:
    text = _text_after(f"<section><h3>{title}</h3></section><div>{_cards(3)}</div>")
    assert "Titular sintético" not in text
    assert title not in text
    assert "Párrafo 3." in text


@pytest.mark.parametrize(("label", "link"), [
    ("Lue myös:", "Synteettinen otsikko toisesta jutusta tänään"),
    ("Seguir leyendo:", "Otra noticia sintética que el diario enlaza aquí"),
    ("Leia mais:", "Outra notícia sintética que o jornal liga aqui"),
])
def test_a_label_ending_in_a_colon_over_one_link_elsewhere_is_a_teaser(label: str,
                                                                       link: str) -> None:
    text = _text_after(f'<p>{label}</p><div><a href="/otra-nota"><b>{link}</b></a></div>')
    assert label not in text
    assert link not in text
    assert "Párrafo 3." in text


def test_a_title_over_a_list_of_links_the_rules_keep_stays() -> None:
    # The annotated corpus counts an editor's list of links inside the article as body.
    block = ("<h4>Editors’ picks:</h4><ul>" + "".join(
        f'<li><a href="/pick-{i}">Synthetic pick number {i} of the editors</a></li>'
        for i in range(3)) + "</ul>")
    text = _text_after(block)
    assert "Editors’ picks:" in text
    assert "Synthetic pick number 2" in text


def test_a_heading_over_a_paragraph_that_links_elsewhere_stays() -> None:
    # A letter's title over its reference line: one paragraph, not a box of links.
    block = ("<h4>Synthetic letter title here</h4><p>Re. “<a href='/letters-1'>Synthetic "
             "headline of the article this letter answers</a>,” Page A8:</p>"
             f"<p>{PROSE}</p>")
    assert "Synthetic letter title here" in _text_after(block)


@pytest.mark.parametrize("block", [
    # a subheading over prose
    f"<h3>El muelle sintético</h3><div><p>{PROSE}</p></div>",
    # a sentence over links is a sentence, not a title
    "<p>Estas son las notas sintéticas del día.</p><div>" + _cards(3) + "</div>",
    # a colon over a link to the same page (a jump within the article)
    f'<p>Índice sintético:</p><div><a href="{PAGE}#parte-2">Segunda parte de la nota</a></div>',
])
def test_titles_that_head_no_box_of_links_elsewhere_stay(block: str) -> None:
    title = lxml_html.fragment_fromstring(block, create_parent="div")[0].text_content()
    assert " ".join(title.split()) in _text_after(block)


def test_a_title_inside_the_sites_menus_is_left_to_the_extraction() -> None:
    block = f"<nav><div><h3>Secciones sintéticas</h3></div><div>{_cards(3)}</div></nav>"
    assert "Secciones sintéticas" in _text_after(block)


@pytest.mark.parametrize("line", ["Seguinos en Instagram y en X (sintético)",
                                  "Hacete socio del diario sintético",
                                  "Sumate a nuestro canal sintético de WhatsApp",
                                  "Descargá la app del diario sintético"])
def test_calls_to_action_in_voseo_are_not_article_text(line: str) -> None:
    from provenance.text.teasers import is_teaser_line

    assert is_teaser_line(line)
    assert not is_teaser_line("Seguimos sin saber cuándo reabrirá el muelle sintético.")
