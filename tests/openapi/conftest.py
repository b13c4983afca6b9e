import pytest

from tests.openapi import live


@pytest.fixture(scope="session")
def live_schema() -> dict:
    return live.live_schema()
