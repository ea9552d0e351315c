"""Level labels, Rabi frequencies from A-coefficients, FourLevelParams, param_grid."""

from __future__ import annotations

import math

import numpy as np
import pytest

from expdesign.physics import bloch
from expdesign.physics.bloch import parameters
from expdesign.physics.bloch.parameters import E, G, P, Q


def test_level_labels():
    assert bloch.LEVELS == ("g", "p", "q", "e")
    assert (G, P, Q, E) == (0, 1, 2, 3)
    assert all(parameters.LEVEL_INDEX[n] == k for k, n in enumerate(bloch.LEVELS))


def test_intensity_conversion_by_hand(i10):
    assert i10 == pytest.approx(1.5997e-8, rel=1e-4)


def test_rabi_frequency_hand_number_pg(i10, hbar):
    HBAR = hbar
    # p -> g: 24.82 MD + 2.46 ED s^-1 at 0.805 eV; incoherent sum, rms field at 10 mW/cm^2
    g_tot = (24.82 + 2.46) * HBAR
    d2 = 3 * math.pi * g_tot / 0.805**3
    omega_hand = math.sqrt(d2 * i10)
    ours = bloch.rabi_frequency(i10, 24.82 * HBAR, 2.46 * HBAR, 0.805,
                                combine="incoherent", field="rms")
    assert ours == pytest.approx(omega_hand, rel=1e-12)
    nu_khz = omega_hand / HBAR / (2 * math.pi) / 1e3
    assert nu_khz == pytest.approx(17.4, rel=0.01)  # 10x below the paper's 174 kHz
    peak = bloch.rabi_frequency(i10, 24.82 * HBAR, 2.46 * HBAR, 0.805)
    assert peak / ours == pytest.approx(math.sqrt(2), rel=1e-12)
    coh = bloch.rabi_frequency(i10, 24.82 * HBAR, 2.46 * HBAR, 0.805,
                               combine="coherent", field="rms")
    d_coh = math.sqrt(3 * math.pi / 0.805**3) * (math.sqrt(24.82 * HBAR) + math.sqrt(2.46 * HBAR))
    assert coh == pytest.approx(d_coh * math.sqrt(i10), rel=1e-12)


def test_dipole_from_rate_inverts_decay_rate():
    # seed 000 after eq. (6): gamma = d^2 eps^3 / (3 pi)
    d = float(bloch.dipole_from_rate(2.0e-14, 1.3))
    assert d**2 * 1.3**3 / (3 * math.pi) == pytest.approx(2.0e-14, rel=1e-14)
    with pytest.raises(ValueError, match='need gamma >='):
        bloch.dipole_from_rate(1e-15, 0.0)


def test_rate_s_to_eV_is_hbar_times_rate(hbar):
    HBAR = hbar
    assert bloch.rate_s_to_eV(1.0) == pytest.approx(HBAR, rel=1e-9)
    assert bloch.rate_s_to_eV(518.02) == pytest.approx(518.02 * HBAR, rel=1e-9)


def test_dipole_override(i10):
    p = bloch.er_ylf_params(i10, i10, i10, 0.0, dipoles_eV_inv={("p", "g"): 1e-6})
    assert p.omega_t == pytest.approx(1e-6 * math.sqrt(2 * i10), rel=1e-12)


def test_from_rates_detunings_and_lifetime():
    en = (0.0, 0.8, 1.3, 2.4)
    p = bloch.FourLevelParams.from_rates(en, {("p", "g"): 1.0}, {("e", "g"): 2.0},
                                         (0.0, 0.0, 0.0), 0.0, a_out_eV={"e": 0.5},
                                         laser_energies_eV=(1.3 + 1e-3, 1.1, 0.8 - 2e-3))
    assert p.delta_1 == pytest.approx(1e-3) and p.delta_2 == pytest.approx(0.0, abs=1e-15)
    assert p.delta_t == pytest.approx(-2e-3)
    assert p.lifetime("e") == pytest.approx(1 / 2.5) and p.lifetime("p") == pytest.approx(1.0)
    with pytest.raises(ValueError, match='level g does not decay'):
        p.lifetime("g")
    assert p.decay[E, Q] == 0.0 and p.gamma_out[E] == 0.5


def test_bad_inputs_raise():
    with pytest.raises(ValueError, match='intensity must be >='):
        bloch.rabi_frequency(-1.0, 1e-15, 1e-15, 1.0)
    with pytest.raises(ValueError, match="combine must be 'incoherent' or 'coherent'"):
        bloch.rabi_frequency(1.0, 1e-15, 1e-15, 1.0, combine="sum")
    with pytest.raises(ValueError, match='decay rates must be finite and >='):
        bloch.FourLevelParams(decay=-np.ones((4, 4)))
    with pytest.raises(ValueError, match="switch='sin2' needs rise > 0"):
        bloch.FourLevelParams(decay=np.zeros((4, 4)), switch="sin2", rise=0.0)
    with pytest.raises(ValueError, match='leak_to must be None or one of'):
        bloch.FourLevelParams(decay=np.zeros((4, 4)), leak_to="x")
    with pytest.raises(ValueError, match='t_off must come after the trigger is fully on'):
        bloch.FourLevelParams(decay=np.zeros((4, 4)), t_delay=2.0, t_off=1.0)


def test_param_grid_shape_and_values():
    base = bloch.FourLevelParams(decay=np.zeros((4, 4)))
    plist, shape = bloch.param_grid(base, omega_1=np.array([1.0, 2.0, 3.0])[:, None],
                                    omega_2=np.array([4.0, 5.0])[None, :])
    assert shape == (3, 2) and len(plist) == 6
    assert [(q.omega_1, q.omega_2) for q in plist[:3]] == [(1.0, 4.0), (1.0, 5.0), (2.0, 4.0)]
    single, shape0 = bloch.param_grid(base)
    assert shape0 == () and len(single) == 1 and single[0].omega_1 == base.omega_1
