"""Steps the browser tests share."""


def log_in(page, live_server, user) -> None:
    """Log `user` (made by UserFactory, password `secret_password`) in to the staff site."""
    page.goto(f"{live_server.url}/staff/login/")
    page.fill("#id_username", user.email)
    page.fill("#id_password", "secret_password")
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
