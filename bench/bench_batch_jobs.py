"""A batch with one worker process against two: documents/s and their ratio, same run.

Synthetic corpus: PAGES local article pages (a server on 127.0.0.1 in this process, every
page saying it is synthetic) and N documents of about 3 KB, each quoting four passages of
two pages (three verbatim, one with a word changed). For each N: one cold run fills a new
cache (``--jobs 2``, online), then warm ``--offline`` runs with ``--jobs 1`` and
``--jobs 2``, each the whole ``provenance check DIR`` command as a separate process, start-up
and the index included. Verdicts of the two warm runs are compared (index.jsonl).
Target: ``--jobs 2`` at least 1.7x ``--jobs 1`` on a 2-core machine.

    python bench/bench_batch_jobs.py [N ...]        (default: 100 1000)
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.pages import article_page

ROOT = Path(__file__).resolve().parents[1]

PAGES = 50
WORDS = ("harbour", "council", "budget", "ferry", "school", "tunnel", "bridge", "market",
         "library", "clinic", "river", "station", "tram", "museum", "stadium", "port", "vote",
         "fees", "taxes", "residents", "mayor", "board", "plan")


def sentences(page: int) -> list[str]:
    rng = random.Random(page)
    return [f"Sentence {i} of page {page}: the " + " ".join(rng.choices(WORDS, k=14)) + "."
            for i in range(30)]


def serve() -> tuple[ThreadingHTTPServer, str]:
    bodies = {f"/page/{k}": article_page(f"Synthetic article {k}", sentences(k)).encode()
              for k in range(PAGES)}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            body = bodies.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def corpus(folder: Path, n: int, base: str) -> int:
    """N documents; returns the number of quotations."""
    folder.mkdir(parents=True)
    rng = random.Random(n)
    filler = "This synthetic paragraph is filler around the quotations of a test document. " * 4
    for d in range(n):
        parts = [f"# Synthetic story {d}\n"]
        for q in range(4):
            page = rng.randrange(PAGES)
            words = rng.choice(sentences(page)).rstrip(".").split()[4:14]
            if q == 3:
                words[3] = "zeppelin"  # one altered quotation per document
            parts.append(f"{filler}\n\nThe mayor said “{' '.join(words)}” "
                         f"([Courier]({base}/page/{page})).\n\n{filler}\n")
        (folder / f"story{d:05}.md").write_text("\n".join(parts), encoding="utf-8")
    return n * 4


def check(docs: Path, cache: Path, out: Path, jobs: int, offline: bool) -> float:
    argv = [sys.executable, "-m", "provenance", "check", str(docs), "--cache", str(cache),
            "--out", str(out), "--jobs", str(jobs), "--allow-private", "--no-archive", "-q",
            "--progress", "plain", *(["--offline"] if offline else [])]
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True)
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return wall


def main(sizes: list[int]) -> int:
    httpd, base = serve()
    ok = True
    try:
        for n in sizes:
            with tempfile.TemporaryDirectory() as tmp:
                root = Path(tmp)
                quotes = corpus(root / "docs", n, base)
                cold = check(root / "docs", root / "cache", root / "cold", 2, offline=False)
                one = check(root / "docs", root / "cache", root / "one", 1, offline=True)
                two = check(root / "docs", root / "cache", root / "two", 2, offline=True)
                same = ((root / "one" / "index.jsonl").read_bytes()
                        == (root / "two" / "index.jsonl").read_bytes())
                ratio = one / two
                ok &= same and ratio >= 1.7
                print(f"{n} documents, {quotes} quotations ({PAGES} pages)")
                print(f"  cold, --jobs 2, online   {cold:7.2f} s  {n / cold:7.1f} documents/s")
                print(f"  warm, --jobs 1, offline  {one:7.2f} s  {n / one:7.1f} documents/s"
                      f"  {quotes / one:7.1f} quotes/s")
                print(f"  warm, --jobs 2, offline  {two:7.2f} s  {n / two:7.1f} documents/s"
                      f"  {quotes / two:7.1f} quotes/s")
                print(f"  --jobs 2 / --jobs 1      x{ratio:.2f}  (target >= 1.7: "
                      f"{'met' if ratio >= 1.7 else 'NOT met'}); verdicts identical: {same}",
                      flush=True)
    finally:
        httpd.shutdown()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main([int(a) for a in sys.argv[1:]] or [100, 1000]))
