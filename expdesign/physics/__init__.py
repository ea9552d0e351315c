"""Physics kernels on plain floats and numpy arrays in natural units (hbar = c = 1, eV).

No pint and no pydantic inside: the Planner converts at the edge.  Every function
cites the equation it implements (``seed 001 eq. (17)``).
"""
