import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule
import TouchpointMail

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
package struct OutboxManifest: Equatable, Sendable {
    package static let fileName = "manifest"
    private static let prefix = "touchpoint-outbox-manifest "

    package struct Record: Equatable, Sendable {
        package let path: OutboxPath
        package let inputDigest: OutboxHash
        package let contentDigest: OutboxHash
        package let size: Int
    }

    /// What `schedule.csv` was made from, and its bytes' digest.
    package struct ScheduleRecord: Equatable, Sendable {
        package let inputDigest: OutboxHash
        package let contentDigest: OutboxHash
    }

    /// The build that wrote it; matches the pending journal the same build wrote.
    package let build: String
    /// The fingerprint of the content the build wrote, when it had one.
    package let fingerprint: OutboxHash?
    package let schedule: ScheduleRecord?
    /// The records, sorted by path, one a path: each day folder's files come together.
    package let list: [Record]

    package init(build: String, fingerprint: OutboxHash? = nil, schedule: ScheduleRecord?, records: [Record]) {
        self.build = build
        self.fingerprint = fingerprint
        self.schedule = schedule
        var list = records
        if !zip(list, list.dropFirst()).allSatisfy({ $0.path < $1.path }) {
            // Sorted, stable, the last record of a path wins.
            list = Dictionary(list.map { ($0.path, $0) }, uniquingKeysWith: { _, last in last }).values.sorted { $0.path < $1.path }
        }
        self.list = list
    }

    /// The records by path. Made on each call: callers keep it.
    package var records: [OutboxPath: Record] {
        Dictionary(list.map { ($0.path, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The records of each day folder: runs of the list.
    package var directoryRuns: [String: Range<Int>] {
        var runs: [String: Range<Int>] = [:]
        var start = 0
        for index in list.indices.dropFirst() where list[index].path.directory != list[start].path.directory {
            runs[list[start].path.directory] = start..<index
            start = index
        }
        if !list.isEmpty { runs[list[start].path.directory] = start..<list.count }
        return runs
    }

    /// The index of the record of `path` in the list, found by bisection.
    package func index(of path: OutboxPath) -> Int? {
        var low = 0
        var high = list.count
        while low < high {
            let middle = (low + high) / 2
            if list[middle].path < path { low = middle + 1 } else { high = middle }
        }
        return low < list.count && list[low].path == path ? low : nil
    }

    /// The manifest of an outbox no build has finished writing.
    package static let empty = OutboxManifest(build: "", schedule: nil, records: [])

    /// Reads the text back; the number of the first line that does not parse, on failure.
    package init(parsing bytes: [UInt8]) throws(OutboxStateDamage) {
        var reader = Reader()
        try reader.feed(bytes)
        self = try reader.finish()
    }

    /// What the header says and how many records follow: all a build whose messages are as
    /// before needs of the manifest.
    package struct Summary: Equatable, Sendable {
        package let build: String
        package let fingerprint: OutboxHash?
        package let schedule: ScheduleRecord?
        package let count: Int
    }

    package var summary: Summary {
        Summary(build: build, fingerprint: fingerprint, schedule: schedule, count: list.count)
    }

    /// Reads a manifest a part at a time, so that the file's text is never held whole.
    package struct Reader {
        private var pending: [UInt8] = []
        private var line = 0
        private var build = ""
        private var fingerprint: OutboxHash?
        private var schedule: ScheduleRecord?
        private var isVersion1 = false
        private var records: [Record] = []
        private var count = 0
        /// Given, each record goes to it instead of into the list.
        private var handle: ((Record) -> Void)?

        /// A reader that hands each record to `handle` and keeps none: for `finishSummary()`.
        package init(handle: @escaping (Record) -> Void) {
            self.handle = handle
        }

        /// A reader of a manifest file of `size` bytes, when known: room for its records is made
        /// once, from the length of a typical line, rather than by doubling (which at one point
        /// holds the records twice).
        package init(size: Int? = nil) {
            if let size { records.reserveCapacity(size / Self.typicalLineLength + 1) }
        }

        /// A line's length when its file name is some 40 bytes, as the build's names are.
        private static let typicalLineLength = 150

        /// The next bytes of the file.
        package mutating func feed(_ bytes: [UInt8]) throws(OutboxStateDamage) {
            var start = bytes.startIndex
            while let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) {
                if pending.isEmpty {
                    try take(bytes[start..<newline])
                } else {
                    pending += bytes[start..<newline]
                    let whole = pending
                    pending = []
                    try take(whole[...])
                }
                start = newline + 1
            }
            pending += bytes[start...]
        }

        /// The manifest, once every byte was fed.
        package consuming func finish() throws(OutboxStateDamage) -> OutboxManifest {
            try checkEnded()
            return OutboxManifest(build: build, fingerprint: fingerprint, schedule: schedule, records: records)
        }

        /// The header and the number of records, once every byte was fed.
        package consuming func finishSummary() throws(OutboxStateDamage) -> Summary {
            try checkEnded()
            return Summary(build: build, fingerprint: fingerprint, schedule: schedule, count: count)
        }

        /// A last line without its line break, or no header at all, is damage.
        private func checkEnded() throws(OutboxStateDamage) {
            if !pending.isEmpty { throw OutboxStateDamage(line: line + 1) }
            if line == 0 { throw OutboxStateDamage(line: 1) }
        }

        private mutating func take(_ text: ArraySlice<UInt8>) throws(OutboxStateDamage) {
            line += 1
            if line == 1 { return try header(text) }
            let fields = OutboxManifest.fields(text)
            guard fields.count == 4,
                let path = OutboxPath(relative: fields[0]),
                let size = OutboxManifest.size(fields[3])
            else { throw OutboxStateDamage(line: line) }
            let input: OutboxHash
            if isVersion1 {
                guard OutboxJournal.isToken(fields[1]) else { throw OutboxStateDamage(line: line) }
                input = .unknown
            } else {
                guard let digest = OutboxHash(hex: fields[1]) else { throw OutboxStateDamage(line: line) }
                input = digest
            }
            guard let content = OutboxHash(hex: fields[2]) else { throw OutboxStateDamage(line: line) }
            let record = Record(path: path, inputDigest: input, contentDigest: content, size: size)
            count += 1
            if let handle { handle(record) } else { records.append(record) }
        }

        private mutating func header(_ text: ArraySlice<UInt8>) throws(OutboxStateDamage) {
            guard text.starts(with: OutboxManifest.prefix.utf8) else { throw OutboxStateDamage(line: 1) }
            let words = text.dropFirst(OutboxManifest.prefix.utf8.count)
                .split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
            switch words.first.map({ String(decoding: $0, as: UTF8.self) }) {
            case "1":
                guard words.count == 2 else { throw OutboxStateDamage(line: 1) }
                isVersion1 = true
            case "2":
                guard words.count == 5, let planned = OutboxHash(hex: words[2]), let inputs = OutboxHash(hex: words[3]),
                    let content = OutboxHash(hex: words[4])
                else {
                    throw OutboxStateDamage(line: 1)
                }
                fingerprint = planned == .unknown ? nil : planned
                schedule = ScheduleRecord(inputDigest: inputs, contentDigest: content)
            default:
                throw OutboxStateDamage(line: 1)
            }
            guard OutboxJournal.isToken(words[1]) else { throw OutboxStateDamage(line: 1) }
            build = String(decoding: words[1], as: UTF8.self)
        }
    }

    package func serialized() -> [UInt8] {
        Self.serialized(build: build, fingerprint: fingerprint, schedule: schedule, records: list)
    }

    /// The text of a manifest of `records`, in any order.
    package static func serialized(build: String, fingerprint: OutboxHash?, schedule: ScheduleRecord?, records: [Record]) -> [UInt8] {
        var out: [UInt8] = []
        write(build: build, fingerprint: fingerprint, schedule: schedule, records: records) { out += $0 }
        return out
    }

    /// The same text handed to `emit` a part at a time.
    package static func write(
        build: String, fingerprint: OutboxHash?, schedule: ScheduleRecord?, records: [Record],
        to emit: ([UInt8]) -> Void
    ) {
        var writer = Writer(build: build, fingerprint: fingerprint, schedule: schedule)
        let sorted = zip(records, records.dropFirst()).allSatisfy { $0.path < $1.path } ? records : records.sorted { $0.path < $1.path }
        for record in sorted {
            writer.add(path: record.path, inputDigest: record.inputDigest, contentDigest: record.contentDigest, size: record.size)
            if writer.isFull { emit(writer.take()) }
        }
        emit(writer.take())
    }

    /// Makes the text a record at a time, given in path order, for a caller that hands it on
    /// whenever the writer `isFull`.
    package struct Writer {
        private var text: [UInt8] = []

        package init(build: String, fingerprint: OutboxHash?, schedule: ScheduleRecord?) {
            text.reserveCapacity(1 << 20)
            text += OutboxManifest.prefix.utf8
            text += "2 \(build) ".utf8
            text += (fingerprint ?? .unknown).description.utf8
            text.append(UInt8(ascii: " "))
            text += (schedule?.inputDigest ?? .unknown).description.utf8
            text.append(UInt8(ascii: " "))
            text += (schedule?.contentDigest ?? .unknown).description.utf8
            text.append(UInt8(ascii: "\n"))
        }

        package mutating func add(path: OutboxPath, inputDigest: OutboxHash, contentDigest: OutboxHash, size: Int) {
            text += path.directory.utf8
            text.append(UInt8(ascii: "/"))
            text += path.name.utf8
            text.append(UInt8(ascii: "\t"))
            inputDigest.appendHex(to: &text)
            text.append(UInt8(ascii: "\t"))
            contentDigest.appendHex(to: &text)
            text.append(UInt8(ascii: "\t"))
            text += String(size).utf8
            text.append(UInt8(ascii: "\n"))
        }

        /// Whether the text made so far is worth handing on.
        package var isFull: Bool { text.count >= 1 << 20 }

        /// The text made since the last call.
        package mutating func take() -> [UInt8] {
            defer { text.removeAll(keepingCapacity: true) }
            return text
        }
    }

    /// The tab-separated fields of a line: at most five, which is one too many.
    fileprivate static func fields(_ line: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var fields: [ArraySlice<UInt8>] = []
        fields.reserveCapacity(4)
        var start = line.startIndex
        for index in line.indices where line[index] == UInt8(ascii: "\t") {
            fields.append(line[start..<index])
            start = index + 1
            if fields.count == 4 { break }
        }
        fields.append(line[start...])
        return fields
    }

    /// A decimal size, digits only.
    fileprivate static func size(_ digits: ArraySlice<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        var value = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}

/// The build's own state file does not parse.
package struct OutboxStateDamage: Error, Equatable {
    package let line: Int
}
