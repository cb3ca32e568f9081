"""Thin ipywidgets views over the pure logic in kneelib."""
