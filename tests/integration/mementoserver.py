"""A synthetic Memento archive (RFC 7089) on 127.0.0.1: a TimeGate, TimeMaps and mementos,
each of which can be made to misbehave. It stands in for a web archive or an aggregator.

- ``/timegate/ORIGINAL``: ``Accept-Datetime`` -> 302 to the nearest copy (the latest without
  the header), with ``Link`` naming the original, the TimeMap and the copy chosen;
- ``/timemap/link/ORIGINAL``: every copy, ``application/link-format``, one per line; with
  ``page_size`` set, only the first page of them, and ``/timemap/page/N/ORIGINAL`` the
  others, each naming the next and the previous (``rel="next"``/``"prev"``) in its body, or
  in its ``Link`` header with ``links_in_header``; with ``loop``, the last page's next is the
  first page; with ``endless``, every page has a next one (empty pages past the copies);
- ``/memento/YYYYMMDDhhmmss/ORIGINAL``: the copy, with ``Memento-Datetime`` and ``Link``; with
  ``id_`` after the time, the same (the raw-bytes form of Wayback-style archives).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import time
from dataclasses import dataclass, field

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response


@dataclass
class Copy:
    taken: dt.datetime
    body: str
    status: int = 200  # a broken copy answers this (500: the archive fails to play it)


@dataclass
class MementoServer:
    server: HTTPServer
    copies: dict[str, list[Copy]] = field(default_factory=dict)
    gate_status: int | None = None  # set: the TimeGate answers only this status
    timemap_status: int | None = None
    garbage: bool = False  # the TimeMap has lines that are not links between its entries
    accept_datetimes: list[str | None] = field(default_factory=list)  # as each ask sent it
    gate_times: list[float] = field(default_factory=list)  # time.monotonic() of each ask
    copy_times: list[float] = field(default_factory=list)  # and of each copy asked for
    gate_delay: float = 0.0  # s the TimeGate takes to answer
    page_size: int | None = None  # set: the TimeMap comes in pages of this many copies
    links_in_header: bool = False  # the pages name each other in Link, not in their body
    loop: bool = False  # the last page's next page is the first
    endless: bool = False  # every page has a next page
    pages_read: list[int] = field(default_factory=list)  # the TimeMap pages asked for, 1 up

    def __post_init__(self) -> None:
        s = self.server
        s.expect_request(re.compile(r"^/timegate/.+")).respond_with_handler(self._gate)
        s.expect_request(re.compile(r"^/timemap/link/.+")).respond_with_handler(self._map)
        s.expect_request(re.compile(r"^/timemap/page/\d+/.+")).respond_with_handler(self._map)
        s.expect_request(re.compile(r"^/memento/\d{14}(?:id_)?/.+")).respond_with_handler(self._copy)

    @property
    def timegate(self) -> str:
        return self.server.url_for("/timegate/")

    def add(self, original: str, taken: dt.datetime, body: str, status: int = 200) -> str:
        self.copies.setdefault(original, []).append(Copy(taken, body, status))
        return self.uri(original, taken)

    def uri(self, original: str, taken: dt.datetime, raw: bool = False) -> str:
        """The copy's URI as the archive lists it; ``raw``: its ``id_`` form."""
        mode = "id_" if raw else ""
        return self.server.url_for(f"/memento/{taken:%Y%m%d%H%M%S}{mode}/{original}")

    def _original(self, request: Request, prefix: str) -> str:
        # The original URL is the rest of the path as sent (with its own "//" and query).
        raw = request.full_path if request.query_string else request.path
        return raw[len(prefix):]

    def _links(self, original: str, chosen: Copy | None = None) -> str:
        links = [f'<{original}>; rel="original"',
                 f'<{self.server.url_for("/timemap/link/" + original)}>; rel="timemap"; '
                 'type="application/link-format"']
        if chosen is not None:
            links.append(f'<{self.uri(original, chosen.taken)}>; rel="memento"; '
                         f'datetime="{_http(chosen.taken)}"')
        return ", ".join(links)

    def _gate(self, request: Request) -> Response:
        wanted = request.headers.get("Accept-Datetime")
        self.accept_datetimes.append(wanted)
        self.gate_times.append(time.monotonic())
        time.sleep(self.gate_delay)
        if self.gate_status is not None:
            return Response("synthetic TimeGate failure", status=self.gate_status)
        original = self._original(request, "/timegate/")
        copies = self.copies.get(original)
        if not copies:
            return Response("no copy of that page in this synthetic archive", status=404)
        when = email.utils.parsedate_to_datetime(wanted) if wanted else None
        chosen = max(copies, key=lambda c: c.taken) if when is None else \
            min(copies, key=lambda c: abs((c.taken - when).total_seconds()))
        return Response("", status=302, headers={
            "Location": self.uri(original, chosen.taken), "Vary": "accept-datetime",
            "Link": self._links(original, chosen)})

    def _map(self, request: Request) -> Response:
        if self.timemap_status is not None:
            return Response("synthetic TimeMap failure", status=self.timemap_status)
        if request.path.startswith("/timemap/page/"):
            number, _ = request.path.removeprefix("/timemap/page/").split("/", 1)
            original = self._original(request, f"/timemap/page/{number}/")
            page = int(number)
        else:
            original, page = self._original(request, "/timemap/link/"), 1
        self.pages_read.append(page)
        copies = sorted(self.copies.get(original, []), key=lambda c: c.taken)
        if not copies:
            return Response("no copy of that page in this synthetic archive", status=404)
        size = self.page_size or len(copies)
        last = max(1, -(-len(copies) // size))
        lines = [f'<{original}>; rel="original",',
                 f'<{request.url}>; rel="self"; type="application/link-format",']
        paging = []
        after = 1 if self.loop and page == last else page + 1
        if self.page_size is not None and (page < last or self.loop or self.endless):
            paging.append(f'<{self.timemap_page(original, after)}>; rel="next"; '
                          'type="application/link-format"')
        if self.page_size is not None and page > 1:
            paging.append(f'<{self.timemap_page(original, page - 1)}>; rel="prev"; '
                          'type="application/link-format"')
        if not self.links_in_header:
            lines += [link + "," for link in paging]
        for c in copies[(page - 1) * size:page * size]:
            lines.append(f'<{self.uri(original, c.taken)}>; rel="memento"; '
                         f'datetime="{_http(c.taken)}",')
            if self.garbage:
                lines.append("this line is synthetic garbage, not a link ;; <<>> ,")
                lines.append('<not a url>; rel="memento"; datetime="yesterday",')
        lines[-1] = lines[-1].rstrip(",")
        headers = {"Link": ", ".join(paging)} if self.links_in_header and paging else {}
        return Response("\n".join(lines) + "\n", content_type="application/link-format",
                        headers=headers)

    def timemap_page(self, original: str, page: int) -> str:
        """The TimeMap's page ``page`` (1: the TimeMap's own address)."""
        if page == 1:
            return self.server.url_for("/timemap/link/" + original)
        return self.server.url_for(f"/timemap/page/{page}/{original}")

    def _copy(self, request: Request) -> Response:
        self.copy_times.append(time.monotonic())
        stamp, original = self._original(request, "/memento/").split("/", 1)
        stamp = stamp.removesuffix("id_")
        for c in self.copies.get(original, []):
            if f"{c.taken:%Y%m%d%H%M%S}" == stamp:
                if c.status >= 400:
                    return Response("synthetic archive failure", status=c.status)
                return Response(c.body, content_type="text/html; charset=utf-8", headers={
                    "Memento-Datetime": _http(c.taken), "Link": self._links(original)})
        return Response("no such synthetic copy", status=404)


def _http(when: dt.datetime) -> str:
    return email.utils.format_datetime(when.astimezone(dt.UTC), usegmt=True)
