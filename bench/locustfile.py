"""Locust scenario of issue 17 point 5, run by bench/load.py (which writes the targets file
named by LOAD_TARGETS: users per role and the URLs of their objects). Field staff open their
DWCP and CPO pages and enter and submit a progress update through the real form (with its
CSRF token); ACT/EMP and ACTRAV specialists browse the needs queue and the results; managers
open the home page, the results pages and the reports page and request a report."""
from __future__ import annotations

import datetime as dt
import json
import os
import random
import re

from locust import HttpUser, between, task

TARGETS = json.load(open(os.environ["LOAD_TARGETS"]))  # noqa: SIM115
PASSWORD = TARGETS["password"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Signed(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    role = ""

    def on_start(self) -> None:
        self.username = random.choice(TARGETS["users"][self.role])
        page = self.client.get("/accounts/login/", name="login")
        self.client.post("/accounts/login/", name="login (post)", data={
            "username": self.username, "password": PASSWORD,
            "csrfmiddlewaretoken": CSRF.search(page.text).group(1)})

    def page(self, url: str, name: str) -> str:
        return self.client.get(url, name=name).text


class FieldStaff(Signed):
    role = "field_staff"
    weight = 3

    @task(3)
    def dwcp(self) -> None:
        target = random.choice(TARGETS["field"][self.username])
        self.page(target["dwcp"], "DWCP page")
        self.page(target["results"], "DWCP results")
        self.page(target["cpo"], "CPO indicators")

    @task(1)
    def enter_and_submit_update(self) -> None:
        target = random.choice(TARGETS["field"][self.username])
        form = self.page(target["update"], "progress update form")
        token = CSRF.search(form)
        if not token:
            return
        with self.client.post(target["update"], name="progress update (submit)",
                              catch_response=True, data={
                                  "csrfmiddlewaretoken": token.group(1),
                                  "date": dt.datetime.now(dt.UTC).date().isoformat(),
                                  "value": str(random.randint(1, 50)), "action": "submit",
                                  "comment": "Load test"}) as response:
            if response.status_code != 200 or "errorlist" in response.text:
                response.failure(f"update not saved ({response.status_code})")


class Specialist(Signed):
    role = "specialist"
    weight = 2

    @task(2)
    def needs(self) -> None:
        self.page(TARGETS["urls"]["needs"], "needs queue")

    @task(1)
    def results(self) -> None:
        self.page(TARGETS["urls"]["results"], "results overview")
        self.page(random.choice(TARGETS["dwcps"]), "DWCP page")


class Manager(Signed):
    role = "manager"
    weight = 1

    @task(3)
    def dashboards(self) -> None:
        self.page("/", "home")
        self.page(TARGETS["urls"]["results"], "results overview")
        self.page(random.choice(TARGETS["glances"]), "DWCP at a glance")

    @task(1)
    def reports(self) -> None:
        self.page(TARGETS["urls"]["reports"], "reports")
