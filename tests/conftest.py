from __future__ import annotations

from datetime import date

import pytest


@pytest.fixture(scope="session")
def coder():
    from bilateral import Coder

    return Coder(today=date(2025, 10, 15))
