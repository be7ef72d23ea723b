import TouchpointCore

/// A token of the expression language, with its byte range in the text being read.
package struct ExpressionToken: Sendable {
    package enum Kind: Sendable, Equatable {
        /// A field path or a keyword: `status`, `contact.first_name`, `and`.
        case word(String)
        case string(String)
        case integer(Int)
        case number(Double)
        case date(LocalDate)
        case symbol(Symbol)
        case end
    }

    package enum Symbol: String, Sendable {
        case equal = "=="
        case notEqual = "!="
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
        case leftParen = "("
        case rightParen = ")"
        case leftBracket = "["
        case rightBracket = "]"
        case comma = ","
        case pipe = "|"
        case colon = ":"

        package var comparison: ComparisonOperator? { ComparisonOperator(rawValue: rawValue) }
    }

    package let kind: Kind
    package let range: Range<Int>

    /// Whether the token is the keyword `name` (keywords are lowercase and never dotted).
    package func isKeyword(_ name: String) -> Bool {
        if case .word(let word) = kind { return word == name }
        return false
    }

    /// The token as a message names it: `'status'`, `'=='`, "the end of the condition".
    package var description: String {
        switch kind {
        case .word(let word): "'\(word)'"
        case .string(let text): "\"\(text)\""
        case .integer(let value): "'\(value)'"
        case .number(let value): "'\(value)'"
        case .date(let date): "'\(date)'"
        case .symbol(let symbol): "'\(symbol.rawValue)'"
        case .end: "the end of the condition"
        }
    }
}

/// The words with a meaning of their own; a field with one of these names is written
/// `contact.<name>`.
package enum ExpressionKeyword {
    package static let all: Set<String> = ["and", "or", "not", "in", "contains", "is", "empty", "today", "true", "false"]
    /// Words that may follow a term.
    package static let operators = ["and", "or", "in", "contains", "is"]
}
