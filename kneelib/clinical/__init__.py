"""Clinical calculators: pure, exact functions with no widgets.

Each calculator lives in its own module; this package re-exports them.
"""
__all__: list[str] = []
