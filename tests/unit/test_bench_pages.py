"""The page-reading bench's count of boilerplate snippets that the annotation also marks as
body. Every page here is synthetic."""

from __future__ import annotations

from bench.bench_pages import also_body

PAGE = """<html><body><div class="story">
<p class="para">Synthetic test page. Unions met the Supreme Court on Thursday to ask for reform.</p>
<p class="para">Read more: Supreme Court hears the synthetic port case</p>
</div><div class="tags"><a href="/t/court">Supreme Court</a><a href="/t/port">Port news</a></div>
<script>var related = "Hidden synthetic headline";</script></body></html>"""


def test_a_snippet_in_the_paragraph_of_a_with_snippet_is_also_body() -> None:
    got = dict(also_body(PAGE, ("Unions met the Supreme",), ("Supreme Court", "Port news")))
    assert set(got) == {"Supreme Court"}
    assert "paragraph that holds a `with` snippet" in got["Supreme Court"]


def test_a_snippet_inside_a_with_snippet_is_also_body() -> None:
    got = dict(also_body(PAGE, ("Unions met the Supreme Court on Thursday",), ("on Thursday",)))
    assert got == {"on Thursday": "inside a `with` snippet of the page"}


def test_a_paragraph_beside_the_annotated_one_or_script_data_is_not_body() -> None:
    # A teaser paragraph of the same class as the body's stays boilerplate; so does text
    # the page holds only in a script.
    without = ("Read more: Supreme Court hears", "Hidden synthetic headline")
    assert also_body(PAGE, ("Unions met the Supreme",), without) == ()


def test_score_reads_one_page_untimed_then_times_each_pass() -> None:
    from bench.bench_pages import RealPage, score
    from provenance.model import PageText

    pages = [RealPage(f"synthetic-{i}.html", "https://example.org/", "en", b"", ("body",),
                      ("menu",)) for i in range(2)]
    read: list[str] = []

    def extractor(page: RealPage) -> PageText:
        read.append(page.name)
        return PageText("synthetic body text, no menu", "")

    counts, alarms, seconds = score(pages, extractor, repeat=3)
    assert read == ["synthetic-0.html"] + ["synthetic-0.html", "synthetic-1.html"] * 3
    assert counts["en"] == [2, 2, 2, 2, 0, 0]
    assert alarms == [] and seconds >= 0
