"""`provenance check DIR|FILE...` as a batch: report names, the folders passed over, the
index and summary, --resume, and worker processes giving the verdicts one process gives.
Pages come from a local server (synthetic articles); workers are real processes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from provenance.cli import main
from tests.pages import HARBOUR, article_page

PAGE = article_page("Council approves harbour expansion (synthetic)", HARBOUR)
QUOTES = ("not by taxpayers", "paid for by shipping fees", "cost 40 million crowns")


@pytest.fixture
def pages(httpserver: HTTPServer) -> list[str]:
    for path in ("/a", "/b"):
        httpserver.expect_request(path).respond_with_data(PAGE, content_type="text/html")
    return [httpserver.url_for("/a"), httpserver.url_for("/b")]


def run(tmp_path: Path, *targets: Path, out: Path | None = None, extra: tuple[str, ...] = ()
        ) -> int:
    return main(["check", *map(str, targets), "--cache", str(tmp_path / "cache"),
                 "--out", str(out or tmp_path / "out"), "--allow-private", "--attempts", "1",
                 "--no-archive", "--progress", "plain", *extra])


def index(out: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in (out / "index.jsonl").read_text().splitlines()]


def corpus(folder: Path, pages: list[str], n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        quote = QUOTES[i % len(QUOTES)]
        (folder / f"doc{i:02}.md").write_text(
            f"Story {i}. She said “{quote}” ([Courier]({pages[i % 2]})).\n", encoding="utf-8")


def test_same_stem_in_one_folder_keeps_each_extension(tmp_path: Path, pages: list[str]) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "story.md").write_text(f"She said “not by taxpayers” ([C]({pages[0]})).\n")
    (folder / "story.html").write_text(
        f"<p>She said “cost 40 million crowns” (<a href='{pages[0]}'>C</a>).</p>")
    (folder / "alone.md").write_text(f"She said “not by taxpayers” ([C]({pages[0]})).\n")
    assert run(tmp_path, folder) == 1
    out = tmp_path / "out"
    found = json.loads((out / "story.md.json").read_text())["summary"]
    altered = json.loads((out / "story.html.json").read_text())["summary"]
    assert found["found"] == 1 and altered["altered"] == 1
    assert (out / "story.md.md").is_file() and (out / "story.html.md").is_file()
    assert (out / "alone.json").is_file()  # no collision: the usual name
    assert not (out / "story.json").exists()


def test_the_report_folder_and_hidden_folders_are_not_input(
        tmp_path: Path, pages: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "drafts"
    (folder / ".git").mkdir(parents=True)
    (folder / "a.md").write_text(f"She said “not by taxpayers” ([C]({pages[0]})).\n")
    (folder / ".git" / "b.md").write_text(f"She said “not by taxpayers” ([C]({pages[0]})).\n")
    (folder / ".draft.md").write_text("hidden")
    out = folder / "reports"
    assert run(tmp_path, folder, out=out) == 0
    assert run(tmp_path, folder, out=out) == 0  # the first run's reports are not documents
    assert not (out / "reports").exists()
    assert sorted(p.name for p in out.iterdir()) == ["a.json", "a.md", "index.jsonl",
                                                     "summary.json"]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["documents"] == 1 and summary["skipped"] == []


def test_index_and_summary_count_every_verdict(tmp_path: Path, pages: list[str]) -> None:
    corpus(tmp_path / "docs", pages, 6)
    (tmp_path / "docs" / "photo.jpg").write_bytes(b"\xff\xd8")
    assert run(tmp_path, tmp_path / "docs") == 1
    out = tmp_path / "out"
    rows = index(out)
    assert len(rows) == 6
    assert {r["status"] for r in rows} == {"found", "altered"}
    assert rows[0]["document"].endswith("doc00.md") and rows[0]["url"] == pages[0]
    assert set(rows[0]) == {"document", "quote", "status", "flags", "url", "outlet", "line",
                            "column"}
    summary = json.loads((out / "summary.json").read_text())
    assert summary["status"]["found"] == sum(r["status"] == "found" for r in rows) == 4
    assert summary["status"]["altered"] == 2
    assert sum(sum(c.values()) for c in summary["outlet"].values()) == 6
    assert summary["skipped"][0]["reason"] == "unsupported type .jpg"


def test_resume_keeps_reports_still_current(tmp_path: Path, pages: list[str],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    docs = tmp_path / "docs"
    corpus(docs, pages, 3)
    assert run(tmp_path, docs) == 1
    first = index(tmp_path / "out")
    capsys.readouterr()
    assert run(tmp_path, docs, extra=("--resume",)) == 1
    err = capsys.readouterr().err
    assert err.count("earlier reports stand") == 3
    assert index(tmp_path / "out") == first  # the index lists the kept verdicts again
    # A document changed since its report is checked again; so is every document when a
    # setting that shapes verdicts changes.
    later = (tmp_path / "out" / "doc01.json").stat().st_mtime + 5
    os.utime(docs / "doc01.md", (later, later))
    assert run(tmp_path, docs, extra=("--resume",)) == 1
    assert capsys.readouterr().err.count("earlier reports stand") == 2
    assert run(tmp_path, docs, extra=("--resume", "--attempts", "2")) == 1
    assert capsys.readouterr().err.count("earlier reports stand") == 0


def test_two_worker_processes_give_the_verdicts_of_one(
        tmp_path: Path, pages: list[str], httpserver: HTTPServer) -> None:
    docs = tmp_path / "docs"
    corpus(docs, pages, 20)
    assert run(tmp_path, docs, extra=("--jobs", "2")) == 1
    fetched = [req.path for req, _ in httpserver.log]
    # 20 documents cite two pages: each fetched once, by one worker.
    assert sorted(fetched) == ["/a", "/b"]
    two = index(tmp_path / "out")
    one_out = tmp_path / "one"
    assert main(["check", str(docs), "--cache", str(tmp_path / "cache1"), "--out",
                 str(one_out), "--allow-private", "--attempts", "1", "--no-archive",
                 "--jobs", "1", "-q"]) == 1
    assert index(one_out) == two and len(two) == 20
    for name in ("doc00", "doc07", "doc19"):
        a = json.loads((one_out / f"{name}.json").read_text())
        b = json.loads((tmp_path / "out" / f"{name}.json").read_text())
        assert [v["status"] for v in a["verdicts"]] == [v["status"] for v in b["verdicts"]]
        assert [v["match"] for v in a["verdicts"]] == [v["match"] for v in b["verdicts"]]


def test_several_inputs_and_plain_progress(tmp_path: Path, pages: list[str],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    corpus(tmp_path / "docs", pages, 2)
    single = tmp_path / "extra.md"
    single.write_text(f"She said “not by taxpayers” ([C]({pages[1]})).\n")
    assert run(tmp_path, tmp_path / "docs", single, extra=("--jobs", "1")) == 0
    err = capsys.readouterr().err.splitlines()
    assert [line.split(" ")[0] for line in err] == ["[1/3]", "[2/3]", "[3/3]"]
    assert (tmp_path / "out" / "extra.json").is_file()


def test_a_sources_file_that_does_not_read_stops_a_batch_before_it_starts(
        tmp_path: Path, pages: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    corpus(tmp_path / "docs", pages, 2)
    bad = tmp_path / "sources.toml"
    bad.write_text("[[source]\nthis is not toml", encoding="utf-8")
    assert run(tmp_path, tmp_path / "docs", extra=("--jobs", "2", "--sources", str(bad))) == 2
    assert "sources" in capsys.readouterr().err
    assert not (tmp_path / "out" / "index.jsonl").exists()


def test_worker_processes_together_hold_the_per_host_limit(tmp_path: Path) -> None:
    from tests.integration.faultserver import DelayServer

    host = DelayServer("127.0.0.6", delay=0.15)
    try:
        docs = tmp_path / "docs"
        docs.mkdir()
        for d in range(8):
            (docs / f"doc{d}.md").write_text(" ".join(
                f"She said “harbour will reopen {d}-{k}” ([C]({host.url(f'/{d}/{k}')}))."
                for k in range(4)) + "\n", encoding="utf-8")
        run(tmp_path, docs, extra=("--jobs", "2", "--per-host", "2", "-q"))
    finally:
        host.close()
    # Two processes, each fetching a document's 4 pages 2 at a time: alone, each would let
    # the host see 2, together 4.
    assert host.max_in_flight == 2
    assert len(host.starts) == 32


def test_a_worker_killed_mid_batch_loses_no_document_and_no_capture(
        tmp_path: Path, pages: list[str]) -> None:
    import multiprocessing
    import signal
    import time

    from provenance.batch.inputs import collect
    from provenance.batch.outcome import Outcome
    from provenance.batch.run import run_batch
    from provenance.settings import Settings

    docs = tmp_path / "docs"
    corpus(docs, pages, 12)
    settings = Settings(cache_dir=tmp_path / "cache", out_dir=tmp_path / "out",
                        allow_private=True, attempts=1, archive_url="")
    jobs, _ = collect([docs], settings.out_dir)
    killed: list[int] = []

    def kill_one_worker(outcome: Outcome) -> None:
        # The first outcome may be of a document this process checked while the workers
        # started: wait for one (the others wait meanwhile: most of the batch is left).
        while not killed:
            children = multiprocessing.active_children()
            if children and children[0].pid is not None:
                os.kill(children[0].pid, signal.SIGKILL)
                killed.append(children[0].pid)
            else:
                time.sleep(0.01)

    outcomes = run_batch(jobs, settings, 2, on_done=kill_one_worker)
    assert killed
    assert [o.error for o in outcomes] == [""] * 12
    assert [r.status for o in outcomes for r in o.rows] == \
        ["found", "found", "altered"] * 4
    assert main(["cache", "verify", "--cache", str(tmp_path / "cache"), "-q"]) == 0


def test_verbose_logs_every_page_of_a_batch(tmp_path: Path, pages: list[str],
                                            caplog: pytest.LogCaptureFixture) -> None:
    corpus(tmp_path / "docs", pages, 3)
    with caplog.at_level("INFO", logger="provenance"):
        assert run(tmp_path, tmp_path / "docs", extra=("-v", "--jobs", "2")) == 1
    err = caplog.text
    assert f"GET {pages[0]}" in err and f"GET {pages[1]}" in err  # fetched: doc00, doc01
    assert f"{pages[0]}: from the cache" in err  # doc02 cites the first page again


def test_a_terminal_shows_a_bar_over_documents() -> None:
    import io

    from provenance.batch.outcome import Outcome
    from provenance.commands.documents_progress import DocumentProgress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    with DocumentProgress(3, screen) as progress:
        progress(Outcome("a.md", "a"))
        progress(Outcome("b.md", "b", error="b.md: cannot read"))
        drawn = screen.getvalue()
    assert progress.done == 2 and progress.failed == 1
    assert "documents" in drawn and "/s" in drawn


def test_documents_are_handed_out_largest_first_in_groups_that_shrink_at_the_end(
        tmp_path: Path) -> None:
    from provenance.batch.feed import Feed
    from provenance.batch.inputs import Job

    todo = []
    for i in range(40):
        path = tmp_path / f"doc{i:02}.md"
        path.write_text("synthetic words " * (1 + i % 7))
        todo.append((i, Job(path, tmp_path / "out", path.stem)))
    todo.append((40, Job(tmp_path / "gone.md", tmp_path / "out", "gone")))  # unreadable: last
    feed = Feed(todo, workers=2)
    first = feed.one()
    assert first is not None and first[0] == 6  # the first of the largest
    sizes = []
    seen = [first]
    while group := feed.group():
        sizes.append(len(group))
        seen += group
    # 40 left for 2 workers: groups of 5 (40 // 8) while each worker has 4 or more to come,
    # then smaller, down to one document at a time.
    assert sizes[0] == 5 and sizes[-1] == 1 and sizes == sorted(sizes, reverse=True)
    assert sorted(i for i, _ in seen) == list(range(41)) and seen[-1][0] == 40
    lengths = [item[1].path.stat().st_size for item in seen[:-1]]
    assert lengths == sorted(lengths, reverse=True)
    assert [i for i, _ in seen[:6]] == [6, 13, 20, 27, 34, 5]  # equal sizes keep their order
    closed = Feed(todo, workers=2)
    closed.close()
    assert closed.one() is None and closed.group() == []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_batch_run_again_writes_over_its_reports_and_leaves_no_spare_file(
        tmp_path: Path, pages: list[str], jobs: str) -> None:
    docs = tmp_path / "docs"
    corpus(docs, pages, 12)
    out = tmp_path / "out"
    assert run(tmp_path, docs, extra=("--jobs", jobs)) == 1
    names, rows = sorted(p.name for p in out.iterdir()), index(out)
    # A report changed since (an older run's, a reader edited it) is written over whole.
    (out / "doc03.md").write_text("stale")
    (out / "doc03.json").write_text("{")
    assert run(tmp_path, docs, extra=("--jobs", jobs, "--offline")) == 1
    assert sorted(p.name for p in out.iterdir()) == names  # no spare or temporary file left
    assert index(out) == rows
    assert "not by taxpayers" in (out / "doc03.md").read_text()
    assert [v["status"] for v in json.loads((out / "doc03.json").read_text())["verdicts"]] \
        == ["found"]
