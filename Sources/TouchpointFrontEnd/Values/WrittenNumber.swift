import TouchpointCore

/// A decimal number and the text it was written as. Two numbers are equal when their values are
/// (`5.0` and `5` are the same number); a message shows the text, so `5.0` stays `5.0` and a
/// price of `12.50` keeps its last zero.
public struct WrittenNumber: Sendable, Hashable {
    public let value: Double
    public let text: String

    public init(_ value: Double, text: String) {
        self.value = value
        self.text = text
    }

    /// A number written in a template, shown as Liquid shows a decimal number: the shortest text
    /// that reads back as the same value, with at least one digit after the point (`5.0`,
    /// `2.5`, `1.0e+16`).
    public init(literal value: Double) {
        var text = String(value)
        if let exponent = text.firstIndex(where: { $0 == "e" || $0 == "E" }), !text[..<exponent].contains(".") {
            text.insert(contentsOf: ".0", at: exponent)
        }
        self.init(value, text: text)
    }

    public static func == (lhs: WrittenNumber, rhs: WrittenNumber) -> Bool {
        lhs.value == rhs.value
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(value)
    }
}
