"""Shared foundations: the audit trail, caching, backup and restore, and the template
components every page uses."""
