"""Figures: functions that take records or results and return a matplotlib Figure."""
