"""The login throttle's bookkeeping, on a clock the test turns (the app test drives it over HTTP)."""

from __future__ import annotations

from assistant import throttle
from assistant.throttle import Throttle, ThrottleSettings


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_lockouts_double_while_the_guessing_goes_on_and_are_forgotten_after_the_window():
    clock = Clock()
    t = Throttle(ThrottleSettings(max_failures=3, address_max_failures=100, lockout=10, max_lockout=25, window=100), clock)
    for _ in range(3):
        assert t.wait("canbo", "10.0.0.1") == 0
        t.failed("Canbo", "10.0.0.1")  # a user name is one whatever its case
    assert t.wait("canbo", "10.0.0.9") == 10  # the user is locked, from any address
    clock.now += 10
    assert t.wait("canbo", "10.0.0.1") == 0
    for _ in range(3):
        t.failed("canbo", "10.0.0.1")
    assert t.wait("canbo", "10.0.0.1") == 20  # the second lockout lasts twice as long
    clock.now += 20
    for _ in range(3):
        t.failed("canbo", "10.0.0.1")
    assert t.wait("canbo", "10.0.0.1") == 25  # up to the most
    clock.now += 25 + 101  # a quiet window: the history is forgotten
    for _ in range(3):
        t.failed("canbo", "10.0.0.1")
    assert t.wait("canbo", "10.0.0.1") == 10


def test_a_right_password_clears_the_user_but_not_the_address():
    clock = Clock()
    t = Throttle(ThrottleSettings(max_failures=3, address_max_failures=4, lockout=10), clock)
    t.failed("a", "10.0.0.1")
    t.failed("a", "10.0.0.1")
    t.succeeded("a")
    t.failed("a", "10.0.0.1")
    t.failed("b", "10.0.0.1")
    assert t.wait("a", "10.0.0.2") == 0  # the user's count began again
    assert t.wait("c", "10.0.0.1") == 10  # the address's did not: four wrong from it


def test_made_up_user_names_cannot_grow_the_memory_without_bound(monkeypatch):
    monkeypatch.setattr(throttle, "MAX_KEYS", 50)
    t = Throttle(ThrottleSettings(), Clock())
    for n in range(500):
        t.failed(f"user-{n}", "10.0.0.1")
    assert len(t._records) <= 50 and t.wait("x", "10.0.0.1") > 0  # the busy address is kept
