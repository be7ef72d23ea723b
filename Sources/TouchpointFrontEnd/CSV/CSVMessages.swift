import TouchpointCore

/// The CSV reader's diagnostics.
///
/// A CSV file holds contact data, so every message sets a redacted text (here the same words, as
/// none holds a value): that marks the diagnostic as one whose excerpt must not leave the machine.
package enum CSVMessages {
    private static func sensitive(_ id: DiagnosticID, _ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id, text, redacted: text)
    }

    package static func unterminatedQuote() -> DiagnosticMessage {
        sensitive(.csvUnterminatedQuote, "quoted field is never closed")
    }

    package static func strayQuote() -> DiagnosticMessage {
        sensitive(.csvStrayQuote, "a quote inside an unquoted field")
    }

    package static func textAfterClosingQuote() -> DiagnosticMessage {
        sensitive(.csvStrayQuote, "text after the quote that closes a quoted field")
    }

    package static func tooManyFields(found: Int, expected: Int) -> DiagnosticMessage {
        sensitive(.csvFieldCount, "this row has \(found) fields, but the header has \(expected)")
    }

    package static func tooFewFields(found: Int, expected: Int) -> DiagnosticMessage {
        sensitive(.csvFieldCount, "this row has \(found) \(found == 1 ? "field" : "fields"), but the header has \(expected)")
    }

    package static func invalidUTF8() -> DiagnosticMessage {
        sensitive(.invalidUTF8, "the file is not valid UTF-8")
    }

    package static func missingHeader() -> DiagnosticMessage {
        sensitive(.csvMissingHeader, "the file has no header row naming its columns")
    }
}
