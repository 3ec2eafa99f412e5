"""Helpers shared by several test folders (import as ``from support.<module> import ...``).

``tests/`` is on ``sys.path`` because pytest's default import mode inserts the
folder of the root ``tests/conftest.py``.
"""
