"""The JSON files a bundle holds, written as text: ``pages/pages.jsonl``, ``datapackage.json``
(one resource a line) and ``datapackage-digest.json``.

Each is the text ``json.dumps`` writes for the same value (the tests compare them), written
with json's own C string escaper and f-strings: a call of a JSON encoder makes a new encoder
object each time, which for a bundle of a few captures took longer than everything else its
index and pages need. Strings that may hold any character (URLs, titles, names) go through
the escaper; the rest (hex digests, sizes, fixed names) need no escaping.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Pages", "datapackage", "digest_json", "indented", "iso_z", "pages", "resource",
           "safe_name", "sha256_of"]

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_UTC_ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?(?:\+00:00|Z)", re.ASCII)
# json.dumps(value, ensure_ascii=False), for values other than strings.
_JSON: Callable[[Any], str] = json.JSONEncoder(ensure_ascii=False).encode
_str: Callable[[str], str] = json.encoder.encode_basestring  # as ensure_ascii=False escapes
_ascii: Callable[[str], str] = json.encoder.encode_basestring_ascii  # as json.dumps escapes
# Characters json leaves as they are that some readers split lines at (str.splitlines does):
# escaped in pages.jsonl, whose every line must be one page whatever splits them.
_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def _line_str(text: str) -> str:
    """``text`` as a JSON string that holds no line break of any reader's."""
    return _str(text).translate(_BREAKS)


@dataclass(frozen=True, slots=True)
class Pages:
    """pages.jsonl: a header line, then one page per cited URL."""

    text: str
    count: int  # pages, the header not counted
    title: str  # the header's title, the package's too
    first: tuple[str, str] | None  # the first page's URL and time, when there is one


def pages(report: dict[str, Any]) -> Pages:
    """pages.jsonl's lines: a header, then one page per cited URL at the time it was
    captured (with the title the report read on it, when it has one)."""
    titles: dict[str, str] = {}
    for verdict in report.get("verdicts") or []:
        snap, page = verdict.get("snapshot") or {}, verdict.get("page") or {}
        if snap.get("url") and page.get("title"):
            titles.setdefault(str(snap["url"]), str(page["title"]))
    name = Path(str((report["manifest"].get("document") or {}).get("origin", ""))).name
    title = f"Pages cited by {name}" if name else "Pages cited"
    lines = [f'{{"format": "json-pages-1.0", "id": "pages", "title": {_line_str(title)}}}\n']
    seen: set[str] = set()
    first: tuple[str, str] | None = None
    for c in report["manifest"].get("captures") or []:
        url = str(c.get("final_url") or c.get("url"))
        if url in seen:
            continue
        seen.add(url)
        ts = iso_z(str(c.get("fetched_at", "")))
        first = first or (url, ts)
        line = (f'{{"id": "{hashlib.sha256(url.encode()).hexdigest()[:32]}", '
                f'"url": {_line_str(url)}, "ts": {_line_str(ts)}')
        page_title = titles.get(str(c.get("url")))
        lines.append(f'{line}, "title": {_line_str(page_title)}}}\n' if page_title
                     else line + "}\n")
    return Pages("".join(lines), len(lines) - 1, title, first)


def resource(path: str, data: bytes, taken: set[str]) -> str:
    """The JSON line of datapackage.json's resource for the member ``path`` holding
    ``data``. A data package resource name is lower case letters, digits and -._/, and
    unique (``taken`` holds the names given so far, and gets this one)."""
    name = safe_name(path.rpartition("/")[2].lower())
    base, n = name, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    taken.add(name)
    return (f'{{"name": "{name}", "path": {_str(path)}, '
            f'"hash": "{sha256_of(data)}", "bytes": {len(data)}}}')


def safe_name(name: str) -> str:
    """``name`` as a bundle names its files: letters, digits and ``._-``, the rest a dash."""
    return _UNSAFE.sub("-", name) or "file"


def sha256_of(data: bytes) -> str:
    """``data``'s hash as a data package and the WACZ signing spec write it."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def datapackage(resources: list[str], report: dict[str, Any], pages: Pages, created: str,
                software: str, version: str) -> bytes:
    """datapackage.json, its ``resources`` given as their JSON lines (``resource``)."""
    package: dict[str, Any] = {
        "profile": "data-package",
        "resources": resources,
        "wacz_version": version,
        "created": created,
        "software": software,
        "title": pages.title,
        "description": "The pages a provenance report read, the report and the document.",
    }
    if pages.first is not None:
        package["mainPageURL"], package["mainPageDate"] = pages.first
    if report.get("created_at"):
        package["reportCreated"] = report["created_at"]
    return indented(package).encode("utf-8")


def indented(package: dict[str, Any]) -> str:
    """``package`` as JSON, one key a line and one resource (given as its JSON line) a line:
    json's indented form is written by its Python encoder, which takes longer than the rest
    of a bundle's index for thousands of resources."""
    lines = []
    for key, value in package.items():
        if key == "resources" and value:
            rows = ",\n    ".join(value)
            lines.append(f'  "resources": [\n    {rows}\n  ]')
        else:
            lines.append(f"  {_str(key)}: {_str(value) if type(value) is str else _JSON(value)}")
    return "{\n" + ",\n".join(lines) + "\n}"


def digest_json(digest: dict[str, Any]) -> bytes:
    """``json.dumps(digest, indent=2)``, for a digest of strings and one object of strings
    (``signedData``); any other value as json.dumps writes it."""
    text = _indent2(digest, "  ")
    return (text if text is not None else json.dumps(digest, indent=2)).encode()


def _indent2(obj: dict[str, Any], pad: str) -> str | None:
    items = []
    for key, value in obj.items():
        if type(value) is str:
            text: str | None = _ascii(value)
        elif type(value) is dict and value:
            text = _indent2(value, pad + "  ")
        else:
            return None  # json.dumps writes it
        if text is None:
            return None
        items.append(f"{pad}{_ascii(key)}: {text}")
    return "{\n" + ",\n".join(items) + f"\n{pad[:-2]}}}" if items else "{}"


def iso_z(when: str) -> str:
    """A capture time as pages.jsonl gives it: UTC, to the second, with a Z."""
    if _UTC_ISO.fullmatch(when):  # the form the manifest writes: already UTC, cut to seconds
        return when[:19] + "Z"
    try:
        t = dt.datetime.fromisoformat(when).astimezone(dt.UTC)
    except ValueError:
        return when
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")
