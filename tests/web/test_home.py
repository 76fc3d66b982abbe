def test_search_by_name_redirects_to_single_match(client, city):
    response = client.get("/", {"q": "river"})
    assert response.status_code == 302
    assert response["Location"] == "/areas/neighborhood/1/"


def test_search_without_match_says_so(client, city):
    response = client.get("/", {"q": "Atlantis"})
    assert response.status_code == 200
    assert "No neighborhood matches" in response.content.decode()


def test_home_has_map_and_landmarks(client, city):
    html = client.get("/").content.decode()
    assert 'id="home-map"' in html
    assert "leaflet/leaflet.js" in html  # bundled with django-leaflet, no CDN
    assert '<main id="main"' in html
    assert 'class="skip-link" href="#main"' in html
    assert "unpkg.com" not in html and "cdn" not in html.lower()


def test_neighborhood_page_shows_officers_of_its_beats(
    client, city, officer, other_district_officer
):
    html = client.get("/areas/neighborhood/1/").content.decode()
    assert "Officer Olivia" in html  # beat 0111 lies in Riverside
    assert "Officer Oscar" not in html  # beat 0211 does not
    hilltop = client.get("/areas/neighborhood/2/").content.decode()
    assert "Officer Oscar" in hilltop


def test_unknown_area_is_404(client, city):
    assert client.get("/areas/neighborhood/nope/").status_code == 404
    assert client.get("/areas/planet/1/").status_code == 404


def test_healthz(client, db):
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "queue": "ok"}


def test_api_docs_are_served_offline(client, db):
    html = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn.jsdelivr" not in html and "unpkg" not in html
