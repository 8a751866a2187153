"""An archived copy's Robust Link: the original page and the date the archive took it come
from the copy itself (RFC 7089's Link rel="original" and Memento-Datetime), or from a
Wayback-style address, rather than from where and when the copy was read."""

from __future__ import annotations

from dataclasses import replace

from provenance.model import Origin, Report
from provenance.report.render import links
from tests.unit.test_report_cases import sample_report

PLAYBACK = "https://archive.example/web/20210301093000id_/https://lighthouse-news.example/keepers"


def _archived(report: Report, **changes: object) -> Report:
    """The sample report with its archived copy (q5) changed."""
    verdicts = list(report.verdicts)
    v = verdicts[4]
    assert v.source is not None and v.source.snapshot is not None
    assert v.source.snapshot.origin is Origin.ARCHIVE
    verdicts[4] = replace(v, source=replace(v.source,
                                            snapshot=replace(v.source.snapshot, **changes)))
    return replace(report, verdicts=tuple(verdicts))


def test_a_memento_says_its_original_and_when_it_was_taken() -> None:
    report = _archived(sample_report(), url=PLAYBACK, final_url=PLAYBACK, headers=(
        ("Memento-Datetime", "Mon, 01 Mar 2021 09:30:00 GMT"),
        ("Link", '<https://lighthouse-news.example/keepers?from=link>; rel="original"')))
    got = links(report.verdicts[4])
    assert got.original == "https://lighthouse-news.example/keepers?from=link"
    assert got.version == PLAYBACK and got.version_date == "2021-03-01T09:30:00Z"


def test_a_copy_that_does_not_say_gives_the_original_its_address_carries() -> None:
    report = _archived(sample_report(), url=PLAYBACK, final_url=PLAYBACK, headers=())
    got = links(report.verdicts[4])
    assert got.original == "https://lighthouse-news.example/keepers"
    taken = report.verdicts[4].source.snapshot.fetched_at  # type: ignore[union-attr]
    assert got.version_date == taken.strftime("%Y-%m-%dT%H:%M:%SZ")  # when it was read


def test_a_live_capture_is_not_read_as_a_memento() -> None:
    # Only a capture kept as an archive's copy (origin archive) takes its date and original
    # from its headers; a live capture's Robust Link is the page and when it was read.
    report = sample_report()
    v = report.verdicts[0]
    assert v.source is not None and v.source.snapshot is not None
    live = replace(v.source.snapshot, headers=(("Memento-Datetime",
                                                "Mon, 01 Mar 2021 09:30:00 GMT"),))
    got = links(replace(v, source=replace(v.source, snapshot=live)))
    assert got.version_date != "2021-03-01T09:30:00Z" and got.version is None
