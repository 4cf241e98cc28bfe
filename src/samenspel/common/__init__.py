"""Shared foundations: the audit trail, base models and template components."""
