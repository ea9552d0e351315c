"""Edge-aware rule for the 3D finite-size pair integral near the kinematic edges.

The integral is that of :mod:`expdesign.physics.phasespace` (mode ``'3d'``, seed 001
eqs. (12)-(15)):

    J = int d^3K U(K_z L/2) W(|K_perp| R) g(Q - K),

with the closed-form two-body function g (eV^2), which vanishes outside the sphere
``|Q - K| = P_max = sqrt(eps^2 - (m_i + m_j)^2)`` and has a square-root edge on it.
Far from the edges the tensor product rule of :mod:`phasespace` is accurate; near them
(within a few degrees of signal angle) the edge sphere cuts through the tail panels or the
core of the form factor, and a rule whose nodes ignore it converges slowly.  This module
places break points on the sphere.

Variables: ``x = K_z L/2``, ``y = |K_perp| R``, ``phi`` the azimuth of K_perp from the
x axis (the k1-k2 plane), ``d^3K = (2/L)(1/R^2) dx y dy dphi``; phi in [0, pi], doubled
(g is even in K_y for spin directions in the x-z plane).

Decomposition (exact up to the two neglected terms named below)::

    U = U_c + U_a + U_w          W y = W_c + W_t
    U_c = U on |x| <= T, plus the integral of U - U_avg over |x| > T placed at x = +-T
    U_a = U_avg = 1/(2 x^2) on |x| > T
    U_w = (U - U_avg) on |x| > T minus what U_c placed at +-T: windows of +-n_w periods
          around every break point, integrated pointwise, with the boundary terms
          -Osc1(a) f(a) + Osc1(b) f(b) (Osc1(t) = int_t^inf (U - U_avg)); away from the
          windows (U - U_avg) f integrates to O(f' / x^2) (first neglected term)
    W_c = W y chi(y),  W_t = W y (1 - chi(y)),  chi a C^2 step from 1 (y <= T1) to 0 (y >= T2)

and the blocks (inner integral first; break points only in inner integrals)::

    CC: x inner over U_c (dense pointwise, breaks)   x  (y, phi) outer over W_c
    TC: x inner over U_a + U_w (breaks, windows)     x  (y, phi) outer over W_c
    CT: y inner over W_t (dense on [T1, T2], W_avg y beyond with breaks, windows, lump)
        x  (x, phi) outer over U_c
    TT1: y inner over W_t  x  (x, phi) outer over U_a
    TT2: x inner over U_w  x  (y, phi) outer over W_t without its windows
         (U_w x W_t-windows is the second neglected term, O(x^-3/2 y^-3/2))

Blocks that split the same inner variable share their outer rule (CC/TC, CT/TT1), so the
sharp split at |x| = T does not make the outer integrands kink; the y split is smooth
(chi), so the inner-y integrals are smooth in (x, phi).  Square-root edges are integrated
with ``t = e +- h s^2`` on the panels next to a break point.

With ``EdgeParams.sd`` (the forbidden-side rules and EDGE_HI) the windows, the Osc1 lumps
and the first neglected term go: the oscillating parts of U along z-lines and of W y along
K_perp rays are integrated exactly by numerical steepest descent from the chord ends
(:func:`_sd_segments`; g continues analytically through its factorised sqrt(lambda), see
:meth:`_Pair.line_roots`), and only the product of the two oscillating parts beyond the
cores (TT2's U_w x W windows, <= 2e-7 of J at 145-147 degrees) is left out.

Units: all momenta in eV, L and R in eV^-1; J in eV^5 (eV^2 for g times eV^3 for d^3K).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
from scipy import special

from expdesign.physics import formfactors as ff

__all__ = ["EdgeParams", "EDGE_LO", "EDGE_HI", "EDGE_MID", "EDGE_BEYOND", "EDGE_BEYOND_CLOSE",
           "EDGE_BEYOND_B",
           "EDGE_FORB", "EDGE_FORB_B", "FORB_NEAR", "EDGE_FAR", "EDGE_FAR_SD", "EDGE_ALLOWED_B",
           "edge_integral",
           "edge_distribution", "osc1_u", "osc1_w",
           "smooth_step"]

HALF_PERIOD = np.pi / 2


@dataclass(frozen=True)
class EdgeParams:
    """Resolution of the edge-aware rule (all lengths in form-factor units)."""

    T: float = 16.0  # x core half-width
    T1: float = 12.0  # y: chi = 1 below
    T2: float = 24.0  # y: chi = 0 above
    y_panels: int = 12  # product-integration panels of W_c on [0, T2] (outer y)
    deg: int = 6  # Gauss nodes per panel
    tail_deg: int = 6  # Gauss nodes per geometric tail panel (inner integrals)
    outer_tail_deg: int = 6  # Gauss nodes per geometric tail panel (outer integrals)
    n_phi: int = 48  # azimuth nodes (CC, TC, CT)
    n_phi_tt: int = 16  # azimuth nodes (TT1, TT2)
    n_win: int = 6  # window half-width in periods (pi) of the oscillating tails
    win_max: float = 3000.0  # no windows around breaks beyond this (form-factor units)
    grade: float = 1.0  # first graded sub-panel next to a break in the tails
    grade_ratio: float = 4.0  # ratio of the graded sub-panels
    grade_max: float = np.inf  # grade only breaks closer than this to K = 0
    tt2: bool = True  # U_w x W_t block (<= 4e-7 of J at the edge, <= 1e-8 beyond 1 degree)
    slab_free: bool = True  # use the slab-free decomposition where it applies
    sd: bool = False  # U's oscillating tail by steepest-descent paths (no windows)
    sd_short: float = 6.0  # chords shorter than this: real-axis rule instead
    sd_deg: int = 6  # Gauss nodes per panel on the steepest-descent paths
    trans_panels: int = 0  # slab-free outer y on [T1, T2]: panels (0: one per 2 units)
    xs_grade: float = 2.0  # first graded panel at the x_star planes (outer x tail)
    xs_ratio: float = 4.0  # its grading ratio
    phi_grade: float = 0.0  # > 0: grade the azimuths next to tangencies (this ratio)


EDGE_LO = EdgeParams()
"""Near the edge (sphere within a few core widths of K = 0)."""
EDGE_HI = EdgeParams(T=24.0, T1=16.0, T2=32.0, y_panels=16, deg=8, tail_deg=8,
                     outer_tail_deg=8, n_phi=64, n_phi_tt=24, n_win=10, win_max=6000.0,
                     sd=True, phi_grade=4.0)
"""Reference resolution for convergence studies (steepest-descent tails, graded azimuths;
about 10-40x the cost of the production rules)."""
EDGE_MID = EdgeParams(y_panels=2, deg=5, tail_deg=5, outer_tail_deg=5, n_phi=10, n_phi_tt=5,
                      n_win=3, tt2=False)
"""Default on the allowed side away from the edge sphere's closest approach (windows and
Osc1 lumps for the oscillating tails: within 2e-8 of EDGE_HI there)."""
EDGE_BEYOND = replace(EDGE_MID, sd=True, sd_deg=5, y_panels=4, n_phi_tt=8, trans_panels=2)
"""Forbidden side where the edge sphere misses the x core (slab-free decomposition):
steepest-descent tails, finer outer y and azimuths (<= 3e-7 of EDGE_HI)."""
EDGE_BEYOND_CLOSE = replace(EDGE_BEYOND, n_phi_tt=12)
"""EDGE_BEYOND where the sphere clears the x core by less than 8 T (finer azimuths)."""
EDGE_BEYOND_B = replace(EDGE_BEYOND, y_panels=2, n_phi_tt=6, sd_deg=4)
"""Companion of EDGE_BEYOND for the error estimate (differs from it by <= ~2e-6)."""
EDGE_FORB = replace(EDGE_MID, sd=True, deg=6, tail_deg=8, n_phi_tt=12, phi_grade=8.0)
"""Forbidden side where the sphere still cuts the x core: steepest-descent tails and
azimuths graded from the neutrino-mass scale at the tangencies (<= 5e-7 of EDGE_HI)."""
EDGE_FORB_B = replace(EDGE_MID, sd=True, deg=6, n_phi_tt=12)
"""EDGE_FORB without the azimuth grading (within ~3e-6 of EDGE_HI): the value within
FORB_NEAR form-factor units of the edge, where 1e-4 is asked for."""
FORB_NEAR = 400.0
"""Forbidden cells closer than this (form-factor units; ~0.75 degrees at L = 2 cm) to
the edge use EDGE_FORB_B against EDGE_FAR."""
EDGE_FAR = EdgeParams(T=12.0, T1=8.0, T2=16.0, y_panels=2, deg=5, tail_deg=5,
                      outer_tail_deg=4, n_phi=8, n_phi_tt=4, n_win=3, grade_ratio=8.0,
                      tt2=False)
"""Coarse companion near the edge (windows; a different core/tail split, so the estimate
includes the split's model error)."""
EDGE_FAR_SD = replace(EDGE_FAR, sd=True, sd_deg=5)
"""Coarse steepest-descent companion of EDGE_FORB (differs from it by <= ~1e-5)."""
EDGE_ALLOWED_B = replace(EDGE_MID, n_phi_tt=3, outer_tail_deg=3, tail_deg=4, n_phi=6,
                         y_panels=1, deg=4, win_max=0.0)
"""Coarse companion of EDGE_MID on the allowed side (differs from it by <= 1.2e-6)."""


# ----------------------------------------------------------------------------- 1D pieces
@lru_cache(maxsize=64)
def _gl(n: int) -> tuple[np.ndarray, np.ndarray]:
    x, w = np.polynomial.legendre.leggauss(n)
    return (x + 1) / 2, w / 2  # on [0, 1]


def smooth_step(y, t1: float, t2: float):
    """chi(y): 1 for y <= t1, 0 for y >= t2, C^2 (smootherstep) in between."""
    s = np.clip((np.asarray(y, dtype=float) - t1) / (t2 - t1), 0.0, 1.0)
    return 1.0 - s**3 * (10 - 15 * s + 6 * s**2)


def osc1_u(t):
    """``int_t^inf (U(x) - 1/(2x^2)) dx = int_t^inf -cos(2x)/(2x^2) dx`` (closed form)."""
    t = np.asarray(t, dtype=float)
    return -0.5 * (np.cos(2 * t) / t - np.pi + 2 * special.sici(2 * t)[0])


def _osc_u(t):
    return -np.cos(2 * t) / (2 * t**2)


def _avg_u(t):
    return 0.5 / t**2


def _wy(t):
    return 4.0 * special.j1(t) ** 2 / t


def _avg_w(t):
    """W_avg(y) y = 2 (J1^2 + Y1^2) / y; Hankel modulus series for y >= 20 (rel. err < 1e-9)."""
    t = np.asarray(t, dtype=float)
    big = t >= 20.0
    tb = np.where(big, t, 20.0)
    u = 1.0 / tb**2
    ser = 4.0 / (np.pi * tb**2) * (1 + u * (0.375 + u * (-0.3515625 + u * 1.5380859375)))
    if np.all(big):
        return ser
    ts = np.where(big, 1.0, t)
    return np.where(big, ser, 2.0 * (special.j1(ts) ** 2 + special.y1(ts) ** 2) / ts)


def _osc_w(t):
    return 2.0 * (special.j1(t) ** 2 - special.y1(t) ** 2) / t


_A_SWITCH = 2000.0


def _osc1_w_asym(a):
    """Asymptotic ``int_a^inf 2 Re H1(y)^2 / y dy`` (Hankel series to 1/y^2, 3 by-parts terms)."""
    a = np.asarray(a, dtype=float)

    def phi(y):
        s = 1 + 0.375j / y + 0.1171875 / y**2
        return 4j / (np.pi * y**2) * s * s

    h = 1e-2 * a
    p0 = phi(a)
    p1 = (phi(a + h) - phi(a - h)) / (2 * h)
    p2 = (phi(a + h) - 2 * p0 + phi(a - h)) / h**2
    # int_a^inf e^{2iy} phi dy = -e^{2ia} [phi/(2i) - phi'/(2i)^2 + phi''/(2i)^3]
    val = -np.exp(2j * a) * (p0 / 2j - p1 / (2j) ** 2 + p2 / (2j) ** 3)
    return val


@lru_cache(maxsize=1)
def _osc1_w_table():
    """Envelope E(a) = A(a) e^{-2ia} of A(a) = int_a^inf 2 H1(y)^2 / y dy on a log grid."""
    from scipy.interpolate import CubicSpline

    grid = np.geomspace(2.0, _A_SWITCH, 1600)
    # panels: the grid refined to width <= pi/4
    pts = [grid[0]]
    for b in grid[1:]:
        a = pts[-1]
        n = max(1, int(np.ceil((b - a) / (np.pi / 4))))
        pts.extend(np.linspace(a, b, n + 1)[1:])
    pts = np.array(pts)
    s, w = _gl(10)
    a_, b_ = pts[:-1], pts[1:]
    y = a_[:, None] + (b_ - a_)[:, None] * s[None, :]
    h1 = special.hankel1(1, y)
    seg = np.sum((b_ - a_)[:, None] * w[None, :] * 2 * h1**2 / y, axis=1)
    tail = _osc1_w_asym(_A_SWITCH)
    cum = tail + np.concatenate([np.cumsum(seg[::-1])[::-1], [0.0]])  # A at pts
    on_grid = np.isin(pts, grid)
    A = cum[on_grid]
    g = pts[on_grid]
    env = A * np.exp(-2j * g)
    return (CubicSpline(np.log(g), env.real), CubicSpline(np.log(g), env.imag))


def osc1_w(t):
    """``int_t^inf (W(y) - W_avg(y)) y dy = int_t^inf 2 (J1^2 - Y1^2)/y dy`` for t >= 2.

    Tabulated envelope (cumulative Gauss-Legendre below 2000, asymptotic Hankel series
    with three integrations by parts above); compare
    :func:`expdesign.physics.formfactors._w_osc_tail` (scipy.quad) in the tests.
    """
    t = np.asarray(t, dtype=float)
    re, im = _osc1_w_table()
    lt = np.log(np.clip(t, 2.0, _A_SWITCH))
    small = np.exp(2j * np.clip(t, 2.0, _A_SWITCH)) * (re(lt) + 1j * im(lt))
    big = _osc1_w_asym(np.maximum(t, _A_SWITCH))
    return np.where(t <= _A_SWITCH, small.real, big.real)


def _panels(B: np.ndarray, F: np.ndarray, deg: int) -> tuple[np.ndarray, np.ndarray,
                                                            np.ndarray]:
    """Gauss nodes on the panels between sorted boundaries (rows; NaN = unused).

    ``F`` flags break points: panels next to one use ``t = e +- h s^2`` (exact for a
    square-root edge times a smooth function).  Returns nodes, dt-weights and a validity
    mask, each (rows, panels * deg).
    """
    r = B.shape[0]
    if r == 0:
        z = np.zeros((0, deg))
        return z, z.copy(), z.astype(bool)
    order = np.argsort(B, axis=1)
    B = np.take_along_axis(B, order, 1)
    F = np.take_along_axis(F, order, 1)
    ncol = int(np.max(np.sum(np.isfinite(B), axis=1), initial=2))  # NaNs sort last
    B, F = B[:, :max(ncol, 2)], F[:, :max(ncol, 2)]
    a, b = B[:, :-1], B[:, 1:]
    valid = np.isfinite(a) & np.isfinite(b) & (b > a)
    h = np.where(valid, b - a, 0.0)
    a = np.where(valid, a, 0.0)
    # mapping per panel: 0 plain, 1 graded towards a, 2 graded towards b
    sel = np.where(F[:, :-1], 1, np.where(F[:, 1:], 2, 0))
    s, ws = _gl(deg)
    phi = np.stack([s, s**2, 1 - s**2])
    jac = np.stack([ws, 2 * s * ws, 2 * s * ws])
    t = a[..., None] + h[..., None] * phi[sel]
    jw = h[..., None] * jac[sel]
    ok = np.broadcast_to(valid[..., None], t.shape)
    return t.reshape(r, -1), jw.reshape(r, -1), ok.reshape(r, -1)


def _sorted_breaks(br: np.ndarray, lo: float, hi: float) -> tuple[np.ndarray, np.ndarray]:
    """Breaks inside (lo, hi) sorted per row (NaN elsewhere) and midpoints between them."""
    br = np.where((br > lo) & (br < hi), br, np.nan)
    br = np.sort(br, axis=1)
    mids = 0.5 * (br[:, 1:] + br[:, :-1])
    return br, mids


def _rule_with_breaks(base: np.ndarray, br: np.ndarray, lo: float, hi: float, deg: int,
                      grade: float = 0.0, ratio: float = 4.0, graded_cols=None,
                      grade_max: float = np.inf, one_sided: bool = False,
                      full: bool = True):
    """Panels on [lo, hi]: shared boundaries ``base`` plus per-row break points.

    With ``grade > 0`` extra boundaries at ``e +- grade * 4^k`` resolve the neutrino-mass
    scale next to an edge: the two-body function is ``sqrt(d)`` only for distances d
    below ``(m_i + m_j)^2 / (2 P_max)`` and turns into a smooth function of ``M`` beyond.
    ``graded_cols`` restricts the grading to those columns of ``br`` (default: all), and
    only breaks with ``|e| < grade_max`` are graded (far out the weight is too small for
    the mass-scale structure to matter).  ``full``: grade out to the whole span (else to
    4096 units, enough where no long base panel follows, as on the allowed side).
    ``one_sided``: rows with two breaks (a line
    through the sphere) are graded only towards the inside between them.
    """
    r = br.shape[0]
    brs, mids = _sorted_breaks(br, lo, hi)
    parts = [np.broadcast_to(base, (r, len(base))), brs, mids]
    flags = [np.zeros((r, len(base)), bool), np.isfinite(brs), np.zeros(mids.shape, bool)]
    if grade > 0:
        # grade all the way out to the span: a break's singularity must stay a fixed
        # fraction of a panel width away from every panel (a square-root edge times the
        # mass-scale factor sqrt(u + delta) is not smooth at u ~ delta, and a long base
        # panel starting 1000 units from the break loses ~1e-5 at 8 nodes)
        reach = (hi - lo) if full else 4096.0
        n_steps = int(np.ceil(np.log(max(reach / grade, 2.0)) / np.log(ratio)))
        steps = grade * ratio ** np.arange(n_steps)
        if one_sided:
            # two breaks on a line through the sphere: g != 0 only between them
            both = np.isfinite(brs[:, 0]) & np.isfinite(brs[:, -1]) & (brs.shape[1] == 2)
            todo = [(brs[:, 0], (1.0, -1.0), both, 1.0),
                    (brs[:, -1], (1.0, -1.0), both, -1.0)]
        else:
            cols = range(br.shape[1]) if graded_cols is None else graded_cols
            todo = [(br[:, c], (1.0, -1.0), None, 0.0) for c in cols]
        for e, sides, both, inward in todo:
            e = np.where(np.abs(e) < grade_max, e, np.nan)
            if not np.any(np.isfinite(e)):
                continue
            for sgn in sides:
                g = e[:, None] + sgn * steps[None, :]
                if both is not None:  # drop the outward side where the row has both breaks
                    g = np.where(both[:, None] & (sgn != inward), np.nan, g)
                g = np.where((g > lo) & (g < hi), g, np.nan)
                parts.append(g)
                flags.append(np.zeros(g.shape, bool))
    return _panels(np.concatenate(parts, axis=1), np.concatenate(flags, axis=1), deg)


def _windows(br: np.ndarray, lo: float, hi: float, n_win: int, deg: int, osc, osc1,
             win_max: float) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Oscillating-tail windows around break points in [lo, min(hi, win_max)).

    Returns chunks ``(rows, t, w)`` with ``sum w f(t)`` = sum over windows [a, b] of
    ``int_a^b osc f - Osc1(a) f(a) + Osc1(b) f(b)``.  Breaks beyond ``win_max`` get no
    window: there the correction is O(t^-3/2) of the local tail contribution.
    """
    brs, mids = _sorted_breaks(br, lo, hi)
    nb = brs.shape[1]
    out = []
    j = np.arange(-2 * n_win, 2 * n_win + 1)
    for c in range(nb):
        rows = np.nonzero(np.isfinite(brs[:, c]) & (brs[:, c] < win_max))[0]
        if rows.size == 0:
            continue
        e = brs[rows, c]
        r = rows.size
        left = np.full(r, lo)
        right = np.full(r, np.inf)
        if c > 0:
            m = mids[rows, c - 1]
            left = np.where(np.isfinite(m), np.maximum(left, m), left)
        if c < nb - 1:
            m = mids[rows, c]
            right = np.where(np.isfinite(m), np.minimum(right, m), right)
        wa = np.maximum(left, e - n_win * np.pi)
        wb = np.minimum(right, e + n_win * np.pi)
        cand = e[:, None] + HALF_PERIOD * j[None, :]
        cand = np.where((cand > wa[:, None]) & (cand < wb[:, None]), cand, np.nan)
        B = np.concatenate([cand, wa[:, None], wb[:, None]], axis=1)
        F = np.zeros(B.shape, bool)
        F[:, 2 * n_win] = np.isfinite(cand[:, 2 * n_win])
        t, jw, ok = _panels(B, F, deg)
        t = np.where(ok, t, e[:, None])
        out.append((rows, np.concatenate([t, wa[:, None], wb[:, None]], axis=1),
                    np.concatenate([jw * osc(t), -osc1(wa)[:, None], osc1(wb)[:, None]],
                                   axis=1)))
    return out


def _geom_base(lo: float, hi: float) -> np.ndarray:
    pts = [lo]
    while pts[-1] * 2 < hi:
        pts.append(pts[-1] * 2)
    pts.append(hi)
    return np.array(pts)


@lru_cache(maxsize=32)
def _outer_y_core(T1: float, T2: float, n_panels: int, deg: int):
    """Outer rule for W_c = W y chi on [0, T2] (product integration)."""
    def rho(y):
        return ff.W(y) * y * smooth_step(y, T1, T2)
    return ff._core_weights(rho, np.linspace(0.0, T2, n_panels + 1), deg, 24.0)


@lru_cache(maxsize=32)
def _outer_y_tail(T1: float, T2: float, y_max: float, deg: int, tail_deg: int):
    """Outer rule for W_t without windows: W y (1-chi) on [T1, T2] + Osc1_W(T2) + W_avg y."""
    cn, cw = _outer_y_trans(T1, T2, deg)
    base = _geom_base(T2, max(y_max, 2 * T2))
    s, ws = _gl(tail_deg)
    a, b = base[:-1], base[1:]
    tn = (a[:, None] + (b - a)[:, None] * s).ravel()
    tw = ((b - a)[:, None] * ws).ravel() * _avg_w(tn)
    y = np.concatenate([cn, [T2], tn])
    w = np.concatenate([cw, [float(osc1_w(T2))], tw])
    return y, w


def _outer_x_tail(T: float, x_pos: float, x_neg: float, tail_deg: int,
                  xstar: tuple[float, float], x_start: float, grade: float = 2.0,
                  ratio: float = 4.0):
    """Outer rule for U_a: 1/(2x^2) on T <= x <= x_pos and -x_neg <= x <= -T.

    The inner-y integral of the planes K_z = const changes abruptly where their sphere
    section starts (``x_start``), where it passes through K_perp = 0 (``xstar``, see
    :meth:`_Pair.x_star`: within a few units of x the rays from K_perp = 0 switch from
    missing to hitting it) and where it ends; all are graded break points.
    """
    xs, ws = [], []
    for sign, hi in ((1.0, x_pos), (-1.0, x_neg)):
        if hi <= T:
            continue
        br = np.array([[sign * xstar[0], sign * xstar[1], sign * x_start, hi]])
        t, jw, ok = _rule_with_breaks(_geom_base(T, hi), br, T, hi * (1 + 1e-12), tail_deg,
                                      grade=grade, ratio=ratio, graded_cols=(0, 1))
        t = np.where(ok, t, T)[0]
        xs.append(sign * t)
        ws.append(jw[0] * _avg_u(t))
    if not xs:
        return np.zeros(0), np.zeros(0)
    return np.concatenate(xs), np.concatenate(ws)


def _outer_x_core(T: float, deg: int, xstar: tuple[float, float]):
    """Outer rule for U_c: U pointwise on [-T, T] (panels of pi/2, graded at ``xstar``)
    plus Osc1_U(T) at +-T."""
    n = int(np.ceil(2 * T / HALF_PERIOD))
    base = np.linspace(-T, T, n + 1)
    t, jw, ok = _rule_with_breaks(base, np.array([list(xstar)]), -T, T, deg)
    t = np.where(ok, t, 0.0)[0]
    lump = float(osc1_u(T))
    return np.concatenate([t, [-T, T]]), np.concatenate([jw[0] * ff.U(t), [lump, lump]])


@lru_cache(maxsize=16)
def _phi_rule(n: int):
    s, w = _gl(n)
    return np.pi * s, 2 * np.pi * w  # [0, pi], doubled for K_y -> -K_y


# ----------------------------------------------------------------------------- blocks
def _two_body_c(M2, sqlam, sP2, m1: float, m2: float):
    """:func:`expdesign.physics.phasespace.two_body` written in M^2 and sqrt(lambda),
    valid for complex arguments (the analytic continuation used on steepest-descent
    paths).  ``e1 e2 = (M^4 - (m1^2 - m2^2)^2) / (4 M^2)``, ``p*^2 = lambda / (4 M^2)``."""
    M = np.sqrt(M2)
    ps = sqlam / (2 * M)
    ps2 = ps * ps
    e1e2 = (M2 * M2 - (m1**2 - m2**2) ** 2) / (4 * M2)
    a = (e1e2 - ps2 / 3) / M2
    pref = 4 * np.pi * ps / M
    gD = pref * (2 * a * sP2 - 2 * ps2 / 3 + 0.5 * (M2 - m1**2 - m2**2))
    return gD, pref * (-m1 * m2)


_SD_EDGES = np.array([0.0, 0.8, 1.6, 2.6, 4.6])
_SD_GRADE = np.array([0.25, 0.5, 1.0, 2.0, 4.0, 8.0])


def _sd_rule(delta: np.ndarray, deg: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-row nodes s and weights for ``int_0^inf e^{-2t} h(t) dt`` written as
    ``int_0^inf e^{-2 s^2} h(s^2) 2s ds`` (Gauss-Legendre panels on s in [0, 4.6];
    e^{-2 s^2} < 1e-18 beyond).

    ``delta`` (per row) is the distance from the path's start to the nearest other branch
    point of g: h then has a square-root singularity (or, at a zero of M^2, poles) at
    |s| = sqrt(delta), and the panels are graded at sqrt(delta) x 2^k, k = -2..3 (small
    delta: light neutrinos bring those points next to the chord end).
    """
    r = len(delta)
    base = np.broadcast_to(_SD_EDGES, (r, len(_SD_EDGES)))
    sd = np.sqrt(np.asarray(delta, dtype=float))[:, None]
    ex = sd * _SD_GRADE
    # beyond sqrt(delta) ~ 2 the base panels resolve the singularity well enough (<= 3e-4
    # of the oscillating part, itself <= 1e-4 of a cell)
    ex = np.where((ex > 0) & (ex < _SD_EDGES[-1]) & (sd < 2.0), ex, np.nan)
    B = np.concatenate([base, ex], axis=1)
    t, jw, ok = _panels(B, np.zeros(B.shape, bool), deg)
    t = np.where(ok, t, 1.0)
    return t, np.where(ok, jw * np.exp(-2 * t * t) * 2 * t, 0.0)


def _nearest_other(c: np.ndarray, roots) -> np.ndarray:
    """Distance from c to the nearest root that is not c itself (per row)."""
    d = np.stack([np.abs(c - r) for r in roots], axis=-1)
    d = np.where(np.isfinite(d) & (d > 1e-9 * np.maximum(1.0, np.abs(c))[..., None]), d,
                 np.inf)
    return d.min(axis=-1)


def _sd_segments(a, b, a_break, b_break, ok, Wo, env, osc, g_c, g_r, roots,
                 prm: EdgeParams) -> np.ndarray:
    """``sum_rows Wo int_a^b Re[e^{2iz} env(z)] g(z) dz`` by numerical steepest descent.

    ``g`` is analytic on each segment apart from square-root branch points at or beyond
    its ends, so (Huybrechs & Vandewalle 2006, SIAM J. Numer. Anal. 44, 1026)

        int_a^b e^{2iz} env g dz = F(a) - F(b),
        F(c) = i e^{2ic} int_0^inf e^{-2t} env(c + it) g(c + it) dt,

    exactly; the path integrals are smooth in s = sqrt(t) (a square root at a chord end
    becomes linear) and use :func:`_sd_rule`.  Segments shorter than ``prm.sd_short``
    (nearly tangent lines, whose two ends' branch points crowd the paths) use a real-axis
    rule with square-root panels and ``osc`` (the real oscillating weight) instead.
    ``g_c(c, dz, rows)`` is g continued to ``c + dz`` on the given rows, ``g_r(t, rows, w)``
    the real weighted sum (eV^2 x weights).
    """
    total = np.zeros(2)
    short = ok & (b - a < prm.sd_short)
    rows = np.nonzero(ok & ~short)[0]
    if rows.size:
        acc = np.zeros(2, complex)
        rr = tuple(r[rows] for r in roots)
        # the far end (|b| >> |a|) carries env(b) / env(a) ~ (a / b)^2 of the near one
        far = bool(np.all(np.abs(b[rows]) > 8 * np.abs(a[rows])))
        for c, sgn, deg in ((a[rows, None], 1.0, prm.sd_deg),
                            (b[rows, None], -1.0, max(3, prm.sd_deg - 2) if far
                             else prm.sd_deg)):
            s, ws = _sd_rule(_nearest_other(c[:, 0], rr), deg)
            dz = 1j * s**2
            gD, gM = g_c(c, dz, rows)
            k = sgn * 1j * np.exp(2j * c[:, 0]) * Wo[rows]
            e = ws * env(c + dz)  # c + dz: (rows, nodes)
            acc[0] += np.dot(k, np.sum(e * gD, axis=1))
            acc[1] += np.dot(k, np.sum(e * gM, axis=1))
        total += np.real(acc)
    sh = np.nonzero(short)[0]
    if sh.size:
        B = np.stack([a[sh], 0.5 * (a[sh] + b[sh]), b[sh]], axis=1)
        F = np.stack([a_break[sh], np.zeros(sh.size, bool), b_break[sh]], axis=1)
        t, jw, okp = _panels(B, F, prm.deg + 2)
        t = np.where(okp, t, B[:, :1])
        total += g_r(t, sh, Wo[sh, None] * jw * osc(t))
    return total


def _env_u(z):
    """(U - U_avg)(x) = Re[e^{2ix} env_U(x)], env_U = -1/(2 x^2)."""
    return -0.5 / (z * z)


def _hankel_series_coeffs(n: int = 14) -> np.ndarray:
    """i^k a_k(1) of H1(z) ~ sqrt(2/(pi z)) e^{i(z - 3pi/4)} sum_k i^k a_k / z^k
    (DLMF 10.17.1-2 with nu = 1: a_k = a_{k-1} (4 - (2k-1)^2) / (8k))."""
    a = [1.0]
    for k in range(1, n):
        a.append(a[-1] * (4.0 - (2 * k - 1) ** 2) / (8.0 * k))
    return np.array(a) * (1j ** np.arange(n))


_HANKEL_C = _hankel_series_coeffs()


def _env_w(z):
    """(W - W_avg)(y) y = 2 Re[H1(y)^2] / y = Re[e^{2iy} env_W(y)], env_W = 2 H1e(y)^2 / y.

    For |z| >= 16 the Hankel asymptotic series (14 terms, relative error < 1e-10 there;
    checked against scipy.special.hankel1e in the tests), else scipy.special.hankel1e.
    """
    z = np.asarray(z)
    az = np.abs(z)
    if np.all(az >= 16.0):
        # fewer terms where |z| is large (term k ~ (k/2)! / (2|z|)^k)
        zmin = float(az.min(initial=np.inf))
        n = 14 if zmin < 60 else (9 if zmin < 400 else 6)
        u = 1.0 / z
        ser = np.full(z.shape, _HANKEL_C[n - 1])
        for c in _HANKEL_C[n - 2::-1]:
            ser = ser * u + c
        return 4j * ser * ser / (np.pi * z * z)
    h = special.hankel1e(1, z)
    return 2.0 * h * h / z


def _sd_osc_u(pair: _Pair, Y, P, Wo, prm: EdgeParams, x_hi: float, x_lo: float,
              minus_lump: bool) -> np.ndarray:
    """``sum_rows Wo int_{|x|>T} (U - U_avg)(x) g(x; y, phi) dx`` on z-lines at (y, phi)
    by :func:`_sd_segments` (no windows, lumps or neglected terms), minus
    ``Osc1_U(T) g(+-T)`` if ``minus_lump``."""
    T = prm.T
    roots = pair.line_roots(Y, P)
    xa, xb = roots[0], roots[1]

    def g_c(c, dz, rows):
        return pair.g_line_complex(c, dz, tuple(r[rows, None] for r in roots),
                                   Y[rows, None], P[rows, None])

    def g_r(t, rows, w):
        return pair.g_sum(t, Y[rows, None], P[rows, None], w)

    total = np.zeros(2)
    if x_hi > T:
        total += _sd_segments(np.maximum(xa, T), xb, xa >= T, np.ones_like(xa, bool),
                              np.isfinite(xb) & (xb > T), Wo, _env_u, _osc_u, g_c, g_r, roots, prm)
    if x_lo > T:
        total += _sd_segments(xa, np.minimum(xb, -T), np.ones_like(xa, bool), xb <= -T,
                              np.isfinite(xa) & (xa < -T), Wo, _env_u, _osc_u, g_c, g_r,
                              roots, prm)
    if minus_lump:
        lump = float(osc1_u(T))
        for xe in (T, -T):
            total -= pair.g_sum(np.full((len(Y), 1), xe), Y[:, None], P[:, None],
                                Wo[:, None] * lump)
    return total


def _sd_osc_w(pair: _Pair, X, P, Wo, prm: EdgeParams) -> np.ndarray:
    """``sum_rows Wo int_{y>T2} (W - W_avg)(y) y g dy`` on rays at (x, phi) by
    :func:`_sd_segments` (replaces the y windows and the Osc1_W(T2) lump)."""
    T2 = prm.T2
    roots = pair.ray_roots(X, P)
    ya, yb = roots[0], roots[1]

    def g_c(c, dz, rows):
        return pair.g_ray_complex(c, dz, tuple(r[rows, None] for r in roots),
                                  X[rows, None], P[rows, None])

    def g_r(t, rows, w):
        return pair.g_sum(X[rows, None], t, P[rows, None], w)

    return _sd_segments(np.maximum(ya, T2), yb, ya >= T2, np.ones_like(ya, bool),
                        np.isfinite(yb) & (yb > T2), Wo, _env_w, _osc_w, g_c, g_r, roots, prm)


class _Pair:
    """One (angle, pair): Q, eps, masses, spin, geometry; evaluates g at K."""

    def __init__(self, qz, qx, eps, m1, m2, spin, L, R):
        self.qz, self.qx, self.eps, self.m1, self.m2 = qz, qx, eps, m1, m2
        self.spin, self.L, self.R = spin, L, R
        # spin along z (case 1): (s.P)^2 = P_z^2 without the general projection; spin may
        # also be a 3x3 orientation tensor (numpy array)
        self.zspin = isinstance(spin, str) and spin in ("case1", "z")
        self.pmax2 = eps**2 - (m1 + m2) ** 2

    def g_sum(self, x, y, phi, w) -> np.ndarray:
        """(sum w g_D, sum w g_M) over broadcast nodes, skipping zero weights and nodes
        outside the edge sphere (where g = 0)."""
        from expdesign.physics.phasespace import _spin_proj2, two_body

        kp = np.asarray(y) / self.R  # trig only on the (smaller) broadcast shape of phi
        pz = self.qz - 2 * np.asarray(x) / self.L
        px = self.qx - kp * np.cos(phi)
        py = -kp * np.sin(phi)
        p2 = pz**2 + px**2 + py**2
        keep = (np.asarray(w) != 0) & (p2 < self.pmax2)
        shape = keep.shape
        w = np.broadcast_to(w, shape)[keep]
        p2 = np.broadcast_to(p2, shape)[keep]
        pz = np.broadcast_to(pz, shape)[keep]
        if self.zspin:
            sp2 = pz**2
        else:
            px = np.broadcast_to(px, shape)[keep]
            py = np.broadcast_to(py, shape)[keep]
            sp2 = _spin_proj2(self.spin, pz, px, py, p2)
        gD, gM = two_body(p2, sp2, self.eps, self.m1, self.m2)
        return np.array([np.dot(w, gD), np.dot(w, gM)])

    def _g_complex(self, pz, px, py, sqlam):
        """(g_D, g_M) at complex P from its components and sqrt(lambda)."""
        p2 = pz**2 + px**2 + py**2
        if self.zspin:
            sp2 = pz**2
        else:
            from expdesign.physics.phasespace import _spin_proj2

            sp2 = _spin_proj2(self.spin, pz, px, py, p2)
        return _two_body_c(self.eps**2 - p2, sqlam, sp2, self.m1, self.m2)

    def line_roots(self, y, phi):
        """x where the z-line at (y, phi) crosses the edge sphere (x_a, x_b), the two
        branch points of the mass-scale factor (x_a', x_b') just outside them and the two
        zeros of M^2 (g has 1/M and 1/M^2 there); NaN if the line misses the sphere.

        Along the line ``M^2 - (m1+m2)^2 = (2/L)^2 (x - x_a)(x_b - x)`` and
        ``M^2 - (m1-m2)^2 = (2/L)^2 (x - x_a')(x_b' - x)``, so ``sqrt(lambda)`` factorises
        into four square roots that continue analytically off the real axis.
        """
        kp = np.asarray(y) / self.R
        rho2 = (self.qx - kp * np.cos(phi)) ** 2 + (kp * np.sin(phi)) ** 2
        c = self.pmax2 - rho2
        r = np.sqrt(np.where(c > 0, c, np.nan))
        r2 = np.sqrt(np.where(c > 0, c + 4 * self.m1 * self.m2, np.nan))
        r0 = np.sqrt(np.where(c > 0, c + (self.m1 + self.m2) ** 2, np.nan))  # M^2 = 0
        h = self.L / 2
        return ((self.qz - r) * h, (self.qz + r) * h, (self.qz - r2) * h, (self.qz + r2) * h,
                (self.qz - r0) * h, (self.qz + r0) * h)

    def g_line_complex(self, c, dz, roots, y, phi):
        """(g_D, g_M) continued to complex x = c + dz on z-lines (c real, dz complex).

        ``roots`` = :meth:`line_roots` of the rows, broadcast against ``c`` and ``dz``;
        the offsets from the roots are formed before adding ``dz`` so that paths starting
        on a root keep full precision.  Principal square roots are the continuation from
        inside the chord into the upper half plane.
        """
        xa, xb, xa2, xb2 = roots[:4]
        k = (2.0 / self.L) ** 2
        sq = (np.sqrt((c - xa) + dz) * np.sqrt((xb - c) - dz)
              * np.sqrt((c - xa2) + dz) * np.sqrt((xb2 - c) - dz))
        sqlam = k * sq
        pz = self.qz - 2 * (c + dz) / self.L
        kp = np.asarray(y) / self.R
        px = self.qx - kp * np.cos(phi)
        py = -kp * np.sin(phi)
        return self._g_complex(pz, px, py, sqlam)

    def ray_roots(self, x, phi):
        """y where the ray (x, phi) in the K_perp plane crosses the edge sphere
        (y_a < y_b; y_a < 0 when the ray starts inside), the mass-scale branch points
        y_a' < y_a, y_b' > y_b and the zeros of M^2 (NaN if the ray's line misses the
        sphere).  Along the ray
        ``M^2 - (m1+m2)^2 = R^-2 (y - y_a)(y_b - y)``."""
        pz = self.qz - 2 * np.asarray(x) / self.L
        qc = self.qx * np.cos(phi)
        q2s = (self.qx * np.sin(phi)) ** 2
        c = self.pmax2 - pz**2 - q2s
        r = np.sqrt(np.where(c > 0, c, np.nan))
        r2 = np.sqrt(np.where(c > 0, c + 4 * self.m1 * self.m2, np.nan))
        r0 = np.sqrt(np.where(c > 0, c + (self.m1 + self.m2) ** 2, np.nan))  # M^2 = 0
        R = self.R
        return ((qc - r) * R, (qc + r) * R, (qc - r2) * R, (qc + r2) * R, (qc - r0) * R,
                (qc + r0) * R)

    def g_ray_complex(self, c, dz, roots, x, phi):
        """(g_D, g_M) continued to complex y = c + dz on rays (see :meth:`g_line_complex`)."""
        ya, yb, ya2, yb2 = roots[:4]
        sq = (np.sqrt((c - ya) + dz) * np.sqrt((yb - c) - dz)
              * np.sqrt((c - ya2) + dz) * np.sqrt((yb2 - c) - dz))
        sqlam = sq / self.R**2
        kp = (c + dz) / self.R
        pz = self.qz - 2 * np.asarray(x) / self.L
        px = self.qx - kp * np.cos(phi)
        py = -kp * np.sin(phi)
        return self._g_complex(pz, px, py, sqlam)

    def x_star(self) -> tuple[float, float]:
        """x of the two planes K_z = const whose sphere section passes through
        K_perp = 0 (the inner-y integrals change abruptly there); NaN if none."""
        c = self.pmax2 - self.qx**2
        if c <= 0:
            return (np.nan, np.nan)
        r = np.sqrt(c)
        return (float((self.qz - r) * self.L / 2), float((self.qz + r) * self.L / 2))

    def phi_breaks(self, x):
        """Azimuths where rays at height x become tangent to the edge sphere (NaN if none)."""
        pz = self.qz - 2 * np.asarray(x, dtype=float) / self.L
        c = self.pmax2 - pz**2
        s = np.sqrt(np.clip(c, 0.0, None)) / max(abs(self.qx), 1e-300)
        ok = (c > 0) & (s < 1)
        p1 = np.where(ok, np.arcsin(np.clip(s, 0, 1)), np.nan)
        return np.stack([p1, np.pi - p1], axis=-1)

    def x_breaks(self, y, phi):
        """x where the z-line at (y, phi) crosses the edge sphere (NaN if it misses)."""
        kp = y / self.R
        rho2 = (self.qx - kp * np.cos(phi)) ** 2 + (kp * np.sin(phi)) ** 2
        c = self.pmax2 - rho2
        sq = np.sqrt(np.where(c > 0, c, np.nan))
        return np.stack([(self.qz - sq) * self.L / 2, (self.qz + sq) * self.L / 2], axis=-1)

    def y_breaks(self, x, phi):
        """y >= 0 where the ray (x, phi) crosses the edge sphere (NaN if none)."""
        pz = self.qz - 2 * x / self.L
        c = self.pmax2 - pz**2
        qc = self.qx * np.cos(phi)
        disc = c - (self.qx * np.sin(phi)) ** 2
        sq = np.sqrt(np.where(disc > 0, disc, np.nan))
        u = np.stack([qc - sq, qc + sq], axis=-1)
        return np.where(u > 0, u * self.R, np.nan)


def _outer_x_phi(pair: _Pair, xo, wxo, n_phi: int, deg: int, phi_grade: float = 0.0):
    """Outer (x, phi) nodes for the inner-y blocks: phi panels split at the tangency
    azimuths of each x (square-root panels), weights doubled for K_y -> -K_y.

    With ``phi_grade > 0`` the panels next to a tangency are graded geometrically (ratio
    ``phi_grade``) from the neutrino-mass scale of the azimuth, ``Delta_phi = d_M /
    |Q_x cos phi_t|`` with ``d_M = min(4 m1 m2, (m1 + m2)^2) / (2 sqrt(c))`` the depth
    below the tangent ray at which the ray integral turns from the square-root regime
    into the smooth one (same structure as the mass-scale grading of the line rules).
    """
    n = max(1, n_phi // deg)
    base = np.linspace(0.0, np.pi, n + 1)
    pb = pair.phi_breaks(xo)
    if phi_grade <= 0:
        t, jw, ok = _rule_with_breaks(base, pb, 0.0, np.pi, deg)
    else:
        pz = pair.qz - 2 * np.asarray(xo, dtype=float) / pair.L
        c = np.clip(pair.pmax2 - pz**2, 1e-300, None)
        mm = 4 * pair.m1 * pair.m2
        mm = mm if mm > 0 else (pair.m1 + pair.m2) ** 2
        dphi = mm / (2 * np.sqrt(c)) / np.abs(pair.qx * np.cos(pb[:, 0])).clip(1e-300)
        br, mids = _sorted_breaks(pb, 0.0, np.pi)
        nst = int(np.ceil(np.log(np.pi / np.nanmin(dphi, initial=np.pi)) / np.log(phi_grade)))
        steps = dphi[:, None] * phi_grade ** np.arange(max(nst, 0) + 1)
        B = np.concatenate([np.broadcast_to(base, (len(xo), len(base))), br, mids]
                           + [pb[:, k, None] + sg * steps for k in range(2)
                              for sg in (-1.0, 1.0)], axis=1)
        B = np.where((B >= 0) & (B <= np.pi), B, np.nan)
        F = np.zeros(B.shape, bool)
        F[:, len(base):len(base) + 2] = np.isfinite(br)
        t, jw, ok = _panels(B, F, deg)
    t = np.where(ok, t, 0.0)
    X = np.broadcast_to(xo[:, None], t.shape).ravel()
    W = (wxo[:, None] * 2 * jw).ravel()
    keep = W != 0
    return X[keep], t.ravel()[keep], W[keep]


@lru_cache(maxsize=32)
def _x_core_product(T: float, n_panels: int, deg: int):
    """U on [-T, T] by product integration (for integrands smooth on the core) plus
    Osc1_U(T) at +-T."""
    cn, cw = ff._core_weights(ff.U, np.linspace(0.0, T, n_panels + 1), deg, 24.0)
    lump = float(osc1_u(T))
    return (np.concatenate([-cn[::-1], cn, [-T, T]]),
            np.concatenate([cw[::-1], cw, [lump, lump]]))


Chunk = tuple[object, np.ndarray, np.ndarray]  # (rows or slice, nodes, weights)


def _inner_x(pair: _Pair, yo, po, prm: EdgeParams, x_hi: float, x_lo: float,
             dense: bool) -> list[Chunk]:
    """Inner x chunks at outer (y, phi) rows over U_c + U_a + U_w."""
    T = prm.T
    br = pair.x_breaks(yo, po)
    if dense:
        n = int(np.ceil(2 * T / HALF_PERIOD))
        t, jw, ok = _rule_with_breaks(np.linspace(-T, T, n + 1), br, -T, T, prm.deg)
        t = np.where(ok, t, 0.0)
        lump = float(osc1_u(T))
        chunks: list[Chunk] = [(slice(None), t, jw * ff.U(t))]
        if not prm.sd:
            chunks.append((slice(None), np.array([[-T, T]]), np.array([[lump, lump]])))
    else:
        xc, wc = _x_core_product(T, 2, 10)
        if prm.sd:  # the steepest-descent tail replaces the Osc1 lumps at +-T
            xc, wc = xc[:-2], wc[:-2]
        chunks = [(slice(None), xc[None, :], wc[None, :])]
    for sign, hi in ((1.0, x_hi), (-1.0, x_lo)):
        if hi <= T:
            continue
        tb = sign * br
        t, jw, ok = _rule_with_breaks(_geom_base(T, hi), tb, T, hi, prm.tail_deg, prm.grade,
                                      prm.grade_ratio, grade_max=prm.grade_max,
                                      one_sided=True, full=prm.sd)
        t = np.where(ok, t, T)
        chunks.append((slice(None), sign * t, jw * _avg_u(t)))
        if prm.sd:
            continue
        for rows, t, w in _windows(tb, T, hi, prm.n_win, prm.deg, _osc_u, osc1_u,
                                   prm.win_max):
            chunks.append((rows, sign * t, w))
    return chunks


def _inner_y(pair: _Pair, xo, po, prm: EdgeParams, y_hi: float) -> list[Chunk]:
    """Inner y chunks at outer (x, phi) rows over W_t (with windows)."""
    T1, T2 = prm.T1, prm.T2
    br = pair.y_breaks(xo, po)
    n = int(np.ceil((T2 - T1) / HALF_PERIOD))
    inside = np.nonzero(np.any((br > T1) & (br < T2), axis=1))[0]
    outside = np.nonzero(~np.any((br > T1) & (br < T2), axis=1))[0]
    yt, wt = _outer_y_trans(T1, T2, prm.deg)  # smooth rows: product integration
    chunks: list[Chunk] = [(outside, yt[None, :], wt[None, :])]
    if not prm.sd:  # else the steepest-descent tail (_sd_osc_w) replaces lump and windows
        chunks.append((slice(None), np.array([[T2]]), np.array([[float(osc1_w(T2))]])))
    if inside.size:
        t, jw, ok = _rule_with_breaks(np.linspace(T1, T2, n + 1), br[inside], T1, T2, prm.deg)
        t = np.where(ok, t, T2)
        chunks.append((inside, t, jw * _wy(t) * (1.0 - smooth_step(t, T1, T2))))
    if y_hi > T2:
        t, jw, ok = _rule_with_breaks(_geom_base(T2, y_hi), br, T2, y_hi, prm.tail_deg,
                                      prm.grade, prm.grade_ratio, grade_max=prm.grade_max,
                                      one_sided=True, full=prm.sd)
        t = np.where(ok, t, T2)
        chunks.append((slice(None), t, jw * _avg_w(t)))
        if not prm.sd:
            chunks += _windows(br, T2, y_hi, prm.n_win, prm.deg, _osc_w, osc1_w,
                               prm.win_max)
    return chunks


def _grid(a, wa, b, wb):
    A, B = np.meshgrid(a, b, indexing="ij")
    return A.ravel(), B.ravel(), np.outer(wa, wb).ravel()


def _slab_free(pair: _Pair, prm: EdgeParams, x_hi: float, x_lo: float, y_hi: float
               ) -> np.ndarray:
    """Sum of all blocks when the edge sphere misses the slab |x| <= T (far beyond the
    edge, or any cell with |Q_z| - P_max > 2T/L): then g = 0 on U_c, every z-line is
    integrated inside (U_a + U_w, breaks and windows) and (y, phi) are outer over the whole
    W: W_c, and W_t by product integration on [T1, T2], Osc1_W(T2) at T2 and W_avg y beyond
    with a graded break where the z-lines become tangent to the sphere.  The line
    integrals are smooth in (y, phi), so the y windows reduce to the lump (O(H'/y^2))."""
    ph, wph = _phi_rule(prm.n_phi_tt)
    # shared y nodes: W_c on [0, T2], W_t on [T1, T2], the lump at T2
    yc, wyc = _outer_y_core(prm.T1, prm.T2, prm.y_panels, prm.deg)
    ytr, wtr = _outer_y_trans(prm.T1, prm.T2, prm.deg, prm.trans_panels)
    y0 = np.concatenate([yc, ytr, [prm.T2]])
    w0 = np.concatenate([wyc, wtr, [float(osc1_w(prm.T2))]])
    Y, P, Wo = _grid(y0, w0, ph, wph)
    parts = [(Y, P, Wo)]
    if y_hi > prm.T2:
        # tangency of the z-line at (y, phi): |Q_perp - K_perp| = P_max
        qc = pair.qx * np.cos(ph)
        disc = pair.pmax2 - (pair.qx * np.sin(ph)) ** 2
        yt = np.where(disc > 0, (qc + np.sqrt(np.clip(disc, 0, None))) * pair.R, np.nan)
        t, jw, ok = _rule_with_breaks(_geom_base(prm.T2, y_hi), yt[:, None], prm.T2, y_hi,
                                      prm.outer_tail_deg)
        t = np.where(ok, t, prm.T2)
        w = jw * _avg_w(t) * wph[:, None]
        keep = w != 0
        parts.append((t[keep], np.broadcast_to(ph[:, None], t.shape)[keep], w[keep]))
    Y = np.concatenate([p[0] for p in parts])
    P = np.concatenate([p[1] for p in parts])
    Wo = np.concatenate([p[2] for p in parts])
    total = np.zeros(2)
    br = pair.x_breaks(Y, P)
    for sign, hi in ((1.0, x_hi), (-1.0, x_lo)):
        if hi <= prm.T:
            continue
        tb = sign * br
        t, jw, ok = _rule_with_breaks(_geom_base(prm.T, hi), tb, prm.T, hi, prm.tail_deg,
                                      prm.grade, prm.grade_ratio, grade_max=prm.grade_max,
                                      one_sided=True, full=prm.sd)
        t = np.where(ok, t, prm.T)
        total += pair.g_sum(sign * t, Y[:, None], P[:, None], Wo[:, None] * jw * _avg_u(t))
        if prm.sd:
            continue
        for rows, tw, w in _windows(tb, prm.T, hi, prm.n_win, prm.deg, _osc_u, osc1_u,
                                    prm.win_max):
            total += pair.g_sum(sign * tw, Y[rows, None], P[rows, None], Wo[rows, None] * w)
    if prm.sd:
        total += _sd_osc_u(pair, Y, P, Wo, prm, x_hi, x_lo, minus_lump=False)
    return total


@lru_cache(maxsize=32)
def _outer_y_trans(T1: float, T2: float, deg: int, n_panels: int = 0):
    """W y (1 - chi) on [T1, T2] by product integration (outer y; ``n_panels`` = 0: one
    per 2 units)."""
    def rho(y):
        return ff.W(y) * y * (1.0 - smooth_step(y, T1, T2))
    n = n_panels if n_panels > 0 else max(2, int(np.ceil((T2 - T1) / 2.0)))
    return ff._core_weights(rho, np.linspace(T1, T2, n + 1), deg, 24.0)


def edge_integral(qz: float, qx: float, eps: float, m1: float, m2: float, spin, L: float,
                  R: float, prm: EdgeParams = EDGE_LO) -> np.ndarray:
    """(J_D, J_M) in eV^5 for one signal angle (given by Q, eV) and one mass pair (eV).

    Same normalisation as :func:`expdesign.physics.phasespace.distribution` (mode
    '3d'; L, R in eV^-1).  Pointwise (dense) core rules are used where the edge sphere
    comes within a few core widths of K = 0, product integration elsewhere.
    """
    pair = _Pair(qz, qx, eps, m1, m2, spin, L, R)
    if pair.pmax2 <= 0:
        return np.zeros(2)
    pmax = np.sqrt(pair.pmax2)
    pref = (2.0 / L) / R**2
    x_hi = (qz + pmax) * L / 2  # g = 0 beyond (K_z <= Q_z + P_max)
    x_lo = (pmax - qz) * L / 2  # -x beyond
    y_hi = (abs(qx) + pmax) * R
    gap = abs(np.hypot(qz, qx) - pmax) * min(L / 2, R)  # sphere-origin distance (ff units)
    dense = gap < 4 * max(prm.T, prm.T2)
    if prm.slab_free and ((qz - pmax) * L / 2 > prm.T + 4
                          or (qz + pmax) * L / 2 < -(prm.T + 4)):
        return pref * _slab_free(pair, prm, x_hi, x_lo, y_hi)
    total = np.zeros(2)

    # CC + TC: outer (y, phi) over W_c, inner x over U
    ph, wph = _phi_rule(prm.n_phi)
    yc, wyc = _outer_y_core(prm.T1, prm.T2, prm.y_panels, prm.deg)
    Y, P, Wo = _grid(yc, wyc, ph, wph)
    for rows, t, w in _inner_x(pair, Y, P, prm, x_hi, x_lo, dense):
        total += pair.g_sum(t, Y[rows, None], P[rows, None], Wo[rows, None] * w)
    if prm.sd:
        total += _sd_osc_u(pair, Y, P, Wo, prm, x_hi, x_lo, minus_lump=False)
    # CT + TT1: outer (x, phi) over U_c and U_a; inner y over W_t; phi split at tangency
    xstar = pair.x_star()
    if dense or np.nanmin(np.abs(xstar), initial=np.inf) < 2 * prm.T:
        xc, wxc = _outer_x_core(prm.T, prm.deg, xstar)
    else:
        xc, wxc = _x_core_product(prm.T, 2, 10)
    xt, wxt = _outer_x_tail(prm.T, x_hi, x_lo, prm.outer_tail_deg, xstar,
                             (qz - pmax) * L / 2, prm.xs_grade, prm.xs_ratio)
    for xo, wxo, nphi in ((xc, wxc, prm.n_phi), (xt, wxt, prm.n_phi_tt)):
        X, P, Wo = _outer_x_phi(pair, xo, wxo, nphi, prm.deg, prm.phi_grade)
        hit = np.any(np.isfinite(pair.y_breaks(X, P)), axis=1)  # else g = 0 on the ray
        if not np.any(hit):
            continue
        X, P, Wo = X[hit], P[hit], Wo[hit]
        for rows, t, w in _inner_y(pair, X, P, prm, y_hi):
            total += pair.g_sum(X[rows, None], t, P[rows, None], Wo[rows, None] * w)
        if prm.sd:
            total += _sd_osc_w(pair, X, P, Wo, prm)
    if not prm.tt2:
        return pref * total
    # TT2: inner x windows over U_w, outer (y, phi) over W_t without windows
    pht, wpht = _phi_rule(prm.n_phi_tt)
    yt, wyt = _outer_y_tail(prm.T1, prm.T2, max(y_hi, 2 * prm.T2), prm.deg,
                            prm.outer_tail_deg)
    Y, P, Wo = _grid(yt, wyt, pht, wpht)
    if prm.sd:
        return pref * (total + _sd_osc_u(pair, Y, P, Wo, prm, x_hi, x_lo, minus_lump=True))
    br = pair.x_breaks(Y, P)
    for sign, hi in ((1.0, x_hi), (-1.0, x_lo)):
        if hi <= prm.T:
            continue
        for rows, t, w in _windows(sign * br, prm.T, hi, prm.n_win, prm.deg, _osc_u,
                                   osc1_u, prm.win_max):
            total += pair.g_sum(sign * t, Y[rows, None], P[rows, None], Wo[rows, None] * w)
    return pref * total


def _cells(args) -> list[tuple[int, int, np.ndarray, np.ndarray]]:
    """Worker: edge-aware values and error estimates for a list of (angle, pair) cells."""
    qz, qx, eps, pm, spin, L, R, cells = args
    out = []
    for i, j in cells:
        m1, m2 = pm[j]
        pmax = np.sqrt(max(eps**2 - (m1 + m2) ** 2, 0.0))
        sgap = (np.hypot(qz[i], qx[i]) - pmax) * min(L / 2, R)
        clear = max((qz[i] - pmax) * L / 2, -(qz[i] + pmax) * L / 2)  # sphere to x = 0
        slab = clear > EDGE_MID.T + 4
        # (value rule, companion rule, accuracy floor of the value rule: a little above
        # the largest |J / J_HI - 1| of its convergence study, docs/phasespace.md)
        if abs(sgap) < 4 * EDGE_LO.T2:
            a, b, floor = EDGE_LO, EDGE_MID, 3e-5
        elif sgap > 0 and slab:
            a = EDGE_BEYOND if clear > 8 * EDGE_MID.T else EDGE_BEYOND_CLOSE
            b, floor = EDGE_BEYOND_B, 1e-6
        elif sgap > FORB_NEAR:
            a, b, floor = EDGE_FORB, EDGE_FAR_SD, 1e-6
        elif sgap > 0:
            a, b, floor = EDGE_FORB_B, EDGE_FAR, 1e-5
        else:
            a, b, floor = EDGE_MID, EDGE_ALLOWED_B, 1e-7
        va = edge_integral(qz[i], qx[i], eps, m1, m2, spin, L, R, a)
        vb = edge_integral(qz[i], qx[i], eps, m1, m2, spin, L, R, b)
        # the companion can agree by accident (differences of 1e-9 where the value is off
        # by 4e-7): never report less than the rule's verified accuracy
        out.append((i, j, va, np.maximum(np.abs(va - vb), floor * np.abs(va))))
    return out


def edge_distribution(qz, qx, eps: float, pm: np.ndarray, spin, L: float, R: float,
                      todo: np.ndarray, workers: int = 2, during=None
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Edge-aware J_D, J_M (eV^5) and error estimates for the flagged (angle, pair) cells.

    ``todo`` is a boolean (n_theta, 6) mask; cells not flagged are returned as 0.  Near
    the sphere's closest approach (|gap| < 4 T2) the value is :data:`EDGE_LO` and the
    error its difference to :data:`EDGE_MID`; elsewhere :data:`EDGE_MID` against
    :data:`EDGE_ALLOWED_B` (allowed side), :data:`EDGE_BEYOND` against
    :data:`EDGE_BEYOND_B` (forbidden, sphere clear of the x core), :data:`EDGE_FORB`
    against :data:`EDGE_FAR_SD` (forbidden, sphere through the core, more than
    :data:`FORB_NEAR` units out) and :data:`EDGE_FORB_B` against :data:`EDGE_FAR` (a
    different core/tail split) closer in.  The estimate is never below the value rule's
    verified accuracy (3e-5, 1e-7, 1e-6, 1e-6, 1e-5 of the value respectively; the
    companions can agree by accident).  With ``workers > 1`` and enough cells the cells
    run in a process pool (the rule is numpy-bound but Python-heavy, so threads do not
    help); ``during`` is called in the parent while they run.
    """
    qz = np.atleast_1d(np.asarray(qz, dtype=float))
    qx = np.atleast_1d(np.asarray(qx, dtype=float))
    n = len(qz)
    outD, outM = np.zeros((n, 6)), np.zeros((n, 6))
    errD, errM = np.zeros((n, 6)), np.zeros((n, 6))
    cells = [(int(i), int(j)) for i, j in zip(*np.nonzero(todo), strict=True)]
    import multiprocessing as mp

    # no nested pools: inside a scan worker (or any child process) run serially
    if workers > 1 and len(cells) >= 24 and mp.current_process().name == "MainProcess":
        from concurrent.futures import ProcessPoolExecutor

        ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
        chunks = [cells[k::4 * workers] for k in range(4 * workers)]
        from expdesign.scan import pin_blas_threads

        with ProcessPoolExecutor(workers, mp_context=ctx, initializer=pin_blas_threads) as ex:
            futs = [ex.submit(_cells, (qz, qx, eps, pm, spin, L, R, c)) for c in chunks]
            if during is not None:
                during()  # the parent's own work overlaps with the workers
            res = [r for f in futs for r in f.result()]
    else:
        if during is not None:
            during()
        res = _cells((qz, qx, eps, pm, spin, L, R, cells))
    for i, j, va, e in res:
        outD[i, j], outM[i, j] = va
        errD[i, j], errM[i, j] = e
    return outD, outM, errD, errM
