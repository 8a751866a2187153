"""CSL-JSON: every cited work as resolved, read back by a real CSL processor."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from provenance.api import write_reports
from tests.unit.test_report_cases import sample_report


def test_every_cited_work_once_as_resolved() -> None:
    from provenance.report.csl import to_csl

    items = json.loads(to_csl(sample_report()))
    # Four works cited: the editorial (three quotes), the column, the archived page, and
    # the weekly that could not be resolved.
    assert [i["id"] for i in items] == ["work-1", "work-2", "work-3", "work-4"]
    editorial, column, keepers, weekly = items
    assert editorial == {
        "id": "work-1", "type": "article-newspaper", "title": "The quay stays open",
        "container-title": "Harbour Gazette", "issued": {"date-parts": [[2026, 3, 12]]},
        "URL": "https://harbour-gazette.example/2026/03/quay-stays-open",
        "accessed": {"date-parts": [[2026, 3, 14]]},
    }
    # No title in the document: the page's own.
    assert column["type"] == "webpage" and column["title"] == "Tides of politics"
    assert keepers["container-title"] == "Lighthouse News"
    assert keepers["URL"] == "https://lighthouse-news.example/keepers"
    # Never fetched: no accessed date, no URL; its own words stand as a note.
    assert "accessed" not in weekly and "URL" not in weekly
    assert weekly["note"] == "as Quayside Weekly put it"


def test_author_and_the_pages_published_date() -> None:
    from provenance.report.csl import cited_works

    report = sample_report()
    v = report.verdicts[3]
    cited = dataclasses.replace(v.source.citation, author="Ada Quayle",
                                published=dt.date(2026, 2, 1))
    v = dataclasses.replace(v, source=dataclasses.replace(v.source, citation=cited))
    report = dataclasses.replace(report, verdicts=(*report.verdicts[:3], v,
                                                   *report.verdicts[4:]))
    column = cited_works(report)[1]
    assert column["author"] == [{"literal": "Ada Quayle"}]
    assert column["issued"] == {"date-parts": [[2026, 2, 1]]}


def test_a_csl_processor_formats_the_bibliography(tmp_path) -> None:
    citeproc = pytest.importorskip("citeproc")
    from citeproc.source.json import CiteProcJSON

    [path] = [p for p in write_reports(sample_report(), tmp_path, ["csl"])
              if p.name.endswith(".csl.json")]
    assert path.name.endswith(".csl.json")
    items = json.loads(path.read_text("utf-8"))
    style = citeproc.CitationStylesStyle("harvard-cite-them-right", validate=False)
    bib = citeproc.CitationStylesBibliography(style, CiteProcJSON(items),
                                              citeproc.formatter.plain)
    for item in items:
        bib.register(citeproc.Citation([citeproc.CitationItem(item["id"])]))
    text = "\n".join(str(entry) for entry in bib.bibliography())
    assert "The quay stays open" in text and "Harbour Gazette" in text
    assert "https://harbour-gazette.example/2026/03/quay-stays-open" in text
    assert "2026" in text
