/// What the tool wrote into the outbox, as of the last build that finished:
/// `out/.touchpoint/manifest`. Files listed here are the tool's own; every other file in the
/// outbox is left alone.
///
/// Text, a header line, then one line a file: path, SHA-256 of the message's inputs, SHA-256 of
/// its content and its size, separated by tabs. The header names the build, the fingerprint of
/// the messages it planned (zeros when it had none, ``OutboxContent/fingerprint``), and the
/// inputs and content digests of the `schedule.csv` it wrote, so that a build whose messages are
/// all as before need neither plan them one by one nor produce the schedule again.
///
/// ```
/// touchpoint-outbox-manifest 2 9f86d081884c7d65 <fingerprint> <schedule inputs> <schedule content>
/// 2026-12-01/0900-new-patient-welcome-get-ready-p0042.eml	5e88…	a591…	2417
/// ```
///
/// Version 1 (without the schedule's digests, inputs recorded as any token) is still read: its
/// files stay the tool's own and are rendered again once.
struct OutboxManifest: Equatable, Sendable {
    static let fileName = "manifest"
    private static let prefix = "touchpoint-outbox-manifest "

    struct Record: Equatable, Sendable {
        let path: OutboxPath
        let inputDigest: OutboxHash
        let contentDigest: OutboxHash
        let size: Int
    }

    /// What `schedule.csv` was made from, and its bytes' digest.
    struct ScheduleRecord: Equatable, Sendable {
        let inputDigest: OutboxHash
        let contentDigest: OutboxHash
    }

    /// The build that wrote it; matches the pending journal the same build wrote.
    let build: String
    /// The fingerprint of the content the build wrote, when it had one.
    let fingerprint: OutboxHash?
    let schedule: ScheduleRecord?
    let records: [OutboxPath: Record]

    init(build: String, fingerprint: OutboxHash? = nil, schedule: ScheduleRecord?, records: [Record]) {
        self.build = build
        self.fingerprint = fingerprint
        self.schedule = schedule
        self.records = Dictionary(records.map { ($0.path, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The manifest of an outbox no build has finished writing.
    static let empty = OutboxManifest(build: "", schedule: nil, records: [])

    /// Reads the text back; the number of the first line that does not parse, on failure.
    init(parsing bytes: [UInt8]) throws(OutboxStateDamage) {
        let lines = try StateLines(bytes)
        guard let header = lines.first, header.starts(with: Self.prefix.utf8) else { throw OutboxStateDamage(line: 1) }
        let words = header.dropFirst(Self.prefix.utf8.count).split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        let version = words.first.map { String(decoding: $0, as: UTF8.self) }
        var schedule: ScheduleRecord?
        var fingerprint: OutboxHash?
        switch version {
        case "1":
            guard words.count == 2 else { throw OutboxStateDamage(line: 1) }
        case "2":
            guard words.count == 5, let planned = OutboxHash(hex: words[2]), let inputs = OutboxHash(hex: words[3]),
                  let content = OutboxHash(hex: words[4]) else {
                throw OutboxStateDamage(line: 1)
            }
            fingerprint = planned == .unknown ? nil : planned
            schedule = ScheduleRecord(inputDigest: inputs, contentDigest: content)
        default:
            throw OutboxStateDamage(line: 1)
        }
        guard OutboxJournal.isToken(words[1]) else { throw OutboxStateDamage(line: 1) }
        let isVersion1 = version == "1"
        var records: [Record] = []
        records.reserveCapacity(lines.count - 1)
        for (offset, line) in lines.enumerated().dropFirst() {
            let fields = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
            guard fields.count == 4,
                  let path = OutboxPath(relative: fields[0]),
                  let size = Self.size(fields[3])
            else { throw OutboxStateDamage(line: offset + 1) }
            let input: OutboxHash
            let content: OutboxHash
            if isVersion1 {
                guard OutboxJournal.isToken(fields[1]), let digest = OutboxHash(hex: fields[2]) else {
                    throw OutboxStateDamage(line: offset + 1)
                }
                (input, content) = (.unknown, digest)
            } else {
                guard let inputs = OutboxHash(hex: fields[1]), let digest = OutboxHash(hex: fields[2]) else {
                    throw OutboxStateDamage(line: offset + 1)
                }
                (input, content) = (inputs, digest)
            }
            records.append(Record(path: path, inputDigest: input, contentDigest: content, size: size))
        }
        self.init(build: String(decoding: words[1], as: UTF8.self), fingerprint: fingerprint, schedule: schedule, records: records)
    }

    func serialized() -> [UInt8] {
        Self.serialized(build: build, fingerprint: fingerprint, schedule: schedule, records: Array(records.values))
    }

    /// The text of a manifest of `records`, in any order.
    static func serialized(build: String, fingerprint: OutboxHash?, schedule: ScheduleRecord?, records: [Record]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + records.count * 200)
        out += Self.prefix.utf8
        out += "2 \(build) ".utf8
        out += (fingerprint ?? .unknown).description.utf8
        out.append(UInt8(ascii: " "))
        out += (schedule?.inputDigest ?? .unknown).description.utf8
        out.append(UInt8(ascii: " "))
        out += (schedule?.contentDigest ?? .unknown).description.utf8
        out.append(UInt8(ascii: "\n"))
        for record in records.sorted(by: { $0.path < $1.path }) {
            out += record.path.directory.utf8
            out.append(UInt8(ascii: "/"))
            out += record.path.name.utf8
            out.append(UInt8(ascii: "\t"))
            out += record.inputDigest.description.utf8
            out.append(UInt8(ascii: "\t"))
            out += record.contentDigest.description.utf8
            out.append(UInt8(ascii: "\t"))
            out += String(record.size).utf8
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    /// A decimal size, digits only.
    private static func size(_ digits: ArraySlice<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        var value = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}

/// The lines of a state file, which must end in a newline; the last line's number when it does not.
struct StateLines: RandomAccessCollection {
    private let bytes: [UInt8]
    private let ranges: [Range<Int>]

    init(_ bytes: [UInt8]) throws(OutboxStateDamage) {
        var ranges: [Range<Int>] = []
        var start = 0
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            ranges.append(start..<index)
            start = index + 1
        }
        if start < bytes.count { throw OutboxStateDamage(line: ranges.count + 1) }
        self.bytes = bytes
        self.ranges = ranges
    }

    var startIndex: Int { ranges.startIndex }
    var endIndex: Int { ranges.endIndex }
    subscript(position: Int) -> ArraySlice<UInt8> { bytes[ranges[position]] }
}

/// The build's own state file does not parse.
struct OutboxStateDamage: Error, Equatable {
    let line: Int
}
