import TouchpointCore

/// A rendered template: the template's own text and the merged values, kept apart so that the
/// next stage can escape the values (a merged value is always literal text, never Markdown).
public struct TemplateOutput: Sendable, Equatable {
    public enum Piece: Sendable, Equatable {
        /// Text written in the template.
        case source(String)
        /// A merged value.
        case value(String)
    }

    public private(set) var pieces: [Piece] = []

    public init(pieces: [Piece] = []) {
        for piece in pieces { append(piece) }
    }

    /// Adds a piece, joining it to the last one when both are of the same kind. Empty pieces are
    /// left out.
    package mutating func append(_ piece: Piece) {
        switch piece {
        case .source(let text), .value(let text):
            guard !text.isEmpty else { return }
        }
        guard let index = pieces.indices.last else {
            pieces.append(piece)
            return
        }
        // Joining appends to the last piece's text in place: the array lets go of it first, so
        // a body with many conditionals is not copied again for each one.
        switch piece {
        case .source(let text):
            guard case .source(var last) = pieces[index] else {
                pieces.append(piece)
                return
            }
            pieces[index] = .source("")
            last += text
            pieces[index] = .source(last)
        case .value(let text):
            guard case .value(var last) = pieces[index] else {
                pieces.append(piece)
                return
            }
            pieces[index] = .value("")
            last += text
            pieces[index] = .value(last)
        }
    }

    /// The whole output as plain text.
    public var text: String {
        var result = ""
        for piece in pieces {
            switch piece {
            case .source(let text), .value(let text): result += text
            }
        }
        return result
    }
}
