"""Users, programme memberships with roles, and the one place that decides access."""
