import PropertyBased
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// A table written out as CSV in one of the many ways a spreadsheet or a script might.
private struct WrittenTable: Sendable, CustomStringConvertible {
    let rows: [[String]]
    let delimiter: Character
    let lineEnding: String
    let quoteEverything: [Bool]
    let byteOrderMark: Bool
    let finalLineEnding: Bool

    /// Quotes a field when it must be quoted, and at random when it need not be.
    var csv: [UInt8] {
        var text = ""
        var quoteIndex = 0
        for (rowIndex, row) in rows.enumerated() {
            let fields = row.map { field -> String in
                defer { quoteIndex += 1 }
                let randomly = quoteEverything[quoteIndex % quoteEverything.count]
                let mustQuote =
                    field.contains(delimiter) || field.contains("\"") || field.contains("\n")
                    || field.contains("\r") || field.contains("\r\n") || (row.count == 1 && field.isEmpty)
                guard mustQuote || randomly else { return field }
                return "\"" + field.replacingAll("\"", with: "\"\"") + "\""
            }
            text += fields.joined(separator: String(delimiter))
            if rowIndex < rows.count - 1 || finalLineEnding { text += lineEnding }
        }
        return (byteOrderMark ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)
    }

    var description: String { "\(rows) delimiter=\(delimiter.debugDescription) ending=\(lineEnding.debugDescription)" }
}

@Suite("CSV round trip")
struct CSVRoundTripTests {
    /// Characters that stress the format: delimiters, quotes, every line ending, spaces,
    /// non-ASCII letters.
    private static let alphabet: [Character] = ["a", "Z", "7", " ", "\"", ",", ";", "\t", "\n", "\r", "\r\n", "é", "龙", "'"]

    private static let cell = Gen<Character?>.element(of: alphabet).map { $0 ?? "a" }.string(of: 0...6)

    private static let table = zip(
        Gen.int(in: 1...5),
        cell.array(of: 1...30),
        Gen<Character?>.element(of: [",", ";", "\t"] as [Character]).map { $0 ?? "," },
        Gen<String?>.element(of: ["\n", "\r\n"]).map { $0 ?? "\n" },
        Gen.bool.array(of: 1...8),
        Gen.bool,
        Gen.bool
    ).map { width, cells, delimiter, lineEnding, quoting, bom, finalLineEnding in
        let rowCount = max(1, cells.count / width)
        let padded = cells + Array(repeating: "", count: rowCount * width - min(cells.count, rowCount * width))
        let rows = (0..<rowCount).map { Array(padded[($0 * width)..<(($0 + 1) * width)]) }
        return WrittenTable(
            rows: rows, delimiter: delimiter, lineEnding: lineEnding, quoteEverything: quoting,
            byteOrderMark: bom, finalLineEnding: finalLineEnding)
    }

    @Test func writtenRowsReadBackAsTheSameCells() async {
        await propertyCheck(count: 200, input: Self.table) { table in
            let file = SourceFile(path: "contacts/t.csv", bytes: table.csv)
            var bag = DiagnosticBag()
            let records = CSVReader(delimiter: table.delimiter.asciiValue ?? 0x2C).records(file, diagnostics: &bag)
            let cells = records.map { $0.fields.map { $0.text(in: file) } }
            #expect(bag.isEmpty, "\(bag.diagnostics.map(\.message.text))")
            #expect(cells == table.rows)
            // No line is blank (a lone empty field is quoted), so rows count 1, 2, 3, … however
            // many lines a record spans.
            #expect(records.map(\.row) == Array(1...max(1, records.count)))
        }
    }

    @Test func anyInputIsReadWithoutCrashingAndRowsIncrease() async {
        let noise = Gen<Character?>.element(of: Self.alphabet).map { $0 ?? "a" }.string(of: 0...60)
        await propertyCheck(count: 200, input: noise) { text in
            let file = SourceFile(path: "contacts/t.csv", text: text)
            var bag = DiagnosticBag()
            let records = CSVReader().records(file, diagnostics: &bag)
            let rows = records.map(\.row)
            #expect(rows == rows.sorted() && Set(rows).count == rows.count)
            for record in records {
                #expect(record.fields.allSatisfy { $0.range.lowerBound >= 0 && $0.range.upperBound <= file.bytes.count })
            }
            #expect(bag.diagnostics.allSatisfy { $0.id.hasPrefix("csv-") })
        }
    }
}
