"""Reading real-shaped pages right: bot walls from what a reader sees, paywalls as missing
text, teasers outside the body, dropped paragraphs put back, declared charsets trusted,
heavy markup pruned. Every page here is synthetic and says so."""

from __future__ import annotations

import pytest

from provenance.document import decode_text
from provenance.fetch.charset import decode
from provenance.model import ProblemKind
from provenance.text.extract import extract_text
from provenance.text.html import prune
from tests.integration.test_text import ARTICLE, BODY, snap

LONG = "".join(f"<p>Párrafo {i}. {BODY}</p>" for i in range(8))


def _page(article: str, head: str = "") -> str:
    return ARTICLE.replace(f"<p>{BODY}</p><p>{BODY}</p>", article).replace(
        "</head>", head + "</head>")


def test_a_captcha_word_in_a_script_does_not_make_a_short_article_a_bot_wall() -> None:
    script = ('<script>var recaptchaVars = {"captcha": "site-key", '
              '"challenge-platform": true};</script>')
    text = extract_text(snap(_page(f"<p>{BODY}</p>", script), "text/html"))
    assert text.problem is None
    assert "«el puerto volverá a abrir antes del verano»" in text.main


def test_a_challenge_a_reader_sees_is_a_bot_wall() -> None:
    page = ("<html><head><title>Just a moment...</title></head><body><p>Synthetic test page."
            "</p><p>Checking your browser before accessing the site.</p></body></html>")
    problem = extract_text(snap(page, "text/html")).problem
    assert problem is not None and problem.kind is ProblemKind.BLOCKED


def test_an_article_of_normal_length_is_never_a_bot_wall() -> None:
    page = _page(LONG + "<p>Are you a robot? Verify you are human to comment.</p>")
    assert extract_text(snap(page, "text/html")).problem is None


def test_a_paywall_label_over_a_whole_article_is_not_a_cut() -> None:
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", '
          '"isAccessibleForFree": false}</script>')
    assert extract_text(snap(_page(LONG, ld), "text/html")).problem is None


def test_a_page_shorter_than_its_declared_body_is_cut_short() -> None:
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", '
          '"isAccessibleForFree": false, "wordCount": 900}</script>')
    problem = extract_text(snap(_page(f"<p>{BODY}</p>", ld), "text/html")).problem
    assert problem is not None and problem.kind is ProblemKind.PAYWALLED
    assert problem.sentence.startswith("paywalled: the article is cut after")


def test_an_article_body_the_page_states_but_does_not_show_is_read() -> None:
    stated = " ".join(f"Frase {i} del cuerpo sintético que la página declara entero." for i in
                      range(60)) + " El alcalde dijo que «nadie quedará sin muelle»."
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", '
          f'"isAccessibleForFree": false, "articleBody": "{stated}"}}</script>')
    shown = ("El presidente del puerto habla durante un debate televisado en la ciudad el "
             "29 de diciembre, antes de la votación. Foto sintética de archivo.")
    page = _page(f"<p>{shown}</p><p>{shown}</p><p>{shown}</p>"
                 "<div class='paywalled-content'></div>", ld)
    text = extract_text(snap(page, "text/html"))
    assert text.problem is None
    assert "«nadie quedará sin muelle»" in text.main


def test_a_stated_body_shorter_than_the_shown_text_is_a_summary_left_alone() -> None:
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", '
          '"articleBody": "Resumen sintético de una línea."}</script>')
    text = extract_text(snap(_page(LONG, ld), "text/html"))
    assert "Resumen sintético" not in text.main and "Párrafo 7." in text.main


def test_an_empty_paywall_placeholder_after_a_whole_article_is_not_a_cut() -> None:
    box = ('<div class="paywall-box" style="display: none;"><div id="ph-paywall"></div></div>'
           '<div id="after"><p>Mensaje sintético del director a los lectores.</p></div>')
    text = extract_text(snap(_page(LONG + box), "text/html"))
    assert text.problem is None


def test_a_teaser_that_ends_inside_a_shown_paywall_box_is_cut_short() -> None:
    box = ('<div class="paywall"><p>Primeras palabras sintéticas que el muro deja ver y '
           'corta aquí.</p><p>Suscríbete para seguir leyendo.</p></div>')
    problem = extract_text(snap(_page(f"<p>{BODY}</p>{box}"), "text/html")).problem
    assert problem is not None and problem.kind is ProblemKind.PAYWALLED


@pytest.mark.parametrize("label", ["PUEDES VER:", "MIRA:", "LEE TAMBIÉN:", "Read more:",
                                   "Related:", "Leia também:", "Lire aussi :",
                                   "Mehr zum Thema:"])
def test_a_teaser_is_outside_the_body(label: str) -> None:
    teaser = f'<p><strong>{label}</strong> <a href="/otra">Otra noticia sintética del día</a></p>'
    half = len(LONG) // 2
    cut = LONG.index("<p>", half)
    text = extract_text(snap(_page(LONG[:cut] + teaser + LONG[cut:]), "text/html"))
    assert "Otra noticia sintética del día" not in text.main
    assert "Otra noticia sintética del día" in text.full


@pytest.mark.parametrize(("block", "words"), [
    ("<p><em>Síguenos en Telegram, Instagram, Facebook y X</em></p>", "Síguenos en Telegram"),
    ("<p>Submit your letter to the editor via this form.</p>", "Submit your letter"),
    ("<p>Folgen Sie uns auf Mastodon und Bluesky.</p>", "Folgen Sie uns"),
    ("<h3>Weitere aktuelle Themen aus der Arbeitswelt</h3>", "Weitere aktuelle Themen"),
    ('<p><a href="/otra-nota">-La otra noticia sintética que el diario enlaza aquí</a></p>',
     "La otra noticia sintética"),
    ('<div><a href="/otra-nota"><h2>Titular sintético de otra nota del mismo diario</h2></a>'
     "</div>", "Titular sintético de otra nota"),
    ("<figure><img src='a.jpg'><figcaption>Pie de foto sintético del muelle (Agencia "
     "Ficticia)</figcaption></figure>", "Pie de foto sintético"),
    ("<p><em>(Credit: Fotógrafa Ficticia / Agencia Sintética)</em></p>", "Fotógrafa Ficticia"),
])
def test_calls_to_action_link_teasers_and_captions_are_outside_the_body(block: str,
                                                                         words: str) -> None:
    cut = LONG.index("<p>", len(LONG) // 2)
    text = extract_text(snap(_page(LONG[:cut] + block + LONG[cut:]), "text/html"))
    assert words not in text.main
    assert words in text.full
    assert "Párrafo 7." in text.main


def test_a_standfirst_under_the_headline_is_the_articles_text() -> None:
    page = ARTICLE.replace(
        "<article><h1>El puerto reabrirá antes del verano</h1>",
        "<header class='article-header'><h1>El puerto reabrirá antes del verano</h1><p "
        "class='lead'>El alcalde de la ciudad ficticia anunció que las obras del muelle "
        "terminarán en mayo, según esta página sintética.</p></header><article>")
    text = extract_text(snap(page, "text/html"))
    assert "las obras del muelle terminarán en mayo" in text.main
    assert text.main.index("terminarán en mayo") < text.main.index("puerto volverá")


def test_a_heading_that_links_to_another_page_is_outside_the_body() -> None:
    heading = '<h3><a href="https://diario-del-puerto.example/b">Titular sintético ajeno</a></h3>'
    text = extract_text(snap(_page(LONG[:600] + heading + LONG[600:]), "text/html"))
    assert "Titular sintético ajeno" not in text.main


@pytest.mark.parametrize("end", ["", "[12]", "[a][13]"])
def test_a_body_paragraph_in_an_odd_block_is_kept_in_the_body(end: str) -> None:
    odd = ('<div class="embed-wrapper"><div>El concejal añadió que «nadie quedará sin '
           f'muelle durante las obras», según esta página sintética.{end}</div></div>')
    text = extract_text(snap(_page(LONG[:900] + odd + LONG[900:]), "text/html"))
    assert "«nadie quedará sin muelle durante las obras»" in text.main


def test_a_stray_byte_in_a_utf8_page_keeps_it_utf8() -> None:
    page = _page(LONG.replace("Párrafo 3.", "Párrafo 3. señor Muñoz \xff")).encode("utf-8")
    page = page.replace("\xff".encode(), b"\xff")  # one invalid byte
    text = extract_text(snap(page, "text/html; charset=utf-8"))
    assert "señor Muñoz" in text.main and "Ă" not in text.main


@pytest.mark.parametrize(("data", "declared", "expected"), [
    ("señor Muñoz".encode() + b"\xff" + " año".encode() * 400, "utf-8", "señor Muñoz"),
    ("señor Muñoz".encode() + b"\xff" + " año".encode() * 400, None, "señor Muñoz"),
    ("señor Muñoz año".encode("cp1252"), "utf-8", "señor Muñoz año"),  # labelled wrong
    ("Синтетическая страница".encode("cp1251"), "windows-1251", "Синтетическая страница"),
    ("Straße".encode("latin-1"), "iso-8859-1", "Straße"),
    ("\ufeffaño".encode(), None, "año"),
])
def test_a_declared_charset_is_trusted_while_the_bytes_fit_it(data: bytes, declared: str | None,
                                                              expected: str) -> None:
    got = decode(data, declared)
    assert got.text.startswith(expected) or got.text == expected


def test_documents_and_pages_share_the_decoder() -> None:
    data = "señor Muñoz".encode() + b"\xff" + " año".encode() * 400
    assert decode_text(data, "doc.txt") == decode(data).text


def test_scripts_styles_svg_and_data_uris_are_pruned_before_extraction() -> None:
    heavy = ("<script>" + "x" * 100_000 + "</script><style>" + "y" * 50_000 + "</style>"
             "<svg><path d='" + "1 2 " * 20_000 + "'/></svg>"
             "<img src='data:image/png;base64," + "A" * 100_000 + "'>")
    ld = '<script type="application/ld+json">{"@type": "NewsArticle"}</script>'
    pruned = prune(_page(LONG + heavy, ld))
    assert len(pruned) < 10_000 and "ld+json" in pruned and "Párrafo 7." in pruned


def test_a_quote_in_the_shown_part_of_a_cut_page_keeps_its_verdict() -> None:
    from provenance.model import Citation, CitationHow, Flag, Quote, Source, Span, Status
    from provenance.pipeline import _check, _flag_context
    from provenance.settings import Settings

    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", '
          '"isAccessibleForFree": false, "wordCount": 900}</script>')
    text = extract_text(snap(_page(f"<p>{BODY}</p>", ld), "text/html"))
    assert text.problem is not None and text.problem.kind is ProblemKind.PAYWALLED
    source = Source(Citation("c1", CitationHow.URL, url="https://diario-del-puerto.example/a"),
                    text=text, problem=text.problem)
    settings = Settings()

    def verdict(words: str):  # type: ignore[no-untyped-def]
        return _check(Quote(words, Span(0, len(words)), 1, 1, language="es"), source,
                      settings, _flag_context(settings, None))

    found = verdict("el puerto volverá a abrir antes del verano")
    altered = verdict("el puerto volverá a abrir antes del otoño")
    absent = verdict("la ministra anunció un plan de vivienda para toda la comarca costera")
    assert found.status is Status.FOUND and Flag.PAYWALLED in found.flags
    assert altered.status is Status.ALTERED and Flag.PAYWALLED in altered.flags
    assert absent.status is Status.UNVERIFIED
    assert absent.reason.startswith("paywalled: the article is cut after")


def test_a_lang_attribute_that_the_texts_script_belies_is_not_the_pages_language() -> None:
    bengali = "এটি একটি কৃত্রিম পরীক্ষার পাতা। মেয়র বলেছেন যে বন্দর গ্রীষ্মের আগে আবার খুলবে। "
    page = (f'<html lang="en-US"><head><title>পরীক্ষা</title></head><body><article>'
            f"<p>{bengali * 4}</p><p>{bengali * 4}</p></article></body></html>")
    assert extract_text(snap(page, "text/html")).language != "en"


def test_an_article_in_a_container_named_for_its_captions_keeps_its_text() -> None:
    page = _page(f'<div class="story-body with-captions">{LONG}</div>')
    text = extract_text(snap(page, "text/html"))
    assert "Párrafo 0." in text.main and "Párrafo 7." in text.main


@pytest.mark.parametrize("prompt", ["Suscríbete para seguir leyendo.",
                                    "Suscribite para seguir leyendo.",
                                    "¿Ya sos suscriptor? Ingresá"])
def test_a_short_teaser_that_ends_with_a_subscription_prompt_is_cut_short(prompt: str) -> None:
    teaser = f"<p>Párrafo 0. {BODY}</p><p><strong>{prompt}</strong></p>"
    problem = extract_text(snap(_page(teaser), "text/html")).problem
    assert problem is not None and problem.kind is ProblemKind.PAYWALLED
