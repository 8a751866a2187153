"""URLs from untrusted text: parsed by one function that never raises, IRIs made URIs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance.fetch.urls import host_of, parse_url, split_url, to_uri, url_problem
from provenance.resolve.outlets import load_registry


@pytest.mark.parametrize(("text", "uri"), [
    ("http://news.example/a", "http://news.example/a"),
    ("HTTP://News.Example/A", "http://news.example/A"),  # scheme and host fold; path does not
    ("http://news.example/año.html?q=café", "http://news.example/a%C3%B1o.html?q=caf%C3%A9"),
    ("https://bücher.example/x", "https://xn--bcher-kva.example/x"),
    ("http://news.example/a%20b", "http://news.example/a%20b"),  # escapes kept as they are
    ("http://news.example/100%", "http://news.example/100%25"),  # a stray % escaped
    ("http://[::1]:8080/a", "http://[::1]:8080/a"),
    ("http://news.example/a#§2", "http://news.example/a#%C2%A72"),
])
def test_iri_becomes_uri(text: str, uri: str) -> None:
    parsed = parse_url(text)
    assert parsed is not None and parsed.uri == uri and parsed.original == text
    assert parsed.uri.isascii()


@pytest.mark.parametrize(("text", "problem"), [
    ("http://[.example", "not a URL (an unbalanced bracket in its host)"),
    ("(http://[.example)", "no host in the URL"),  # "(http" is no scheme
    ("http://news.example:99999/", "invalid port in the URL"),
    ("http://news.example:port/", "invalid port in the URL"),
    ("http:///nohost", "no host in the URL"),
    ("http://a b.example/", "a space or control character in the URL"),
    ("http://news.example/\x00", "a space or control character in the URL"),
])
def test_what_is_no_url_says_why(text: str, problem: str) -> None:
    assert parse_url(text) is None
    assert url_problem(text) == problem
    assert host_of(text) == "" and split_url(text).netloc == "" and to_uri(text) == text


def test_a_domain_with_an_unbalanced_bracket_names_no_outlet() -> None:
    # The outlet registry reads a cited name written as a domain; a bracket used to raise.
    assert load_registry().find("http://[.example") == ()


@given(st.text(max_size=80))
def test_parse_url_never_raises_and_gives_ascii(text: str) -> None:
    for candidate in (text, "http://" + text, "https://x.example/" + text):
        parsed = parse_url(candidate)
        if parsed is not None:
            assert parsed.uri.isascii()
            assert parse_url(parsed.uri) is not None  # a URI reads as itself
            assert parse_url(parsed.uri).uri == parsed.uri  # type: ignore[union-attr]
