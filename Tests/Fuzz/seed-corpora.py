#!/usr/bin/env python3
"""Seeds each fuzzing target's corpus (Tests/Fuzz/<target>/corpus) from the golden test inputs and
the example practice. Files are named by the SHA-1 of their bytes, as libFuzzer names what it
keeps, so running this again adds only what is new. See docs/fuzzing.md."""
import hashlib
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
FUZZ = ROOT / 'Tests' / 'Fuzz'
GOLDEN = [ROOT / 'Tests' / 'TouchpointKitTests' / name for name in ('Golden', 'EMLGolden')]


def keep(target, data):
    folder = FUZZ / target / 'corpus'
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def practices():
    """The example practice and every golden case with a touchpoint.yaml, as folders."""
    yield ROOT
    for golden in GOLDEN:
        for case in sorted(golden.iterdir()):
            if (case / 'touchpoint.yaml').exists():
                yield case


def pack(folder, as_of='2026-11-30'):
    """A practice as the practice target reads it: path, length, bytes (PracticeArchive)."""
    entries = [('@as-of', as_of.encode())]
    for path in sorted(folder.rglob('*')):
        relative = path.relative_to(folder).as_posix()
        if not path.is_file() or relative.startswith(('out/', 'expected', 'Tests/', 'Sources/', 'docs/', 'bench/', '.')):
            if relative != '.touchpoint-secret':
                continue
        if relative == 'touchpoint.yaml' or relative == '.touchpoint-secret' or relative.startswith(('contacts/', 'campaigns/')):
            entries.append((relative, path.read_bytes()))
    return b''.join(p.encode() + b'\n' + str(len(d)).encode() + b'\n' + d for p, d in entries[:16])


SCALAR = re.compile(r'^\s*-?\s*(where|send|subject|name): *(.+)$')


def unquote(value):
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in '"\'':
        value = value[1:-1]
    return value.replace('\\"', '"')


# Inputs written for the targets, beside the golden ones: the corners of each language.
WRITTEN = {
    'csv': [
        b'id,name\r\n1,"a, ""quoted"" name"\r\n2,"two\nlines"\r\n',
        b'\xef\xbb\xbfid;email;note\n1;a@b.example;x\n\n2;c@d.example;"semi;colon"\n',
        b'id,note\n1,stray"quote\n2,"unterminated\n',
        b'a\tb\tc\r1\t2\t3\r',
        b'id,name,extra\n1,only two\n,,\n',
    ],
    'template': [
        b'Hi {{ first_name | default: "there" | capitalize }},\n\n{% if "runner" in tags %}Run!{% elsif note is not empty %}'
        b'{{ note }}{% else %}Hello{% endif %}\0Ann\0Lee\0x\0runner\0Lincoln',
        b'[Book here]({{ note }}) `{{ last_name }}` **{{ city | upcase }}**\n\n    {{ first_name }}\n\n> {{ tags | join: ", " }}\0'
        b'a](javascript:x)\0`\0"><script>\0a;b\0\\',
        b'<div title="{{ first_name }}">{{ note }}</div>\n\n<!-- {{ city }} -->\0"\0\0<\0&amp;\0</div>\0',
        b'{% comment %}{{ x }}{% endcomment %}{{- first_name -}} {{ today | date: "%A %-d %B" }} {{ practice.name }}\0\0\0\0\0\0',
        b'| a | b |\n|---|---|\n| {{ first_name }} | {{ tags | join: " | " }} |\n\n![pic](https://x.example/{{ city }}.png)\0|\0\0\0|;|\0)',
    ],
    'expression': [
        b'status == "active" and first_visit is not empty',
        b'not (status in ["discharged", "lapsed"]) or nps >= 9',
        b'first_visit < today and last_login > 2026-01-01 and tags contains "runner"',
        b'balance >= 10.5 and subscribed == true and timezone != "UTC"',
        b'((((nps))))',
        b'every 2 weeks after first_visit until discharge_date at 11:00',
        b'on birthday every year at 08:00',
        b'3 hours before appointment',
        b'on 2026-02-29',
        b'"unterminated',
    ],
    'mime': [
        '\u00c9t\u00e9 \U0001F600 =?UTF-8?Q?x?= ' + 'x' * 200 + '\0Ol\u2019ga \u041e\u043b\u044c\u0433\u0430 "Q" <a@b>\0Dr. \u00c9mile, PT\0'
        + 'line\rwith\nbreaks\r\n.\r\nFrom \u0000' + '\u00e9' * 120 + '\0<p>' + '=' * 90 + '</p>\0https://x.example/u?c=\u00e9&a=b',
        'Subject\r\nBcc: evil@x.example\0Name\r\nCc: c@x.example\0\u202e\u200b\0\x01\x7f\x85\u2028\0\0',
        '\0\0\0\0\0',
    ],
}


def main():
    for target, inputs in WRITTEN.items():
        for data in inputs:
            keep(target, data if isinstance(data, bytes) else data.encode('utf-8', 'surrogatepass'))
    for folder in practices():
        keep('practice', pack(folder))
        for path in sorted(folder.rglob('*')):
            relative = path.relative_to(folder).as_posix()
            if not path.is_file() or relative.startswith(('out/', '.build', 'Tests/', 'bench/', 'docs/', 'Sources/')):
                continue
            data = path.read_bytes()
            if path.suffix in ('.yaml', '.yml'):
                keep('yaml', data)
                for line in data.decode('utf-8', 'replace').splitlines():
                    match = SCALAR.match(line)
                    if not match:
                        continue
                    key, value = match.group(1), unquote(match.group(2))
                    if key in ('where', 'send'):
                        keep('expression', value.encode())
                    elif key == 'subject':
                        keep('template', value.encode() + b'\0Ann\0O\'Brien\0a note\0runner;knee\0Lincoln')
                        keep('mime', value.encode() + b'\0Ann O\'Brien\0Prairie Motion\0Hello Ann,\r\n\r\nSee you soon.\0<p>Hello Ann,</p>')
            elif path.suffix == '.csv':
                keep('csv', data)
            elif path.suffix in ('.md', '.html'):
                keep('template', data + b'\0Ann\0Lee\0<b>note</b> & "more"\0a;b\0*city*')


if __name__ == '__main__':
    main()
