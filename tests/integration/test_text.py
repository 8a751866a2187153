"""Text extraction from captured pages: main text, full text, metadata, kinds, charsets."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from provenance.model import Problem, ProblemKind, Snapshot
from provenance.text.extract import content_kind, decode_body, extract_text
from tests.integration.faultserver import PDF

BODY = ("Página de prueba sintética del ficticio Diario del Puerto. El alcalde afirmó ayer que "
        "«el puerto volverá a abrir antes del verano» y que las obras durarán seis semanas. "
        "Los pescadores se reunieron el martes para hablar de las reparaciones del muelle. ")

ARTICLE = f"""<!DOCTYPE html>
<html lang="es"><head><meta charset="utf-8">
<title>El puerto reabrirá antes del verano | Diario del Puerto</title>
<meta property="og:title" content="El puerto reabrirá antes del verano">
<meta name="author" content="Marta Ficticia">
<meta property="article:published_time" content="2026-02-27T09:30:00+01:00">
</head><body>
<nav><a href="/">Portada</a> <a href="/local">Local</a></nav>
<aside class="sidebar"><h3>Lo más leído</h3><p>Un texto lateral que no es el artículo.</p></aside>
<article><h1>El puerto reabrirá antes del verano</h1>
<p>{BODY}</p><p>{BODY}</p>
<figure><img src="a.jpg"><figcaption>Foto de archivo del muelle viejo.</figcaption></figure>
</article>
<section id="comments"><p>Comentario de un lector: no me lo creo.</p></section>
</body></html>"""


def snap(body: bytes | str, ctype: str, status: int = 200) -> Snapshot:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return Snapshot(url="https://diario-del-puerto.example/a", status=status,
                    final_url="https://diario-del-puerto.example/a", content_type=ctype,
                    fetched_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
                    sha256=hashlib.sha256(data).hexdigest(), body=data)


def test_article_main_text_full_text_and_metadata() -> None:
    text = extract_text(snap(ARTICLE, "text/html; charset=utf-8"))
    assert text.problem is None
    assert "«el puerto volverá a abrir antes del verano»" in text.main
    assert "Lo más leído" not in text.main and "no me lo creo" not in text.main
    assert "Lo más leído" in text.full and "no me lo creo" in text.full
    assert "Foto de archivo del muelle viejo." in text.full.splitlines()
    assert text.title == "El puerto reabrirá antes del verano"
    assert text.author == "Marta Ficticia"
    assert text.date == dt.date(2026, 2, 27)
    assert text.language == "es"


def test_the_headline_is_outside_the_main_text() -> None:
    # The extractor keeps an article's h1 on some pages: a quote found only in the
    # headline is outside the article body, as one found only in a caption is.
    text = extract_text(snap(ARTICLE, "text/html; charset=utf-8"))
    assert text.main.startswith("Página de prueba sintética")
    assert "El puerto reabrirá antes del verano" not in text.main
    assert "El puerto reabrirá antes del verano" in text.full.splitlines()


def test_xhtml_with_an_xml_declaration() -> None:
    xhtml = ('<?xml version="1.0" encoding="utf-8"?>\n'
             + ARTICLE.replace("<!DOCTYPE html>\n", "")
             .replace('<html lang="es">', '<html xmlns="http://www.w3.org/1999/xhtml" '
                                          'xml:lang="es" lang="es">'))
    s = snap(xhtml, "application/xhtml+xml")
    assert content_kind(s) == "html"
    assert "antes del verano" in extract_text(s).main


def test_plain_text_is_its_own_main_text() -> None:
    text = extract_text(snap(BODY * 2, "text/plain; charset=utf-8"))
    assert text.main == text.full == (BODY * 2).strip()
    assert text.language == "es"


@pytest.mark.parametrize(("body", "ctype", "kind"), [
    (PDF, "application/octet-stream", "pdf"),
    (PDF, "text/html", "pdf"),
    (ARTICLE.encode(), "application/octet-stream", "html"),
    (ARTICLE.encode(), "text/plain", "html"),
    (b"just words", "", "text"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png", None),
    (b"PK\x03\x04\x00\x00", "application/zip", None),
])
def test_kind_is_sniffed_before_the_label_is_believed(body: bytes, ctype: str,
                                                      kind: str | None) -> None:
    assert content_kind(snap(body, ctype)) == kind


@pytest.mark.parametrize(("data", "label", "expected"), [
    ("año «señor»".encode(), "iso-8859-1", "año «señor»"),  # UTF-8 labelled Latin-1
    ("\ufeffaño".encode("utf-8"), None, "año"),  # BOM wins
    ("año".encode("utf-16"), None, "año"),
    ("café – “quoted”".encode("cp1252"), "windows-1252", "café – “quoted”"),
    ("Straße".encode("latin-1"), "latin1", "Straße"),
])
def test_decode_body(data: bytes, label: str | None, expected: str) -> None:
    assert decode_body(data, label) == expected


def test_meta_charset_is_used_when_the_header_has_none() -> None:
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; '
            'charset=windows-1251"></head><body><p>Синтетическая тестовая страница.</p>'
            "</body></html>")
    assert "Синтетическая" in decode_body(page.encode("cp1251"))


def test_http_errors_say_what_they_are() -> None:
    assert extract_text(snap(b"gone", "text/plain", 410)).problem == \
        Problem(ProblemKind.HTTP, "page removed", 410)
    assert str(extract_text(snap(b"oops", "text/plain", 502)).problem) == "HTTP 502: server error"


def test_a_long_free_article_is_not_called_paywalled() -> None:
    paras = "".join(f"<p>Párrafo {i}. {BODY}</p>" for i in range(12))
    long = ARTICLE.replace(f"<p>{BODY}</p><p>{BODY}</p>",
                           paras + "<p>Already a subscriber? Log in.</p>")
    assert extract_text(snap(long, "text/html")).problem is None


def test_json_ld_paywall_marker() -> None:
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", '
          '"isAccessibleForFree": "False", "hasPart": {"@type": "WebPageElement", '
          '"isAccessibleForFree": false, "cssSelector": ".paywall"}}</script>')
    page = ARTICLE.replace("</head>", ld + "</head>").replace(
        "</article>", '<div class="paywall"><p>Suscríbete para seguir leyendo.</p></div>'
                      "</article>")
    problem = extract_text(snap(page, "text/html")).problem
    assert problem is not None and problem.kind is ProblemKind.PAYWALLED
    assert problem.sentence.startswith("paywalled: the article is cut after")


def test_a_page_read_again_is_not_extracted_again() -> None:
    # The resolver reads a page to look for a quotation, then the pipeline reads it as the
    # source: the second read takes the first one's text.
    page = ARTICLE.replace("Marta Ficticia", "Marta Ficticia Segunda")
    first = extract_text(snap(page, "text/html; charset=utf-8"))
    assert extract_text(snap(page, "text/html; charset=utf-8")) is first
    # What extraction reads of a capture besides its body tells captures apart.
    assert extract_text(snap(page, "text/html; charset=utf-8", status=404)) is not first
    assert extract_text(snap(page, "application/xhtml+xml")) is not first
