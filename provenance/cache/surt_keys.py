"""SURT keys (the sort keys of a CDXJ index) as the ``surt`` package makes them, faster for
the plain URLs most captures have.

``surt.surt`` parses and canonicalises every URL in Python (Google's then the Internet
Archive's rules: escapes, IDNA, IP forms, ``www`` and default ports dropped, session ids
and query order, path dots and case): about 14 µs a URL on the project's machine, a third
of the time a bundle's index took. For a URL of the plain form below, everything but the
host is already canonical except for case and a trailing slash, and the host's part of the
key does not depend on the path. So the host's part is asked of ``surt`` once per scheme
and host and the path is added to it as ``surt`` would; any other URL (a query, escapes,
non-ASCII, user info, empty or dot segments, an upper-case scheme ...) goes to ``surt``
itself. The property tests check the two agree on many generated and odd URLs.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["SurtKeys"]

# http(s), a host of letters, digits, dots and hyphens with perhaps a port, then path
# segments of unreserved characters that do not start with a dot ("." and ".." are steps,
# and a leading dot is left to surt), perhaps a trailing slash; nothing after.
_PLAIN = re.compile(r"(https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?)"
                    r"((?:/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*/?)", re.ASCII)

_MAX_HOSTS = 1 << 16  # the scheme-and-host keys a process keeps at most


class SurtKeys:
    """``surt``'s key of a URL, the host's part of it made once per scheme and host."""

    def __init__(self, surt: Callable[[str], str]) -> None:
        self._surt = surt
        self._hosts: dict[str, str | None] = {}

    def __call__(self, url: str) -> str:
        plain = _PLAIN.fullmatch(url)
        if plain is None:
            return self._surt(url)
        origin, path = plain.groups()
        host = self._hosts.get(origin, "")
        if host == "":
            if len(self._hosts) >= _MAX_HOSTS:  # kept by a process for its life: bounded
                self._hosts.clear()
            host = self._hosts[origin] = self._host(origin)
        if host is None:
            return self._surt(url)
        # surt lower-cases the path and drops one trailing slash, but not the root's.
        if len(path) > 1 and path.endswith("/"):
            path = path[:-1]
        return host + (path.lower() or "/")

    def _host(self, origin: str) -> str | None:
        """The key of ``origin``'s root without its "/": what every path follows; None when
        surt does not end that key in ")/", so that its URLs all go to surt."""
        try:
            key = self._surt(origin + "/")
        except Exception:  # surt's own error, if any, is met again on the whole URL
            return None
        return key[:-1] if key.endswith(")/") else None
