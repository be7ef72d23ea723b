#!/usr/bin/env python3
"""The baseline: what a competent engineer would write instead of Touchpoint, in plain Python.

    baseline.py --root PRACTICE --schedule schedule.csv --out DIR [--as-of DATE]

csv for the contacts, PyYAML for the practice, the schemas and the campaigns, jinja2 for the
templates, markdown for the HTML, and email.message.EmailMessage (policy SMTP: CRLF, folded
headers, RFC 2047 where needed) for the messages, written one .eml a message into dated folders.

The same messages as Touchpoint: deciding *which* messages go *when* (send rules, send window,
holidays, time zones, the frequency cap, consent, suppression) is not reimplemented. The script
reads the schedule.csv a Touchpoint build wrote (send_at, campaign, step, contact, to, subject,
kind, message_id, file) and, for every row, renders that step's subject and body for that
contact and writes the message to the same relative path (`file`) under --out. The baseline is
therefore timed for the part both tools do alike: load the contacts, render, convert, encode and
write. It renders the subject itself and counts the rows where it differs from the schedule's,
as a check that it produces the same messages.

Templates: the campaigns use a Liquid subset; jinja2 is close enough that each template is
translated once, with regular expressions, before it is compiled:
  - `{% comment %}…{% endcomment %}` is dropped, `{% elsif` becomes `{% elif`;
  - filters `default: x`, `date: "fmt"`, `upcase`, `downcase`, `capitalize`, `join: ", "` become
    jinja2 filters with Liquid's behaviour (`default` replaces an absent or empty value, not 0;
    `date` is strftime, whose `%-d` glibc understands);
  - in conditions, `a contains b` becomes `b in a`, `is [not] empty` a jinja2 test, and
    YYYY-MM-DD literals dates; `and`, `or`, `not`, `in` and comparisons are jinja2's own.
An absent cell is left out of the context; a permissive Undefined makes it render as nothing,
iterate as empty and compare as false, as in Touchpoint.

Where the baseline is simpler than Touchpoint (so, if anything, faster): merged values are not
escaped (a value with Markdown or HTML in it would be interpreted); the text part is the
rendered Markdown source, not a plain-text rendering; Python-Markdown is not CommonMark
(backslash hard line breaks stay as backslashes; no strikethrough); the HTML layout is a
fixed string like Touchpoint's built-in one (a practice's campaigns/layout.html is not read); nothing is written
atomically or synced.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import hmac
import os
import re
import sys
import urllib.parse
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from html import escape
from pathlib import Path

import jinja2
import markdown
import yaml

DEFAULT_SECRET = "example-practice-secret-not-for-real-use"


# ---------------------------------------------------------------------------------------------
# Contacts

def parse_value(text: str, spec: dict):
    kind = spec.get("type", "string")
    if kind == "date":
        return dt.datetime.strptime(text, spec.get("format", "%Y-%m-%d")).date()
    if kind == "datetime":
        return dt.datetime.fromisoformat(text)
    if kind == "integer":
        return int(text)
    if kind == "number":
        return float(text)
    if kind == "boolean":
        return text.strip().lower() in ("true", "yes", "y", "1")
    if kind == "list":
        return [item.strip() for item in text.split(spec.get("separator", ",")) if item.strip()]
    return text


def load_list(contacts: Path, name: str) -> dict[str, dict]:
    """A contact list, by key: each contact a dict of the values present."""
    schema = yaml.safe_load((contacts / f"{name}.schema.yaml").read_text(encoding="utf-8"))
    fields = {field: ({"type": spec} if isinstance(spec, str) else spec)
              for field, spec in (schema.get("fields") or {}).items()}
    if (contacts / f"{name}.csv").exists():
        with open(contacts / f"{name}.csv", newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle, delimiter=schema.get("delimiter", ",")))
    else:
        rows = [{key: ("" if value is None else str(value)) for key, value in row.items()}
                for row in yaml.safe_load((contacts / f"{name}.yaml").read_text(encoding="utf-8")) or []]
    out = {}
    for row in rows:
        values = {}
        for field, text in row.items():
            if text is None or text == "" or field not in fields:
                continue
            spec = fields[field]
            if spec.get("type") == "boolean" and isinstance(text, str) and text in ("True", "False"):
                text = text.lower()
            values[field] = parse_value(text, spec)
        out[str(values[schema["key"]])] = values
    return {"contacts": out, "schema": schema}


# ---------------------------------------------------------------------------------------------
# Templates: a Liquid subset, translated to jinja2

class Absent(jinja2.Undefined):
    """An absent field: renders as nothing, iterates as empty, compares as false."""

    def __lt__(self, other): return False
    def __le__(self, other): return False
    def __gt__(self, other): return False
    def __ge__(self, other): return False
    def __eq__(self, other): return isinstance(other, Absent)
    def __ne__(self, other): return not isinstance(other, Absent)
    def __hash__(self): return 0


def is_empty(value) -> bool:
    return isinstance(value, jinja2.Undefined) or value is None or value == "" or value == []


def lq_default(value, fallback=""):
    return fallback if is_empty(value) else value


def lq_date(value, fmt="%Y-%m-%d"):
    return value.strftime(fmt) if isinstance(value, (dt.date, dt.datetime)) else value


def lq_join(value, separator=", "):
    return separator.join(str(item) for item in value) if isinstance(value, list) else value


def lq_capitalize(value):
    text = str(value)
    return text[:1].upper() + text[1:].lower()


def finalize(value):
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


FILTERS = {"default": "lq_default", "date": "lq_date", "upcase": "upper", "downcase": "lower",
           "capitalize": "lq_capitalize", "join": "lq_join"}

COMMENT = re.compile(r"{%-?\s*comment\s*-?%}.*?{%-?\s*endcomment\s*-?%}", re.S)
TAG = re.compile(r"{{(.*?)}}|{%(.*?)%}", re.S)
TOKEN = re.compile(r'"[^"]*"|\'[^\']*\'|\d{4}-\d{2}-\d{2}|[A-Za-z_][\w.]*|\d+(?:\.\d+)?|==|!=|<=|>=|[<>()\[\],|:]|\S')


def condition(text: str) -> str:
    tokens = TOKEN.findall(text)
    out: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", token):
            out.append(f'lq_day("{token}")')
        elif token == "contains" and out and index + 1 < len(tokens):
            left = out.pop()
            right = condition(tokens[index + 1])
            out.append(f"({right} in {left})")
            index += 1
        elif token == "empty":
            out.append("lq_empty")
        else:
            out.append(token)
        index += 1
    return " ".join(out)


def merge(text: str) -> str:
    parts = [part.strip() for part in re.split(r'\|(?=(?:[^"]*"[^"]*")*[^"]*$)', text)]
    result = condition(parts[0])
    for part in parts[1:]:
        name, _, argument = part.partition(":")
        name = name.strip()
        jinja_name = FILTERS.get(name, name)
        result = f"({result}) | {jinja_name}({condition(argument) if argument.strip() else ''})"
    return "{{ " + result + " }}"


def tag(text: str) -> str:
    words = text.strip().split(None, 1)
    name, rest = (words[0], words[1] if len(words) > 1 else "")
    if name == "if":
        return "{% if " + condition(rest) + " %}"
    if name == "elsif":
        return "{% elif " + condition(rest) + " %}"
    return "{% " + name + " %}"


def liquid_to_jinja(source: str) -> str:
    source = COMMENT.sub("", source)
    return TAG.sub(lambda match: merge(match.group(1)) if match.group(1) is not None else tag(match.group(2)), source)


def environment() -> jinja2.Environment:
    env = jinja2.Environment(undefined=Absent, autoescape=False, keep_trailing_newline=True, finalize=finalize)
    env.filters.update(lq_default=lq_default, lq_date=lq_date, lq_join=lq_join, lq_capitalize=lq_capitalize)
    env.tests["lq_empty"] = is_empty
    env.globals["lq_day"] = dt.date.fromisoformat
    return env


# ---------------------------------------------------------------------------------------------
# Messages

LAYOUT = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
</head>
<body style="margin:0;padding:0;background:#f4f4f4">
<div style="max-width:600px;margin:0 auto;background:#ffffff;font-family:Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#222222">
<div style="padding:20px 24px;border-bottom:3px solid #2a6f97;font-size:20px;font-weight:bold;color:#2a6f97">{name}</div>
<div style="padding:8px 24px 16px 24px">
{content}</div>
<div style="padding:16px 24px;border-top:1px solid #dddddd;font-size:13px;color:#555555">{footer}</div>
</div>
</body>
</html>
"""


class Practice:
    def __init__(self, root: Path, as_of: dt.date, secret: bytes):
        config = yaml.safe_load((root / "touchpoint.yaml").read_text(encoding="utf-8"))
        practice = config["practice"]
        self.name = practice["name"]
        self.address = practice["address"]
        self.sender = practice["from"]
        self.reply_to = practice.get("reply_to")
        self.domain = practice.get("domain") or self.sender.rsplit("@", 1)[1].rstrip(">")
        unsubscribe = config.get("unsubscribe") or {}
        self.unsubscribe_mailto = unsubscribe.get("mailto")
        self.as_of = as_of
        self.secret = secret
        self.env = environment()
        self.unsubscribe_url = self.env.from_string(liquid_to_jinja(unsubscribe["url"])) if unsubscribe.get("url") else None

        self.lists = {}
        self.names = {}
        for schema_path in sorted((root / "contacts").glob("*.schema.yaml")):
            name = schema_path.name[: -len(".schema.yaml")]
            self.lists[name] = load_list(root / "contacts", name)
            template = self.lists[name]["schema"].get("name")
            self.names[name] = self.env.from_string(liquid_to_jinja(template)) if template else None

        self.campaigns = {}
        for path in sorted((root / "campaigns").glob("*.yaml")):
            campaign = yaml.safe_load(path.read_text(encoding="utf-8"))
            steps = {}
            for step in campaign["steps"]:
                body = step.get("body")
                if body is None:
                    body = (root / "campaigns" / step["body_file"]).read_text(encoding="utf-8")
                steps[step["id"]] = (self.env.from_string(liquid_to_jinja(step["subject"])),
                                     self.env.from_string(liquid_to_jinja(body)))
            self.campaigns[campaign["campaign"]] = {
                "title": campaign.get("title", campaign["campaign"]),
                "audience": campaign["audience"],
                "marketing": campaign.get("kind", "marketing") == "marketing",
                "from": campaign.get("from") or self.sender,
                "reply_to": campaign.get("reply_to") or self.reply_to,
                "steps": steps,
            }
        self.markdown = markdown.Markdown(extensions=["tables"], output_format="html")

    def token(self, list_name: str, key: str) -> str:
        return hmac.new(self.secret, list_name.encode() + b"\0" + key.encode(), hashlib.sha256).hexdigest()[:32]

    def message(self, row: dict) -> tuple[bytes, bool]:
        campaign = self.campaigns[row["campaign"]]
        subject_template, body_template = campaign["steps"][row["step"]]
        audience = campaign["audience"]
        values = self.lists[audience]["contacts"][row["contact"]]
        send_at = dt.datetime.fromisoformat(row["send_at"])
        contact = dict(values)
        contact["token"] = self.token(audience, row["contact"])
        context = dict(values)
        context.update(contact=contact, today=self.as_of, send_date=send_at.date(),
                       practice={"name": self.name, "address": self.address},
                       campaign={"title": campaign["title"]})
        url = None
        if self.unsubscribe_url is not None:
            url = self.unsubscribe_url.render({"contact": {k: urllib.parse.quote(str(v)) for k, v in contact.items()}})
        context["unsubscribe_url"] = url
        subject = subject_template.render(context)
        body = body_template.render(context)

        link = (url or (f"mailto:{self.unsubscribe_mailto}?subject=unsubscribe" if self.unsubscribe_mailto else None)) \
            if campaign["marketing"] else None
        text = body if body.endswith("\n") else body + "\n"
        text += f"\n-- \n{self.name}\n{self.address}\n"
        footer = f'<p style="margin:0 0 8px 0">{escape(self.name)} &middot; {escape(self.address)}</p>'
        if link:
            text += f"Unsubscribe: {link}\n"
            footer += (f'<p style="margin:0">You receive this e-mail as a patient or partner of {escape(self.name)}. '
                       f'<a href="{escape(link)}" style="color:#555555">Unsubscribe</a></p>')
        html = LAYOUT.format(title=escape(subject), name=escape(self.name), content=self.markdown.reset().convert(body) + "\n",
                             footer=footer)

        message = EmailMessage(policy=policy.SMTP)
        message["Date"] = format_datetime(send_at)
        message["From"] = campaign["from"]
        if campaign["reply_to"]:
            message["Reply-To"] = campaign["reply_to"]
        display = self.names[audience].render(values).strip() if self.names.get(audience) else ""
        message["To"] = Address(display_name=display, addr_spec=row["to"])
        message["Subject"] = subject
        message["Message-ID"] = row["message_id"]
        message["MIME-Version"] = "1.0"
        message["List-Id"] = f"<{row['campaign']}.{self.domain}>"
        if campaign["marketing"]:
            targets = []
            if url:
                targets.append(f"<{url}>")
            if self.unsubscribe_mailto:
                targets.append(f"<mailto:{self.unsubscribe_mailto}?subject=unsubscribe>")
            if targets:
                message["List-Unsubscribe"] = ", ".join(targets)
            if url and url.startswith("https://"):
                message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        message.set_content(text, cte="quoted-printable")
        message.add_alternative(html, subtype="html", cte="quoted-printable")
        return message.as_bytes(), subject == row["subject"]


def main() -> None:
    parser = argparse.ArgumentParser(description="The Python baseline of the benchmark.")
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--schedule", type=Path, required=True, help="the schedule.csv of a Touchpoint build")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--as-of", default="2026-11-30", type=dt.date.fromisoformat)
    args = parser.parse_args()

    secret = os.environ.get("TOUCHPOINT_SECRET", DEFAULT_SECRET).encode()
    practice = Practice(args.root, args.as_of, secret)
    made: set[Path] = set()
    count = size = 0
    mismatches: list[str] = []
    with open(args.schedule, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            data, same_subject = practice.message(row)
            if not same_subject:
                mismatches.append(row["file"])
            path = args.out / row["file"]
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            with open(path, "wb") as out:
                out.write(data)
            count += 1
            size += len(data)
    print(f"baseline: {count} messages, {size} bytes; {len(mismatches)} subjects differ from Touchpoint's")
    for file in mismatches[:3]:
        print(f"  subject differs: {file}", file=sys.stderr)


if __name__ == "__main__":
    main()
