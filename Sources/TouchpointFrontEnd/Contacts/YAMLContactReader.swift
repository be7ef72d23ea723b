import TouchpointCore

/// Reads the contacts of a YAML data file against the list's schema: a list of mappings from
/// field names to values, typed exactly as CSV cells are.
package struct YAMLContactReader {
    package let schema: ContactSchema
    /// The day of the check, when known (see ``ContactValidator/today``).
    package var today: LocalDate?

    package init(schema: ContactSchema, today: LocalDate? = nil) {
        self.schema = schema
        self.today = today
    }

    package func read(_ root: YAMLNode, diagnostics: inout DiagnosticBag) -> [Contact] {
        let file = root.span.file
        var validator = ContactValidator(schema: schema, file: file, placeWord: "line", today: today)
        if let scalar = root.scalar, scalar.isNull { return [] }
        guard let items = root.sequence else {
            diagnostics.emit(
                Diagnostic(ContactMessages.contactsNotList(found: root.kindDescription), at: root.span)
                    .with(help: "start every contact with '- ' and indent its fields under it"))
            return []
        }
        let names = schema.fieldNames
        for item in items {
            guard let pairs = item.mapping else {
                diagnostics.emit(Diagnostic(ContactMessages.contactNotMapping(found: item.kindDescription), at: item.span))
                continue
            }
            let row = file.line(containing: item.span.range.lowerBound)
            validator.beginRow(diagnostics)
            var values = ContactValidator.absentValues(count: schema.fields.count)
            var invalid = [Bool](repeating: false, count: schema.fields.count)
            var valueSpans = [Range<Int>?](repeating: nil, count: schema.fields.count)
            for pair in pairs {
                guard let index = schema.index(of: pair.name) else {
                    diagnostics.emit(
                        Diagnostic(ContactMessages.unknownContactField(pair.name), at: pair.key.span)
                            .suggesting(pair.name, from: names)
                            .with(note: "the fields of this list are: \(names.joined(separator: ", "))"))
                    continue
                }
                valueSpans[index] = pair.value.span.range
                let place = CellPlace(range: pair.value.span.range, position: nil)
                switch typed(pair.value, field: index, at: place, validator: &validator, diagnostics: &diagnostics) {
                case .value(let value): values[index] = value
                case .absent: break
                case .invalid: invalid[index] = true
                }
            }
            validator.add(
                consume values, invalid: invalid, row: row,
                place: { field in
                    CellPlace(range: valueSpans[field] ?? Self.headSpan(of: item).range, position: nil)
                }, diagnostics: &diagnostics)
        }
        validator.finish(diagnostics: &diagnostics)
        return validator.contacts
    }

    private func typed(
        _ node: YAMLNode, field index: Int, at place: CellPlace, validator: inout ContactValidator,
        diagnostics: inout DiagnosticBag
    ) -> ContactValidator.Typed {
        let field = schema.fields[index]
        switch node.content {
        case .scalar(let scalar):
            if scalar.isNull { return .absent }
            return validator.type(ArraySlice(scalar.value.utf8), field: index, at: place, diagnostics: &diagnostics)
        case .sequence(let items) where field.type == .list:
            var values: [String] = []
            for item in items {
                guard let scalar = item.scalar else {
                    diagnostics.emit(
                        Diagnostic(
                            ContactMessages.valueNotScalar(field: field.name, found: item.kindDescription),
                            at: item.span))
                    return .invalid
                }
                let text = scalar.value.trimmingSpaces
                if !scalar.isNull, !text.isEmpty { values.append(text) }
            }
            return values.isEmpty ? .absent : .value(.list(values))
        case .sequence, .mapping:
            diagnostics.emit(Diagnostic(ContactMessages.valueNotScalar(field: field.name, found: node.kindDescription), at: node.span))
            return .invalid
        }
    }

    /// The first line of a contact's mapping, where a missing field is reported.
    private static func headSpan(of node: YAMLNode) -> SourceSpan {
        let file = node.span.file
        let start = node.span.range.lowerBound
        let lineEnd = file.byteRange(ofLine: file.line(containing: start)).upperBound
        return SourceSpan(file: file, range: start..<max(start, min(lineEnd, node.span.range.upperBound)))
    }
}
