"""A row of ``index.jsonl``: every field of ``Row``, flags as a JSON list."""

from __future__ import annotations

import dataclasses
import json

from provenance.batch.rows import Row


def test_a_row_as_a_dict_has_every_field_in_order() -> None:
    row = Row("docs/a.md", "the budget “was” approved", "altered", ("found-elsewhere",),
              "https://example.test/a", "Example Outlet", 3, 14)
    data = row.as_dict()
    assert list(data) == [f.name for f in dataclasses.fields(Row)]
    assert data == {**dataclasses.asdict(row), "flags": ["found-elsewhere"]}
    assert json.loads(json.dumps(data)) == data
