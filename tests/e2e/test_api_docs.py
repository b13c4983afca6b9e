"""The API docs pages work offline: a real browser renders them and sends no request outside the server."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize(
    ("path", "rendered"),
    [
        ("/api/redoc/", "text=API docs by Redocly"),  # the sidebar footer whose logo is on cdn.redoc.ly
        ("/api/docs/", ".swagger-ui .opblock-tag:has-text('Draft Orders')"),
    ],
)
def test_api_docs_render_and_send_nothing_to_other_servers(live_server, page, path, rendered):
    # given: any request for another server is recorded and never leaves the browser
    sent_outside = []
    page.route(
        lambda url: not url.startswith(live_server.url),
        lambda route: (sent_outside.append(route.request.url), route.abort()),
    )
    # when
    page.goto(f"{live_server.url}{path}")
    page.wait_for_selector(rendered)
    page.wait_for_load_state("networkidle")
    # then
    assert page.locator("text=Draft orders Admin API").first.is_visible()
    assert sent_outside == []
