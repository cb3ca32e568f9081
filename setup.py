"""Packaging glue that pyproject.toml cannot express: the wheel carries data/ and notebooks/.

The content (``data/``) and the series (``notebooks/``) stay at the top of the
repository, where authors expect them. The wheel maps them into the package as
``kneelib/data/`` and ``kneelib/notebooks/``, where ``importlib.resources`` finds
them after ``pip install .``. An editable install (``pip install -e .``) reads
them from the checkout instead (see ``kneelib.resources``).
"""

from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["kneelib", "kneelib.*"])
    + ["kneelib.data", "kneelib.notebooks"],
    package_dir={"kneelib.data": "data", "kneelib.notebooks": "notebooks"},
    package_data={"kneelib.data": ["**/*"], "kneelib.notebooks": ["*.ipynb"]},
)
