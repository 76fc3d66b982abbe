"""Beatbridge: a community-policing partnership platform."""

__version__ = "0.1.0"
