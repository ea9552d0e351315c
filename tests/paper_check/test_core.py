import json

from expdesign.cli import main
from expdesign.paper_check import Row, collect, to_json_list


def test_status_rule():
    assert Row("x", "s", 1.0, 1.019).status == "agree"
    assert Row("x", "s", 1.0, 1.03).status == "differs"
    assert Row("x", "s", 1.0, 1.03, rtol=0.05).status == "agree"
    assert Row("x", "s", None, 1.0).status == "needs-data"
    assert Row("x", "s", 1.0, None).status == "needs-data"
    assert Row("x", "s", -2.0, -2.0).status == "agree"


def test_every_differs_row_has_a_reason():
    rows = collect()
    assert rows
    for r in rows:
        if r.status == "differs":
            assert len(r.reason) > 10, r
        assert r.source.startswith("seed 00"), r


def test_json_form(capsys):
    assert main(["paper-check", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == json.loads(json.dumps(to_json_list(collect())))
    keys = {"quantity", "source", "paper", "ours", "unit", "status", "reason"}
    for row in data:
        assert keys <= set(row)
        assert row["status"] in ("agree", "differs", "needs-data")


def test_field_slip_row():
    (row,) = [r for r in collect() if r.quantity.startswith("field |E| = sqrt(I)")]
    assert row.status == "differs"
    assert abs(row.paper / row.ours - 10.0) < 0.1
