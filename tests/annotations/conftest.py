"""Fixtures for the annotation workspace tests."""

from __future__ import annotations

import pytest

from tests.annotations.data import make_proposed_article


@pytest.fixture
def proposed_article(project):
    """An article whose latest machine set proposes three quotes (one interrupted)."""
    return make_proposed_article(project)
