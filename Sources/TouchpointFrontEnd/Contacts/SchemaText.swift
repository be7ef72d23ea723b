import TouchpointCore

/// A contact schema's field written back as YAML, as `check` proposes it in a help line and
/// `touchpoint schema` drafts it: `first_name: { type: string, required: true, column: "First Name" }`.
package enum SchemaText {
    /// The field's definition, the part after `name: `, as one flow mapping; with `column`
    /// in place of the field's own.
    package static func definition(of field: ContactField, column: String?) -> String {
        var options = ["type: \(field.type.rawValue)"]
        if field.required { options.append("required: true") }
        if let unique = field.unique { options.append("unique: \(unique)") }
        if let minimum = field.minimum { options.append("min: \(FieldValue.format(minimum))") }
        if let maximum = field.maximum { options.append("max: \(FieldValue.format(maximum))") }
        if !field.values.isEmpty { options.append("values: [" + field.values.map(scalar).joined(separator: ", ") + "]") }
        if let format = field.format { options.append("format: \(quoted(format.pattern))") }
        if let pivot = field.pivot { options.append("pivot: \(pivot)") }
        if field.past { options.append("past: true") }
        if field.future { options.append("future: true") }
        if field.type == .list { options.append("separator: \(quoted(field.separator))") }
        if let value = field.defaultValue { options.append("default: \(text(of: value))") }
        if let column, column != field.name { options.append("column: \(quoted(column))") }
        return "{ " + options.joined(separator: ", ") + " }"
    }

    /// A value as YAML writes it.
    private static func text(of value: FieldValue) -> String {
        switch value {
        case .boolean(let flag): flag ? "true" : "false"
        case .integer, .number, .date: value.text
        case .list(let items): "[" + items.map(scalar).joined(separator: ", ") + "]"
        default: scalar(value.text)
        }
    }

    /// `text` as a plain scalar when it is a simple word, else double-quoted.
    package static func scalar(_ text: String) -> String {
        let simple =
            !text.isEmpty && !reserved.contains(text.lowercased())
            && text.unicodeScalars.enumerated().allSatisfy { index, scalar in
                scalar.isASCII
                    && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_"
                        || (index > 0 && ".@+/-".unicodeScalars.contains(scalar)))
            }
            && !(text.first?.isNumber ?? false)
        return simple ? text : quoted(text)
    }

    /// Words YAML readers other than Touchpoint's take for something other than text.
    private static let reserved: Set<String> = ["true", "false", "yes", "no", "y", "n", "on", "off", "null", "~"]

    /// `text` in double quotes, with `"`, `\` and control characters escaped.
    package static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16, uppercase: true)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
