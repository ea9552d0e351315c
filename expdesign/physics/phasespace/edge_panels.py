"""One-dimensional panel rules of the edge-aware rule: Gauss panels between sorted break
points (square-root panels next to the kinematic edge), graded panels at the neutrino-mass
scale, oscillating-tail windows, and the outer product-integration rules of the blocks
(:mod:`expdesign.physics.phasespace.edge_rule`).  All lengths in form-factor units."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from expdesign.physics.phasespace import compiled
from expdesign.physics.phasespace import formfactors as ff
from expdesign.physics.phasespace.formfactors import osc1_u
from expdesign.physics.phasespace.quadrature import gauss_legendre_01
from expdesign.physics.phasespace.tails import HALF_PERIOD, avg_u, avg_w, osc1_w, smooth_step

__all__ = ["panels", "sorted_breaks", "rule_with_breaks", "line_avg", "windows", "geom_base",
           "outer_y_core", "outer_y_tail", "outer_y_trans", "outer_x_tail", "outer_x_core",
           "x_core_product"]


def panels(B: np.ndarray, F: np.ndarray, deg: int) -> tuple[np.ndarray, np.ndarray,
                                                            np.ndarray]:
    """Gauss nodes on the panels between sorted boundaries (rows; NaN = unused).

    ``F`` flags break points: panels next to one use ``t = e +- h s^2`` (exact for a
    square-root edge times a smooth function).  Returns nodes, dt-weights and a validity
    mask, each (rows, panels * deg).  Runs the compiled kernel
    (:func:`expdesign.physics.phasespace.compiled.panels`) when it is enabled.
    """
    r = B.shape[0]
    if r == 0:
        z = np.zeros((0, deg))
        return z, z.copy(), z.astype(bool)
    if compiled.enabled():
        return compiled.panels(B, F, deg)
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
    s, ws = gauss_legendre_01(deg)
    t = a[..., None] + h[..., None] * s
    jw = h[..., None] * ws
    # panels next to a break (few): t = a + h s^2 towards a, a + h (1 - s^2) towards b
    toa = F[:, :-1]
    tob = F[:, 1:] & ~toa
    for m, u in ((toa, s**2), (tob, 1 - s**2)):
        if np.any(m):
            t[m] = a[m][:, None] + h[m][:, None] * u
            jw[m] = h[m][:, None] * (2 * s * ws)
    ok = np.broadcast_to(valid[..., None], t.shape)
    return t.reshape(r, -1), jw.reshape(r, -1), ok.reshape(r, -1)


def sorted_breaks(br: np.ndarray, lo: float, hi: float) -> tuple[np.ndarray, np.ndarray]:
    """Breaks inside (lo, hi) sorted per row (NaN elsewhere) and midpoints between them."""
    br = np.where((br > lo) & (br < hi), br, np.nan)
    br = np.sort(br, axis=1)
    mids = 0.5 * (br[:, 1:] + br[:, :-1])
    return br, mids


def _grade_steps(lo: float, hi: float, grade: float, ratio: float, full: bool
                 ) -> np.ndarray:
    """Distances ``grade * ratio^k`` of the graded boundaries from a break, out to the
    span (``full``) or to 4096 units."""
    reach = (hi - lo) if full else 4096.0
    n_steps = int(np.ceil(np.log(max(reach / grade, 2.0)) / np.log(ratio)))
    return grade * ratio ** np.arange(n_steps)


def rule_with_breaks(base: np.ndarray, br: np.ndarray, lo: float, hi: float, deg: int,
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
    through the sphere) are graded only towards the inside between them, and have no
    panels outside them (the integrand vanishes there).
    """
    r = br.shape[0]
    if r > 0 and compiled.enabled():
        steps = _grade_steps(lo, hi, grade, ratio, full) if grade > 0 else None
        gcols = np.ones(br.shape[1], bool)
        if graded_cols is not None:
            gcols[:] = False
            gcols[list(graded_cols)] = True
        return compiled.rule_with_breaks(base, br, lo, hi, deg, steps, gcols, grade_max,
                                         one_sided)
    brs, mids = sorted_breaks(br, lo, hi)
    B0 = np.broadcast_to(base, (r, len(base)))
    chord = None
    if one_sided and br.shape[1] == 2:
        # the integrand vanishes outside the chord between the two breaks (the second
        # NaN: the ray starts inside the sphere; neither: no cut, nothing dropped), so
        # no boundaries are placed there: those nodes contributed exactly 0 (issue 22)
        fin = np.isfinite(br)
        low = np.where(fin.all(axis=1), np.nanmin(np.where(fin, br, np.inf), axis=1),
                       -np.inf)[:, None]
        upp = np.where(fin.any(axis=1), np.nanmax(np.where(fin, br, -np.inf), axis=1),
                       np.inf)[:, None]
        chord = (low, upp)
        B0 = np.where((B0 < low) | (B0 > upp), np.nan, B0)
    parts = [B0, brs, mids]
    flags = [np.zeros((r, len(base)), bool), np.isfinite(brs), np.zeros(mids.shape, bool)]
    if grade > 0:
        # grade all the way out to the span: a break's singularity must stay a fixed
        # fraction of a panel width away from every panel (a square-root edge times the
        # mass-scale factor sqrt(u + delta) is not smooth at u ~ delta, and a long base
        # panel starting 1000 units from the break loses ~1e-5 at 8 nodes)
        steps = _grade_steps(lo, hi, grade, ratio, full)
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
                if chord is not None:
                    g = np.where((g < chord[0]) | (g > chord[1]), np.nan, g)
                parts.append(g)
                flags.append(np.zeros(g.shape, bool))
    return panels(np.concatenate(parts, axis=1), np.concatenate(flags, axis=1), deg)


def line_avg(pair, base: np.ndarray, br: np.ndarray, lo: float, hi: float, deg: int,
             grade: float, ratio: float, grade_max: float, one_sided: bool, full: bool,
             sign: float, on_x: bool, other: np.ndarray, phi: np.ndarray, wrow: np.ndarray,
             weight: str) -> np.ndarray:
    """``pair.g_sum`` over the nodes of :func:`rule_with_breaks` (same arguments) times
    the averaged tail ``weight`` (``'avg_u'``: U_avg = 1/(2 t^2), ``'avg_w'``: W_avg y)
    and the row weights ``wrow``: inner x at ``x = sign t`` on z-lines at
    (y = ``other``, ``phi``) if ``on_x``, else inner y at ``y = t`` on rays at
    (x = ``other``, ``phi``); invalid nodes count 0.  (D, M) in eV^2 x weights.

    The compiled path (:func:`expdesign.physics.phasespace.compiled.line_avg_sum`) never
    builds the nodes; it needs t >= 20 for ``'avg_w'`` (its series), else numpy.
    """
    if br.shape[0] == 0:
        return np.zeros(2)
    if compiled.enabled() and (weight == "avg_u" or lo >= 20.0):
        steps = _grade_steps(lo, hi, grade, ratio, full) if grade > 0 else None
        return compiled.line_avg_sum(pair, base, br, lo, hi, deg, steps,
                                     np.ones(br.shape[1], bool), grade_max, one_sided, sign,
                                     on_x, other, phi, wrow, weight)
    t, jw, ok = rule_with_breaks(base, br, lo, hi, deg, grade, ratio, grade_max=grade_max,
                                 one_sided=one_sided, full=full)
    t = np.where(ok, t, lo)
    f = avg_u(t) if weight == "avg_u" else avg_w(t)
    if on_x:
        return pair.g_sum(sign * t, other[:, None], phi[:, None], wrow[:, None] * jw * f)
    return pair.g_sum(other[:, None], t, phi[:, None], wrow[:, None] * jw * f)


def windows(br: np.ndarray, lo: float, hi: float, n_win: int, deg: int, osc, osc1,
             win_max: float) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Oscillating-tail windows around break points in [lo, min(hi, win_max)).

    Returns chunks ``(rows, t, w)`` with ``sum w f(t)`` = sum over windows [a, b] of
    ``int_a^b osc f - Osc1(a) f(a) + Osc1(b) f(b)``.  Breaks beyond ``win_max`` get no
    window: there the correction is O(t^-3/2) of the local tail contribution.
    """
    brs, mids = sorted_breaks(br, lo, hi)
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
        t, jw, ok = panels(B, F, deg)
        t = np.where(ok, t, e[:, None])
        out.append((rows, np.concatenate([t, wa[:, None], wb[:, None]], axis=1),
                    np.concatenate([jw * osc(t), -osc1(wa)[:, None], osc1(wb)[:, None]],
                                   axis=1)))
    return out


def geom_base(lo: float, hi: float) -> np.ndarray:
    pts = [lo]
    while pts[-1] * 2 < hi:
        pts.append(pts[-1] * 2)
    pts.append(hi)
    return np.array(pts)


@lru_cache(maxsize=32)
def outer_y_core(T1: float, T2: float, n_panels: int, deg: int):
    """Outer rule for W_c = W y chi on [0, T2] (product integration)."""
    def rho(y):
        return ff.W(y) * y * smooth_step(y, T1, T2)
    return ff.core_weights(rho, np.linspace(0.0, T2, n_panels + 1), deg, 24.0)


@lru_cache(maxsize=32)
def outer_y_tail(T1: float, T2: float, y_max: float, deg: int, tail_deg: int):
    """Outer rule for W_t without windows: W y (1-chi) on [T1, T2] + Osc1_W(T2) + W_avg y."""
    cn, cw = outer_y_trans(T1, T2, deg)
    base = geom_base(T2, max(y_max, 2 * T2))
    s, ws = gauss_legendre_01(tail_deg)
    a, b = base[:-1], base[1:]
    tn = (a[:, None] + (b - a)[:, None] * s).ravel()
    tw = ((b - a)[:, None] * ws).ravel() * avg_w(tn)
    y = np.concatenate([cn, [T2], tn])
    w = np.concatenate([cw, [float(osc1_w(T2))], tw])
    return y, w


def outer_x_tail(T: float, x_pos: float, x_neg: float, tail_deg: int,
                  xstar: tuple[float, float], x_start: float, grade: float = 2.0,
                  ratio: float = 4.0):
    """Outer rule for U_a: 1/(2x^2) on T <= x <= x_pos and -x_neg <= x <= -T.

    The inner-y integral of the planes K_z = const changes abruptly where their sphere
    section starts (``x_start``), where it passes through K_perp = 0 (``xstar``, see
    :meth:`EdgePair.x_star`: within a few units of x the rays from K_perp = 0 switch from
    missing to hitting it) and where it ends; all are graded break points.
    """
    xs, ws = [], []
    for sign, hi in ((1.0, x_pos), (-1.0, x_neg)):
        if hi <= T:
            continue
        br = np.array([[sign * xstar[0], sign * xstar[1], sign * x_start, hi]])
        t, jw, ok = rule_with_breaks(geom_base(T, hi), br, T, hi * (1 + 1e-12), tail_deg,
                                      grade=grade, ratio=ratio, graded_cols=(0, 1))
        t = np.where(ok, t, T)[0]
        xs.append(sign * t)
        ws.append(jw[0] * avg_u(t))
    if not xs:
        return np.zeros(0), np.zeros(0)
    return np.concatenate(xs), np.concatenate(ws)


def outer_x_core(T: float, deg: int, xstar: tuple[float, float]):
    """Outer rule for U_c: U pointwise on [-T, T] (panels of pi/2, graded at ``xstar``)
    plus Osc1_U(T) at +-T."""
    n = int(np.ceil(2 * T / HALF_PERIOD))
    base = np.linspace(-T, T, n + 1)
    t, jw, ok = rule_with_breaks(base, np.array([list(xstar)]), -T, T, deg)
    t = np.where(ok, t, 0.0)[0]
    lump = float(osc1_u(T))
    return np.concatenate([t, [-T, T]]), np.concatenate([jw[0] * ff.U(t), [lump, lump]])


@lru_cache(maxsize=32)
def outer_y_trans(T1: float, T2: float, deg: int, n_panels: int = 0):
    """W y (1 - chi) on [T1, T2] by product integration (outer y; ``n_panels`` = 0: one
    per 2 units)."""
    def rho(y):
        return ff.W(y) * y * (1.0 - smooth_step(y, T1, T2))
    n = n_panels if n_panels > 0 else max(2, int(np.ceil((T2 - T1) / 2.0)))
    return ff.core_weights(rho, np.linspace(T1, T2, n + 1), deg, 24.0)


@lru_cache(maxsize=32)
def x_core_product(T: float, n_panels: int, deg: int):
    """U on [-T, T] by product integration (for integrands smooth on the core) plus
    Osc1_U(T) at +-T."""
    cn, cw = ff.core_weights(ff.U, np.linspace(0.0, T, n_panels + 1), deg, 24.0)
    lump = float(osc1_u(T))
    return (np.concatenate([-cn[::-1], cn, [-T, T]]),
            np.concatenate([cw[::-1], cw, [lump, lump]]))
