"""The review site in a real browser: Debian's headless Chromium, driven by Selenium, from file://.

Copies the example practice into a scratch folder, builds it and writes its review as of the
Makefile's date, then, with JavaScript on and again with it off:
- checks the calendar's counts for three days against `touchpoint plan --format json`;
- follows a day's list to a message and checks it is that message, and that the subject in its
  frame is the decoded Subject of the .eml the build wrote;
- checks that nothing logged an error to the console and that nothing was fetched but the site's
  own files (the driver's performance log);
- checks by hand what an accessibility checker would: a language, an alt on every image, a title
  on every frame, a label on every control, headings in order, the campaign colours at a contrast
  of at least 4.5:1 against white.
Chromium's --dump-dom reads the front page too. Screenshots of the calendar, a campaign page and a
message view at 1280 and 375 px wide go to .build/review-shots/.

usage: python review-browser.py path/to/touchpoint
"""

import collections
import email
import email.header
import email.policy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SECRET = "example-practice-secret-not-for-real-use"
AS_OF = os.environ.get("AS_OF", "2026-11-30")
SHOTS = os.path.join(ROOT, ".build", "review-shots")

passed = 0
failed = 0


def check(description, condition):
    global passed, failed
    if condition:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {description}", file=sys.stderr)


def touchpoint(binary, practice, *arguments):
    return subprocess.run(
        [binary, *arguments, "--root", practice],
        env={**os.environ, "TOUCHPOINT_SECRET": SECRET, "NO_COLOR": "1"},
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def browser(javascript):
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"]:
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(20)
    return driver


def luminance(rgb):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = rgb
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(first, second):
    a, b = luminance(first), luminance(second)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def parse_color(text):
    found = re.match(r"rgba?\((\d+), (\d+), (\d+)", text)
    return tuple(int(part) for part in found.groups()) if found else None


def accessibility(driver, page):
    """What an accessibility checker would look at, by hand, on the page shown."""
    check(f"{page}: the page declares its language", driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")
    check(f"{page}: the page has a title", driver.title.strip() != "")
    for image in driver.find_elements(By.TAG_NAME, "img"):
        check(f"{page}: an image has alt text", image.get_attribute("alt") is not None)
    for frame in driver.find_elements(By.TAG_NAME, "iframe"):
        check(f"{page}: a frame has a title", (frame.get_attribute("title") or "").strip() != "")
    for control in driver.find_elements(By.CSS_SELECTOR, "select, input, textarea, button"):
        control_id = control.get_attribute("id")
        labels = driver.find_elements(By.CSS_SELECTOR, f"label[for='{control_id}']") if control_id else []
        named = (control.accessible_name or "").strip() != "" or any(
            (label.get_attribute("textContent") or "").strip() for label in labels
        )
        check(f"{page}: the control {control_id or control.tag_name} has a label", named)
    levels = [int(heading.tag_name[1]) for heading in driver.find_elements(By.CSS_SELECTOR, "h1, h2, h3, h4, h5, h6")]
    check(f"{page}: one h1, first ({levels[:3]})", levels[:1] == [1] and levels.count(1) == 1)
    check(
        f"{page}: headings never skip a level ({levels})",
        all(later <= earlier + 1 for earlier, later in zip(levels, levels[1:])),
    )
    for chip in driver.find_elements(By.CSS_SELECTOR, ".chip, .swatch"):
        background = parse_color(chip.value_of_css_property("background-color"))
        check(
            f"{page}: a campaign colour {background} has a contrast of 4.5:1 against white",
            background is not None and contrast(background, (255, 255, 255)) >= 4.5,
        )
        if "chip" in (chip.get_attribute("class") or ""):
            text = parse_color(chip.value_of_css_property("color"))
            check(f"{page}: a chip's text {text} reads on its colour", text is not None and contrast(background, text) >= 4.5)


def logs_clean(driver, label):
    """No console error, and nothing fetched but files of the site (and data: URLs)."""
    errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    check(f"{label}: no console errors ({errors})", errors == [])
    fetched = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            fetched.append(message["params"]["request"]["url"])
    outside = [url for url in fetched if not url.startswith(("file://", "data:", "about:"))]
    check(f"{label}: no network requests ({outside})", outside == [])
    check(f"{label}: the performance log saw the pages load", any(url.startswith("file://") for url in fetched))


def screenshot(driver, name):
    for width in (1280, 375):
        driver.set_window_size(width, 900)
        height = driver.execute_script("return document.documentElement.scrollHeight") if JAVASCRIPT[0] else 2400
        driver.set_window_size(width, min(max(int(height), 900), 4000))
        driver.save_screenshot(os.path.join(SHOTS, f"{name}-{width}.png"))
    driver.set_window_size(1280, 900)


JAVASCRIPT = [True]


def decoded_subject(path):
    with open(path, "rb") as file:
        message = email.message_from_binary_file(file, policy=email.policy.default)
    return str(message["Subject"])


def walk(driver, site, outbox, plan, days, javascript):
    label = "with JavaScript" if javascript else "without JavaScript"
    JAVASCRIPT[0] = javascript
    index = "file://" + os.path.join(site, "index.html")
    driver.get(index)
    check(f"{label}: the calendar is shown", len(driver.find_elements(By.CSS_SELECTOR, "table.calendar")) >= 2)
    for day in days:
        expected = plan[day]
        cells = driver.find_elements(By.CSS_SELECTOR, f"td[data-date='{day}']")
        check(f"{label}: the calendar has {day}", len(cells) == 1)
        if not cells:
            continue
        shown = {}
        for chip in cells[0].find_elements(By.CSS_SELECTOR, "li.chip"):
            count = chip.get_attribute("data-count")
            text = (chip.get_attribute("textContent") or "").strip()
            check(f"{label}: a chip on {day} shows its count first ({text})", text.split(" ")[0] == count)
            check(f"{label}: a chip on {day} names its campaign ({text})", text.endswith(chip.get_attribute("data-campaign")))
            shown[chip.get_attribute("data-campaign")] = int(count)
        check(f"{label}: {day} counts {shown} == plan's {dict(expected)}", shown == dict(expected))
    accessibility(driver, f"{label}, calendar")
    if javascript:
        screenshot(driver, "calendar")

    # A day's list links to the right message.
    day = days[0]
    driver.find_element(By.CSS_SELECTOR, f"td[data-date='{day}'] a").click()
    check(f"{label}: the day's page opens", driver.current_url.endswith(f"/days/{day}.html"))
    accessibility(driver, f"{label}, day {day}")
    rows = driver.find_elements(By.CSS_SELECTOR, "tbody tr")
    check(f"{label}: the day lists its messages ({len(rows)})", len(rows) == sum(plan[day].values()))
    row = rows[len(rows) // 2]
    campaign, step, contact = (row.get_attribute(f"data-{name}") for name in ("campaign", "step", "contact"))
    time = row.find_element(By.TAG_NAME, "td").text[:5].replace(":", "")
    link = row.find_element(By.TAG_NAME, "a")
    listed_subject = link.text
    link.click()
    name = f"{time}-{campaign}-{step}-{contact}"
    check(
        f"{label}: the link goes to {name}'s page ({driver.current_url})",
        driver.current_url.endswith(f"/messages/{day}/{name}.html"),
    )
    eml = os.path.join(outbox, day, name + ".eml")
    check(f"{label}: the build wrote {name}.eml", os.path.exists(eml))
    subject = decoded_subject(eml)
    check(f"{label}: the day's list shows the subject ({listed_subject!r} == {subject!r})", listed_subject == subject)
    header = driver.find_element(By.CSS_SELECTOR, "dd[data-header='subject']").get_attribute("textContent")
    check(f"{label}: the headers show the decoded subject ({header!r})", header == subject)
    accessibility(driver, f"{label}, message {name}")
    frames = driver.find_elements(By.TAG_NAME, "iframe")
    check(f"{label}: the message has a desktop and a phone frame", [f.get_attribute("class") for f in frames] == ["desktop", "phone"])
    widths = [frame.size["width"] for frame in frames]
    check(f"{label}: the frames are 600 and 375 px wide ({widths})", widths == [600, 375])
    check(f"{label}: the frames are sandboxed", all(frame.get_attribute("sandbox") == "" for frame in frames))
    for frame in frames:
        driver.switch_to.frame(frame)
        inner = driver.find_element(By.TAG_NAME, "title").get_attribute("textContent")
        body = driver.find_element(By.TAG_NAME, "body").text
        driver.switch_to.default_content()
        check(f"{label}: the frame's subject is the .eml's ({inner!r} == {subject!r})", inner == subject)
        check(f"{label}: the frame shows the message", len(body) > 40)
    if javascript:
        screenshot(driver, "message")

    # A campaign page, its samples, and the contact selector (a list of links without JavaScript).
    driver.get("file://" + os.path.join(site, "campaigns", "new-patient-welcome.html"))
    accessibility(driver, f"{label}, campaign page")
    check(f"{label}: the campaign page shows reach", "Reach" in driver.find_element(By.TAG_NAME, "main").text)
    selects = driver.find_elements(By.CSS_SELECTOR, "select[data-go]")
    check(f"{label}: the campaign page has contact selectors", len(selects) >= 1)
    lists = driver.find_elements(By.CSS_SELECTOR, "main details a")
    check(f"{label}: every recipient is a link without JavaScript too", len(lists) >= 1)
    if javascript:
        screenshot(driver, "campaign")
        check("with JavaScript: the selector is shown", selects[0].is_displayed())
        chooser = Select(selects[0])
        target = chooser.options[2].get_attribute("value")
        chooser.select_by_index(2)
        check(
            f"with JavaScript: choosing a contact opens their message ({driver.current_url})",
            urllib.parse.unquote(driver.current_url).endswith(target.replace("..", "")),
        )
    else:
        check("without JavaScript: the selector stays hidden", not selects[0].is_displayed())
        check("without JavaScript: no script ran", driver.find_element(By.CSS_SELECTOR, "select[data-go]").get_attribute("hidden") is not None)

    driver.get("file://" + os.path.join(site, "changes.html"))
    accessibility(driver, f"{label}, what changed")
    check(f"{label}: what changed compares with out/", "Against out/" in driver.find_element(By.TAG_NAME, "main").text)
    logs_clean(driver, label)


def main():
    binary = os.path.abspath(sys.argv[1])
    os.makedirs(SHOTS, exist_ok=True)
    scratch = tempfile.mkdtemp()
    practice = os.path.join(scratch, "practice")
    os.makedirs(practice)
    for name in ["touchpoint.yaml", "campaigns", "contacts"]:
        source = os.path.join(ROOT, name)
        (shutil.copytree if os.path.isdir(source) else shutil.copy)(source, os.path.join(practice, name))
    try:
        touchpoint(binary, practice, "build", "--as-of", AS_OF)
        index = touchpoint(binary, practice, "review", "--as-of", AS_OF).strip()
        site = os.path.dirname(index)
        check("review prints its index.html", index == os.path.join(practice, "out", "review", "index.html"))
        check("the site is for its owner only", oct(os.stat(site).st_mode & 0o777) == "0o700")
        check(
            "the pages are for their owner only",
            all(os.stat(os.path.join(folder, file)).st_mode & 0o777 == 0o600 for folder, _, files in os.walk(site) for file in files),
        )
        plan = json.loads(touchpoint(binary, practice, "plan", "--as-of", AS_OF, "--format", "json"))
        by_day = collections.defaultdict(collections.Counter)
        for message in plan["messages"]:
            by_day[message["send_at"][:10]][message["campaign"]] += 1
        busiest = max(by_day, key=lambda day: (sum(by_day[day].values()), day))
        ordered = sorted(by_day)
        days = [busiest, ordered[0], ordered[-1]]
        check(f"three different days to compare ({days})", len(set(days)) == 3)

        dumped = subprocess.run(
            [shutil.which("chromium") or "/usr/bin/chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--dump-dom", "file://" + index],
            capture_output=True,
            text=True,
            timeout=60,
        )
        check("chromium --dump-dom reads the front page", dumped.returncode == 0 and f'data-date="{busiest}"' in dumped.stdout)
        check("the dumped page carries its policy", "Content-Security-Policy" in dumped.stdout)

        for javascript in (True, False):
            driver = browser(javascript)
            try:
                walk(driver, site, os.path.join(practice, "out"), by_day, days, javascript)
            finally:
                driver.quit()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"review browser: {passed} passed, {failed} failed; screenshots in {SHOTS}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
