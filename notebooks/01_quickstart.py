# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 01 — Quickstart: plan the seed 001 Er³⁺:YLF design
#
# This notebook walks through the public API of **expdesign**:
#
# 1. load a validated experiment spec (`expdesign.io.load_spec`),
# 2. plan it (`expdesign.planner.Planner`),
# 3. read the results with their units, the angular distributions and the Bloch time profile,
# 4. change the crystal length and plan again, and compare the two designs.
#
# The spec is `schemas/examples/er_ylf_renp.json`: the reference design of seed 001
# (Hara, Yoshimi, Yoshimura 2021), a 2 cm long, 1 cm radius Er³⁺:YLF crystal, the lasers
# of seed 001 eq. (27), the second excitation laser at the phase-matching angle of eq. (29),
# and the trigger scanned around the eq. (28) angle.
#
# **Phase-space model.** `PlannerSettings(model="finite")` (the default) uses the
# finite-size cylinder (exact form factor projected on the pair momentum, `docs/phasespace.md`);
# `"finite-3d"` the full 3D rule. This notebook uses `model="infinite"` (seed 001 eq. 13)
# explicitly for speed; `expdesign plan` uses the finite model.
#
# **Verdict first.** `plan.to_markdown()` and `expdesign plan` open with one line per
# question: feasible, infeasible or not evaluable against a horizon (default one year,
# `PlannerSettings(horizon_s=...)`, `expdesign plan --horizon`). An exposure whose design
# fails a verdict (McQ, phase matching, sensor inside the crystal) is `infeasible`.

# %%
import os
import sys
import tempfile
from pathlib import Path


# notebooks/_setup.py finds the repository and makes expdesign importable
for _d in (Path.cwd(), Path.cwd() / "notebooks",
           Path(os.environ.get("EXPDESIGN_REPO", ".")) / "notebooks"):
    if (_d / "_setup.py").is_file() and str(_d) not in sys.path:
        sys.path.insert(0, str(_d))
from _setup import ROOT, nG_to_fT  # noqa: E402

import matplotlib  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402

from expdesign import (  # noqa: E402
    Q_,
    Planner,
    PlannerSettings,
    compare,
    format_ranking,
    load_spec,
    write_figures,
)

OUT = Path(tempfile.mkdtemp(prefix="expdesign_nb01_"))  # figures go here, never into the repo
SETTINGS = PlannerSettings(model="infinite")  # fast; see the note above


def show(fig) -> None:
    """Display a figure (inline in Jupyter); under the Agg backend (CI) just close it."""
    if matplotlib.get_backend().lower() == "agg":
        plt.close(fig)
    else:
        plt.show()


print("repository:", ROOT)
print("outputs:", OUT)

# %% [markdown]
# ## 1. Load and inspect the spec
#
# `load_spec` validates everything: units, laser energies against the level spacings,
# the roles of the levels in the process. A mistake raises `SpecError` with a list of
# problems.

# %%
spec = load_spec(ROOT / "schemas" / "examples" / "er_ylf_renp.json")
print(spec.name)
print("process:", spec.process, "| target:", spec.resolved_target.name)
print("geometry: R =", spec.geometry.radius, ", L =", spec.geometry.length,
      ", c-axis:", spec.geometry.c_axis)
for las in spec.lasers.lasers:
    print(f"  laser {las.name:8s} role={las.role:10s} drives={las.drives} "
          f"E={las.photon_energy} I={las.intensity} direction={las.direction}")
print("hypotheses (the first is the assumed truth):")
for h in spec.hypotheses:
    print("  ", h.label)

# %% [markdown]
# ## 2. Plan
#
# The Planner composes the kernels: phase matching, the four-level Bloch coherence,
# atomic factors, pair weights, angular kernels, rates, magnetization, accumulation with T1,
# the field at the magnetometer, background verdicts and exposure times.

# %%
plan = Planner(spec, SETTINGS).run()
print("warnings:", plan.warnings or "none")
print(f"{len(plan.results)} results, {len(plan.distributions)} distributions, "
      f"{len(plan.verdicts)} verdicts, {len(plan.exposures)} exposures")

# %% [markdown]
# ### Summary table of results (every number carries its unit)

# %%
print(f"{'key':28s} {'value':>14s}  unit            meaning")
for r in plan.results:
    u = f"{r.value.units:~P}" or "-"
    print(f"{r.key:28s} {float(r.value.magnitude):14.5g}  {u:15s} {r.description}")

# %% [markdown]
# Single results are pint quantities, so they convert freely:

# %%
rate = plan.result("rate_peak")
print("peak RENP rate:", rate.to("1/year"))
print("trigger angle of the peak:", plan.result("rate_peak_angle"))
print("phase-matching trigger angle (eq. 28):", plan.result("theta_s_phase_matching"))
print("cycle-averaged |chi|^2:", plan.result("chi2_cycle_mean"))
B = plan.result("field_at_sensor_peak")
print("field at the sensor:", B, f"= {nG_to_fT(B.to('nG').m):.3g} fT (1 nG = 1e-13 T = 100 fT)")

# %% [markdown]
# ### Background verdicts and exposure times

# %%
for v in plan.verdicts:
    print(f"[{v.status:13s}] {v.name}: {v.detail}")
print()
for e in plan.exposures:
    t = f"{e.time.to('year').m:.3g} yr" if e.time is not None else "-"
    print(f"{e.question:32s} {e.against:22s} {t:>14s}  ({e.status})")
print()
# the verdict lines that open the report: each question against a one-year horizon
print("\n".join(plan.verdict_lines()))

# %% [markdown]
# ## 3. Angular distributions
#
# `plan.distributions` holds one entry per quantity and hypothesis; `x` and `y` are
# `ArrayQuantity` objects whose `.q()` is a pint array.

# %%
names = ["RENP rate", "magnetization rate", "field at sensor"]
fig, axes = plt.subplots(1, 3, figsize=(14, 4))
for ax, name in zip(axes, names, strict=True):
    for d in plan.distributions:
        if d.name != name:
            continue
        x, y = d.x.q(), d.y.q()
        ax.plot(x.to("deg").m, y.m, label=d.hypothesis, lw=1.2)
    ax.set_xlabel(r"trigger angle $\theta_s$ [deg]")
    ax.set_ylabel(f"{name} [{y.units:~P}]")
    ax.axvline(plan.result("theta_s_phase_matching").to("deg").m, color="0.5", ls=":",
               label="eq. (28) phase matching")
    ax.set_title(f"{name}\n(cf. seed 001 Figs. 6, 9; infinite volume)", fontsize=9)
    ax.grid(alpha=0.3)
axes[0].legend(fontsize=7)
fig.tight_layout()
show(fig)

# %% [markdown]
# The rate peaks where the pair is at rest in the lab (eq. 28, M = ε_ep); in the
# infinite-volume limit the distribution has sharp edges at the (ij) thresholds, which the
# finite crystal (seed 001 eqs. 12–18) smooths.

# %% [markdown]
# ## 4. Bloch time profile (seed 001 Figs. 11–12)
#
# `plan.profiles` holds the coherence during one laser cycle from the four-level Lindblad
# engine (`expdesign.physics.bloch`), with the Rabi frequencies derived from the stated
# intensities and the Table 1 A-coefficients.

# %%
prof = plan.profiles[0]
t = prof.t.q()
fig, ax = plt.subplots(figsize=(8, 4))
for k, arr in prof.series.items():
    ax.plot(t.to("ms").m, arr.q().m, label=k, lw=1)
ax.set_yscale("symlog", linthresh=1e-6)
ax.set_xlabel("time [ms]")
ax.set_ylabel("dimensionless")
ax.set_title(f"{prof.name}\n(stated intensities, correct unit conversion; cf. seed 001 Fig. 11)",
             fontsize=9)
ax.legend(fontsize=7)
ax.grid(alpha=0.3)
show(fig)

# %% [markdown]
# ## 5. A longer crystal
#
# Specs are pydantic models with assignment validation: change a field with a pint
# quantity (it is validated), on a deep copy so the original stays as it was.

# %%
spec4 = spec.model_copy(deep=True)
spec4.name = "Er3+:YLF RENP, L = 4 cm"
spec4.geometry.length = Q_("4 cm")
plan4 = Planner(spec4, SETTINGS).run()

for key in ["rate_peak", "magnetization_rate_peak", "field_at_sensor_peak"]:
    a, b = plan.result(key), plan4.result(key)
    print(f"{key:26s} L=2 cm: {a:.4g~P}   L=4 cm: {b:.4g~P}   ratio {float(b / a):.3f}")

# %% [markdown]
# In the infinite-volume model the rate grows as n²V (coherent emission), so doubling L
# doubles the rate. The magnetization generated per unit volume, μ Γ/V ∝ n², does not
# change. The field at the sensor grows by more than 2 because the sensor stays at
# 1.5 cm from the crystal centre (`detector.sensor_position.axial`): 0.5 cm outside the
# end face for L = 2 cm but *inside* the 4 cm crystal, where the field is not measurable:
# the Plan's "sensor geometry" verdict fails and every exposure of that design is
# `infeasible` (printed below). A fair comparison moves the sensor with the end face.

# %%
for v in plan4.verdicts:
    if v.name.startswith("sensor geometry"):
        print(f"L = 4 cm: [{v.status}] {v.name}: {v.detail}")
print("exposure statuses, L = 4 cm:", sorted({e.status for e in plan4.exposures}))

# %%
fig, ax = plt.subplots(figsize=(7, 4))
for p, style in [(plan, "-"), (plan4, "--")]:
    d = p.distribution("RENP rate", spec.hypotheses[0].label)
    ax.plot(d.x.q().to("deg").m, d.y.q().to("1/s").m, style,
            label=f"{p.spec_name} ({spec.hypotheses[0].label})")
ax.set_xlabel(r"trigger angle $\theta_s$ [deg]")
ax.set_ylabel("RENP rate [1/s]")
ax.set_title("RENP rate vs trigger angle, L = 2 cm and 4 cm (infinite volume)", fontsize=9)
ax.legend(fontsize=7)
ax.grid(alpha=0.3)
show(fig)

# %%
spec4b = spec4.model_copy(deep=True)
spec4b.name = "Er3+:YLF RENP, L = 4 cm, sensor 0.5 cm beyond the end face"
spec4b.detector.sensor_position.axial = Q_("2.5 cm")
plan4b = Planner(spec4b, SETTINGS).run()
B4b, B2 = plan4b.result("field_at_sensor_peak"), plan.result("field_at_sensor_peak")
print(f"field at the sensor, L = 4 cm, sensor 0.5 cm outside: {B4b:.4g~P} "
      f"(ratio to L = 2 cm: {float(B4b / B2):.3f})")

# %% [markdown]
# ### Compare the two designs with `expdesign.compare`
#
# Designs are ranked by the exposure time to a 5σ signal with each design's own detector.

# %%
print(format_ranking(compare([plan, plan4, plan4b])))

# %% [markdown]
# ## 6. Reports and figures
#
# `plan.to_markdown()` writes a report; `write_figures(plan, folder)` draws the standard
# figures (here into a temporary folder, never into the repository).

# %%
paths = write_figures(plan, OUT)
print([p.name for p in paths])
md = plan.to_markdown([str(p) for p in paths])
print(md[:1500], "...")
