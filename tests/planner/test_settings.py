"""Issue 26: PlannerSettings refuses grids the kernels cannot take."""

import math

import pytest

from expdesign.models.lasers import MAX_ANGLE_POINTS
from expdesign.planner import PlannerSettings
from expdesign.planner.settings import check_angle_grid


@pytest.mark.parametrize(("grid", "why"), [
    ((0, 180, 0), "points must be an integer from 1"),
    ((0, 180, 1), "a one-angle grid has start = stop"),
    ((0, 180, MAX_ANGLE_POINTS + 1), f"from 1 to {MAX_ANGLE_POINTS}"),
    ((0, 180, 2.5), "points must be an integer"),
    ((-1, math.inf, 11), "finite angles within"),
    ((math.nan, 1, 11), "finite angles within"),
    ((0, 1000, 11), "finite angles within"),
    ((180, 0, 11), "stop .180 deg. must be greater|stop .0 deg. must be greater"),
    ((0, 180), "an angle grid is"),
])
def test_bad_grids_are_refused(grid, why):
    with pytest.raises(ValueError, match=why):
        check_angle_grid(grid)
    with pytest.raises(ValueError, match=why):
        PlannerSettings(angle_grid=grid)


def test_good_grid_and_list_form():
    assert check_angle_grid([0, 180, 3]) == (0.0, 180.0, 3)
    assert PlannerSettings(angle_grid=(10, 20, 2)).angle_grid == (10.0, 20.0, 2)


@pytest.mark.parametrize("n", [0, 1, MAX_ANGLE_POINTS + 1, True])
def test_angles_count_bounded(n):
    with pytest.raises(ValueError, match="angles must be an integer from 2"):
        PlannerSettings(angles=n)
