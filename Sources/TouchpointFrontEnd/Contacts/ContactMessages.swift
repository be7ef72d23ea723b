import TouchpointCore

/// Diagnostics about contact lists: their schemas, their data files and the suppression list.
///
/// Values from contact files are PHI. A message about a value carries it only in its text, and
/// gives a redacted text that names the field and the problem but never the value, the same for
/// every row, so that CI output holds no PHI and a flood of one problem is summarised. Every
/// message about a place in a data file sets a redacted text, even one without a value: that
/// marks its excerpt as one that must not leave the machine.
package enum ContactMessages {
    private static func sensitive(_ id: DiagnosticID, _ text: String, redacted: String? = nil) -> DiagnosticMessage {
        DiagnosticMessage(id, text, redacted: redacted ?? text)
    }

    // MARK: - Files of the contacts folder

    package static func dataWithoutSchema(_ dataPath: String, schemaPath: String) -> DiagnosticMessage {
        DiagnosticMessage(
            .missingContactSchema,
            "'\(dataPath)' has no schema; expected '\(schemaPath)'")
    }

    package static func schemaWithoutData(_ schemaPath: String, list: String) -> DiagnosticMessage {
        DiagnosticMessage(
            .missingContactData,
            "the schema '\(schemaPath)' has no data: add 'contacts/\(list).csv' or 'contacts/\(list).yaml'")
    }

    package static func twoDataFiles(list: String) -> DiagnosticMessage {
        DiagnosticMessage(
            .ambiguousContactData,
            "list '\(list)' has both 'contacts/\(list).csv' and 'contacts/\(list).yaml'")
    }

    package static func unrecognizedFile(_ path: String, _ reason: String) -> DiagnosticMessage {
        DiagnosticMessage(.unrecognizedContactFile, "'\(path)' is not read: \(reason)")
    }

    // MARK: - Schemas

    package static func emptySchema(_ path: String) -> DiagnosticMessage {
        DiagnosticMessage(.emptyFile, "'\(path)' is empty")
    }

    package static func noFields() -> DiagnosticMessage {
        DiagnosticMessage(.noFields, "'fields' lists no fields")
    }

    package static func invalidFieldName(_ name: String, _ reason: String) -> DiagnosticMessage {
        DiagnosticMessage(.invalidFieldName, "'\(name)' cannot be a field name: \(reason)")
    }

    package static func unknownFieldType(_ name: String) -> DiagnosticMessage {
        DiagnosticMessage(.unknownFieldType, "'\(name)' is not a field type")
    }

    package static func optionNotForType(_ option: String, field: String, type: ValueType, appliesTo: String) -> DiagnosticMessage {
        DiagnosticMessage(
            .optionNotForType,
            "'\(option)' applies only to \(appliesTo) fields, and '\(field)' is a \(type.rawValue) field")
    }

    package static func invalidDefault(field: String, _ problem: String) -> DiagnosticMessage {
        DiagnosticMessage(.invalidDefault, "the default of '\(field)' is not valid: \(problem)")
    }

    package static func unknownField(role: String, name: String) -> DiagnosticMessage {
        DiagnosticMessage(.unknownField, "'\(role)' names '\(name)', which is not a field")
    }

    package static func wrongFieldType(role: String, field: String, type: ValueType, expected: String) -> DiagnosticMessage {
        DiagnosticMessage(
            .wrongFieldType,
            "'\(role)' must name \(expected) field, and '\(field)' is a \(type.rawValue) field")
    }

    package static func keyIsEmail() -> DiagnosticMessage {
        DiagnosticMessage(.keyIsEmail, "the key must not be the e-mail address field")
    }

    package static func invalidDateFormat(_ problem: DateFormat.Problem) -> DiagnosticMessage {
        DiagnosticMessage(.invalidDateFormat, problem.explanation)
    }

    package static func missingEnumValues(_ field: String) -> DiagnosticMessage {
        DiagnosticMessage(.missingEnumValues, "enum field '\(field)' has no 'values'")
    }

    package static func duplicateEnumValue(_ value: String) -> DiagnosticMessage {
        DiagnosticMessage(.duplicateEnumValue, "'\(value)' is listed twice")
    }

    package static func invalidBound(_ option: String, field: String, expected: String) -> DiagnosticMessage {
        DiagnosticMessage(.invalidBound, "'\(option)' of '\(field)' must be \(expected)")
    }

    package static func emptyRange(field: String) -> DiagnosticMessage {
        DiagnosticMessage(.invalidBound, "'min' of '\(field)' is more than its 'max'")
    }

    package static func columnOfTwoFields(_ column: String, first: String, second: String) -> DiagnosticMessage {
        DiagnosticMessage(.duplicateColumn, "fields '\(first)' and '\(second)' both read the column '\(column)'")
    }

    package static func invalidDelimiter(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(
            .invalidDelimiter,
            "'\(text)' cannot separate CSV fields; use one character such as ',', ';' or a tab")
    }

    package static func unknownMergeField(_ name: String) -> DiagnosticMessage {
        DiagnosticMessage(.unknownMergeField, "unknown merge field '\(name)'")
    }

    // MARK: - Columns and rows

    package static func unknownColumn(_ name: String) -> DiagnosticMessage {
        sensitive(.unknownColumn, "column '\(name)' is not a field of the schema; its values are ignored")
    }

    package static func unnamedColumn(_ column: Int) -> DiagnosticMessage {
        sensitive(.unnamedColumn, "column \(column) has no name; its values are ignored")
    }

    package static func duplicateColumn(_ name: String) -> DiagnosticMessage {
        sensitive(.duplicateColumn, "column '\(name)' appears twice")
    }

    package static func looseColumnName(_ name: String, field: String) -> DiagnosticMessage {
        sensitive(.columnNameMismatch, "column '\(name)' is not field '\(field)': the names differ in case, spaces or punctuation")
    }

    package static func ambiguousDateOrder(field: String, format: DateFormat, swapped: DateFormat) -> DiagnosticMessage {
        sensitive(
            .ambiguousDateOrder,
            "every date of '\(field)' reads both as \(format.pattern) (\(format.orderWords)) and as \(swapped.pattern) (\(swapped.orderWords))"
        )
    }

    package static func tooFewRows(_ count: Int, minimum: Int) -> DiagnosticMessage {
        DiagnosticMessage(
            .tooFewRows,
            "the list has \(count.grouped) \(count == 1 ? "contact" : "contacts"), fewer than its schema's 'min_rows: \(minimum)'")
    }

    package static func missingColumn(_ name: String, field: String) -> DiagnosticMessage {
        sensitive(
            .missingColumn,
            name == field
                ? "the header has no column '\(name)', a required field"
                : "the header has no column '\(name)', the column of required field '\(field)'")
    }

    package static func wrongDelimiter(found: UInt8, expected: UInt8) -> DiagnosticMessage {
        sensitive(
            .csvWrongDelimiter,
            "the header is separated by \(CSVReader.describe(delimiter: found)), not by \(CSVReader.describe(delimiter: expected)); no row is read"
        )
    }

    package static func unknownContactField(_ name: String) -> DiagnosticMessage {
        sensitive(.unknownContactField, "'\(name)' is not a field of the schema")
    }

    package static func contactNotMapping(found: String) -> DiagnosticMessage {
        sensitive(.expectedMapping, "a contact must be a mapping of fields to values, found \(found)")
    }

    package static func contactsNotList(found: String) -> DiagnosticMessage {
        sensitive(.expectedList, "the file must be a list of contacts ('- field: value' lines), found \(found)")
    }

    package static func valueNotScalar(field: String, found: String) -> DiagnosticMessage {
        sensitive(.wrongType, "'\(field)' must be a single value, found \(found)")
    }

    // MARK: - Values

    package static func missingValue(field: String) -> DiagnosticMessage {
        sensitive(.missingValue, "'\(field)' is required but has no value")
    }

    package static func invalidValue(_ value: String, field: ContactField, problem: ValueProblem) -> DiagnosticMessage {
        let name = "'\(field.name)'"
        let quoted = "'\(value)'"
        switch problem {
        case .email(let reason):
            return sensitive(
                .invalidEmail, "\(quoted) is not an e-mail address: \(reason.explanation)",
                redacted: "\(name) is not an e-mail address: \(reason.explanation)")
        case .notDate:
            return sensitive(
                .invalidDate, "\(quoted) is not a date \(field.dateFormDescription)",
                redacted: "\(name) is not a date \(field.dateFormDescription)")
        case .noSuchDay(let year, let month, let day):
            let monthName = DateFormat.monthNames[max(0, min(11, month - 1))]
            let days = LocalDate.daysIn(month: month, year: year)
            let id: DiagnosticID = field.type == .datetime ? .invalidDatetime : .invalidDate
            return sensitive(
                id, "\(quoted) is not a date: \(monthName) \(year) has \(days) days, not \(day)",
                redacted: "\(name) is not a date \(field.dateFormDescription)")
        case .notDateTime:
            return sensitive(
                .invalidDatetime, "\(quoted) is not a date and time \(field.dateTimeFormDescription)",
                redacted: "\(name) is not a date and time \(field.dateTimeFormDescription)")
        case .afterToday(let today):
            return sensitive(
                .dateInFuture, "\(quoted) is later than today, \(today), and \(name) is 'past: true'",
                redacted: "\(name) is later than today, \(today), and is 'past: true'")
        case .beforeToday(let today):
            return sensitive(
                .dateInPast, "\(quoted) is earlier than today, \(today), and \(name) is 'future: true'",
                redacted: "\(name) is earlier than today, \(today), and is 'future: true'")
        case .notInteger:
            return sensitive(.invalidInteger, "\(quoted) is not a whole number", redacted: "\(name) is not a whole number")
        case .notNumber:
            return sensitive(.invalidNumber, "\(quoted) is not a number", redacted: "\(name) is not a number")
        case .belowMinimum(let minimum):
            let bound = FieldValue.format(minimum)
            return sensitive(
                .valueOutOfRange, "\(value) is less than \(bound), the minimum of \(name)",
                redacted: "\(name) is less than its minimum \(bound)")
        case .aboveMaximum(let maximum):
            let bound = FieldValue.format(maximum)
            return sensitive(
                .valueOutOfRange, "\(value) is more than \(bound), the maximum of \(name)",
                redacted: "\(name) is more than its maximum \(bound)")
        case .notBoolean:
            return sensitive(.invalidBoolean, "\(quoted) is not true or false", redacted: "\(name) is not true or false")
        case .notEnumCase:
            return sensitive(
                .unknownEnumValue, "\(quoted) is not one of the values of \(name)",
                redacted: "\(name) holds a value it does not take")
        case .notTimeZone:
            return sensitive(
                .unknownTimeZone, "\(quoted) is not an IANA time zone",
                redacted: "\(name) is not an IANA time zone")
        }
    }

    package static func collidingKey(_ key: String, other: String, field: String) -> DiagnosticMessage {
        sensitive(
            .collidingKey, "key '\(key)' names the same message files as key '\(other)'",
            redacted: "two keys in '\(field)' name the same message files")
    }

    package static func duplicateKey(_ key: String, field: String) -> DiagnosticMessage {
        sensitive(.duplicateKey, "duplicate key '\(key)'", redacted: "duplicate key in '\(field)'")
    }

    package static func duplicateValue(_ value: String, field: String) -> DiagnosticMessage {
        sensitive(
            .duplicateValue, "'\(value)' appears twice in '\(field)', which is unique",
            redacted: "a value appears twice in '\(field)', which is unique")
    }

    package static func sharedAddress(_ address: String, keys: [String], total: Int) -> DiagnosticMessage {
        let listed =
            keys.map { "'\($0)'" }.joined(separator: ", ") + (total > keys.count ? " and \((total - keys.count).grouped) more" : "")
        return sensitive(
            .sharedEmail, "\(total.grouped) contacts share the address '\(address)': \(listed)",
            redacted: "\(total.grouped) contacts share an address: \(listed)")
    }

    // MARK: - Suppression list

    package static func invalidSuppressedAddress(_ line: String, problem: EmailAddress.Problem) -> DiagnosticMessage {
        sensitive(
            .invalidSuppressionAddress,
            "'\(line)' is not an e-mail address (\(problem.explanation)); the line is ignored",
            redacted: "the line is not an e-mail address (\(problem.explanation)); it is ignored")
    }
}
