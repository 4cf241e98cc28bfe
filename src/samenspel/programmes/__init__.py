"""Programmes (learning trajectories), their areas, initiatives and learning agenda."""
