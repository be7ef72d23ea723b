import TouchpointCore

/// Diagnostics about contact lists: their schemas, their data files and the suppression list.
///
/// Values from contact files are PHI. A message about a value carries it only in its text, and
/// gives a redacted text that names the field and the problem but never the value, the same for
/// every row, so that CI output holds no PHI and a flood of one problem is summarised. Every
/// message about a place in a data file sets a redacted text, even one without a value: that
/// marks its excerpt as one that must not leave the machine.
package enum ContactMessages {
    private static func sensitive(_ id: String, severity: Severity = .error, _ text: String,
                                  redacted: String? = nil) -> DiagnosticMessage {
        DiagnosticMessage(id: id, severity: severity, text, redacted: redacted ?? text)
    }

    // MARK: - Files of the contacts folder

    package static func dataWithoutSchema(_ dataPath: String, schemaPath: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "missing-contact-schema", severity: .error,
                          "'\(dataPath)' has no schema; expected '\(schemaPath)'")
    }

    package static func schemaWithoutData(_ schemaPath: String, list: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "missing-contact-data", severity: .error,
                          "the schema '\(schemaPath)' has no data: add 'contacts/\(list).csv' or 'contacts/\(list).yaml'")
    }

    package static func twoDataFiles(list: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "ambiguous-contact-data", severity: .error,
                          "list '\(list)' has both 'contacts/\(list).csv' and 'contacts/\(list).yaml'")
    }

    package static func unrecognizedFile(_ path: String, _ reason: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "unrecognized-contact-file", severity: .warning, "'\(path)' is not read: \(reason)")
    }

    // MARK: - Schemas

    package static func emptySchema(_ path: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "empty-file", severity: .error, "'\(path)' is empty")
    }

    package static func noFields() -> DiagnosticMessage {
        DiagnosticMessage(id: "no-fields", severity: .error, "'fields' lists no fields")
    }

    package static func invalidFieldName(_ name: String, _ reason: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-field-name", severity: .error, "'\(name)' cannot be a field name: \(reason)")
    }

    package static func unknownFieldType(_ name: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "unknown-field-type", severity: .error, "'\(name)' is not a field type")
    }

    package static func optionNotForType(_ option: String, field: String, type: ValueType, appliesTo: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "option-not-for-type", severity: .error,
                          "'\(option)' applies only to \(appliesTo) fields, and '\(field)' is a \(type.rawValue) field")
    }

    package static func invalidDefault(field: String, _ problem: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-default", severity: .error, "the default of '\(field)' is not valid: \(problem)")
    }

    package static func unknownField(role: String, name: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "unknown-field", severity: .error, "'\(role)' names '\(name)', which is not a field")
    }

    package static func wrongFieldType(role: String, field: String, type: ValueType, expected: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "wrong-field-type", severity: .error,
                          "'\(role)' must name \(expected) field, and '\(field)' is a \(type.rawValue) field")
    }

    package static func keyIsEmail() -> DiagnosticMessage {
        DiagnosticMessage(id: "key-is-email", severity: .error, "the key must not be the e-mail address field")
    }

    package static func invalidDateFormat(_ problem: DateFormat.Problem) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-date-format", severity: .error,  problem.explanation)
    }

    package static func missingEnumValues(_ field: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "missing-enum-values", severity: .error, "enum field '\(field)' has no 'values'")
    }

    package static func duplicateEnumValue(_ value: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "duplicate-enum-value", severity: .error, "'\(value)' is listed twice")
    }

    package static func invalidBound(_ option: String, field: String, expected: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-bound", severity: .error, "'\(option)' of '\(field)' must be \(expected)")
    }

    package static func emptyRange(field: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-bound", severity: .error, "'min' of '\(field)' is more than its 'max'")
    }

    package static func invalidDelimiter(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-delimiter", severity: .error,
                          "'\(text)' cannot separate CSV fields; use one character such as ',', ';' or a tab")
    }

    package static func unknownMergeField(_ name: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "unknown-merge-field", severity: .error, "unknown merge field '\(name)'")
    }

    // MARK: - Columns and rows

    package static func unknownColumn(_ name: String) -> DiagnosticMessage {
        sensitive("unknown-column", severity: .warning, "column '\(name)' is not a field of the schema; its values are ignored")
    }

    package static func unnamedColumn(_ column: Int) -> DiagnosticMessage {
        sensitive("unnamed-column", severity: .warning, "column \(column) has no name; its values are ignored")
    }

    package static func duplicateColumn(_ name: String) -> DiagnosticMessage {
        sensitive("duplicate-column", "column '\(name)' appears twice")
    }

    package static func missingColumn(_ name: String) -> DiagnosticMessage {
        sensitive("missing-column", "the header has no column '\(name)', a required field")
    }

    package static func unknownContactField(_ name: String) -> DiagnosticMessage {
        sensitive("unknown-contact-field", "'\(name)' is not a field of the schema")
    }

    package static func contactNotMapping(found: String) -> DiagnosticMessage {
        sensitive("expected-mapping", "a contact must be a mapping of fields to values, found \(found)")
    }

    package static func contactsNotList(found: String) -> DiagnosticMessage {
        sensitive("expected-list", "the file must be a list of contacts ('- field: value' lines), found \(found)")
    }

    package static func valueNotScalar(field: String, found: String) -> DiagnosticMessage {
        sensitive("wrong-type", "'\(field)' must be a single value, found \(found)")
    }

    // MARK: - Values

    package static func missingValue(field: String) -> DiagnosticMessage {
        sensitive("missing-value", "'\(field)' is required but has no value")
    }

    package static func invalidValue(_ value: String, field: ContactField, problem: ValueProblem) -> DiagnosticMessage {
        let name = "'\(field.name)'"
        let quoted = "'\(value)'"
        switch problem {
        case .email(let reason):
            return sensitive("invalid-email", "\(quoted) is not an e-mail address: \(reason.explanation)",
                             redacted: "\(name) is not an e-mail address: \(reason.explanation)")
        case .notDate:
            return sensitive("invalid-date", "\(quoted) is not a date \(field.dateFormDescription)",
                             redacted: "\(name) is not a date \(field.dateFormDescription)")
        case .noSuchDay(let year, let month, let day):
            let monthName = DateFormat.monthNames[max(0, min(11, month - 1))]
            let days = LocalDate.daysIn(month: month, year: year)
            return sensitive("invalid-date", "\(quoted) is not a date: \(monthName) \(year) has \(days) days, not \(day)",
                             redacted: "\(name) is not a date \(field.dateFormDescription)")
        case .notDateTime:
            return sensitive("invalid-datetime", "\(quoted) is not a date and time like 2026-11-03T09:30 or 2026-11-03T09:30:00-06:00",
                             redacted: "\(name) is not a date and time like 2026-11-03T09:30 or 2026-11-03T09:30:00-06:00")
        case .notInteger:
            return sensitive("invalid-integer", "\(quoted) is not a whole number", redacted: "\(name) is not a whole number")
        case .notNumber:
            return sensitive("invalid-number", "\(quoted) is not a number", redacted: "\(name) is not a number")
        case .belowMinimum(let minimum):
            let bound = FieldValue.format(minimum)
            return sensitive("value-out-of-range", "\(value) is less than \(bound), the minimum of \(name)",
                             redacted: "\(name) is less than its minimum \(bound)")
        case .aboveMaximum(let maximum):
            let bound = FieldValue.format(maximum)
            return sensitive("value-out-of-range", "\(value) is more than \(bound), the maximum of \(name)",
                             redacted: "\(name) is more than its maximum \(bound)")
        case .notBoolean:
            return sensitive("invalid-boolean", "\(quoted) is not true or false", redacted: "\(name) is not true or false")
        case .notEnumCase:
            return sensitive("unknown-enum-value", "\(quoted) is not one of the values of \(name)",
                             redacted: "\(name) holds a value it does not take")
        case .notTimeZone:
            return sensitive("unknown-time-zone", "\(quoted) is not an IANA time zone",
                             redacted: "\(name) is not an IANA time zone")
        }
    }

    package static func duplicateKey(_ key: String, field: String) -> DiagnosticMessage {
        sensitive("duplicate-key", "duplicate key '\(key)'", redacted: "duplicate key in '\(field)'")
    }

    package static func duplicateValue(_ value: String, field: String) -> DiagnosticMessage {
        sensitive("duplicate-value", "'\(value)' appears twice in '\(field)', which is unique",
                  redacted: "a value appears twice in '\(field)', which is unique")
    }

    package static func sharedAddress(_ address: String, keys: [String], total: Int) -> DiagnosticMessage {
        let listed = keys.map { "'\($0)'" }.joined(separator: ", ") + (total > keys.count ? " and \((total - keys.count).grouped) more" : "")
        return sensitive("shared-email", severity: .warning, "\(total.grouped) contacts share the address '\(address)': \(listed)",
                         redacted: "\(total.grouped) contacts share an address: \(listed)")
    }

    // MARK: - Suppression list

    package static func invalidSuppressedAddress(_ line: String, problem: EmailAddress.Problem) -> DiagnosticMessage {
        sensitive("invalid-suppression-address", severity: .warning,
                  "'\(line)' is not an e-mail address (\(problem.explanation)); the line is ignored",
                  redacted: "the line is not an e-mail address (\(problem.explanation)); it is ignored")
    }
}
