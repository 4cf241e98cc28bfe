"""Samenspel: responsive government that learns by experimenting with residents' initiatives."""
