"""Pitches, disclosures and rights notices out of the body. Every snippet here is synthetic
and says so."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from provenance.text.pitches import drop_pitches, is_disclosure

PROSE = ("Esta página sintética cuenta que el muelle del puerto ficticio reabrirá en mayo, "
         "después de dos años de obras y tres retrasos que el ayuntamiento explicó hoy.")
ARTICLE = "".join(f"<p>Párrafo {i}. {PROSE}</p>" for i in range(4))


def _text_after(block: str, around: str = '<div class="story-body">{}</div>') -> str:
    root = lxml_html.document_fromstring(
        f"<html><body>{around.format(ARTICLE[:len(ARTICLE) // 2] + block)}"
        f"</body></html>".replace("</body>", f"{ARTICLE}</body>"))
    drop_pitches(root)
    return " ".join(root.text_content().split())


@pytest.mark.parametrize(("box", "gone"), [
    # de: a subscription box, its pitch line and its button
    ('<div class="asset-box"><div>Abo-Angebote</div><p>Die Zeitung lesen und Vorteile '
     'sichern! (synthetisch)</p><a href="/abo">Jetzt Abo sichern</a></div>',
     "Vorteile sichern"),
    # es: a membership pitch headed by a slogan
    ('<div class="nota-x"><h2>UN PÚBLICO SINTÉTICO DECIDE MEJOR.</h2><p>Hacemos periodismo '
     'sintético desde hace cien años, y el periodismo es fundamental.<br><strong>HAZTE '
     'MIEMBRO Y DISFRUTA</strong></p><a href="/m">Hágase miembro ahora</a></div>',
     "Hacemos periodismo sintético"),
    # en: a donation appeal
    ('<div class="box"><p>Synthetic journalism like this costs money to make.</p>'
     '<button>Donate now</button></div>', "costs money to make"),
    # pt, fr: a call to subscribe
    ('<div><p>Receba o jornal sintético em casa todos os dias.</p><a href="/a">Assine já</a>'
     '</div>', "jornal sintético em casa"),
    ('<section><p>Le journal synthétique, partout avec vous.</p><a href="/a">Abonnez-vous'
     '</a></section>', "partout avec vous"),
    # es as Argentina and Uruguay write it (voseo): a comments gate and its call
    ('<section class="message"><h3>Para comentar la nota sintética debés tener acceso.</h3>'
     '<p><a href="/login">Ingresá o suscribite</a></p></section>', "Para comentar la nota"),
    # an offer card with its apply button and its starred disclaimer
    ('<section class="card-feature"><p>WELCOME OFFER: 80,000 synthetic points</p><p><em>'
     '*Bonus value is an estimated value calculated by this synthetic page.</em></p>'
     '<a href="/apply">Apply Now</a><ul><li>Earn synthetic points after you spend money on '
     'purchases in the first three months from opening.</li><li>Two synthetic points on '
     'travel and dining at restaurants worldwide and at home.</li><li>Get more synthetic '
     'value when you redeem points for airfare, hotels and car rentals.</li></ul></section>',
     "Bonus value is an estimated"),
])
def test_a_pitch_box_is_taken_out_and_the_article_stays(box: str, gone: str) -> None:
    text = _text_after(box)
    assert gone not in text
    assert "Párrafo 0." in text and "Párrafo 3." in text


def test_a_call_to_act_inside_a_short_article_takes_out_only_its_button() -> None:
    root = lxml_html.document_fromstring(
        f'<html><body><div class="wrap"><p>Breve sintético. {PROSE}</p><p>Otra frase '
        f'sintética del breve.</p><a href="/s">Suscríbete</a></div></body></html>')
    drop_pitches(root)
    text = " ".join(root.text_content().split())
    assert "Breve sintético." in text and "Otra frase sintética" in text
    assert "Suscríbete" not in text


def test_the_sites_own_header_buttons_are_left_to_the_extractor() -> None:
    root = lxml_html.document_fromstring(
        '<html><body><header><div><a href="/s">Subscribe</a> Synthetic Daily</div></header>'
        f"<p>{PROSE}</p></body></html>")
    assert drop_pitches(root) == 0


@pytest.mark.parametrize("line", [
    "This post contains references to products from one or more of our advertisers. We may "
    "receive compensation when you click on links to those products (synthetic).",
    "Este artículo contiene enlaces de afiliados: podemos recibir una comisión (sintético).",
    "Esta matéria contém links de afiliados; podemos receber uma comissão (sintético).",
    "Cet article contient des liens affiliés, nous pouvons percevoir une commission.",
    "Dieser Artikel enthält Affiliate-Links: Bei einem Kauf erhalten wir eine Provision.",
    "Alle Rechte vorbehalten",
    "© 2026 Diario Sintético. Todos los derechos reservados.",
    # an advertisement's label left where its slot was (es, en, pt, fr, de, pl)
    "Publicidad", "Advertisement", "Publicidade", "Publicité", "Anzeige", "REKLAMA",
])
def test_disclosures_and_rights_notices_are_not_article_text(line: str) -> None:
    assert is_disclosure(line)
    text = _text_after(f"<section class='editorial-note'><p>{line}</p></section>")
    assert " ".join(line.split()[:3]) not in text
    assert "Párrafo 3." in text


@pytest.mark.parametrize("line", [
    "The regulator said some sites use affiliate links without telling readers (synthetic).",
    "El fiscal dijo que la empresa ficticia cobraba una comisión por cada enlace.",
    "Copyright law, the synthetic court said, is not settled.",
    "Subscribers of the synthetic service said the price had doubled in a year.",
    "Publicidad engañosa: la multa sintética llegó a tres millones de pesos.",
    "Advertisement spending fell in the synthetic quarter, the agency said.",
])
def test_reporting_about_affiliates_rights_or_subscribers_is_article_text(line: str) -> None:
    assert not is_disclosure(line)
    assert line[:30] in _text_after(f"<p>{line}</p>")


def test_a_pitch_is_outside_the_main_text_and_inside_the_full_text() -> None:
    from provenance.text.html import main_text, page_text

    pitch = ('<div class="asset-box"><p>Die Zeitung sintética lesen und Vorteile sichern!</p>'
             '<a href="/abo">Jetzt Abo sichern</a></div>'
             "<p><em>This post contains affiliate links: we may earn a commission.</em></p>")
    page = (f"<html><head><title>Muelle sintético</title></head><body><article><h1>El muelle "
            f"sintético</h1>{ARTICLE}{pitch}{ARTICLE}</article></body></html>")
    main = main_text(page, "https://diario-sintetico.example/muelle")
    assert "Párrafo 3." in main
    assert "Vorteile sichern" not in main and "affiliate links" not in main
    assert "Vorteile sichern" in page_text(page) and "affiliate links" in page_text(page)


def test_a_prompt_where_a_paywall_cuts_the_article_is_left_for_the_paywall_check() -> None:
    from provenance.text.problems import PAYWALL_PROMPTS

    for prompt in PAYWALL_PROMPTS:
        root = lxml_html.document_fromstring(
            f"<html><body><p>{PROSE}</p><div class='x'><p><strong>{prompt}</strong></p>"
            f"</div><p>{PROSE}</p></body></html>")
        drop_pitches(root)
        assert prompt in root.text_content(), prompt
