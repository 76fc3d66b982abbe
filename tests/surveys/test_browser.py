"""Journey: a resident answers the standard module in Spanish on a phone-sized screen,
by tapping the 0-10 scale (no JavaScript needed), and is counted once."""

import pytest

from beatbridge.surveys.models import Answer, Response


@pytest.mark.browser
def test_resident_answers_in_spanish_on_a_phone(browser_page, wave):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base_url + f"/surveys/w/{wave.pk}/")
    page.click("a[lang='es']")
    page.wait_for_selector("text=¿Qué tan seguro(a) de la delincuencia se siente en su vecindario?")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    page.select_option("#f-neighborhood", label="Riverside")
    page.locator("#q-safety label.scale-point", has_text="8").first.click()
    page.locator("#q-respect label.scale-point", has_text="6").first.click()
    page.locator("#q-listen label.scale-point", has_text="5").first.click()
    page.fill("#f-top_issue", "Los autos van muy rápido")
    page.locator("#q-age_band label.choice", has_text="Prefiero no decirlo").click()
    page.locator(".survey-answer form button[type=submit]").click()
    page.wait_for_url("**/thanks/")
    response = Response.objects.get()
    assert response.language == "es" and response.neighborhood.name == "Riverside"
    numbers = dict(
        Answer.objects.filter(response=response, number__isnull=False).values_list(
            "question__code", "number"
        )
    )
    assert numbers == {"safety": 8.0, "respect": 6.0, "listen": 5.0}
    # The same browser cannot answer the wave twice.
    page.goto(page.base_url + f"/surveys/w/{wave.pk}/?lang=es")
    assert page.locator(".survey-blocked").is_visible()
    assert page.locator(".survey-answer form button[type=submit]").count() == 0
