"""Bot checks are told from pages in any charset, without detecting the charset."""

from __future__ import annotations

import codecs

import pytest

from provenance.fetch.botcheck import is_bot_check

CHALLENGE = "<title>Just a moment...</title><p>Verificando: ¿eres humano? Checking your browser"
ARTICLE = "<title>Synthetic test page</title><p>El puerto reabrirá antes del verano, según el " \
          "consejo.</p>"


@pytest.mark.parametrize(("body", "content_type"), [
    (CHALLENGE.encode("utf-8"), "text/html; charset=utf-8"),
    (CHALLENGE.encode("cp1252"), "text/html; charset=windows-1252"),
    (CHALLENGE.encode("cp1252"), "text/html; charset=utf-8"),  # mislabelled
    (codecs.BOM_UTF16_LE + CHALLENGE.encode("utf-16-le"), "text/html"),
    (CHALLENGE.encode("utf-16-be"), "text/html; charset=UTF-16BE"),
    (codecs.BOM_UTF32_LE + CHALLENGE.encode("utf-32-le"), ""),
])
def test_a_challenge_is_a_bot_check_in_any_charset(body: bytes, content_type: str) -> None:
    assert is_bot_check(body, content_type)


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "utf-16"])
def test_an_article_is_not(encoding: str) -> None:
    assert not is_bot_check(ARTICLE.encode(encoding), f"text/html; charset={encoding}")


def test_a_label_no_codec_goes_by_is_read_byte_for_byte() -> None:
    assert is_bot_check(CHALLENGE.encode("utf-8"), "text/html; charset=utf-16-nonsense")


# Synthetic test pages: an ordinary answer whose scripts name a CAPTCHA, and a real wall.
SCRIPTED = ("<html><head><title>Synthetic test page: service busy</title>"
            "<script>var recaptchaVars = {sitekey: 'x', captcha: true};"
            " window.datadome = 1;</script></head><body><p>The service is busy; "
            "try again in a minute.</p><img alt='captcha' src='x.png'></body></html>")
FORM = ("<html><head><title>Synthetic test page</title></head><body>"
        "<form id='f' action='/cdn-cgi/challenge-platform/h/b' method='POST'>"
        "<input type='hidden' name='md'></form></body></html>")
WIDGET = ("<html><body><p>Synthetic test page</p>"
          "<div class='g-recaptcha' data-sitekey='x'></div></body></html>")


def test_a_phrase_only_in_a_script_or_an_attribute_is_not_a_bot_check() -> None:
    assert not is_bot_check(SCRIPTED.encode(), "text/html; charset=utf-8")


@pytest.mark.parametrize("page", [FORM, WIDGET])
def test_a_challenge_form_or_widget_is_a_bot_check(page: str) -> None:
    assert is_bot_check(page.encode(), "text/html")
