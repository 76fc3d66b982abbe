"""The traffic mix of ``benchmarks/load.py`` (run by it; not on its own).

One kind of user, whose tasks are weighted to the mix the issue names: 70% neighbourhood and
beat pages and their Atom feeds, 20% concern submissions (the JSON API) and Open311 reads,
10% an officer's triage queue. Each user pauses 0.2–1 s between requests, as a person
clicking through does. The URLs, submission bodies and the officer's session cookie come from
the JSON plan file named by ``BB_LOAD_PLAN`` (written by load.py from the database).
"""

from __future__ import annotations

import json
import os
import random

from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

with open(os.environ["BB_LOAD_PLAN"], encoding="utf-8") as fh:
    PLAN = json.load(fh)


class Visitor(FastHttpUser):
    wait_time = between(0.2, 1.0)

    @task(55)
    def area_page(self) -> None:
        self.client.get(random.choice(PLAN["pages"]), name="area page")

    @task(15)
    def feed(self) -> None:
        self.client.get(random.choice(PLAN["feeds"]), name="Atom feed")

    @task(10)
    def submit(self) -> None:
        with self.client.post(
            "/api/v1/concerns/",
            data=random.choice(PLAN["bodies"]),
            headers={"Content-Type": "application/json"},
            name="submit concern (API)",
            catch_response=True,
        ) as response:
            if response.status_code != 201:
                response.failure(f"HTTP {response.status_code}")

    @task(10)
    def open311(self) -> None:
        self.client.get(random.choice(PLAN["open311"]), name="Open311 read")

    @task(10)
    def triage(self) -> None:
        with self.client.get(
            PLAN["triage"],
            headers={"Cookie": f"sessionid={PLAN['session']}"},
            name="triage (officer)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200:  # e.g. a redirect to sign-in: not the queue
                response.failure(f"HTTP {response.status_code}")
