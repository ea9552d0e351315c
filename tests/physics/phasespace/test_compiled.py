"""The compiled (numba) kernels of the edge rule against the numpy code they replace:
the two-body sums, the complex continuation on steepest-descent paths, the panel
builder, and whole edge cells of every preset (same numbers to ~1e-13)."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from expdesign.physics.phasespace import compiled
from expdesign.physics.phasespace import edge_params as ep
from expdesign.physics.phasespace.edge_cells import cell_rules
from expdesign.physics.phasespace.edge_pair import EdgePair
from expdesign.physics.phasespace.edge_panels import panels
from expdesign.physics.phasespace.edge_rule import edge_integral

from .conftest import CM, KIN, PM

pytest.importorskip("numba")

TENSOR = np.array([[0.3, 0.0, 0.1], [0.0, 0.2, 0.0], [0.1, 0.0, 0.5]])
SPINS = ["case1", "x", "y", "average", TENSOR]


@pytest.fixture
def both():
    """Run a callable with the compiled path off, then on; restore the default."""
    def run(f):
        try:
            compiled.set_enabled(False)
            a = f()
            compiled.set_enabled(True)
            b = f()
        finally:
            compiled.set_enabled(None)
        return a, b
    return run


def _pair(theta_deg: float, j: int, spin) -> EdgePair:
    qz, qx = KIN.Q(np.radians(theta_deg))
    return EdgePair(float(qz), float(qx), KIN.eps_ep, PM[j, 0], PM[j, 1], spin, 2 * CM, CM)


@pytest.mark.parametrize("spin", SPINS, ids=["z", "x", "y", "average", "tensor"])
def test_g_sum_matches_numpy(both, rng, spin):
    pair = _pair(144.0, 3, spin)
    # nodes on rows (x) x (y, phi), inside and outside the edge sphere, some zero weights
    x = rng.uniform(-3e3, 3e3, (40, 30))
    y = rng.uniform(0, 4e3, (40, 1))
    phi = rng.uniform(0, np.pi, (40, 1))
    w = rng.uniform(0, 1, (40, 30)) * (rng.uniform(size=(40, 30)) > 0.2)
    a, b = both(lambda: pair.g_sum(x, y, phi, w))
    assert np.all(a != 0)
    np.testing.assert_allclose(b, a, rtol=1e-13, atol=0)


@pytest.mark.parametrize("line", [True, False])
@pytest.mark.parametrize("spin", ["case1", TENSOR], ids=["z", "tensor"])
def test_complex_continuation_matches_numpy(both, rng, line, spin):
    pair = _pair(145.0, 4, spin)
    n = 50
    base = rng.uniform(0, 200, (n, 1))
    phi = rng.uniform(0, np.pi, (n, 1))
    roots = pair.line_roots(base, phi) if line else pair.ray_roots(base, phi)
    ok = np.isfinite(roots[0][:, 0])
    base, phi = base[ok], phi[ok]
    roots = tuple(r[ok] for r in roots)
    # paths starting on the chord end, going into the upper half plane
    c = np.broadcast_to(roots[0], (len(base), 8)).copy()
    dz = 1j * np.geomspace(1e-3, 30.0, 8)[None, :] + rng.uniform(-1, 1, (len(base), 8))
    f = (lambda: pair.g_line_complex(c, dz, roots, base, phi)) if line else \
        (lambda: pair.g_ray_complex(c, dz, roots, base, phi))
    (ad, am), (bd, bm) = both(f)
    assert bd.shape == ad.shape == c.shape
    assert np.all(np.isfinite(ad)) and np.all(ad != 0)
    np.testing.assert_allclose(bd, ad, rtol=1e-12, atol=0)
    np.testing.assert_allclose(bm, am, rtol=1e-12, atol=0)


def test_panels_match_numpy(both, rng):
    B = rng.uniform(0, 100, (30, 9))
    B[rng.uniform(size=B.shape) < 0.3] = np.nan
    F = rng.uniform(size=B.shape) < 0.3
    (ta, wa, oka), (tb, wb, okb) = both(lambda: panels(B, F, 5))
    np.testing.assert_array_equal(okb, oka)
    np.testing.assert_allclose(tb[oka], ta[oka], rtol=1e-15, atol=1e-13)
    np.testing.assert_allclose(wb[oka], wa[oka], rtol=1e-14, atol=0)
    assert np.all(wb[~okb] == 0)


@pytest.mark.parametrize("deg,j", [(144.3, 0), (144.62, 5), (145.0, 2), (146.5, 1),
                                   (160.0, 5), (100.0, 3)])
def test_edge_cells_match_numpy(both, deg, j):
    """Whole cells of the rules the distribution picks (allowed side, at the edge, just
    beyond, beyond with the sphere through the x core and clear of it)."""
    qz, qx = KIN.Q(np.radians(deg))
    a_rule = cell_rules(qz, qx, KIN.eps_ep, PM[j, 0], PM[j, 1], 2 * CM, CM)[0]
    for spin in ("case1", TENSOR):
        a, b = both(lambda s=spin: edge_integral(qz, qx, KIN.eps_ep, PM[j, 0], PM[j, 1],
                                                 s, 2 * CM, CM, a_rule))
        assert np.all(a != 0), a_rule
        # rounding only (sums in another order); at the edge itself (144.62 deg, pair
        # 33) the blocks cancel to 1e-3 of their size, so 3e-12 is seen there
        np.testing.assert_allclose(b, a, rtol=1e-11, atol=0)


def test_rule_kinds_covered():
    kinds = set()
    for deg, j in [(144.3, 0), (144.62, 5), (145.0, 2), (146.5, 1), (160.0, 5), (100.0, 3)]:
        qz, qx = KIN.Q(np.radians(deg))
        kinds.add(cell_rules(qz, qx, KIN.eps_ep, PM[j, 0], PM[j, 1], 2 * CM, CM)[0])
    assert {ep.EDGE_BEYOND, ep.EDGE_ALLOWED} <= kinds and len(kinds) >= 3


def test_massless_pair_keeps_numpy_and_agrees(both):
    qz, qx = KIN.Q(np.radians(146.0))
    a, b = both(lambda: edge_integral(qz, qx, KIN.eps_ep, 0.0, 0.0, "case1", 2 * CM, CM,
                                      ep.EDGE_FORB))
    assert np.all(np.isfinite(a)) and a[0] > 0
    np.testing.assert_allclose(b, a, rtol=1e-12, atol=1e-300)


def test_environment_switch_turns_it_off():
    code = ("from expdesign.physics.phasespace import compiled, edge_pair; "
            "print(compiled.enabled())")
    env = dict(os.environ, EXPDESIGN_COMPILED="0")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True).stdout.split()
    assert out == ["False"]
    env["EXPDESIGN_COMPILED"] = "1"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True).stdout.split()
    assert out == ["True"]


@pytest.mark.parametrize("spin", SPINS, ids=["z", "x", "y", "average", "tensor"])
def test_tensor_rule_matches_numpy(both, spin):
    """The tensor product rule (cells away from the edges), massless pair included."""
    from expdesign.physics.phasespace.product_rule import CONFIG_LO, integrate_3d

    pm = np.vstack([PM, [[0.0, 0.0]]])
    th = np.radians([20.0, 90.0, 140.0])
    (ad, am), (bd, bm) = both(lambda: integrate_3d(KIN, th, pm, 2 * CM, CM, spin,
                                                   CONFIG_LO))
    assert np.all(ad > 0)
    np.testing.assert_allclose(bd, ad, rtol=1e-12, atol=0)
    np.testing.assert_allclose(bm[:, :-1], am[:, :-1], rtol=1e-12, atol=0)
    assert np.all(bm[:, -1] == 0) and np.all(am[:, -1] == 0)


@pytest.mark.parametrize("kind", ["plain", "graded", "one_sided", "cols"])
def test_rule_with_breaks_matches_numpy(both, rng, kind):
    from expdesign.physics.phasespace.edge_panels import geom_base, rule_with_breaks

    lo, hi = 16.0, 5000.0
    base = geom_base(lo, hi)
    br = rng.uniform(-100.0, 5100.0, (40, 2))
    br[rng.uniform(size=br.shape) < 0.25] = np.nan
    kw: dict = {"plain": {}, "graded": {"grade": 1.0, "grade_max": 3000.0},
                "one_sided": {"grade": 1.0, "one_sided": True},
                "cols": {"grade": 2.0, "ratio": 8.0, "graded_cols": [1], "full": False}}[kind]
    (ta, wa, oka), (tb, wb, okb) = both(lambda: rule_with_breaks(base, br, lo, hi, 5, **kw))
    assert ta.shape == tb.shape
    np.testing.assert_array_equal(okb, oka)
    # the same boundaries, so the same nodes and weights (not merely close)
    np.testing.assert_array_equal(tb[oka], ta[oka])
    np.testing.assert_array_equal(wb[oka], wa[oka])
    if kind != "one_sided":  # the panels tile [lo, hi]: the weights sum to its length
        np.testing.assert_allclose(wb.sum(axis=1), hi - lo, rtol=1e-12)


@pytest.mark.parametrize("deg,j", [(150.0, 0), (170.0, 5), (146.5, 3)])
def test_fused_steepest_descent_matches_numpy(both, deg, j):
    """The U tail on z-lines by steepest descent in one compiled call
    (compiled.sd_paths) against the numpy paths, for lines through the sphere."""
    from expdesign.physics.phasespace.steepest_descent import sd_osc_u

    qz, qx = KIN.Q(np.radians(deg))
    Y = np.repeat(np.linspace(0.0, 3000.0, 12), 4)
    P = np.tile(np.linspace(0.1, 3.0, 4), 12)
    Wo = np.linspace(1.0, 2.0, Y.size)
    for spin in ("case1", TENSOR):
        pair = EdgePair(float(qz), float(qx), KIN.eps_ep, PM[j, 0], PM[j, 1], spin, 2 * CM,
                        CM)
        pmax = np.sqrt(pair.pmax2)
        x_hi, x_lo = (qz + pmax) * CM, (pmax - qz) * CM
        a, b = both(lambda p=pair, h=x_hi, lo=x_lo: sd_osc_u(p, Y, P, Wo, ep.EDGE_BEYOND, h,
                                                             lo, minus_lump=False))
        assert np.all(a != 0)
        # rounding only: the path sums F(a) - F(b) cancel to ~1e-3 of their terms (1e-12
        # seen); this part is itself <= 1e-3 of a cell's J
        np.testing.assert_allclose(b, a, rtol=1e-10, atol=0)


@pytest.mark.parametrize("weight,on_x", [("avg_u", True), ("avg_w", False)])
def test_line_avg_matches_numpy(both, rng, weight, on_x):
    """The averaged tails summed without building the nodes (compiled.line_avg_sum)
    against the numpy nodes and g_sum."""
    from expdesign.physics.phasespace.edge_panels import geom_base, line_avg

    pair = _pair(150.0, 2, TENSOR)
    n = 60
    other = rng.uniform(0.0, 3000.0, n) if on_x else rng.uniform(-8000.0, 8000.0, n)
    phi = rng.uniform(0.0, np.pi, n)
    wrow = rng.uniform(0.5, 1.5, n)
    br = pair.x_breaks(other, phi) if on_x else pair.y_breaks(other, phi)
    lo, hi = (16.0, 20000.0) if on_x else (24.0, 8000.0)
    sign = 1.0
    a, b = both(lambda: line_avg(pair, geom_base(lo, hi), sign * br, lo, hi, 5, 1.0, 4.0,
                                 np.inf, True, True, sign, on_x, other, phi, wrow, weight))
    assert np.all(a != 0)
    np.testing.assert_allclose(b, a, rtol=1e-12, atol=0)


def test_projected_model_never_imports_numba():
    """The Planner's default model (projected rule and its model error, the cold
    `expdesign plan`) does not load numba or the kernels."""
    code = (
        "import sys, numpy as np\n"
        "from expdesign.physics import phasespace as ps\n"
        "from expdesign.physics.phasespace.model_error import projection_model_error\n"
        "th = np.radians(np.linspace(140.0, 150.0, 11)); m = (0.01, 0.0133, 0.0513)\n"
        "kin = ps.er_ylf_kinematics(); cm = 5.0677307e4\n"
        "r = ps.distribution_projected(th, m, cm, 2 * cm, kin=kin)\n"
        "d = projection_model_error(th, m, cm, 2 * cm, 'case1', kin)\n"
        "assert np.all(np.isfinite(r.dirac)) and np.any(r.dirac > 0)\n"
        "print('numba' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False"]


@pytest.mark.parametrize("deg,j", [(145.5, 0), (147.0, 5)])
def test_fused_steepest_descent_on_rays_matches_numpy(both, deg, j):
    """The W tail on rays by steepest descent (compiled.sd_paths with env_W's Hankel
    series) against the numpy paths."""
    from expdesign.physics.phasespace.steepest_descent import sd_osc_w

    qz, qx = KIN.Q(np.radians(deg))
    X = np.repeat(np.linspace(-2000.0, 2000.0, 15), 4)
    P = np.tile(np.linspace(0.1, 3.0, 4), 15)
    Wo = np.linspace(1.0, 2.0, X.size)
    for spin in ("case1", TENSOR):
        pair = EdgePair(float(qz), float(qx), KIN.eps_ep, PM[j, 0], PM[j, 1], spin, 2 * CM,
                        CM)
        a, b = both(lambda p=pair: sd_osc_w(p, X, P, Wo, ep.EDGE_FORB))
        assert np.all(a != 0)
        np.testing.assert_allclose(b, a, rtol=1e-10, atol=0)
