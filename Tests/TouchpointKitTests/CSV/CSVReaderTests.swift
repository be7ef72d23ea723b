import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

@Suite("CSV reader")
struct CSVReaderTests {
    private func read(_ text: String, delimiter: Character = ",") -> (rows: [[String]], records: [CSVRecord], diagnostics: [Diagnostic]) {
        read(bytes: Array(text.utf8), delimiter: delimiter)
    }

    private func read(bytes: [UInt8], delimiter: Character = ",") -> (rows: [[String]], records: [CSVRecord], diagnostics: [Diagnostic]) {
        let file = SourceFile(path: "contacts/patients.csv", bytes: bytes)
        var bag = DiagnosticBag()
        let reader = CSVReader(delimiter: delimiter.asciiValue ?? 0x2C)
        let records = reader.records(file, diagnostics: &bag)
        return (records.map { $0.fields.map { $0.text(in: file) } }, records, bag.sorted)
    }

    @Test func plainFields() {
        let result = read("id,name\np1,Ann\np2,Bob\n")
        #expect(result.rows == [["id", "name"], ["p1", "Ann"], ["p2", "Bob"]])
        #expect(result.records.map(\.row) == [1, 2, 3])
        #expect(result.diagnostics.isEmpty)
    }

    @Test func quotedFieldsHoldDelimitersQuotesAndLineBreaks() {
        let result = read("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n")
        #expect(result.rows[1] == ["x, y", "say \"hi\"", "two\nlines"])
        #expect(result.records[1].fields[1].hasDoubledQuotes)
        #expect(result.diagnostics.isEmpty)
    }

    @Test func emptyFieldsAndTrailingDelimiter() {
        let result = read("a,b,c\n,,\n\"\",x,\n")
        #expect(result.rows == [["a", "b", "c"], ["", "", ""], ["", "x", ""]])
        #expect(result.records[2].fields[0].isQuoted)
    }

    @Test func lastRecordWithoutLineEnd() {
        #expect(read("a,b\n1,2").rows == [["a", "b"], ["1", "2"]])
    }

    @Test func lineEndingsLFCRLFAndLoneCR() {
        #expect(read("a,b\r\n1,2\r\n").rows == [["a", "b"], ["1", "2"]])
        #expect(read("a,b\r1,2\r").rows == [["a", "b"], ["1", "2"]])
        #expect(read("a,b\n1,\"x\r\ny\"\r\n").rows == [["a", "b"], ["1", "x\r\ny"]])
    }

    @Test func byteOrderMarkCRLFAndSemicolons() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("id;name;note\r\np1;\"Núñez; José\";\"a,b\"\r\np2;李;\r\n".utf8)
        let result = read(bytes: bytes, delimiter: ";")
        #expect(result.rows == [["id", "name", "note"], ["p1", "Núñez; José", "a,b"], ["p2", "李", ""]])
        #expect(result.diagnostics.isEmpty)
    }

    @Test func tabDelimiter() {
        #expect(read("a\tb\n1\t2,3\n", delimiter: "\t").rows == [["a", "b"], ["1", "2,3"]])
    }

    @Test func blankLinesAreSkippedButCounted() {
        let result = read("a,b\n\n1,2\n\n\n3,4\n")
        #expect(result.rows == [["a", "b"], ["1", "2"], ["3", "4"]])
        #expect(result.records.map(\.row) == [1, 3, 6])
    }

    @Test func aRecordSpanningLinesIsOneRow() {
        let result = read("a,b\n\"1\n2\n3\",x\ny,z\n")
        #expect(result.records.map(\.row) == [1, 2, 3])
        #expect(result.rows[2] == ["y", "z"])
    }

    @Test func unterminatedQuoteAtTheEndOfTheFile() {
        let result = read("a,b\n1,2\n3,\"never closed\n")
        #expect(result.diagnostics.reported == [Reported("csv-unterminated-quote", 3, 2)])
        let diagnostic = result.diagnostics[0]
        #expect(diagnostic.primary?.span.range == 10..<11)
        #expect(diagnostic.primary?.span.text == "\"")
        #expect(result.records.last?.isMalformed == true)
    }

    @Test func quoteInsideAnUnquotedField() {
        let result = read("a,b\n1,5'11\" tall\n2,ok\n")
        #expect(result.diagnostics.reported == [Reported("csv-stray-quote", 2, 2)])
        #expect(result.diagnostics[0].primary?.span.text == "\"")
        #expect(result.diagnostics[0].message.text == "a quote inside an unquoted field")
        #expect(result.records[1].isMalformed)
        #expect(!result.records[2].isMalformed)
        #expect(result.rows[2] == ["2", "ok"])
    }

    @Test func textAfterTheClosingQuote() {
        let result = read("a,b,c\n1,\"Sta\"rk,x\n")
        #expect(result.diagnostics.reported == [Reported("csv-stray-quote", 2, 2)])
        #expect(result.diagnostics[0].message.text == "text after the quote that closes a quoted field")
        #expect(result.rows[1] == ["1", "\"Sta\"rk", "x"])
    }

    @Test func tooManyFields() {
        let result = read("a,b\n1,2\n3,4,5,6\n")
        #expect(result.diagnostics.reported == [Reported("csv-field-count", 3, 3)])
        #expect(result.diagnostics[0].message.text == "this row has 4 fields, but the header has 2")
        #expect(result.diagnostics[0].primary?.span.text == ",5,6")
    }

    @Test func tooFewFields() {
        let result = read("a,b,c\n1,2,3\n4\n")
        #expect(result.diagnostics.reported == [Reported("csv-field-count", 3, 2)])
        #expect(result.diagnostics[0].message.text == "this row has 1 field, but the header has 3")
        #expect(result.records[2].isMalformed)
    }

    @Test func errorAfterAFieldWithEmbeddedLineBreaksReportsTheSpreadsheetRow() {
        // Row 3 starts on line 3 and ends on line 5; the broken record is row 4, on line 6.
        let result = read("a,b\n1,2\n3,\"x\ny\nz\"\n4,5,6\n")
        #expect(result.diagnostics.reported == [Reported("csv-field-count", 4, 3)])
        #expect(result.diagnostics[0].primary?.span.start.line == 6)
    }

    @Test func everyProblemOfAFileIsReported() {
        let result = read("a,b\n1,x\"y\n2\n3,4,5\n\"6,7\n")
        #expect(
            result.diagnostics.reported == [
                Reported("csv-stray-quote", 2, 2),
                Reported("csv-field-count", 3, 2),
                Reported("csv-field-count", 4, 3),
                Reported("csv-unterminated-quote", 5, 1),
            ])
    }

    @Test func diagnosticsAreMarkedAsContactData() {
        let result = read("a,b\n1,x\"y\n")
        #expect(result.diagnostics.allSatisfy { $0.message.redactedText != nil })
    }

    @Test func emptyFileHasNoRecords() {
        #expect(read("").records.isEmpty)
        #expect(read("\n\n").records.isEmpty)
    }

    @Test func fieldBytesUndoubleQuotes() {
        let file = SourceFile(path: "x.csv", text: "\"a\"\"b\"\"\"\n")
        var bag = DiagnosticBag()
        let records = CSVReader().records(file, diagnostics: &bag)
        #expect(Array(records[0].fields[0].bytes(in: file)) == Array("a\"b\"".utf8))
        #expect(records[0].fields[0].contentRange == 1..<7)
    }
}
