"""The address guard: which URLs a document may make us fetch."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from provenance.errors import FetchError
from provenance.fetch.urlsafety import check_url


def resolver(address: str) -> Any:
    def resolve(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]
    return resolve


@pytest.mark.parametrize(("url", "words"), [
    ("http://127.0.0.1/", "127.0.0.1 is a loopback address"),
    ("http://127.1.2.3:8080/", "is a loopback address"),
    ("http://[::1]/", "is a loopback address"),
    ("http://10.0.0.8/", "is a private address"),
    ("http://192.168.1.1/admin", "is a private address"),
    ("http://172.16.5.4/", "is a private address"),
    ("http://169.254.169.254/latest/meta-data/", "is a link-local address"),
    ("http://[fe80::1]/", "is a link-local address"),
    ("http://224.0.0.1/", "is a multicast address"),
    ("http://0.0.0.0/", "is an unspecified address"),
    ("http://240.0.0.1/", "is a reserved address"),
    ("http://[::ffff:127.0.0.1]/", "is a loopback address"),
    ("http://100.64.0.1/", "not a public address"),  # carrier-grade NAT
    ("http://[2002:7f00:1::]/", "is a 6to4 address of 127.0.0.1, a loopback address"),
    ("http://[2002:a9fe:a9fe::1]/", "is a 6to4 address of 169.254.169.254, a link-local"),
])
def test_non_public_literals_are_refused(url: str, words: str) -> None:
    with pytest.raises(FetchError) as err:
        check_url(url)
    assert err.value.reason.startswith("private address refused: ")
    assert words in err.value.reason and "--allow-private" in err.value.reason
    check_url(url, allow_private=True)  # the flag lifts it


def test_names_are_checked_by_what_they_resolve_to() -> None:
    with pytest.raises(FetchError) as err:
        check_url("http://intranet.example/", resolve=resolver("10.1.1.1"))
    assert err.value.reason == ("private address refused: intranet.example resolves to "
                                "10.1.1.1, a private address (--allow-private lifts this)")
    check_url("http://news.example/", resolve=resolver("93.184.215.14"))
    check_url("http://news.example/", resolve=resolver("2606:2800:21f:cb07:6820:80da:af6b:8b2c"))
    check_url("http://news.example/", resolve=resolver("2002:5db8:d70e::1"))  # 6to4, public


def test_a_host_with_one_private_address_among_public_ones_is_refused() -> None:
    def both(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port)),
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
    with pytest.raises(FetchError):
        check_url("http://rebind.example/", resolve=both)


@pytest.mark.parametrize(("url", "reason"), [
    ("file:///etc/passwd", "unsupported scheme file:: only http and https are fetched"),
    ("data:text/html,<p>x</p>", "unsupported scheme data:: only http and https are fetched"),
    ("ftp://ftp.example/a", "unsupported scheme ftp:: only http and https are fetched"),
    ("javascript:alert(1)", "unsupported scheme javascript:: only http and https are fetched"),
    ("//news.example/a", "unsupported scheme a URL without a scheme: only http and https "
                         "are fetched"),
    ("http:///nohost", "no host in the URL"),
    ("http://news.example:99999/", "invalid port in the URL"),
])
def test_bad_urls(url: str, reason: str) -> None:
    for allow in (False, True):  # the flag lifts the address rule, not these
        with pytest.raises(FetchError) as err:
            check_url(url, allow_private=allow, resolve=resolver("93.184.215.14"))
        assert err.value.reason == reason
