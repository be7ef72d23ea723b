/// What the tool wrote into the outbox, as of the last build that finished:
/// `out/.touchpoint/manifest`. Files listed here are the tool's own; every other file in the
/// outbox is left alone.
///
/// Text, one line a file after a header: path, input digest, SHA-256 of the content and size,
/// separated by tabs.
///
/// ```
/// touchpoint-outbox-manifest 1 9f86d081884c7d65
/// 2026-12-01/0900-new-patient-welcome-get-ready-p0042.eml	5e88…	a591…	2417
/// ```
struct OutboxManifest: Equatable, Sendable {
    static let fileName = "manifest"
    private static let header = "touchpoint-outbox-manifest 1 "

    struct Record: Equatable, Sendable {
        let path: OutboxPath
        let inputDigest: String
        let contentDigest: String
        let size: Int
    }

    /// The build that wrote it; matches the pending journal the same build wrote.
    let build: String
    let records: [OutboxPath: Record]

    init(build: String, records: [Record]) {
        self.build = build
        self.records = Dictionary(records.map { ($0.path, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The manifest of an outbox no build has finished writing.
    static let empty = OutboxManifest(build: "", records: [])

    /// Reads the text back; the number of the first line that does not parse, on failure.
    init(parsing bytes: [UInt8]) throws(OutboxStateDamage) {
        var lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.last == "" else { throw OutboxStateDamage(line: lines.count) }
        lines.removeLast()
        guard let first = lines.first, first.hasPrefix(Self.header) else { throw OutboxStateDamage(line: 1) }
        let build = String(first.dropFirst(Self.header.count))
        guard OutboxJournal.isToken(build) else { throw OutboxStateDamage(line: 1) }
        var records: [Record] = []
        for (offset, line) in lines.enumerated().dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 4,
                  let path = OutboxPath(relative: String(fields[0])),
                  OutboxJournal.isToken(fields[1]), OutboxJournal.isToken(fields[2]),
                  let size = Int(fields[3]), size >= 0
            else { throw OutboxStateDamage(line: offset + 1) }
            records.append(Record(path: path, inputDigest: String(fields[1]), contentDigest: String(fields[2]), size: size))
        }
        self.init(build: build, records: records)
    }

    func serialized() -> [UInt8] {
        var text = Self.header + build + "\n"
        for record in records.values.sorted(by: { $0.path < $1.path }) {
            text += "\(record.path.relative)\t\(record.inputDigest)\t\(record.contentDigest)\t\(record.size)\n"
        }
        return Array(text.utf8)
    }

    /// The form an entry's input digest is recorded in: as given when it is a plain token (hex
    /// digests are), otherwise a digest of it, so no caller's string can break the line format.
    static func storedDigest(_ inputDigest: String) -> String {
        OutboxJournal.isToken(inputDigest) ? inputDigest : "sha256:" + OutboxDigest.sha256(Array(inputDigest.utf8))
    }
}

/// The build's own state file does not parse.
struct OutboxStateDamage: Error, Equatable {
    let line: Int
}
