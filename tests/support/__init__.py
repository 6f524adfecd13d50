"""Helpers shared by more than one test folder, imported as `tests.support.<module>`.

Fixtures stay in the conftest.py of the folder that uses them; tests import nothing from a
conftest and never change `sys.path` (pytest puts the repository root on it, see
`pythonpath` in pyproject.toml).
"""
