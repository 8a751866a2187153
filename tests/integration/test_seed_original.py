"""The real first document's English version against its original: a translation aligned
by anchors, and the anchors that disagree reported.

The document (read from the shared folder at run time, skipped when absent) holds the MPP
note in Spanish and its English translation, which names the Spanish post in a footnote on
its heading. A local server stands in for that post with a synthetic page built at run time
from the document's own Spanish version, saying it is synthetic; two figures are changed in
it on purpose (a vote count and a date), so the disagreement the check must report is
known. Nothing of the document is copied into the project.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from provenance.cli import main
from provenance.reuse.anchors import block_spans
from tests.conftest import SHARED, read_report

SEED = SHARED / "documents" / "000_e07e6249a9f79a63.txt"
POST = "https://vnd-peru.blogspot.com/2026/02/mpp-nota-periodistica-sobre-nuevo-golpe.html"
DEAD = "http://127.0.0.1:9"  # nothing listens there: every outlet the note cites
# The figures changed in the stand-in: (the Spanish version's words, the stand-in's).
VOTES = ("66 a favor", "67 a favor")
DAY = ("(Lima, 18 de febrero de 2026)", "(Lima, 17 de febrero de 2026)")

pytestmark = pytest.mark.skipif(not SEED.is_file(), reason=f"{SEED} is not here")


def _versions() -> tuple[list[str], str]:
    """(the Spanish version's paragraphs, the English version as the document has it)."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    es0 = next(i for i, line in enumerate(lines) if line.strip() == "NOTA PERIODÍSTICA")
    es1 = next(i for i in range(es0, len(lines)) if lines[i].strip() == "Febrero 2026")
    en0 = next(i for i, line in enumerate(lines)
               if line.startswith("MPP: JOURNALISTIC NOTE- NEW COUP"))
    en1 = next(i for i in range(en0, len(lines))
               if "Red Library: Right Opportunist Line" in lines[i])
    spanish = [line.strip() for line in lines[es0:es1 + 1] if line.strip()]
    return spanish, "\n".join(lines[en0:en1 + 1]) + "\n"


def _stand_in(paragraphs: list[str]) -> str:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="es"><head><meta charset="utf-8">
<title>MPP: Nota periodística sobre nuevo golpe de Estado (synthetic stand-in)</title></head>
<body><header><p>Synthetic test page: built from the Spanish version the document itself
holds, standing in for the post it cites; two figures changed on purpose.</p></header>
<main><article><h1>MPP: Nota periodística sobre nuevo golpe de Estado</h1>
{body}
</article></main><footer><p>Synthetic test page, not the blog's.</p></footer></body></html>"""


def test_the_english_note_is_aligned_with_its_spanish_original_by_anchors(
        tmp_path: Path, httpserver: HTTPServer) -> None:
    spanish, english = _versions()
    assert len(spanish) > 30 and POST in english  # the document is as its README says
    changed = [p.replace(*VOTES).replace(*DAY) for p in spanish]
    assert changed != spanish
    httpserver.expect_request("/post").respond_with_data(_stand_in(changed),
                                                         content_type="text/html")
    doc = tmp_path / "mpp-english.txt"
    # The footnote on the heading names the stand-in instead of the blog: the document
    # declares its original as it does, and the check reaches no further than loopback.
    doc.write_text(english.replace(POST, httpserver.url_for("/post")), encoding="utf-8")
    outlets = tmp_path / "outlets.toml"
    outlets.write_text("".join(f'[[outlet]]\nname = "{name}"\nsite = "{DEAD}"\n\n'
                               for name in ("La República", "El Comercio") for _ in range(3)),
                       encoding="utf-8")
    code = main(["check", str(doc), "--outlets", str(outlets), "--allow-private",
                 "--no-archive", "--attempts", "1", "--cache", str(tmp_path / "cache"),
                 "--out", str(tmp_path / "out"), "-q", "--format", "json,md,html"])
    assert code in (0, 1)
    original = read_report(tmp_path / "out" / "mpp-english.json")["original"]

    assert original["url"] == httpserver.url_for("/post")
    assert original["kind"] == "translation" and original["languages"] == ["en", "es"]
    assert original["sentences"] == []  # never a word diff across languages
    assert original["original_share"] >= 0.9 and original["document_share"] >= 0.9
    pairs = [tuple(p) for p in original["paragraphs"]]
    assert pairs == sorted(pairs) and len({j for _, j in pairs}) == len(pairs)

    paragraphs = [p.slice(english) for p in block_spans(english)]
    at = {tuple(a["paragraphs"]): a for a in original["anchors"]}

    def clash(english_words: str, kind: str) -> dict:
        i = next(k for k, p in enumerate(paragraphs) if english_words in p)
        found = [a for (d, _), a in at.items() if d == i and a["kind"] == kind]
        assert len(found) == 1, (english_words, original["anchors"])
        return found[0]

    votes = clash("Balcázar was appointed by a narrow", "number")
    assert votes["document"] == ["66"] and votes["original"] == ["67"]
    day = clash("As the editorial in the reactionary newspaper La República rightly", "date")
    assert day["document"] == ["2026-02-18"] and day["original"] == ["2026-02-17"]
    # A year the English version adds (the Spanish has none there) is reported as well.
    assert clash("The backdrop to what is happening", "number")["document"] == ["1992"]
    # Both paragraphs the figures were changed in are paired with the stand-in's own.
    j = next(k for k, p in enumerate(changed) if "67 a favor" in p)
    assert tuple(votes["paragraphs"])[1] == j  # (its main text: the headline is not in it)
    # The English version leaves out the Spanish paragraph on "El síntoma Jerí": it stays
    # unpaired, and its neighbours are paired with their own translations all the same.
    left_out = next(k for k, p in enumerate(changed) if "El síntoma Jerí" in p)
    assert left_out not in {j for _, j in pairs}
    assert {left_out - 1, left_out + 1} <= {j for _, j in pairs}

    md = (tmp_path / "out" / "mpp-english.md").read_text(encoding="utf-8")
    assert "## The document against its original" in md and "translation" in md
    page = (tmp_path / "out" / "mpp-english.html").read_text(encoding="utf-8")
    assert 'class="clash clash-number"' in page and 'class="clash clash-date"' in page
