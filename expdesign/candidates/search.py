"""Enumerate and rank RENP and RANP level schemes of the trivalent lanthanides.

Paths (docs/candidates.md):

* **RENP** (seed 001 eq. 25-27): ground g, two-step excitation g -> q -> e (two lasers),
  neutrino-pair step e -> p (spin element S_ep, with the E1 element v_ep for the
  parity-violating interference), trigger p <-> g.  Levels ordered g < p < e, g < q < e.
* **RANP** (seed 000 eq. 3, 13): two-photon excitation g -> e (counter-propagating
  lasers), Raman trigger e -> p (eps_p > eps_e), photon p -> q, pair step q -> g (spin,
  M1-type).  The elastic case q = e is the reference design of seed 000.

The pair-step strength is the M_J-averaged squared spin element
``s2 = |<e||S||p>|^2 / (2 J_e + 1)`` in pure LS coupling (:mod:`expdesign.physics.atomic.racah`);
a pair step that changes S or L has s2 = 0 in LS and exists only in intermediate coupling,
whose free-ion eigenvectors are not shipped: such a path is admitted and reported
"not evaluable (intermediate-coupling element missing)" unless a shipped target carries a
sourced M1 rate for it.  The rate figure of merit of a path is ``s2`` (the pair rate is
proportional to it at fixed kinematics, docs/planner.md); the kinematic reach is the pair
energy above the heaviest pair threshold.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from expdesign.candidates.levels import IONS, IonLevels, Multiplet, load_levels
from expdesign.candidates.rules import (
    forced_ed_rule,
    gap_below,
    laser_class,
    m1_ls_allowed,
    m1_rule,
    optical_rule,
    quench_rule,
    time_reversal_rule,
    two_photon_rule,
)
from expdesign.candidates.sourced import (
    refractive_index_of,
    sourced_ed_rates,
    sourced_spin_elements,
)
from expdesign.physics.atomic.racah import spin_reduced_ls
from expdesign.physics.constants import HC_EV_CM
from expdesign.physics.neutrino import masses, oscillation_set

__all__ = ["Path", "SearchResult", "search", "enumerate_paths", "pair_threshold_ev",
           "ranking_markdown", "ranking_csv", "rejected_csv", "PROCESSES", "PAPER_PATHS",
           "QUENCH_PHONONS"]

PROCESSES: tuple[str, ...] = ("RENP", "RANP")
#: phonons below which a gap is quenched (docs/candidates.md, physics/multiphonon.py)
QUENCH_PHONONS: float = 5.0
#: the papers' own paths (seed 001 eq. 25-26: Er3+ RENP; seed 000 eq. 13: Ho3+ RANP)
PAPER_PATHS: dict[str, str] = {"RENP": "g=4I15/2 q=4I11/2 e=2H11/2 p=4I13/2",
                               "RANP": "g=5I8 e=5I7 p=5I6 q=5I7"}


def pair_threshold_ev(lightest_mass_ev: float = 0.05, params: str = "pdg2018") -> float:
    """Heaviest pair threshold 2 max(m_i) in eV over both orderings (NO and IO).

    Parameters
    ----------
    lightest_mass_ev
        Lightest neutrino mass in eV (the largest of the hypotheses searched).
    params
        Name of a shipped oscillation set (``expdesign/data/oscillation_sets.json``).
    """
    p = oscillation_set(params)
    return 2.0 * max(float(max(masses(lightest_mass_ev, o, p))) for o in ("NO", "IO"))


@dataclass
class Path:
    """One level scheme: its levels, verdict, and figures."""

    process: str
    ion: str
    levels: dict[str, Multiplet]
    rejected_by: str | None = None
    coupling: str = ""
    spin_sq: float | None = None
    spin_source: str = ""
    pair_energy_ev: float = 0.0
    lasers: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    e_gap_cm: float | None = None
    e1_rates: dict[str, float] = field(default_factory=dict)

    @property
    def quench_phonon_cm(self) -> float | None:
        """Host phonon energy (cm^-1) above which level e is quenched: ``gap / 5`` (the
        quench rule's five phonons), None for a ground-adjacent e with no lower level."""
        return None if self.e_gap_cm is None else self.e_gap_cm / QUENCH_PHONONS

    @property
    def pair_upper(self) -> Multiplet:
        """Upper level of the pair step (e for RENP, q for RANP)."""
        return self.levels["e" if self.process == "RENP" else "q"]

    @property
    def s2(self) -> float | None:
        """``|<lower||S||upper>|^2 / (2 J_upper + 1)``: the M_J-averaged squared spin element."""
        if self.spin_sq is None:
            return None
        return self.spin_sq / (2 * self.pair_upper.J + 1)

    @property
    def fom(self) -> float | None:
        """Figure of merit ``s2 * eps_pair^2`` (eV^2), None where s2 is not evaluable.

        At fixed coherence and trigger factors the pair rate is proportional to s2 times
        the two-body phase-space integral ``int dPhi_2 (2A + B M^2)``, which is
        ``M^2 / (24 pi)`` for massless neutrinos (docs/planner.md, K^D), and ``M <=
        eps_pair``: the figure ranks the pair step and its kinematic reach only.
        """
        return None if self.s2 is None else self.s2 * self.pair_energy_ev ** 2

    @property
    def admitted(self) -> bool:
        """True if every rule admits the path."""
        return self.rejected_by is None

    def describe(self) -> str:
        """Short text of the path, e.g. ``g=4I15/2 q=4I11/2 e=2H11/2 p=4I13/2``."""
        return " ".join(f"{k}={m.label}" for k, m in self.levels.items())


@dataclass
class SearchResult:
    """Admitted (ranked) and rejected paths of one search."""

    process: str
    host: str
    admitted: list[Path]
    rejected: list[Path]
    threshold_ev: float
    missing: dict[str, list[str]]
    phonon_cm: float | None = None

    def rejection_counts(self) -> Counter[str]:
        """How many paths each rule rejected (rule name = text before the colon)."""
        return Counter((p.rejected_by or "").split(":")[0] for p in self.rejected)


def _spin_element(ion: IonLevels, upper: Multiplet, lower: Multiplet
                  ) -> tuple[str, float | None, str]:
    """(coupling, |<lower||S||upper>|^2 or None, source) of a pair step.

    Pure LS needs one term: same S and L, and not two different levels with the same
    label (two terms of equal S L J, e.g. of different seniority).  Where the ion's table
    holds a term twice, the LS value is flagged "LS?" (the labels cannot tell the terms
    apart).
    """
    if m1_ls_allowed(upper, lower) and upper.label != lower.label:
        el = spin_reduced_ls(upper.S, upper.L, upper.J, lower.J)
        if (upper.S, upper.L) in ion.repeated_terms():
            return ("LS?", el * el, "LS closed form; the term occurs twice in the table, "
                    "term assignment assumed")
        return "LS", el * el, "LS closed form (Condon & Shortley sec. 9.11)"
    src = sourced_spin_elements().get((ion.ion, upper.label, lower.label))
    if src is not None:
        n = refractive_index_of(src.target)
        return ("IC", src.spin_sq / n**3,
                f"MD rate of {src.target} ({src.source}) / n^3, n = {n:g}")
    return "IC", None, "intermediate-coupling element missing"


def _quench(ion: IonLevels, level: Multiplet, phonon_ev: float | None, role: str
            ) -> str | None:
    """The quench rule on the level that must hold the coherence (None if no phonon energy)."""
    return None if phonon_ev is None else quench_rule(level, ion.multiplets, phonon_ev, role,
                                                      QUENCH_PHONONS)


def _renp(ion: IonLevels, threshold: float, e_max_ev: float, phonon_ev: float | None = None
          ) -> Iterable[Path]:
    g = ion.ground
    ups = [m for m in ion.multiplets if m is not g and m.energy_ev <= e_max_ev]
    for e in ups:
        for p in ups:
            if not p.energy_ev < e.energy_ev:
                continue
            for q in ups:
                if not q.energy_ev < e.energy_ev:
                    continue
                path = Path("RENP", ion.ion, {"g": g, "q": q, "e": e, "p": p})
                path.pair_energy_ev = e.energy_ev - p.energy_ev
                path.lasers = {"exc1 g->q": q.energy_ev, "exc2 q->e": e.energy_ev - q.energy_ev,
                               "trigger p->g": p.energy_ev}
                path.rejected_by = (
                    m1_rule(e, p) and f"M1 pair step: e->p {m1_rule(e, p)}"
                    or (forced_ed_rule(e, p)
                        and f"E1 v_ep (PV interference): {forced_ed_rule(e, p)}")
                    or optical_rule(g, q, "optical excitation: g->q")
                    or optical_rule(q, e, "optical excitation: q->e")
                    or optical_rule(p, g, "optical trigger: p<->g")
                    or (path.pair_energy_ev <= threshold
                        and f"threshold reach: pair energy {path.pair_energy_ev:.3f} eV <= "
                            f"{threshold:.3f} eV")
                    or _quench(ion, e, phonon_ev, "e")
                    or None)
                path.coupling, path.spin_sq, path.spin_source = _spin_element(ion, e, p)
                yield path


def _ranp(ion: IonLevels, threshold: float, e_max_ev: float, phonon_ev: float | None = None
          ) -> Iterable[Path]:
    g = ion.ground
    ups = [m for m in ion.multiplets if m is not g and m.energy_ev <= e_max_ev]
    for e in ups:
        for p in ups:
            if not p.energy_ev > e.energy_ev:
                continue
            for q in [m for m in ups if m.energy_ev < p.energy_ev]:
                path = Path("RANP", ion.ion, {"g": g, "e": e, "p": p, "q": q})
                eps_eg = e.energy_ev
                eps_pe = p.energy_ev - e.energy_ev
                path.pair_energy_ev = q.energy_ev  # E1 + E2 = eps_qg
                path.lasers = {"exc1+exc2 g=>e": eps_eg, "Raman trigger e->p": eps_pe,
                               "signal p->q": p.energy_ev - q.energy_ev}
                path.rejected_by = (
                    m1_rule(q, g) and f"M1 pair step: q->g {m1_rule(q, g)}"
                    or two_photon_rule(g, e)
                    or optical_rule(e, p, "optical Raman trigger: e->p")
                    or optical_rule(p, q, "optical signal: p->q")
                    or (eps_pe >= eps_eg
                        and f"McQ3-free imprint: r* = 1 - 2 eps_pe/eps_eg = "
                            f"{1 - 2 * eps_pe / eps_eg:.3f} <= -1 (no |r| < 1 without McQ3)")
                    or (q.energy_ev <= threshold
                        and f"threshold reach: pair energy {q.energy_ev:.3f} eV <= "
                            f"{threshold:.3f} eV")
                    or _quench(ion, e, phonon_ev, "e")
                    or None)
                path.coupling, path.spin_sq, path.spin_source = _spin_element(ion, q, g)
                if q is e:
                    path.notes.append("elastic (q = e)")
                yield path


#: the E1 steps whose strength matters, per process: (name, upper role, lower role)
_E1_STEPS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "RENP": (("v_ep e->p", "e", "p"), ("trigger p->g", "p", "g")),
    "RANP": (("Raman trigger e->p", "p", "e"), ("signal p->q", "p", "q")),
}


def _e1_rates(path: Path) -> dict[str, float]:
    """Sourced forced-E1 A-coefficients (1/s) of the path's E1 steps, where a shipped target
    gives them (Judd-Ofelt parameters do not ship)."""
    table = sourced_ed_rates()
    out: dict[str, float] = {}
    for name, up, lo in _E1_STEPS[path.process]:
        hit = table.get((path.ion, path.levels[up].label, path.levels[lo].label))
        if hit is not None:
            out[name] = hit[0]
    return out


def enumerate_paths(process: str, ion: IonLevels, threshold_ev: float,
                    e_max_ev: float = 3.1, phonon_ev: float | None = None) -> list[Path]:
    """Every ``process`` path of one ion, each admitted or with the rule that rejected it.

    Parameters
    ----------
    process
        ``"RENP"`` or ``"RANP"``.
    ion
        The ion's multiplets (the shipped tables, or a hand-made scheme in tests).
    threshold_ev
        Heaviest pair threshold in eV (:func:`pair_threshold_ev`).
    e_max_ev
        Highest level energy used, eV.
    phonon_ev
        Host phonon energy in eV for the quench rule (level e, whose coherence the
        process uses, rejected if its gap to the next lower multiplet is < 5 phonons);
        None: the rule is not applied.
    """
    gen = _renp if process == "RENP" else _ranp
    _, t_note = time_reversal_rule(ion.n_electrons)
    out = list(gen(ion, threshold_ev, e_max_ev, phonon_ev))
    gaps: dict[str, float | None] = {}
    for path in out:
        e = path.levels["e"]
        if e.key not in gaps:
            below = gap_below(e, ion.multiplets)
            gaps[e.key] = None if below is None else below[1] / HC_EV_CM
        path.e_gap_cm = gaps[e.key]
        path.e1_rates = _e1_rates(path)
        if path.admitted:
            path.notes.append(t_note)
    return out


def search(process: str = "RENP", ions: Sequence[str] | None = None, host: str = "LaF3",
           lightest_mass_ev: float = 0.05, e_max_ev: float = 3.1,
           phonon_cm: float | None = None) -> SearchResult:
    """Enumerate every path of ``process`` over ``ions`` and rank the admitted ones.

    Parameters
    ----------
    process
        ``"RENP"`` or ``"RANP"``.
    ions
        Ion symbols (default: all 13, Ce ... Yb).
    host
        Host of the level tables (only ``"LaF3"`` ships).
    lightest_mass_ev
        Largest lightest-neutrino mass (eV) whose (ij) thresholds must all be reachable.
    e_max_ev
        Highest level energy used (eV); 3.1 eV = 400 nm, the short end of laser class A.
    phonon_cm
        Host (effective highest) phonon energy in cm^-1 for the quench rule "level
        quenched non-radiatively" (gap of e to the next lower multiplet < 5 phonons).
        None (default): no sourced phonon energy ships for any host, the rule is not
        applied and the report says so.

    Returns
    -------
    SearchResult
        Admitted paths ranked by the LS spin strength s2 (paths needing intermediate
        coupling last, "not evaluable"), then by pair energy; rejected paths with the
        first rule that rejected them.
    """
    if process not in PROCESSES:
        raise ValueError(f"process must be one of {PROCESSES}, not {process!r}")
    table = load_levels(host)
    chosen = list(ions) if ions else list(IONS)
    unknown = [i for i in chosen if i not in table]
    if unknown:
        raise ValueError(f"unknown ions {unknown}; choose from {', '.join(IONS)}")
    if phonon_cm is not None and not 0 < phonon_cm < 5000:
        raise ValueError(f"phonon_cm must be a phonon energy in cm^-1 (0, 5000), "
                         f"not {phonon_cm}")
    phonon_ev = None if phonon_cm is None else phonon_cm * HC_EV_CM
    threshold = pair_threshold_ev(lightest_mass_ev)
    admitted: list[Path] = []
    rejected: list[Path] = []
    for name in chosen:
        for path in enumerate_paths(process, table[name], threshold, e_max_ev, phonon_ev):
            (admitted if path.admitted else rejected).append(path)
    admitted.sort(key=lambda p: (p.fom is None, -(p.fom or 0.0), -p.pair_energy_ev))
    return SearchResult(process, host, admitted, rejected, threshold,
                        {n: table[n].missing for n in chosen}, phonon_cm)


_COLS = ("rank", "ion", "path", "pair energy (eV)", "|<S>|^2", "s2 = |<S>|^2/(2J+1)",
         "FOM = s2 eps^2 (eV^2)", "coupling", "spin element from", "lasers (eV, class)",
         "levels from", "gap of e to next lower (cm^-1)", "e quenched if hbar omega > (cm^-1)",
         "sourced E1 A (1/s)")


def _row(k: int, p: Path) -> list[str]:
    lasers = "; ".join(f"{n} {v:.4f} [{laser_class(v)[0]}]" for n, v in p.lasers.items())
    origin = ("experiment" if all(m.from_experiment for m in p.levels.values())
              else "calculated level(s)")
    def fmt(x: float | None) -> str:
        return f"{x:.4g}" if x is not None else "not evaluable"

    gap = "none lower" if p.e_gap_cm is None else f"{p.e_gap_cm:.0f}"
    q = "never" if p.quench_phonon_cm is None else f"{p.quench_phonon_cm:.0f}"
    return [str(k), p.ion, p.describe(), f"{p.pair_energy_ev:.4f}", fmt(p.spin_sq),
            fmt(p.s2), fmt(p.fom), p.coupling, p.spin_source, lasers, origin, gap, q,
            "; ".join(f"{k} {v:.3g}" for k, v in p.e1_rates.items()) or "no JO data"]


def ranking_csv(result: SearchResult) -> str:
    """The ranked admitted paths as CSV text."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(_COLS)
    for k, p in enumerate(result.admitted, 1):
        w.writerow(_row(k, p))
    return buf.getvalue()


def rejected_csv(result: SearchResult) -> str:
    """Every rejected path with the rule that rejected it, as CSV text."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(("ion", "path", "rejected by"))
    for p in result.rejected:
        w.writerow((p.ion, p.describe(), p.rejected_by))
    return buf.getvalue()


def ranking_markdown(result: SearchResult, top: int = 30) -> str:
    """A Markdown report: ranked table (first ``top``), rejection counts, missing data."""
    out = [f"# Candidate search: {result.process} in {result.host}", "",
           f"{len(result.admitted)} admitted, {len(result.rejected)} rejected paths; "
           f"heaviest pair threshold {result.threshold_ev:.4f} eV.", "",
           (f"Quench rule applied with a host phonon energy of {result.phonon_cm:g} cm^-1 "
            "(given by the user): e rejected if its gap to the next lower multiplet is "
            "< 5 phonons." if result.phonon_cm is not None else
            "Quench rule not applied: no sourced phonon energy ships for the host "
            "(give one with phonon_cm / --phonon-cm)."), "",
           "## Distinct pair steps (best-ranked path of each)", "",
           "| rank | ion | pair step | pair energy (eV) | FOM (eV^2) | coupling | paths "
           "| e quenched if hbar omega > (cm^-1) |",
           "|---|---|---|---|---|---|---|---|"]
    first: dict[tuple[str, str, str, float], tuple[int, Path]] = {}
    count: Counter[tuple[str, str, str, float]] = Counter()
    for k, p in enumerate(result.admitted, 1):
        low = p.levels["p" if p.process == "RENP" else "g"]
        key = (p.ion, p.pair_upper.key, low.key, p.pair_energy_ev)
        first.setdefault(key, (k, p))
        count[key] += 1
    for key, (k, p) in list(first.items())[:top]:
        fom = f"{p.fom:.4g}" if p.fom is not None else "not evaluable"
        low = p.levels["p" if p.process == "RENP" else "g"]
        qph = "never" if p.quench_phonon_cm is None else f"{p.quench_phonon_cm:.0f}"
        out.append(f"| {k} | {p.ion} | {p.pair_upper.label} -> {low.label} | "
                   f"{p.pair_energy_ev:.4f} | {fom} | {p.coupling} | {count[key]} | {qph} |")
    out += ["", f"## Admitted paths (first {top})", "",
            "| " + " | ".join(_COLS) + " |", "|" + "---|" * len(_COLS)]
    for k, p in enumerate(result.admitted[:top], 1):
        out.append("| " + " | ".join(_row(k, p)) + " |")
    out += ["", "## Rejected paths by rule", "", "| rule | paths |", "|---|---|"]
    for rule, n in result.rejection_counts().most_common():
        out.append(f"| {rule} | {n} |")
    out += ["", "## Data still missing", ""]
    for ion, miss in result.missing.items():
        out.append(f"* **{ion}**: " + ("; ".join(miss) if miss else "none in the level table"))
    out.append("* all ions: Judd-Ofelt parameters, sourced host phonon energies and "
               "energy-gap-law constants, and intermediate-coupling eigenvectors are not "
               "shipped (docs/candidates.md)")
    return "\n".join(out) + "\n"
