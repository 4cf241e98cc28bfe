"""Who may see or do what in the helicopter view, on the programme's shared answer
(programmes.access.ProgrammeAccess). One line per condition; tested in
tests/test_access_matrix.py.

- every member reads the helicopter view (initiatives by learning questions), the
  recurring themes and the governance overview: they show only what members read
  elsewhere in the programme, gathered;
- the facilitator's dashboard, and asking for a new theme analysis, are for those who
  run the programme: facilitators and administrators;
- a site administrator (staff) sees every programme.
"""

from samenspel.programmes.access import ProgrammeAccess
from samenspel.programmes.constants import Role

RUNNERS = {Role.FACILITATOR, Role.ADMINISTRATOR}


def can_see(access: ProgrammeAccess) -> bool:
    return access.role is not None or access.is_site_administrator


def can_run(access: ProgrammeAccess) -> bool:
    return access.is_site_administrator or access.role in RUNNERS
