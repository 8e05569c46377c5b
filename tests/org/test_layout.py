"""On a phone every table of the people pages scrolls in its own box, not the whole page."""

import pytest

from org.audit import record
from tests.layout import tables_outside_responsive_boxes


@pytest.mark.parametrize("url", ["/", "/people/", "/teams/", "/audit/"])
def test_every_table_sits_in_a_responsive_box(client, world, url):
    record(actor=world.manager_a, action="update", obj=world.team_a, before={}, after={})
    client.force_login(world.manager_a)
    response = client.get(url)
    assert response.status_code == 200
    count, bare = tables_outside_responsive_boxes(response.content.decode())
    assert count >= 1
    assert bare == []


def test_the_checker_finds_a_bare_table():
    html = '<div class="table-responsive"><table id="ok"></table></div><table id="bare"></table>'
    assert tables_outside_responsive_boxes(html) == (2, ["bare"])
