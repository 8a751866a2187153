"""The bundle index's SURT keys are the ``surt`` package's, on plain URLs (its fast path)
and odd ones alike: ports, IDNs, queries, escapes, www prefixes, dots, trailing slashes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from provenance.cache.surt_keys import SurtKeys

surt_module = pytest.importorskip("surt")
surt: Callable[[str], str] = surt_module.surt

LETTER = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Host labels start with a letter: a host of digits and dots alone makes surt ask the
# resolver (socket.gethostbyname_ex), and tests never reach beyond loopback.
LABEL = st.builds(lambda a, b: a + b, st.sampled_from(LETTER + "äéñßü中"),
                  st.text(alphabet=LETTER + "0123456789-äé", max_size=8))
HOST = st.one_of(
    st.lists(LABEL, min_size=1, max_size=4).map(".".join),
    st.sampled_from(["www.example.com", "WWW.Example.COM", "www2.example.org", "www.com",
                     "example.com.", ".example.com", "ex..ample.com", "1.2.3.4", "127.0.0.1",
                     "xn--bcher-kva.example", "bücher.example", "user:pw@example.com",
                     "EXAMPLE.com", "www.www.example.net", "https", "localhost"]),
)
PORT = st.sampled_from(["", "", ":80", ":443", ":8080", ":1", ":65535", ":"])
SEGMENT = st.one_of(
    st.text(alphabet=LETTER + "0123456789._~-", max_size=10),
    st.sampled_from([".", "..", "...", ".hidden", "%41", "%2F", "%25", "a%20b", "a b", "é",
                     "index.HTML", ";jsessionid=1", "(abc)", "a:b", "@", "a+b", "A~B"]),
)
QUERY = st.sampled_from(["", "", "", "?", "?b=2&a=1", "?A=B", "?x", "?q=%41&z=", "?utm=1#f"])
FRAGMENT = st.sampled_from(["", "", "#", "#Part"])


@st.composite
def urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http", "https", "https", "HTTP", "Https"]))
    path = "".join("/" + s for s in draw(st.lists(SEGMENT, max_size=5)))
    if draw(st.booleans()):
        path += "/"
    return (f"{scheme}://{draw(HOST)}{draw(PORT)}{path}{draw(QUERY)}"
            f"{draw(FRAGMENT)}")


def _outcome(key: Callable[[str], str], url: str) -> str:
    try:
        return key(url)
    except Exception as exc:  # then both must fail alike
        return f"error: {type(exc).__name__}"


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(urls())
@example("https://synthetic.invalid/article/1")
@example("http://www.Example.com:80/A/B/")
@example("https://example.com:443/")
@example("http://example.com:443/x/")
@example("http://example.com")
@example("http://example.com//a")
@example("http://example.com/a/./b/../c")
def test_keys_are_surts(url: str) -> None:
    keys = SurtKeys(surt)
    assert _outcome(keys, url) == _outcome(surt, url)
    # The second URL of a host takes the fast path from the host's key made once.
    again = url.rstrip("/") + "/more"
    assert _outcome(keys, again) == _outcome(surt, again)


def test_plain_urls_of_one_host_ask_surt_once() -> None:
    asked: list[str] = []

    def counted(url: str) -> str:
        asked.append(url)
        return surt(url)

    keys = SurtKeys(counted)
    got = [keys(f"https://www.Synthetic.invalid/Article/{n}/") for n in range(50)]
    assert got == [surt(f"https://www.Synthetic.invalid/Article/{n}/") for n in range(50)]
    assert got[7] == "invalid,synthetic)/article/7"
    assert asked == ["https://www.Synthetic.invalid/"]
    # Not plain: surt itself.
    assert keys("https://www.synthetic.invalid/a?b=1") == "invalid,synthetic)/a?b=1"
    assert asked[-1] == "https://www.synthetic.invalid/a?b=1"
