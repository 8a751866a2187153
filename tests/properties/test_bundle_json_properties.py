"""A bundle's JSON files, written as text, are the text json.dumps writes for the same values
(as they were written before): pages.jsonl line by line (the line breaks json leaves raw
escaped), each resource of datapackage.json, and datapackage-digest.json; for any URL, title
or name, odd characters and all."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from provenance.cache.bundle_json import datapackage, digest_json, indented, pages, resource

# Any text json can carry (no lone surrogates: a bundle's text is UTF-8).
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
WHEN = st.sampled_from(["2026-01-02T03:04:05+00:00", "2026-01-02T03:04:05.123456+00:00",
                        "2026-01-02T04:04:05+01:00", "2026-01-02T03:04:05", "not a time", ""])


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def dumps_line(value: Any) -> str:
    """``dumps`` with the line breaks json leaves raw escaped, as pages.jsonl has them."""
    return dumps(value).replace("\x85", "\\u0085").replace("\u2028", "\\u2028") \
        .replace("\u2029", "\\u2029")


@settings(max_examples=150, deadline=None)
@given(captures=st.lists(st.tuples(TEXT, TEXT, WHEN, st.one_of(st.none(), TEXT)), max_size=6),
       origin=TEXT)
@example(captures=[("https://synthetic.invalid/a", "", "2026-01-02T03:04:05+00:00",
                    'A "quoted" title\\ with \u2028 and \x00')], origin="story.md")
def test_pages_are_the_lines_json_dumps_writes(
        captures: list[tuple[str, str, str, str | None]], origin: str) -> None:
    report = {"manifest": {"document": {"origin": origin},
                           "captures": [{"url": u, "final_url": f, "fetched_at": w}
                                        for u, f, w, _ in captures]},
              "verdicts": [{"snapshot": {"url": u}, "page": {"title": t}}
                           for u, _, _, t in captures]}
    written = pages(report)
    # One page a line whoever splits them: str.splitlines splits at U+2028 and U+0085 too.
    assert written.text.endswith("\n")
    lines = [line + "\n" for line in written.text.splitlines()]
    assert len(lines) == written.text.count("\n")
    assert all(isinstance(json.loads(line), dict) for line in lines)
    assert lines[0] == dumps_line({"format": "json-pages-1.0", "id": "pages",
                                   "title": written.title}) + "\n"
    titles: dict[str, str] = {}
    for u, _, _, t in captures:
        if u and t:
            titles.setdefault(u, t)
    expected, seen = [], set()
    for u, f, _, _ in captures:
        url = f or u
        if url not in seen:
            seen.add(url)
            expected.append((url, titles.get(u)))
    assert written.count == len(expected) == len(lines) - 1
    for line, (url, title) in zip(lines[1:], expected, strict=True):
        page = json.loads(line)
        want = {"id": hashlib.sha256(url.encode()).hexdigest()[:32], "url": url,
                "ts": page["ts"], **({"title": title} if title else {})}
        assert line == dumps_line(want) + "\n"
    if expected:
        assert written.first == (expected[0][0], json.loads(lines[1])["ts"])


def test_a_page_time_is_utc_to_the_second() -> None:
    report = {"manifest": {"captures": [
        {"url": "https://synthetic.invalid/1", "fetched_at": "2026-01-02T04:04:05.5+01:00"},
        {"url": "https://synthetic.invalid/2", "fetched_at": "2026-01-02T03:04:05.123+00:00"},
    ]}}
    ts = [json.loads(line)["ts"] for line in pages(report).text.splitlines()[1:]]
    assert ts == ["2026-01-02T03:04:05Z", "2026-01-02T03:04:05Z"]


@settings(max_examples=100, deadline=None)
@given(names=st.lists(st.text(alphabet="abcAB.-_ /ü\"\\", min_size=1, max_size=12),
                      min_size=1, max_size=8),
       data=st.binary(max_size=64))
def test_resources_are_json_dumps_of_their_fields_and_unique(names: list[str],
                                                             data: bytes) -> None:
    taken: set[str] = set()
    lines = [resource(f"archive/{n}", data, taken) for n in names]
    rows = [json.loads(line) for line in lines]
    for line, row, n in zip(lines, rows, names, strict=True):
        assert row["path"] == f"archive/{n}"
        assert row["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert row["bytes"] == len(data)
        assert line == dumps({"name": row["name"], "path": row["path"], "hash": row["hash"],
                              "bytes": row["bytes"]})
    assert len({r["name"] for r in rows}) == len(rows) == len(taken)


def test_the_datapackage_is_json_one_resource_a_line() -> None:
    taken: set[str] = set()
    lines = [resource(f"archive/r{n}.warc.gz", b"synthetic" * n, taken) for n in range(3)]
    report = {"created_at": "2026-01-02T03:04:05+00:00",
              "manifest": {"document": {"origin": "“story”.md"}, "captures": [
                  {"url": "https://synthetic.invalid/", "fetched_at": "2026-01-01T00:00:00"}]}}
    text = datapackage(lines, report, pages(report), "2026-02-01T00:00:00Z",
                       "provenance 0", "1.1.1").decode("utf-8")
    package = json.loads(text)
    assert package["resources"] == [json.loads(line) for line in lines]
    assert package["title"] == "Pages cited by “story”.md"
    assert package["mainPageURL"] == "https://synthetic.invalid/"
    assert package["mainPageDate"] == "2026-01-01T00:00:00Z"
    assert package["reportCreated"] == "2026-01-02T03:04:05+00:00"
    assert list(package)[:2] == ["profile", "resources"]
    assert len(text.splitlines()) == 2 + 1 + 3 + 1 + 9  # braces, resources, other keys
    assert json.loads(indented({"resources": []})) == {"resources": []}


@settings(max_examples=100, deadline=None)
@given(signed=st.one_of(st.none(), st.dictionaries(TEXT, TEXT, max_size=6)),
       odd=st.one_of(st.none(), st.integers(), st.lists(TEXT, max_size=2)))
def test_the_digest_is_json_dumps_indented(signed: dict[str, str] | None, odd: Any) -> None:
    digest: dict[str, Any] = {"path": "datapackage.json", "hash": "sha256:" + "0" * 64}
    if signed is not None:
        digest["signedData"] = signed
    assert digest_json(digest) == json.dumps(digest, indent=2).encode()
    digest["other"] = odd  # a value of another kind: json.dumps writes the whole
    assert digest_json(digest) == json.dumps(digest, indent=2).encode()
