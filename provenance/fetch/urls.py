"""URLs as a document writes them, parsed once, by one function that never raises.

A document is untrusted input: a URL in it may have an unbalanced bracket
(``http://[.example``, on which ``urllib.parse.urlsplit`` raises), a port that is not a
number, an upper-case scheme, or letters outside ASCII in its host, path or query (an IRI,
RFC 3987). ``parse_url`` reads any string into a ``WebUrl`` or says it is not one (None);
``WebUrl.uri`` is the form for the wire and for WARC records (RFC 3986: the host in IDNA,
the path and query percent-encoded as UTF-8), ``WebUrl.original`` the form as written, for
people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import SplitResult, quote, urlsplit

__all__ = ["WebUrl", "host_of", "parse_url", "scheme_of", "split_url", "to_uri", "url_problem"]

# What may stay as it is in a path, query or fragment (RFC 3986 pchar, plus "/" and "?");
# "%" stays so that escapes already there are not escaped twice.
_SAFE = "/?:@!$&'()*+,;=-._~%"
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_EMPTY = SplitResult("", "", "", "", "")
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")


@dataclass(frozen=True, slots=True)
class WebUrl:
    """A URL read from untrusted text: its parts, the URI to send, the form written."""

    original: str  # as written (stripped), for display
    uri: str  # ASCII: scheme and host lower-case, host in IDNA, the rest percent-encoded
    scheme: str  # lower-case
    host: str  # ASCII (IDNA) and lower-case; an IPv6 address without its brackets
    port: int | None  # as written, None when not
    path: str  # percent-encoded

    @property
    def netloc(self) -> str:
        """Host and port as the URI has them (an IPv6 address in brackets)."""
        return urlsplit(self.uri).netloc


def parse_url(text: str) -> WebUrl | None:
    """``text`` as a URL with a scheme and a host, or None when it is not one. Never raises."""
    try:
        return _parse(text)
    except (ValueError, UnicodeError):  # urlsplit, .port and the IDNA codecs say no this way
        return None


def to_uri(text: str) -> str:
    """The URI to send for ``text`` (IRI to URI); ``text`` itself when it is no URL."""
    parsed = parse_url(text)
    return parsed.uri if parsed else text


def host_of(text: str) -> str:
    """The lower-case ASCII host of ``text``; "" when it is no URL."""
    parsed = parse_url(text)
    return parsed.host if parsed else ""


def split_url(text: str) -> SplitResult:
    """``urlsplit`` of the URI form of ``text``; all parts empty when it is no URL."""
    parsed = parse_url(text)
    return urlsplit(parsed.uri) if parsed else _EMPTY


def scheme_of(text: str) -> str:
    """The lower-case scheme of ``text`` ("" when none is written). Never raises."""
    m = _SCHEME.match(text)
    return m.group(1).lower() if m else ""


def url_problem(text: str) -> str | None:
    """Why ``text`` is not a URL ``parse_url`` reads, in words; None when it is one."""
    if parse_url(text) is not None:
        return None
    stripped = text.strip()
    if any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F for c in stripped):
        return "a space or control character in the URL"
    try:
        parts = urlsplit(stripped)
    except ValueError:
        return "not a URL (an unbalanced bracket in its host)"
    if not parts.hostname:
        return "no host in the URL"
    try:
        parts.port  # noqa: B018  (reading it is the check)
    except ValueError:
        return "invalid port in the URL"
    return f"a host that cannot be written in ASCII: {parts.hostname}"


# A run asks again and again of the few URLs its documents cite (to fetch, to schedule by
# host, to key the cache): each is read once. (An exception, for a text that is no URL, is
# not kept: such texts are rare.)
@lru_cache(maxsize=4096)
def _parse(text: str) -> WebUrl | None:
    original = text.strip()
    # Control characters and spaces have no place in a URL; urlsplit would drop some of
    # them silently, so a URL that holds one is not taken for another.
    if not original or any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F for c in original):
        return None
    parts = urlsplit(original)
    scheme = parts.scheme.lower()
    if not scheme or not parts.netloc:
        return None
    host = parts.hostname or ""
    port = parts.port  # ValueError when not a number in range
    if not host:
        return None
    ascii_host = _ascii_host(host)
    if ascii_host is None:
        return None
    netloc = f"[{ascii_host}]" if ":" in ascii_host else ascii_host
    if port is not None:
        netloc += f":{port}"
    userinfo = parts.netloc.rpartition("@")[0] if "@" in parts.netloc else ""
    if userinfo:
        netloc = f"{_escape(userinfo)}@{netloc}"
    path, query, fragment = _escape(parts.path), _escape(parts.query), _escape(parts.fragment)
    uri = f"{scheme}://{netloc}{path}"
    if query or original.split("#", 1)[0].endswith("?"):
        uri += f"?{query}"
    if fragment:
        uri += f"#{fragment}"
    return WebUrl(original=original, uri=uri, scheme=scheme, host=ascii_host, port=port,
                  path=path)


def _ascii_host(host: str) -> str | None:
    """The host in ASCII: IDNA (UTS 46, as browsers map it) for a name, as is for an
    address; None when it cannot be one."""
    if host.isascii():
        ok = all(c.isalnum() or c in "-._:%~" for c in host)
        return host.lower() if ok else None
    import idna  # a dependency of requests; loaded only for the rare non-ASCII host

    try:
        return idna.encode(host, uts46=True, transitional=False).decode("ascii").lower()
    except idna.IDNAError:
        return None


def _escape(part: str) -> str:
    return _STRAY_PERCENT.sub("%25", quote(part, safe=_SAFE))
