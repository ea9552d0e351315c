import json

import pytest

import expdesign as ed
from expdesign.cli import main
from expdesign.paper_check import Row, counts, format_table, to_json_list


def test_status_rule():
    assert Row("x", "s", 1.0, 1.019).status == "agree"
    assert Row("x", "s", 1.0, 1.03).status == "differs"
    assert Row("x", "s", 1.0, 1.03, rtol=0.05).status == "agree"
    assert Row("x", "s", None, 1.0).status == "needs-data"
    assert Row("x", "s", 1.0, None).status == "needs-data"
    assert Row("x", "s", -2.0, -2.0).status == "agree"
    assert Row("x", "s", 1.0, float("nan")).status == "differs"


def test_old_style_row_still_builds():
    # positional arguments as before the three-value format; the new fields default
    r = Row("q", "seed 001 eq. (1)", 2.0, 2.5, "eV", "why", 0.01)
    assert (r.paper_arith, r.cause, r.location) == (None, "", "")
    assert r.difference == "unclassified" and r.verdict == "unclassified"
    with pytest.raises(TypeError, match="positional"):
        Row("q", "s", 1.0, 1.0, "", "", 0.02, "", 3.0)  # type: ignore[misc]


@pytest.mark.parametrize(("paper", "arith", "ours", "cause", "want"), [
    (1.0, 2.0, 2.0, "", "slip"),             # own arithmetic gives ours: a slip
    (1.0, 2.0, 3.0, "model", "slip+model"),  # slip, and our model differs again
    (1.0, 1.0, 3.0, "input", "input"),       # arithmetic right, input differs
    (1.0, 1.0, 3.0, "model", "model"),
    (1.0, 1.0, 3.0, "", "unclassified"),
    (1.0, None, 3.0, "input", "input"),      # no arithmetic value: the declared class
    (1.0, None, 3.0, "slip", "slip"),
    (1.0, 2.0, 1.0, "slip", ""),             # ours agrees with the print: no difference
    (1.0, 1.0, 3.0, "slip+model", "slip+model"),
    (1.0, 2.0, 3.0, "model+input", "slip+input+model"),
])
def test_difference_classes(paper, arith, ours, cause, want):
    r = Row("q", "s", paper, ours, paper_arith=arith, cause=cause)
    assert r.difference == want
    assert r.verdict == (want or "agree")


def test_unknown_cause_is_refused():
    with pytest.raises(ValueError, match="cause must be"):
        Row("q", "s", 1.0, 2.0, cause="typo")


def test_counts_and_two_step_rows():
    rows = [Row("a", "s", 1.0, 1.0), Row("b", "s", 1.0, 2.0, paper_arith=2.0),
            Row("c", "s", 1.0, 3.0, paper_arith=2.0, cause="model"),
            Row("d", "s", 1.0, 3.0, cause="input"), Row("e", "s", None, 1.0)]
    c = counts(rows)
    assert (c["rows"], c["agree"], c["differs"], c["needs-data"]) == (5, 1, 3, 1)
    assert (c["slip"], c["input"], c["model"], c["unclassified"]) == (2, 1, 1, 0)
    assert c["three-valued"] == 2


@pytest.fixture
def rows(all_rows) -> list[Row]:
    return all_rows


@pytest.fixture
def cli_rows(rows, monkeypatch):
    """The CLI reads the rows computed once for this module."""
    monkeypatch.setattr(ed, "paper_check_rows", lambda: list(rows))
    return rows


def test_every_differs_row_is_classified_with_a_reason(rows):
    assert rows
    for r in rows:
        if r.status == "differs":
            assert len(r.reason) > 10, r
            assert r.difference != "unclassified", r.quantity
        assert r.source.startswith("seed 00"), r


def test_paper_arith_is_not_the_printed_value_copied(rows):
    # a three-valued row whose arithmetic equals the printed number to the last digit is
    # almost certainly a copy; a recomputation carries rounding
    for r in rows:
        if r.paper_arith is not None and r.paper is not None:
            assert r.paper_arith != r.paper, r.quantity


def test_json_form(capsys, cli_rows):
    assert main(["paper-check", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == json.loads(json.dumps(to_json_list(cli_rows)))
    keys = {"quantity", "source", "location", "paper", "paper_arith", "ours", "unit",
            "status", "difference", "reason"}
    for row in data:
        assert keys <= set(row)
        assert row["status"] in ("agree", "differs", "needs-data")
        assert row["location"].startswith(row["source"])


def test_cli_filters_by_class(capsys, cli_rows):
    assert main(["paper-check", "--status", "slip", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data and all("slip" in d["difference"].split("+") for d in data)


def test_wrapped_output_respects_width(rows):
    text = format_table(rows, width=72)
    assert max(len(line) for line in text.splitlines()) <= 72
    assert "paper's arithmetic" in text
    assert text.splitlines()[-1].endswith("redone.")


def test_markdown_has_three_values(rows):
    md = format_table(rows, markdown=True)
    head = md.splitlines()[0]
    assert "paper's arithmetic" in head and "where printed" in head
    n_cols = head.count(" | ") + 1
    for line in md.splitlines()[2:]:
        assert line.replace("\\|", "").count(" | ") + 1 == n_cols, line


def test_field_slip_row(rows):
    (row,) = [r for r in rows if r.quantity.startswith("field |E| = sqrt(I)")]
    assert row.status == "differs"
    assert abs(row.paper / row.ours - 10.0) < 0.1
