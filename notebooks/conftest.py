"""The committed notebooks, re-executed and compared by nbval, belong to the slow lane."""

import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        if str(item.fspath).endswith(".ipynb"):
            item.add_marker(pytest.mark.slow)
