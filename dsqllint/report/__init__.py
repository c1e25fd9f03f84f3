"""Reporters: turn lint results into text for people or JSON for machines."""

from dsqllint.report.summary import Summary

__all__ = ["Summary"]
