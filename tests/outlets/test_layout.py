"""On a phone every table of the field pages scrolls in its own box, not the whole page."""

import pytest

from tests.layout import tables_outside_responsive_boxes
from tests.outlets.factories import build_field


@pytest.fixture
def field(world):
    return build_field(world)


@pytest.mark.parametrize(
    "url",
    [
        "/outlets/",
        "/outlets/o/OA/",
        "/outlets/metrics/A1/2026-06/",
        "/outlets/teams/{team}/2026-06/",
        "/outlets/import/",
        "/",
    ],
)
def test_every_table_sits_in_a_responsive_box(client, field, url):
    client.force_login(field.supervisor_a)
    response = client.get(url.format(team=field.team_a.pk))
    assert response.status_code == 200
    count, bare = tables_outside_responsive_boxes(response.content.decode())
    assert count >= 1
    assert bare == []


def test_the_import_report_tables_sit_in_responsive_boxes(
    client, field, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(field.supervisor_a)
    bad = b"visit_id,date,salesman,outlet\nV9,2026-06-31,A1,OA\n"
    (tmp_path / "v.csv").write_bytes(bad)
    with (
        open(tmp_path / "v.csv", "rb") as upload,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post("/outlets/import/", {"kind": "visits", "file": upload})
    assert response.status_code == 302  # to the import job's page, its dry run done
    response = client.get(response["Location"])
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="import-errors"' in html
    count, bare = tables_outside_responsive_boxes(html)
    assert count == 2 and bare == []
