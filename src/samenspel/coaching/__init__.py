"""Coaching of civil servants: private records between a coach and a coachee."""
