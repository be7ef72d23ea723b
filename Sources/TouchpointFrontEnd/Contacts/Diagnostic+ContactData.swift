import TouchpointCore

extension Diagnostic {
    /// The same diagnostic, marked as one about a file of contact data: its excerpt and label
    /// are kept off output that leaves the machine. For messages from stages that do not know
    /// what they read (the YAML composer), whose words hold no value.
    package func markedAsContactData() -> Diagnostic {
        guard message.redactedText == nil else { return self }
        let marked = DiagnosticMessage(message.id, message.text, redacted: message.text)
        guard let primary else { return Diagnostic(marked, file: path, notes: notes, help: help) }
        return Diagnostic(
            marked, at: primary.span, label: primary.label, position: position, secondary: secondary,
            notes: notes, help: help)
    }
}
