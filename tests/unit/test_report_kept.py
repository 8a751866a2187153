"""Short texts rendered once, long ones each time (report.kept)."""

from __future__ import annotations

from provenance.report.kept import ShortKept


def test_a_short_text_is_made_once_and_a_long_one_each_time() -> None:
    made: list[str] = []

    def make(text: str) -> str:
        made.append(text)
        return text.upper()

    shown = ShortKept(make)
    long_text = "x" * 5000
    assert [shown("label"), shown("label"), shown(long_text), shown(long_text)] == \
        ["LABEL", "LABEL", long_text.upper(), long_text.upper()]
    assert made == ["label", long_text, long_text]
    shown.cache_clear()
    shown("label")
    assert made[-1] == "label" and shown.cache_parameters()["maxsize"] == 4096
