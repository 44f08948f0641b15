import pytest


@pytest.fixture
def model_root(settings, tmp_path):
    """Trained models go to a directory of the test's own."""
    settings.ANNOTATOR_MODEL_ROOT = tmp_path / "models"
    return settings.ANNOTATOR_MODEL_ROOT
