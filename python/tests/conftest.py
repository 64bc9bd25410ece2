"""Shared fixtures: the process's sandboxes and a fresh session per test."""

import pytest

import mpsandbox


@pytest.fixture(scope="session")
def sandbox():
    """The shared sandbox (no fuel metering)."""
    return mpsandbox.default_sandbox()


@pytest.fixture
def session(sandbox):
    """A fresh session, closed after the test."""
    with sandbox.session() as s:
        yield s
