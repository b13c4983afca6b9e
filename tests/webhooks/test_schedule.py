"""The retry schedule: exponential, capped, jittered, bounded; the defaults span about a day."""

import pytest
from django.conf import settings as django_settings

from webhooks.schedule import retries_left, retry_delay


def test_waits_double_up_to_the_cap_within_the_jitter(settings):
    # given
    settings.WEBHOOKS_RETRY_BASE_SECONDS, settings.WEBHOOKS_RETRY_MAX_SECONDS = 60, 4 * 3600
    # then
    assert [retry_delay(n, rand=0.5) for n in (1, 2, 3, 9, 10, 13)] == [60, 120, 240, 14400, 14400, 14400]
    assert retry_delay(1, rand=0.0) == pytest.approx(48)
    assert retry_delay(1, rand=1.0) == pytest.approx(72)


def test_the_default_retries_span_about_a_day():
    # when
    total = sum(retry_delay(n, rand=0.5) for n in range(1, django_settings.WEBHOOKS_MAX_ATTEMPTS))
    # then
    assert django_settings.WEBHOOKS_MAX_ATTEMPTS == 14
    assert 20 * 3600 <= total <= 28 * 3600


def test_attempts_are_bounded(settings):
    settings.WEBHOOKS_MAX_ATTEMPTS = 3
    assert [retries_left(n) for n in (1, 2, 3)] == [True, True, False]
