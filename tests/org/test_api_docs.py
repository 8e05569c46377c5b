import pytest

from tests.factories import UserFactory


@pytest.mark.django_db
def test_openapi_schema_lists_the_endpoints(client):
    client.force_login(UserFactory(username="maya", role="manager"))
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/me/" in paths
    assert "/api/v1/salesmen/" in paths
    assert "/api/v1/salesmen/{code}/" in paths


@pytest.mark.django_db
def test_api_docs_use_vendored_assets(client):
    client.force_login(UserFactory(username="maya", role="manager"))
    html = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
