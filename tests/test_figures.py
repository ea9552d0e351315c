"""Figures: every file written and non-trivial, meaningful names, readable units, log
axes where values span decades, threshold markers from the Plan's results."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from matplotlib.image import imread

from expdesign.figures import angle_markers, file_stem, readable_unit, write_figures
from expdesign.io import load_spec
from expdesign.planner import Planner, PlannerSettings

EX = Path(__file__).resolve().parents[1] / "schemas" / "examples"


@pytest.fixture(scope="module")
def ho_plan():
    return Planner(load_spec(EX / "ho_ylf_ranp.json"),
                   PlannerSettings(model="infinite", angles=181)).run()


def test_readable_units_and_file_stems():
    assert readable_unit("eV**2") == "eV²"
    assert readable_unit("dimensionless") == "1"
    assert readable_unit("1/s/sr") == "1/s/sr"
    assert file_stem("sum F_ij (eq. 6)") == "ranp_angular_sum_F_vs_angle"
    assert file_stem("a  weird//name (x)") == "a_weird_name_x"


def test_ranp_figures_written_and_non_trivial(ho_plan, tmp_path):
    paths = write_figures(ho_plan, tmp_path)
    names = {p.name for p in paths}
    assert names == {"ranp_angular_sum_F_vs_angle.png",
                     "ranp_rate_per_solid_angle_vs_angle.png"}
    for p in paths:
        assert p.is_file() and p.stat().st_size > 20_000
        img = imread(p)
        assert img.shape[0] > 400 and img.shape[1] > 600
        # more than a blank canvas: many distinct pixel values
        assert len(np.unique(img.reshape(-1, img.shape[-1]), axis=0)) > 50


def test_markers_are_the_truth_thresholds(ho_plan):
    marks = angle_markers(ho_plan)
    labels = {m[1] for m in marks if m[2] == "threshold"}
    assert {"(33)", "(23)", "(13)", "(22)", "(12)"} <= labels
    # seed 000 eq. (10): the thresholds lie near 180 deg for an imprint at the McQ3 edge
    assert all(150.0 < m[0] <= 180.0 for m in marks)


def test_profile_figure_on_log_axis(tmp_path):
    """A synthetic coherence profile spanning 40 decades with a 0..1 trigger step: the
    figure uses a log axis (checked on the drawn Axes) and is written."""
    from matplotlib.figure import Figure

    import expdesign.figures as figs
    from expdesign.plan import ArrayQuantity, Plan, Provenance, TimeProfile

    t = np.linspace(0, 4, 200)
    chi = np.where(t > 1, 1e-3 * (1 + np.sin(5 * t) ** 2), 1e-45)
    plan = Plan(spec_name="synthetic", process="RENP", target="t", hypotheses=["h"],
                provenance=Provenance.now("{}"), profiles=[TimeProfile(
                    name="coherence during one cycle", t=ArrayQuantity.of(t, "ms"),
                    series={"|chi|^2": ArrayQuantity.of(chi, "dimensionless"),
                            "trigger": ArrayQuantity.of((t > 1).astype(float),
                                                        "dimensionless")})])
    seen: list[Figure] = []
    orig = figs._finish

    def spy(fig, ax, title, stem, legend_loc="best"):
        seen.append(fig)
        return orig(fig, ax, title, stem, legend_loc)
    figs._finish = spy
    try:
        paths = write_figures(plan, tmp_path)
    finally:
        figs._finish = orig
    assert [p.name for p in paths] == ["coherence_during_one_cycle.png"]
    ax = seen[0].axes[0]
    assert ax.get_yscale() == "log"
    lo, hi = ax.get_ylim()
    assert lo > 1e-15  # the pre-trigger 1e-45 does not flatten the curve
    assert "time in the cycle [ms]" == ax.get_xlabel()


def test_figures_drawn_in_a_forked_child_are_the_same_files(ho_plan, tmp_path, monkeypatch,
                                                            forkable):
    """workers=2: a forked child draws every second figure; the files (bytes) and the
    returned paths are those of the in-process drawing."""
    import expdesign.figures as figs
    drawn_here: list[str] = []
    draw = figs._distribution_figure

    def spy(plan, name, *a, **k):
        drawn_here.append(name)  # the child's appends stay in the child
        return draw(plan, name, *a, **k)

    monkeypatch.setattr(figs, "_distribution_figure", spy)
    one = write_figures(ho_plan, tmp_path / "one", workers=1)
    n_one = len(drawn_here)
    two = write_figures(ho_plan, tmp_path / "two", workers=2)
    assert n_one == 2 and len(drawn_here) == 3  # the second figure: drawn by the child
    assert [p.name for p in two] == [p.name for p in one]
    for a, b in zip(one, two, strict=True):
        assert b.parent == tmp_path / "two" and b.read_bytes() == a.read_bytes()
