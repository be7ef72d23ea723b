import TouchpointCore

/// The CSV reader's diagnostics.
///
/// A CSV file holds contact data, so every message sets a redacted text (here the same words, as
/// none holds a value): that marks the diagnostic as one whose excerpt must not leave the machine.
package enum CSVMessages {
    private static func sensitive(_ id: String, _ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: id, severity: .error, text, redacted: text)
    }

    package static func unterminatedQuote() -> DiagnosticMessage {
        sensitive("csv-unterminated-quote", "quoted field is never closed")
    }

    package static func strayQuote() -> DiagnosticMessage {
        sensitive("csv-stray-quote", "a quote inside an unquoted field")
    }

    package static func textAfterClosingQuote() -> DiagnosticMessage {
        sensitive("csv-stray-quote", "text after the quote that closes a quoted field")
    }

    package static func tooManyFields(found: Int, expected: Int) -> DiagnosticMessage {
        sensitive("csv-field-count", "this row has \(found) fields, but the header has \(expected)")
    }

    package static func tooFewFields(found: Int, expected: Int) -> DiagnosticMessage {
        sensitive("csv-field-count", "this row has \(found) \(found == 1 ? "field" : "fields"), but the header has \(expected)")
    }

    package static func invalidUTF8() -> DiagnosticMessage {
        sensitive("invalid-utf8", "the file is not valid UTF-8")
    }

    package static func missingHeader() -> DiagnosticMessage {
        sensitive("csv-missing-header", "the file has no header row naming its columns")
    }
}
