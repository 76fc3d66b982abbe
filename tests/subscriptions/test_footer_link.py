"""A visitor without an account finds the email subscription from every page's footer."""


def test_every_page_links_to_email_alerts(db, client):
    for url in ("/", "/concerns/", "/meetings/"):
        html = client.get(url).content.decode()
        assert 'href="/subscriptions/email/"' in html, url
    assert client.get("/subscriptions/email/").status_code == 200
