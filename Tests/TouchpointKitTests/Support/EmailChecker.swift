import Foundation

/// Python's `email` package in strict mode, as an independent reader of the `.eml` files the tool
/// writes: it reports every defect it finds (one message's defect does not stop the others'),
/// lines that are not CRLF, header lines over 998 octets, or over 76 where they hold an encoded
/// word, anything but one recipient in To, and whether the parts decode as UTF-8 without a
/// noncharacter (the renderer's own stand-ins, U+FDD0 for a merged `@`, must never get out).
enum EmailChecker {
    static let script = #"""
        import re, sys, email, email.policy
        problems = []
        def check(path):
            raw = open(path, 'rb').read()
            head = raw.split(b'\r\n\r\n', 1)[0]
            if b'\n' in raw.replace(b'\r\n', b''):
                problems.append(f'{path}: a bare LF')
            if b'\r' in raw.replace(b'\r\n', b''):
                problems.append(f'{path}: a bare CR')
            if not raw.endswith(b'\r\n'):
                problems.append(f'{path}: the last line does not end in CRLF')
            for line in head.split(b'\r\n'):
                if any(b > 127 for b in line):
                    problems.append(f'{path}: a header line is not ASCII: {line[:60]!r}')
                if len(line) > 998:
                    problems.append(f'{path}: a header line longer than 998')
                # An encoded word stands between white space (RFC 2047 section 5), so "=?...?=" inside
                # a URL's angle brackets is not one.
                if re.search(rb'(?:^|[\s(])=\?[^?\s]+\?[QqBb]\?[^?\s]*\?=(?=$|[\s)])', line) and len(line) > 76:
                    problems.append(f'{path}: a header line with an encoded word longer than 76: {line[:60]!r}')
            msg = email.message_from_bytes(raw, policy=email.policy.strict)
            if msg.defects:
                problems.append(f'{path}: {msg.defects}')
            if msg.get_all('Bcc'):
                problems.append(f'{path}: a Bcc header')
            for name in ('Date', 'From', 'To', 'Subject', 'Message-ID', 'MIME-Version', 'List-Id'):
                if msg[name] is None:
                    problems.append(f'{path}: no {name}')
            if len(msg.get_all('To') or []) != 1 or len(msg['To'].addresses) != 1:
                problems.append(f'{path}: not exactly one recipient: {msg.get_all("To")!r}')
            if msg.get_content_type() != 'multipart/alternative':
                problems.append(f'{path}: {msg.get_content_type()}')
                return
            parts = list(msg.iter_parts())
            if [p.get_content_type() for p in parts] != ['text/plain', 'text/html']:
                problems.append(f'{path}: parts {[p.get_content_type() for p in parts]}')
            for part in parts:
                if part.defects:
                    problems.append(f'{path}: {part.defects}')
                if part.get('Content-Transfer-Encoding') != 'quoted-printable':
                    problems.append(f'{path}: not quoted-printable')
                for line in part.get_payload(decode=False).split('\r\n'):
                    if len(line) > 76:
                        problems.append(f'{path}: an encoded line longer than 76')
                try:
                    text = part.get_payload(decode=True).decode('utf-8')
                    if any('\ufdd0' <= c <= '\ufdef' or c in '\ufffe\uffff' for c in text):
                        problems.append(f'{path}: a part holds a noncharacter')
                except UnicodeDecodeError:
                    problems.append(f'{path}: a part is not UTF-8')
            summary = f"{path} {msg['To']} | {msg['Subject']} | {parts[0].get_content()}"
            print(summary.replace('\r\n', ' ').replace('\n', ' ').replace('\r', ' '))
        for path in sys.argv[1:]:
            try:
                check(path)
            except Exception as error:  # the strict policy raises on the first defect
                problems.append(f'{path}: {type(error).__name__}: {error}')
        for problem in problems:
            print('PROBLEM', problem.replace('\n', ' ').replace('\r', ' '))
        """#

    /// Parses every file; returns the problems found and one summary line per message
    /// (`path To | Subject | plain text`).
    static func check(_ files: [URL]) throws -> (problems: [String], summaries: [String]) {
        let python = try Python.run(script, arguments: files.map(\.path), mergingErrors: true)
        let lines = python.text.split(separator: "\n").map(String.init)
        var problems = lines.filter { $0.hasPrefix("PROBLEM ") }
        if python.status != 0 { problems.append("python3 exited \(python.status): \(lines.suffix(5))") }
        return (problems, lines.filter { !$0.hasPrefix("PROBLEM ") })
    }
}
