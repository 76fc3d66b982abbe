def test_home_page_lists_neighborhoods(client, city):
    response = client.get("/")
    assert response.status_code == 200
    assert "Riverside" in response.content.decode()
