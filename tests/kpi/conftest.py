import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english(settings):
    """The KPI tests read English messages (the app's default language is Indonesian)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
