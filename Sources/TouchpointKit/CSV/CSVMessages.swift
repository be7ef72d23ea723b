/// The CSV reader's diagnostics.
///
/// A CSV file holds contact data, so every message sets a redacted text (here the same words, as
/// none holds a value): that marks the diagnostic as one whose excerpt must not leave the machine.
enum CSVMessages {
    private static func sensitive(_ id: String, _ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: id, severity: .error, text, redacted: text)
    }

    static func unterminatedQuote() -> DiagnosticMessage {
        sensitive("csv-unterminated-quote", "quoted field is never closed")
    }

    static func strayQuote() -> DiagnosticMessage {
        sensitive("csv-stray-quote", "a quote inside an unquoted field")
    }

    static func textAfterClosingQuote() -> DiagnosticMessage {
        sensitive("csv-stray-quote", "text after the quote that closes a quoted field")
    }

    static func tooManyFields(found: Int, expected: Int) -> DiagnosticMessage {
        sensitive("csv-field-count", "this row has \(found) fields, but the header has \(expected)")
    }

    static func tooFewFields(found: Int, expected: Int) -> DiagnosticMessage {
        sensitive("csv-field-count", "this row has \(found) \(found == 1 ? "field" : "fields"), but the header has \(expected)")
    }

    static func invalidUTF8() -> DiagnosticMessage {
        sensitive("invalid-utf8", "the file is not valid UTF-8")
    }

    static func missingHeader() -> DiagnosticMessage {
        sensitive("csv-missing-header", "the file has no header row naming its columns")
    }
}
