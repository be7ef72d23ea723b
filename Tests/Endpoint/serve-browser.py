"""The unsubscribe page in a real browser: Debian's headless Chromium, driven by Selenium.

Starts `touchpoint serve` on 127.0.0.1, opens the GET page, checks that it has no script, a `lang`
and a labelled button, clicks the button, sees the confirmation, and finds exactly one unsubscribe
in the log. Screenshots of both pages go to .build/serve-page.png and .build/serve-confirmation.png.

usage: python serve-browser.py path/to/touchpoint
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SECRET = "example-practice-secret-not-for-real-use"

passed = 0
failed = 0


def check(description, condition):
    global passed, failed
    if condition:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {description}", file=sys.stderr)


def start(binary, log):
    errors = open(os.path.join(os.path.dirname(log), "serve.err"), "w+")
    server = subprocess.Popen(
        [binary, "serve", "--root", ROOT, "--log", log, "--port", "0"], stdout=subprocess.DEVNULL, stderr=errors
    )
    for _ in range(100):
        errors.seek(0)
        found = re.search(r"listening on http://127\.0\.0\.1:(\d+)", errors.read())
        if found:
            return server, int(found.group(1))
        if server.poll() is not None:
            break
        time.sleep(0.1)
    errors.seek(0)
    sys.exit("touchpoint serve did not start:\n" + errors.read())


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=900,700"]:
        options.add_argument(argument)
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(20)
    return driver


def main():
    binary = os.path.abspath(sys.argv[1])
    screenshots = os.path.join(ROOT, ".build")
    os.makedirs(screenshots, exist_ok=True)
    scratch = tempfile.mkdtemp()
    log = os.path.join(scratch, "log")
    token = subprocess.run(
        [binary, "token", "patients", "p0001", "--root", ROOT],
        env={**os.environ, "TOUCHPOINT_SECRET": SECRET},
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    server, port = start(binary, log)
    driver = None
    try:
        driver = browser()
        driver.get(f"http://127.0.0.1:{port}/unsubscribe?c={token}")
        check("the page has a title", "Lincoln Physical Therapy" in driver.title)
        check("the page declares its language", driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")
        check("the page has no script", len(driver.find_elements(By.TAG_NAME, "script")) == 0)
        buttons = driver.find_elements(By.TAG_NAME, "button")
        check("the page has one button", len(buttons) == 1)
        button = buttons[0]
        check("the button has an accessible name", button.accessible_name == "Unsubscribe")
        check("the button is a submit button", button.get_attribute("type") == "submit")
        check("the button is shown", button.is_displayed())
        check("the practice's name is the heading", driver.find_element(By.TAG_NAME, "h1").text == "Lincoln Physical Therapy")
        driver.save_screenshot(os.path.join(screenshots, "serve-page.png"))
        with open(os.path.join(log, "feedback.log")) as file:
            check("opening the page unsubscribes no one", "\tunsubscribe" not in file.read())

        button.click()
        status = WebDriverWait(driver, 10).until(
            expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "[role=status]"))
        )
        check("the confirmation is shown", "You are unsubscribed" in status.text)
        check("the confirmation has no script", len(driver.find_elements(By.TAG_NAME, "script")) == 0)
        check("the confirmation stays at the same address", driver.current_url.endswith(f"/unsubscribe?c={token}"))
        check("no cookie was set", driver.get_cookies() == [])
        driver.save_screenshot(os.path.join(screenshots, "serve-confirmation.png"))

        with open(os.path.join(log, "feedback.log")) as file:
            lines = file.read().splitlines()
        unsubscribes = [line for line in lines if line.endswith("\tunsubscribe")]
        check(f"the log holds exactly one unsubscribe ({lines})", len(unsubscribes) == 1)
        check("it is the token's", len(unsubscribes) == 1 and unsubscribes[0].split("\t")[1] == token)
    finally:
        if driver is not None:
            driver.quit()
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"browser: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
