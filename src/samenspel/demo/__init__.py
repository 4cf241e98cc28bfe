"""Demo data: a fictional merger municipality's learning journey. Never loaded in production."""
