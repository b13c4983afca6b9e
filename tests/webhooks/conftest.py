from datetime import UTC, datetime, timedelta

import pytest

from tests.webhooks.receiver import Receiver


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.close()


class Clock:
    """A clock the test moves: deliveries are due, retried and leased by it, never by the wall clock."""

    def __init__(self):
        # starts a second after the events the test records (stamped by the real clock), so they are due
        self.now = datetime.now(UTC) + timedelta(seconds=1)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock():
    return Clock()
