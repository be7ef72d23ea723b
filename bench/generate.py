#!/usr/bin/env python3
"""Generate a synthetic practice of N patients for the benchmark.

    generate.py SIZE [--repo DIR] [--out DIR] [--as-of DATE] [--seed TEXT] [--touchpoint BIN]

SIZE is 1k, 10k, 100k or a plain number. The practice is written to bench/work/SIZE/ (or --out):
the repository's touchpoint.yaml, campaigns/ (with its templates and layout), the contact
schemas, the referral-sources list and the suppression list are copied as they are, and
contacts/patients.csv is generated with exactly the columns of the example's patients.csv.

Every name, address and date is made up. The output depends only on SIZE, --seed and the files
it copies: the same arguments give a byte-identical practice.

The contacts are a mix of prospects, new patients, patients in treatment, discharged patients
and lapsed patients, and their dates are drawn around --as-of (the Makefile's AS_OF) so that the
example campaigns have something to send to almost everyone within the 60-day horizon: inquiries
in the last week, first visits around as-of, discharges in the last weeks, and birthdays
more often than not inside the horizon. The aim is about five messages a contact; what the
campaigns allow is the limit (see PROFILES). With --touchpoint, the generator asks
`touchpoint plan` for the schedule and prints the messages per contact it achieved.

Field variety: names in many scripts (accents, Polish, Turkish, Vietnamese, Greek, Cyrillic,
Chinese, Japanese, Arabic), names with commas and quotes (CSV quoting), families sharing an
address, several time zones (and none: the practice's), tags, and empty optional cells.
A column the generator does not know is filled from the schema's type, or for strings by
sampling the example's own values in that column.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import yaml

SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

# (status, weight): the mix of contacts. Tuned with the example campaigns: prospects get up to
# four notes, discharged patients up to four (plus a birthday), lapsed patients up to three (plus
# a birthday), patients in treatment two or three, new patients two (plus a birthday).
PROFILES = [
    ("prospect", 0.15),
    ("new", 0.15),
    ("treatment", 0.20),
    ("discharged", 0.35),
    ("lapsed", 0.15),
]

# How often a birthday falls inside the horizon (the rest are spread over the whole year).
BIRTHDAY_IN_HORIZON = 0.85

FIRST_NAMES = [
    "Maria", "Luis", "Sofia", "José", "Emma", "Liam", "Olivia", "Noah", "Ava", "Ethan", "Mia",
    "Lucas", "Amelia", "Mason", "Harper", "Elijah", "Evelyn", "James", "Abigail", "Benjamin",
    "Zoë", "Chloé", "Renée", "François", "Søren", "Åsa", "Björn", "Øyvind", "Jürgen", "Małgorzata",
    "Łukasz", "Wojciech", "Ömer", "Çağla", "Şule", "Nguyễn", "Thảo", "Đức", "Siobhán", "Seán",
    "Aoife", "Nuño", "Iñaki", "Begoña", "João", "Conceição", "Anaïs", "Noémie", "Dvořák",
    "Jiří", "Zsófia", "Gábor", "Ngozi", "Chidi", "Oluwaseun", "Aarav", "Priya", "Saanvi",
    "Mohammed", "Fatima", "Yusuf", "Layla", "Hiroshi", "Yuki", "Min-jun", "Seo-yeon", "Wei",
    "Mei", "Jing", "Darnell", "Keisha", "Tyrone", "Shanice", "Dakota", "Cheyenne", "Wren",
    "Quinn", "Rowan", "Sky", "Jo", "Al", "Bo", "Mary-Kate", "Anne-Marie", "Jean-Luc",
    "Αθηνά", "Γιώργος", "Ольга", "Дмитрий", "Наталья", "陈静", "王伟", "佐藤", "さくら", "محمد", "فاطمة",
    'Robert "Bobby"', "Katherine", "Elizabeth", "Christopher", "Alexander", "Guadalupe",
]

LAST_NAMES = [
    "Garcia", "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Martinez",
    "Hernández", "López", "González", "Pérez", "Núñez", "Peña", "Muñoz", "Ibáñez", "Andersen",
    "Sørensen", "Ångström", "Müller", "Schäfer", "Kowalski", "Wiśniewski", "Dąbrowski",
    "Yılmaz", "Öztürk", "Çelik", "Nguyễn", "Trần", "Lê", "O'Brien", "O'Connor", "Ní Bhriain",
    "Mac Giolla Phádraig", "Szabó", "Novák", "Dvořáková", "Okafor", "Adeyemi", "Mensah",
    "Patel", "Sharma", "Iyer", "Haddad", "Al-Sayed", "Tanaka", "Yamamoto", "Kim", "Park",
    "Chen", "Wang", "Li", "Washington", "Jefferson", "Two Bears", "Running Water", "van der Berg",
    "de la Cruz", "St. John", "Smith-Jones", "Smith, Jr.", "Larson, III", "Παπαδόπουλος",
    "Иванова", "Петров", "陈", "王", "山田", "عبد الله", "Lindqvist", "Björk", "Þórsdóttir",
]

TAGS = [
    "runner", "post-op", "knee", "back-pain", "vestibular", "shoulder", "youth-sports", "ankle",
    "balance", "neck-pain", "golfer", "desk-work", "hip", "pelvic-health", "cyclist",
    "plantar-fasciitis", "acl", "concussion", "tennis-elbow",
]

TIMEZONES = [
    ("America/Chicago", 0.62), ("", 0.16), ("America/Denver", 0.07), ("America/New_York", 0.06),
    ("America/Los_Angeles", 0.03), ("America/Phoenix", 0.02), ("America/Anchorage", 0.01),
    ("Pacific/Honolulu", 0.01), ("Europe/London", 0.01), ("Europe/Berlin", 0.005),
    ("Asia/Tokyo", 0.005),
]

DOMAINS = ["mail.example", "inbox.example", "post.example", "webmail.example", "campus.example"]

BOOLEAN_SPELLINGS = [("yes", 0.80), ("", 0.08), ("true", 0.04), ("Y", 0.03), ("1", 0.02), ("no", 0.02), ("FALSE", 0.01)]


def weighted(rng: random.Random, pairs):
    values = [value for value, _ in pairs]
    weights = [weight for _, weight in pairs]
    return rng.choices(values, weights)[0]


def ascii_slug(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if ch.isascii() and (ch.isalnum() or ch in "-"))
    return kept.lower()


class Schema:
    """The fields of a contact list's schema: name → (type, options)."""

    def __init__(self, path: Path):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.fields: dict[str, dict] = {}
        for name, spec in (data.get("fields") or {}).items():
            self.fields[name] = {"type": spec} if isinstance(spec, str) else dict(spec)

    def date_format(self, name: str) -> str:
        return self.fields.get(name, {}).get("format", "%Y-%m-%d")

    def separator(self, name: str) -> str:
        return self.fields.get(name, {}).get("separator", ",")


class Generator:
    def __init__(self, count: int, as_of: dt.date, seed: str, schema: Schema, header: list[str],
                 example_rows: list[dict], referrers: list[str]):
        self.count = count
        self.as_of = as_of
        self.rng = random.Random(f"{seed}/{count}")
        self.schema = schema
        self.header = header
        self.example_rows = example_rows
        self.referrers = referrers
        self.therapists = sorted({row.get("therapist", "") for row in example_rows} - {""}) or ["Dr. Paul Potter"]
        self.width = max(4, len(str(count)))
        self.family_addresses: list[str] = []
        self.used_addresses: set[str] = set()

    def days(self, low: int, high: int) -> dt.date:
        """A day between as-of + low and as-of + high, both included."""
        return self.as_of + dt.timedelta(days=self.rng.randint(low, high))

    def birthday(self) -> dt.date | None:
        rng = self.rng
        if rng.random() < 0.05:
            return None
        year = self.as_of.year - rng.choice([rng.randint(8, 18), rng.randint(19, 64), rng.randint(19, 64), rng.randint(65, 92)])
        if rng.random() < BIRTHDAY_IN_HORIZON:
            day = self.as_of + dt.timedelta(days=rng.randint(1, 58))
        else:
            day = dt.date(2001, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
        try:
            return day.replace(year=year)
        except ValueError:
            return dt.date(year, 2, 28)

    def address(self, first: str, last: str, index: int) -> str:
        rng = self.rng
        if self.family_addresses and rng.random() < 0.04:
            return rng.choice(self.family_addresses)
        local = ".".join(part for part in (ascii_slug(first), ascii_slug(last)) if part) or "patient"
        if rng.random() < 0.3:
            local = local.replace(".", rng.choice(["", "_", "-"]))
        candidate = f"{local}@{rng.choice(DOMAINS)}"
        if candidate in self.used_addresses:
            candidate = f"{local}{index}@{rng.choice(DOMAINS)}"
        self.used_addresses.add(candidate)
        if rng.random() < 0.03:
            self.family_addresses.append(candidate)
        return candidate

    def tags(self, status: str) -> list[str]:
        rng = self.rng
        if rng.random() < 0.15:
            return []
        return sorted(set(rng.sample(TAGS, rng.choice([1, 1, 2, 2, 3]))))

    def contact(self, index: int) -> dict:
        rng = self.rng
        kind = weighted(rng, PROFILES)
        first = rng.choice(FIRST_NAMES)
        last = "" if rng.random() < 0.04 else rng.choice(LAST_NAMES)
        values: dict[str, object] = {
            "id": f"p{index:0{self.width}d}",
            "first_name": first,
            "last_name": last,
            "email": self.address(first, last, index),
            "birthday": self.birthday(),
            "tags": self.tags(kind),
            "therapist": rng.choice(self.therapists) if rng.random() < 0.9 else "",
            "referral_source": rng.choice(self.referrers) if self.referrers and rng.random() < 0.4 else "",
            "subscribed": weighted(rng, BOOLEAN_SPELLINGS),
            "timezone": weighted(rng, TIMEZONES),
        }
        if kind == "prospect":
            values["status"] = "prospect"
            values["inquired"] = None if rng.random() < 0.03 else self.days(-7, 0)
            values["therapist"] = ""
            values["birthday"] = values["birthday"] if rng.random() < 0.3 else None
        elif kind == "new":
            # Evaluation booked within the horizon: get-ready and how-did-it-go.
            values["status"] = "active"
            values["first_visit"] = self.days(2, 55)
            values["next_visit"] = values["first_visit"]
        elif kind == "treatment":
            # In the plan of care: a visit reminder (or a missed-you note when none is booked),
            # the halfway note four weeks after the evaluation.
            values["status"] = "active"
            plan = rng.choice([6, 8, 8, 10, 12, 12, 16, 20])
            first_visit = self.days(-27, -1)
            done = max(1, min(plan - 1, ((self.as_of - first_visit).days // 3) + rng.randint(0, 2)))
            last_visit = max(first_visit, self.days(-9, -1))
            values.update(first_visit=first_visit, last_visit=last_visit, visits_completed=done, plan_visits=plan)
            values["next_visit"] = None if rng.random() < 0.12 else self.days(1, 9)
        elif kind == "discharged":
            # Discharged in the last three weeks: after-care, the review request, the owner's
            # note or refer-a-friend by score; a few three months ago (the three-month note).
            values["status"] = "discharged"
            plan = rng.choice([6, 8, 10, 12, 16])
            if rng.random() < 0.1:
                discharged = self.days(-91, -33)
            else:
                discharged = self.days(-10, -1)
            first_visit = discharged - dt.timedelta(days=rng.randint(3 * plan, 5 * plan))
            done = plan if rng.random() < 0.8 else rng.randint(max(1, plan // 2), plan - 1)
            values.update(first_visit=first_visit, last_visit=discharged, visits_completed=done, plan_visits=plan,
                          discharge_date=discharged)
            values["nps"] = None if rng.random() < 0.1 else weighted(
                rng, [(10, 0.30), (9, 0.25), (8, 0.12), (7, 0.10), (6, 0.07), (5, 0.05), (4, 0.04), (3, 0.03), (2, 0.02), (0, 0.02)])
        else:
            # Stopped coming part-way: six weeks and three months after the last visit, and the
            # New Year note.
            values["status"] = "lapsed"
            plan = rng.choice([8, 10, 12, 16])
            last_visit = self.days(-42, -31)
            first_visit = last_visit - dt.timedelta(days=rng.randint(7, 30))
            values.update(first_visit=first_visit, last_visit=last_visit, plan_visits=plan,
                          visits_completed=None if rng.random() < 0.1 else rng.randint(1, plan // 2))
        return values

    def formatted(self, name: str, value) -> str:
        if value is None or value == "" or value == []:
            return ""
        kind = self.schema.fields.get(name, {}).get("type", "string")
        if isinstance(value, dt.date):
            if kind == "datetime":
                return value.isoformat() + "T09:00:00"
            return value.strftime(self.schema.date_format(name))
        if isinstance(value, list):
            return self.schema.separator(name).join(value)
        return str(value)

    def unknown(self, name: str) -> str:
        """A value for a column the generator has no rule for: from the schema's type, or one of
        the example's own values in that column."""
        rng = self.rng
        spec = self.schema.fields.get(name, {})
        kind = spec.get("type", "string")
        if not spec.get("required") and rng.random() < 0.2:
            return ""
        if kind == "enum" and spec.get("values"):
            return str(rng.choice(spec["values"]))
        if kind in ("integer", "number"):
            low, high = spec.get("min", 0), spec.get("max", max(10, spec.get("min", 0) + 10))
            return str(rng.randint(int(low), int(high)))
        if kind == "boolean":
            return rng.choice(["yes", "no"])
        if kind in ("date", "datetime"):
            return self.formatted(name, self.days(-400, 60))
        if kind == "timezone":
            return weighted(rng, TIMEZONES)
        pool = [row[name] for row in self.example_rows if row.get(name)]
        return rng.choice(pool) if pool else ""

    def rows(self):
        for index in range(1, self.count + 1):
            values = self.contact(index)
            row = []
            for column in self.header:
                if column in values:
                    row.append(self.formatted(column, values[column]))
                elif column in KNOWN_EMPTY:
                    row.append("")
                else:
                    row.append(self.unknown(column))
            yield row


# Known columns that some kinds of contact leave empty.
KNOWN_EMPTY = {"inquired", "first_visit", "last_visit", "next_visit", "visits_completed", "plan_visits",
               "discharge_date", "nps"}


def referrer_names(contacts: Path) -> list[str]:
    path = contacts / "referral-sources.yaml"
    if not path.exists():
        return []
    names = []
    for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
        if isinstance(entry, dict) and entry.get("name"):
            names.append(" ".join(str(part) for part in (entry.get("title"), entry["name"]) if part))
    return names


def copy_practice(repo: Path, out: Path) -> None:
    """The practice's own files, as they are in the repository."""
    for stale in ("campaigns", "contacts"):
        shutil.rmtree(out / stale, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy2(repo / "touchpoint.yaml", out / "touchpoint.yaml")
    shutil.copytree(repo / "campaigns", out / "campaigns")
    (out / "contacts").mkdir()
    for path in sorted((repo / "contacts").iterdir()):
        if path.name.endswith(".schema.yaml") or path.stem == "referral-sources" or path.name == "unsubscribed.txt":
            shutil.copy2(path, out / "contacts" / path.name)


def generate(size: str, repo: Path, out: Path, as_of: dt.date, seed: str) -> int:
    count = SIZES.get(size) or int(size)
    copy_practice(repo, out)
    with open(repo / "contacts" / "patients.csv", newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        example_rows = list(reader)
    schema = Schema(repo / "contacts" / "patients.schema.yaml")
    generator = Generator(count, as_of, seed, schema, header, example_rows, referrer_names(repo / "contacts"))
    target = out / "contacts" / "patients.csv"
    temporary = target.with_suffix(".csv.tmp")
    with open(temporary, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(generator.rows())
    os.replace(temporary, target)
    # A few patients asked to receive nothing more: the suppression list gets some of the
    # generated addresses (every 97th), after the example's own.
    suppression = out / "contacts" / "unsubscribed.txt"
    if suppression.exists():
        addresses = sorted(generator.used_addresses)[::97]
        with open(suppression, "a", encoding="utf-8") as handle:
            handle.write("# generated for the benchmark\n")
            handle.writelines(address + "\n" for address in addresses)
    return count


def achieved(touchpoint: str, root: Path, as_of: dt.date, count: int) -> None:
    """Asks touchpoint for the schedule and prints how many messages a contact gets."""
    env = dict(os.environ)
    env.setdefault("TOUCHPOINT_SECRET", "example-practice-secret-not-for-real-use")
    result = subprocess.run([touchpoint, "plan", "--root", str(root), "--as-of", as_of.isoformat(), "--format", "csv"],
                            env=env, capture_output=True, text=True)
    if result.returncode != 0:
        print(f"generate: touchpoint plan failed (exit {result.returncode}):\n{result.stderr[-2000:]}", file=sys.stderr)
        sys.exit(1)
    rows = list(csv.DictReader(result.stdout.splitlines()))
    per_campaign: dict[str, int] = {}
    for row in rows:
        per_campaign[row.get("campaign", "?")] = per_campaign.get(row.get("campaign", "?"), 0) + 1
    print(f"{root}: {len(rows)} messages for {count} patients: {len(rows) / count:.2f} messages/contact")
    print("  " + ", ".join(f"{name} {number}" for name, number in sorted(per_campaign.items())))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", help="1k, 10k, 100k or a number of patients")
    parser.add_argument("--repo", type=Path, default=REPO, help="the repository with the example practice")
    parser.add_argument("--out", type=Path, help="default: bench/work/SIZE")
    parser.add_argument("--as-of", default="2026-11-30", type=dt.date.fromisoformat)
    parser.add_argument("--seed", default="touchpoint-bench-1")
    parser.add_argument("--touchpoint", help="a touchpoint binary: print the messages per contact achieved")
    args = parser.parse_args()
    out = args.out or HERE / "work" / args.size
    count = generate(args.size, args.repo.resolve(), out, args.as_of, args.seed)
    print(f"generate: {count} patients in {out}")
    if args.touchpoint:
        achieved(args.touchpoint, out, args.as_of, count)


if __name__ == "__main__":
    main()
