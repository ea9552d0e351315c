"""Four-level Lindblad (optical Bloch) dynamics for the RENP coherence factor |chi|^2.

Seed 001 Appendix (eqs. 69-81, Figs. 11-12): an ion with levels

* ``g`` (Er3+ 4I15/2, 0 eV), ``p`` (4I13/2, 0.805 eV), ``q`` (4I11/2, 1.286 eV),
  ``e`` (2H11/2, 2.3946 eV)

is driven by two CW excitation lasers ``g -> q`` (omega_1) and ``q -> e`` (omega_2)
and, after a delay, by a trigger ``p <-> g`` (omega_t).  The neutrino-pair
emission ``e -> p`` needs the coherence ``rho_ep``; seed 001 identifies
``|chi|^2 = |rho_ee rho_ep|^2`` and says that magnetization is generated at a rate
``propto rho_ee^3 |rho_ep|^2`` and RENP events at ``propto rho_ee^2 |rho_ep|^2``.

Everything here is in natural units (hbar = c = 1): energies, rates, Rabi
frequencies in eV, times in eV^-1, intensities in eV^4, dipole moments in eV^-1.

Conventions (stated once, used everywhere)
------------------------------------------
Level index order ``g, p, q, e = 0, 1, 2, 3`` (:data:`LEVELS`).

Rotating frame.  With laser energies ``w1, w2, wt`` the frame
``U = exp(i t (w1 |q><q| + (w1 + w2) |e><e| + wt |p><p|))`` removes the optical
frequencies (RWA).  The detunings ``delta_1 = w1 - eps_qg``,
``delta_2 = w2 - eps_eq``, ``delta_t = wt - eps_pg`` give

    H = -delta_t |p><p| - delta_1 |q><q| - (delta_1 + delta_2) |e><e|
        + (Omega_1/2)(|q><g| + h.c.) + (Omega_2/2)(|e><q| + h.c.)
        + f(t) (Omega_t/2)(|p><g| + h.c.)

with real Rabi frequencies (laser phases absorbed into the basis) and the trigger
envelope ``f(t)`` (0 before the delay, 1 after; step or sin^2 ramp).  ``Omega`` is
the standard Rabi frequency: a resonant two-level atom flops as
``rho_ee = sin^2(Omega t / 2)``.

Rabi frequency from an A-coefficient (:func:`rabi_frequency`).  Seed 000 after
eq. (6): ``gamma = d^2 eps^3 / (3 pi)`` (E1) and ``mu^2 eps^3 / (3 pi)`` (M1), so
``d = sqrt(3 pi gamma_ED / eps^3)``, ``mu = sqrt(3 pi gamma_MD / eps^3)``.  A plane
wave ``E(t) = E0 cos(w t)`` has time-averaged Poynting flux ``I = E0^2 / 2`` in
Heaviside-Lorentz units, so seed 001's ``|E| = |B| = sqrt(I)`` (after eq. 6) is the
RMS field and the peak field is ``E0 = sqrt(2 I)``.  ``H_int = -d E0 cos(w t)``
becomes ``-(d E0 / 2)(|a><b| e^{-iwt} + h.c.)`` in the RWA, so
``Omega = d_eff E0 = d_eff sqrt(2 I)`` (``field='peak'``, the default).  The paper
writes ``Omega = d E`` with ``E = sqrt(I)`` (``field='rms'``): a factor ``sqrt(2)``
smaller.  ED and MD parts combine as ``sqrt(d^2 + mu^2)`` (``combine='incoherent'``,
the default; seed 001 Appendix text before eq. 69) or as ``d + mu``
(``combine='coherent'``, the amplitude sum of seed 001 eq. (8)).  In a plane wave
``E`` and ``B`` are orthogonal and in phase; the couplings ``d.E`` and ``mu.B`` add
coherently only if the dipole matrix elements point along ``E`` and ``B``
respectively and have the same complex phase.  For matrix elements between
time-reversal partner states the MD element is typically ``i`` times real relative
to the ED one, in which case the magnitudes add in quadrature; without
state-resolved matrix elements the incoherent sum is the neutral choice and the
coherent sum an upper bound.  Table 1 rates are J-manifold totals, so the derived
dipole is an upper bound for one Stark-resolved transition;
``projection = |e_hat . d_hat|^2`` (default 1, isotropic average 1/3) scales it,
and every driven dipole is overridable in :meth:`FourLevelParams.from_rates`.

Decay.  Radiative decays ``a -> b`` enter as Lindblad operators
``sqrt(gamma_ab) |b><a|``.  Decay out of the four-level manifold (``e -> 4I9/2`` in
Er:YLF, 0.49 + 5.52 s^-1) is by default *returned to q* (``leak_to='q'``):
4I9/2 lies ~2200 cm^-1 above 4I11/2 and in YLF (phonon cutoff ~450 cm^-1) relaxes
to 4I11/2 by multiphonon emission within microseconds, far faster than the
millisecond time scale here.  ``leak_to='g'`` or ``'p'`` re-routes it, and
``leak_to=None`` discards it (the trace then decreases).  Pure dephasing of level
``a`` at rate ``gamma_phi_a`` enters as ``sqrt(2 gamma_phi_a) |a><a|``, so a
coherence ``rho_ab`` gets an extra decay rate ``gamma_phi_a + gamma_phi_b``.

Sign structure at zero detuning.  Give each level its graph distance from ``g``
along the driven transitions, ``n = (0, 1, 1, 2)`` for ``(g, p, q, e)``.  With real
``Omega`` and zero detunings, ``S = diag(i^n)`` maps the Lindblad equation to one
with real coefficients, and ``rho(0) = |g><g|`` is real, so
``rho_ab = i^(n_a - n_b) x real``: ``rho_eg``, ``rho_pq`` are real and ``rho_ep``,
``rho_eq``, ``rho_qg``, ``rho_pg`` are purely imaginary (compare seed 001 Fig. 12:
``Re rho_eg`` and ``Im rho_ep``).

Modules
-------
* :mod:`.parameters`: level labels, :func:`rabi_frequency`, :func:`dipole_from_rate`,
  :func:`rate_s_to_eV`, :class:`FourLevelParams`, :func:`param_grid`;
* :mod:`.lindblad`: Lindblad operators, Hamiltonians, the 16x16 Liouvillian, the
  trigger envelope and the time segments;
* :mod:`.basis`: the real 16-component Bloch vector;
* :mod:`.propagator`: exact piecewise-constant propagators from a batched
  eigendecomposition of the Liouvillian (scipy ``expm`` only for ill-conditioned
  eigenvectors), inhomogeneous nodes;
* :mod:`.qutip_backend`: ``qutip.mesolve`` (the only QuTiP import, loaded on demand);
* :mod:`.result`: :class:`BlochResult` and its density-matrix checks;
* :mod:`.solver`: :class:`BlochSolver` / :class:`BlochOptions` (``stats`` of the run
  in ``BlochResult.stats``), :func:`solve`, :func:`solve_batch`;
* :mod:`.closed_forms`: closed forms used to check the numerics;
* :mod:`.reference_data`: Er3+:YLF numbers read from ``targets/er_ylf.json``.
"""

from expdesign.physics.bloch.closed_forms import (
    ladder_dark_state,
    two_level_excited_population,
    v_type_strong_drive,
)
from expdesign.physics.bloch.lindblad import (
    collapse_ops,
    hamiltonians,
    liouvillian,
    segments,
    trigger_envelope,
)
from expdesign.physics.bloch.parameters import (
    LEVEL_INDEX,
    LEVELS,
    E,
    FourLevelParams,
    G,
    P,
    Q,
    dipole_from_rate,
    param_grid,
    rabi_frequency,
    rate_s_to_eV,
)
from expdesign.physics.bloch.reference_data import er_ylf_params, er_ylf_table1
from expdesign.physics.bloch.result import BlochCheckError, BlochResult, check_bloch
from expdesign.physics.bloch.solver import BlochOptions, BlochSolver, solve, solve_batch

__all__ = [
    "LEVELS",
    "LEVEL_INDEX",
    "G",
    "P",
    "Q",
    "E",
    "BlochCheckError",
    "rabi_frequency",
    "dipole_from_rate",
    "er_ylf_table1",
    "er_ylf_params",
    "rate_s_to_eV",
    "trigger_envelope",
    "FourLevelParams",
    "BlochResult",
    "BlochOptions",
    "BlochSolver",
    "check_bloch",
    "collapse_ops",
    "hamiltonians",
    "liouvillian",
    "segments",
    "solve",
    "solve_batch",
    "param_grid",
    "ladder_dark_state",
    "v_type_strong_drive",
    "two_level_excited_population",
]
