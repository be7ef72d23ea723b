import TouchpointCore

/// Builds the checked ``ContactSchema`` from the YAML of `contacts/<list>.schema.yaml`, reporting
/// every problem. A pure function of the document: it touches no file.
public struct ContactSchemaReader: Sendable {
    /// Whether a secret for `contact.token` is configured, for the display name's checks.
    public let hasSecret: Bool

    public init(hasSecret: Bool = false) {
        self.hasSecret = hasSecret
    }

    package static let topKeys: [KeySpec] = [
        .required("key"), .required("email"), .optional("name"), .optional("timezone"), .optional("consent"),
        .optional("delimiter"), .optional("min_rows"), .required("fields"),
    ]
    package static let fieldKeys: [KeySpec] = [
        .required("type"), .optional("required"), .optional("default"), .optional("unique"), .optional("min"),
        .optional("max"), .optional("values"), .optional("format"), .optional("separator"), .optional("column"),
        .optional("pivot"), .optional("past"), .optional("future"), .optional("case"),
    ]
    /// Words of the expression and template languages that a field would shadow.
    package static let reservedNames: Set<String> = [
        "and", "or", "not", "in", "contains", "is", "empty", "true", "false", "today",
        "contact", "practice", "campaign", "send_date", "unsubscribe_url",
    ]

    /// The schema, or `nil` when the file has errors (they are in `diagnostics`).
    public func read(_ root: YAMLNode, diagnostics: inout DiagnosticBag) -> ContactSchema? {
        let before = diagnostics.errorCount
        let path = root.span.file.path
        if let scalar = root.scalar, scalar.isNull {
            diagnostics.emit(
                Diagnostic(ContactMessages.emptySchema(path), file: path)
                    .with(help: "give the list's 'key', its 'email' field and its 'fields'"))
            return nil
        }
        guard let top = MappingReader(root, place: "the contact schema", keys: Self.topKeys, diagnostics: &diagnostics) else {
            return nil
        }
        var declared: [String] = []
        var fields: [ContactField] = []
        if let node = top["fields"] {
            fields = readFields(node, declared: &declared, diagnostics: &diagnostics)
        }
        let resolver = FieldResolver(fields: fields, declared: declared)
        let key = top["key"].flatMap { resolver.resolve($0, role: "key", diagnostics: &diagnostics) }
        let email = top["email"].flatMap { resolver.resolve($0, role: "email", diagnostics: &diagnostics) }
        let zone = top["timezone"].flatMap { resolver.resolve($0, role: "timezone", diagnostics: &diagnostics) }
        let consent = top["consent"].flatMap { resolver.resolve($0, role: "consent", diagnostics: &diagnostics) }
        if let key, let node = top["key"] {
            let type = fields[key].type
            if type == .email {
                diagnostics.emit(
                    Diagnostic(ContactMessages.keyIsEmail(), at: node.span)
                        .with(note: "addresses change, and a key must stay the same for the life of a contact")
                        .with(help: "add an identifier field such as 'id' and name it here"))
            } else if type != .string && type != .integer {
                diagnostics.emit(
                    Diagnostic(
                        ContactMessages.wrongFieldType(role: "key", field: fields[key].name, type: type, expected: "a string or integer"),
                        at: node.span))
            }
        }
        resolver.expect(email, .email, role: "email", node: top["email"], diagnostics: &diagnostics)
        resolver.expect(zone, .timeZone, role: "timezone", node: top["timezone"], diagnostics: &diagnostics)
        resolver.expect(consent, .boolean, role: "consent", node: top["consent"], diagnostics: &diagnostics)
        var delimiter = UInt8(ascii: ",")
        if let node = top["delimiter"] {
            delimiter = readDelimiter(node, diagnostics: &diagnostics) ?? delimiter
        }
        var minRows = 0
        if let node = top["min_rows"], let value = ScalarReader.integer(node, key: "min_rows", diagnostics: &diagnostics) {
            if value < 0 {
                diagnostics.emit(
                    Diagnostic(
                        SchemaMessages.wrongType(
                            "min_rows", expected: "a whole number of 0 or more",
                            found: "\(value)"), at: node.span))
            } else {
                minRows = value
            }
        }
        var nameTemplate: String?
        var displayName: Template?
        if let node = top["name"], let text = ScalarReader.text(node, key: "name", diagnostics: &diagnostics) {
            nameTemplate = text
            displayName = checkDisplayName(node, fields: fields, declared: declared, path: path, diagnostics: &diagnostics)
        }
        guard diagnostics.errorCount == before, let key, let email else { return nil }
        return ContactSchema(
            fields: fields, keyField: key, emailField: email, nameTemplate: nameTemplate, displayName: displayName,
            timeZoneField: zone, consentField: consent, delimiter: delimiter, minRows: minRows, path: path)
    }

    // MARK: - Fields

    private func readFields(_ node: YAMLNode, declared: inout [String], diagnostics: inout DiagnosticBag) -> [ContactField] {
        guard let pairs = node.mapping else {
            diagnostics.emit(
                Diagnostic(SchemaMessages.expectedMapping("'fields'", found: node.kindDescription), at: node.span)
                    .with(help: "list the fields as 'name: type' lines indented under 'fields'"))
            return []
        }
        if pairs.isEmpty {
            diagnostics.emit(
                Diagnostic(ContactMessages.noFields(), at: node.span)
                    .with(help: "list the fields as 'name: type' lines indented under 'fields'"))
        }
        var fields: [ContactField] = []
        /// The field that reads each CSV column.
        var fieldOfColumn: [String: ContactField] = [:]
        for pair in pairs {
            declared.append(pair.name)
            guard checkFieldName(pair, diagnostics: &diagnostics) else { continue }
            guard let field = readField(pair, diagnostics: &diagnostics) else { continue }
            if let first = fieldOfColumn[field.header] {
                diagnostics.emit(
                    Diagnostic(ContactMessages.columnOfTwoFields(field.header, first: first.name, second: field.name), at: field.span)
                        .with(note: "'\(first.name)' reads it", at: first.span)
                        .with(help: "give each field its own column"))
                continue
            }
            fieldOfColumn[field.header] = field
            fields.append(field)
        }
        return fields
    }

    private func checkFieldName(_ pair: YAMLPair, diagnostics: inout DiagnosticBag) -> Bool {
        let name = pair.name
        let isIdentifier =
            name.utf8.first.map { !(0x30...0x39).contains($0) } ?? false
            && name.utf8.allSatisfy {
                ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z")
                    || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "_")
            }
        if !isIdentifier {
            diagnostics.emit(
                Diagnostic(
                    ContactMessages.invalidFieldName(
                        name, "templates and 'where' expressions need letters, digits and '_', not starting with a digit"),
                    at: pair.key.span
                )
                .with(help: "rename it, e.g. '\(Self.suggestedName(for: name))', and rename the column to match"))
            return false
        }
        if Self.reservedNames.contains(name) {
            diagnostics.emit(
                Diagnostic(
                    ContactMessages.invalidFieldName(name, "it is a word of the template and expression language"),
                    at: pair.key.span))
            return false
        }
        return true
    }

    /// A name in the form fields take: `First Name` → `first_name`.
    package static func suggestedName(for name: String) -> String {
        var result = ""
        for character in name.lowercased() {
            if character.isASCII, character.isLetter || character.isNumber {
                result.append(character)
            } else if !result.hasSuffix("_"), !result.isEmpty {
                result.append("_")
            }
        }
        while result.hasSuffix("_") { result.removeLast() }
        if let first = result.first, first.isNumber { result = "field_" + result }
        return result.isEmpty ? "field" : result
    }

    private func readField(_ pair: YAMLPair, diagnostics: inout DiagnosticBag) -> ContactField? {
        let name = pair.name
        if pair.value.scalar != nil {
            guard let type = readType(pair.value, diagnostics: &diagnostics) else { return nil }
            if type == .enumeration {
                diagnostics.emit(
                    Diagnostic(ContactMessages.missingEnumValues(name), at: pair.value.span)
                        .with(help: "write it as '\(name): { type: enum, values: [a, b] }'"))
                return nil
            }
            return ContactField(name: name, type: type, span: pair.key.span)
        }
        let before = diagnostics.errorCount
        guard
            let map = MappingReader(
                pair.value, place: "field '\(name)'", keys: Self.fieldKeys, owner: pair.key,
                diagnostics: &diagnostics)
        else { return nil }
        guard let typeNode = map["type"], let type = readType(typeNode, diagnostics: &diagnostics) else { return nil }
        let required = map["required"].flatMap { ScalarReader.boolean($0, key: "required", diagnostics: &diagnostics) } ?? false
        let unique = map["unique"].flatMap { ScalarReader.boolean($0, key: "unique", diagnostics: &diagnostics) }

        func applies(_ option: String, to types: Set<ValueType>, _ words: String) -> YAMLNode? {
            guard let node = map[option] else { return nil }
            guard types.contains(type) else {
                diagnostics.emit(
                    Diagnostic(
                        ContactMessages.optionNotForType(option, field: name, type: type, appliesTo: words),
                        at: map.keyNode(option)?.span ?? node.span
                    )
                    .with(help: "remove '\(option)', or change the field's type"))
                return nil
            }
            return node
        }
        let minimum = applies("min", to: [.integer, .number], "integer and number").flatMap {
            readBound($0, option: "min", field: name, type: type, diagnostics: &diagnostics)
        }
        let maximum = applies("max", to: [.integer, .number], "integer and number").flatMap {
            readBound($0, option: "max", field: name, type: type, diagnostics: &diagnostics)
        }
        if let minimum, let maximum, minimum > maximum, let node = map["min"] {
            diagnostics.emit(
                Diagnostic(
                    ContactMessages.emptyRange(field: name), at: node.span,
                    secondary: map["max"].map { [Highlight($0.span, label: "the maximum")] } ?? []))
        }
        var values: [String] = []
        if let node = applies("values", to: [.enumeration], "enum") {
            values = readEnumValues(node, diagnostics: &diagnostics)
        }
        if type == .enumeration, map["values"] == nil {
            diagnostics.emit(
                Diagnostic(ContactMessages.missingEnumValues(name), at: pair.key.span)
                    .with(help: "add 'values: [a, b]' to the field"))
        }
        let dates: Set<ValueType> = [.date, .datetime]
        let format = applies("format", to: dates, "date and datetime").flatMap {
            readFormat($0, type: type, diagnostics: &diagnostics)
        }
        let pivot = applies("pivot", to: dates, "date and datetime").flatMap { readPivot($0, diagnostics: &diagnostics) }
        let past = applies("past", to: dates, "date and datetime").flatMap {
            ScalarReader.boolean($0, key: "past", diagnostics: &diagnostics)
        }
        let future = applies("future", to: dates, "date and datetime").flatMap {
            ScalarReader.boolean($0, key: "future", diagnostics: &diagnostics)
        }
        let separator =
            applies("separator", to: [.list], "list").flatMap {
                readSeparator($0, diagnostics: &diagnostics)
            } ?? ContactField.defaultSeparator
        let column = map["column"].flatMap { ScalarReader.text($0, key: "column", diagnostics: &diagnostics) }?.trimmingSpaces
        let caseInsensitive = applies("case", to: [.string, .list], "string and list").flatMap {
            readCase($0, diagnostics: &diagnostics)
        }
        guard diagnostics.errorCount == before else { return nil }
        let field = ContactField(
            name: name, type: type, required: required, unique: unique, minimum: minimum,
            maximum: maximum, values: values, format: format, pivot: pivot, past: past ?? false,
            future: future ?? false, separator: separator, column: column == name ? nil : column,
            caseInsensitive: caseInsensitive ?? false, span: pair.key.span)
        if let node = map["default"] {
            guard let value = readDefault(node, field: field, diagnostics: &diagnostics) else { return nil }
            return field.with(defaultValue: value)
        }
        return field
    }

    /// `case: insensitive` (or `sensitive`, the default): how conditions compare the field's text.
    private func readCase(_ node: YAMLNode, diagnostics: inout DiagnosticBag) -> Bool? {
        guard let text = ScalarReader.text(node, key: "case", diagnostics: &diagnostics) else { return nil }
        switch text.trimmingSpaces {
        case "insensitive": return true
        case "sensitive": return false
        default:
            diagnostics.emit(
                Diagnostic(SchemaMessages.wrongType("case", expected: "'insensitive' or 'sensitive'", found: "'\(text)'"), at: node.span)
                    .with(help: "write 'case: insensitive' to compare the field's text in any case"))
            return nil
        }
    }

    /// `pivot: 1930`: the first of the hundred years two-digit years fall in.
    private func readPivot(_ node: YAMLNode, diagnostics: inout DiagnosticBag) -> Int? {
        let text = node.scalar?.value.trimmingSpaces ?? ""
        guard text.utf8.count == 4, let year = Int(text), year >= 1000 else {
            diagnostics.emit(
                Diagnostic(
                    SchemaMessages.wrongType(
                        "pivot", expected: "a four-digit year", found: node.scalar.map { "'\($0.value)'" } ?? node.kindDescription),
                    at: node.span
                )
                .with(help: "write the first year two-digit years stand for: with 'pivot: 1930', 29 is 2029 and 30 is 1930"))
            return nil
        }
        return year
    }

    private func readType(_ node: YAMLNode, diagnostics: inout DiagnosticBag) -> ValueType? {
        guard let text = ScalarReader.text(node, key: "type", diagnostics: &diagnostics) else { return nil }
        let word = text.trimmingSpaces
        if let type = ValueType(rawValue: word) { return type }
        let names = ValueType.allCases.map(\.rawValue)
        diagnostics.emit(
            Diagnostic(ContactMessages.unknownFieldType(word), at: node.span)
                .suggesting(word, from: names)
                .with(note: "the types are: \(names.joined(separator: ", "))"))
        return nil
    }

    private func readBound(
        _ node: YAMLNode, option: String, field: String, type: ValueType,
        diagnostics: inout DiagnosticBag
    ) -> Double? {
        let text = node.scalar.map { $0.value.trimmingSpaces } ?? ""
        let bytes = ArraySlice(text.utf8)
        if type == .integer, let value = FieldValueParser.integer(bytes) { return Double(value) }
        if type == .number, let value = FieldValueParser.number(bytes) { return value }
        diagnostics.emit(
            Diagnostic(
                ContactMessages.invalidBound(option, field: field, expected: type == .integer ? "a whole number" : "a number"),
                at: node.span))
        return nil
    }

    private func readEnumValues(_ node: YAMLNode, diagnostics: inout DiagnosticBag) -> [String] {
        guard let items = ScalarReader.list(node, key: "values", diagnostics: &diagnostics) else { return [] }
        var values: [String] = []
        var seen: [String: SourceSpan] = [:]
        for item in items {
            guard let text = ScalarReader.text(item, key: "values", diagnostics: &diagnostics) else { continue }
            let value = text.trimmingSpaces
            if let first = seen[value] {
                diagnostics.emit(
                    Diagnostic(ContactMessages.duplicateEnumValue(value), at: item.span)
                        .with(note: "first listed here", at: first))
                continue
            }
            seen[value] = item.span
            values.append(value)
        }
        if items.isEmpty {
            diagnostics.emit(
                Diagnostic(ContactMessages.missingEnumValues("values"), at: node.span)
                    .with(help: "list the values, as in '[prospect, active]'"))
        }
        return values
    }

    private func readFormat(_ node: YAMLNode, type: ValueType, diagnostics: inout DiagnosticBag) -> DateFormat? {
        guard let text = ScalarReader.text(node, key: "format", diagnostics: &diagnostics) else { return nil }
        do throws(DateFormat.Problem) {
            let format = try DateFormat(parsing: text)
            if type == .date, let time = format.firstTimeDirective {
                throw .timeInDate(time.directive, offset: time.offset)
            }
            if type == .datetime, !format.hasTime { throw .missing(.hour) }
            return format
        } catch {
            let span = error.offset.map { Self.span(in: node, byteOffset: $0, length: 2) } ?? node.span
            let help =
                switch (error, type) {
                case (.timeInDate, _): "make the field a datetime, or leave the time out of the pattern"
                case (_, .datetime): "write the pattern the values follow, as in \"%m/%d/%Y %I:%M %p\" for 11/03/2026 02:30 PM"
                default: "write the pattern the dates follow, as in \"%m/%d/%Y\" for 11/03/2026"
                }
            diagnostics.emit(Diagnostic(ContactMessages.invalidDateFormat(error), at: span).with(help: help))
            return nil
        }
    }

    private func readSeparator(_ node: YAMLNode, diagnostics: inout DiagnosticBag) -> String? {
        guard let scalar = node.scalar, !scalar.isNull, !scalar.value.isEmpty else {
            diagnostics.emit(
                Diagnostic(SchemaMessages.emptyValue("separator"), at: node.span)
                    .with(help: "give the text between items, such as \";\", or remove the key for the default \";\""))
            return nil
        }
        return scalar.value
    }

    private func readDelimiter(_ node: YAMLNode, diagnostics: inout DiagnosticBag) -> UInt8? {
        let text = node.scalar?.value ?? ""
        let bytes = Array(text.utf8)
        if text == "tab" { return 0x09 }
        if bytes.count == 1, bytes[0] < 0x80, bytes[0] != CSVReader.quote, bytes[0] != CSVReader.lineFeed,
            bytes[0] != CSVReader.carriageReturn, bytes[0] != 0x20
        {
            return bytes[0]
        }
        diagnostics.emit(Diagnostic(ContactMessages.invalidDelimiter(text), at: node.span))
        return nil
    }

    private func readDefault(_ node: YAMLNode, field: ContactField, diagnostics: inout DiagnosticBag) -> FieldValue? {
        if field.type == .list, let items = node.sequence {
            var values: [String] = []
            for item in items {
                guard let text = ScalarReader.text(item, key: "default", diagnostics: &diagnostics) else { return nil }
                values.append(text.trimmingSpaces)
            }
            return .list(values)
        }
        guard let text = ScalarReader.text(node, key: "default", diagnostics: &diagnostics) else { return nil }
        let trimmed = text.trimmingSpaces
        switch FieldValueParser.parse(ArraySlice(trimmed.utf8), as: field) {
        case .success(let value):
            return value
        case .failure(let problem):
            var diagnostic = Diagnostic(
                ContactMessages.invalidDefault(
                    field: field.name, ContactMessages.invalidValue(trimmed, field: field, problem: problem).text),
                at: node.span)
            if case .notEnumCase(let suggestion?) = problem {
                diagnostic = diagnostic.with(help: "did you mean '\(suggestion)'?")
            }
            diagnostics.emit(diagnostic)
            return nil
        }
    }

    // MARK: - The display name

    /// The display name, parsed and checked as every template is: unknown fields and filters,
    /// filters on the wrong type, unclosed tags, each at its place in the schema file. A field
    /// whose definition has errors is not reported again as unknown.
    private func checkDisplayName(
        _ node: YAMLNode, fields: [ContactField], declared: [String], path: String,
        diagnostics: inout DiagnosticBag
    ) -> Template? {
        guard let map = ScalarTextMap(node) else { return nil }
        var found = DiagnosticBag()
        let template = TemplateParser().parse(map, diagnostics: &found)
        let listName = ContactFolder.listName(ofSchema: path)
        TemplateChecker(environment: FieldEnvironment(listName: listName, schemaFields: fields), hasSecret: hasSecret)
            .check(template, in: map, diagnostics: &found)
        let broken = Set(declared).subtracting(fields.map(\.name))
        for diagnostic in found.diagnostics {
            if diagnostic.id == "unknown-merge-field", let name = diagnostic.primary?.span.text, broken.contains(name) {
                continue
            }
            diagnostics.emit(diagnostic)
        }
        return template
    }

    /// The span of bytes `byteOffset..<byteOffset+length` of a scalar's value, when the value
    /// stands in the source as written (plain, or quoted without escapes); else the whole node.
    package static func span(in node: YAMLNode, byteOffset: Int, length: Int) -> SourceSpan {
        guard let scalar = node.scalar else { return node.span }
        let source = node.span.file.bytes[node.span.range]
        let value = Array(scalar.value.utf8)
        var start: Int?
        if source.elementsEqual(value) {
            start = node.span.range.lowerBound
        } else if source.count == value.count + 2, source.dropFirst().dropLast().elementsEqual(value) {
            start = node.span.range.lowerBound + 1
        }
        guard let start else { return node.span }
        let lower = start + min(byteOffset, value.count)
        return SourceSpan(file: node.span.file, range: lower..<min(lower + length, start + value.count))
    }
}

/// Finds the fields that the schema's top-level keys (`key`, `email`, …) name.
private struct FieldResolver {
    let fields: [ContactField]
    /// Every name under `fields`, in order, also those whose definition has errors, so that a
    /// broken field is not reported a second time as missing.
    let declared: [String]

    func resolve(_ node: YAMLNode, role: String, diagnostics: inout DiagnosticBag) -> Int? {
        guard let text = ScalarReader.text(node, key: role, diagnostics: &diagnostics) else { return nil }
        let name = text.trimmingSpaces
        if let index = fields.firstIndex(where: { $0.name == name }) { return index }
        if !declared.contains(name) {
            diagnostics.emit(
                Diagnostic(ContactMessages.unknownField(role: role, name: name), at: node.span)
                    .suggesting(name, from: declared)
                    .with(note: "the fields are: \(declared.joined(separator: ", "))"))
        }
        return nil
    }

    func expect(_ index: Int?, _ type: ValueType, role: String, node: YAMLNode?, diagnostics: inout DiagnosticBag) {
        guard let index, let node, fields[index].type != type else { return }
        let article = type == .email || type == .integer ? "an" : "a"
        diagnostics.emit(
            Diagnostic(
                ContactMessages.wrongFieldType(
                    role: role, field: fields[index].name, type: fields[index].type,
                    expected: "\(article) \(type.rawValue)"),
                at: node.span
            )
            .with(note: "'\(fields[index].name)' is defined here", at: fields[index].span))
    }
}
