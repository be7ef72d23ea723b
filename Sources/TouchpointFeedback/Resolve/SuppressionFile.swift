import TouchpointCore
import TouchpointFrontEnd

/// The suppression file as text that feedback adds to: the comment block at its top stays as it
/// is; below it, one line an address, `address  # reason`, sorted by address without regard to
/// case, each address once. A comment line between addresses stays with the address after it.
public enum SuppressionFile {
    /// A line to add.
    public struct Addition: Sendable, Equatable {
        public let address: String
        public let reason: String

        public init(address: String, reason: String) {
            self.address = address
            self.reason = reason
        }

        public var scope: SuppressionList.Scope { SuppressionList.scope(of: reason) }
    }

    /// What merging did to each address.
    public enum Effect: Sendable, Equatable {
        /// A new line.
        case added
        /// An existing line's reason replaced, because the new one stops more (all mail).
        case widened
        /// Already suppressed at least as widely: nothing changed.
        case alreadySuppressed
    }

    /// `text` with `additions` merged in, and what became of each; `text` unchanged (not even
    /// sorted) when no addition changes it.
    public static func merge(_ text: String, _ additions: [Addition]) -> (text: String, effects: [(Addition, Effect)]) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        var header: [String] = []
        var index = 0
        while index < lines.count, isComment(lines[index]) {
            header.append(lines[index])
            index += 1
        }
        // Each address line with the comment lines before it.
        struct Block {
            var comments: [String]
            var line: String
            var key: String
            var scope: SuppressionList.Scope
        }
        var blocks: [Block] = []
        var positions: [String: Int] = [:]
        var pending: [String] = []
        for line in lines[index...] {
            if isComment(line) {
                if !line.trimmingSpaces.isEmpty { pending.append(line) }
                continue
            }
            let (key, reason) = split(line)
            let block = Block(comments: pending, line: line, key: key, scope: SuppressionList.scope(of: reason))
            pending = []
            if let earlier = positions[key] {
                // The same address twice: one line, the wider.
                blocks[earlier].comments += block.comments
                if block.scope > blocks[earlier].scope { blocks[earlier].line = block.line }
                continue
            }
            positions[key] = blocks.count
            blocks.append(block)
        }
        var effects: [(Addition, Effect)] = []
        var changed = false
        for addition in additions {
            let key = addition.address.lowercased()
            let line = "\(addition.address)  # \(addition.reason)"
            if let position = positions[key] {
                if addition.scope > blocks[position].scope {
                    blocks[position].line = line
                    blocks[position].scope = addition.scope
                    effects.append((addition, .widened))
                    changed = true
                } else {
                    effects.append((addition, .alreadySuppressed))
                }
                continue
            }
            positions[key] = blocks.count
            blocks.append(Block(comments: [], line: line, key: key, scope: addition.scope))
            effects.append((addition, .added))
            changed = true
        }
        guard changed else { return (text, effects) }
        let sorted = blocks.enumerated().sorted { ($0.element.key, $0.offset) < ($1.element.key, $1.offset) }.map(\.element)
        var out = header
        for block in sorted { out += block.comments + [block.line] }
        out += pending
        return (out.map { $0 + "\n" }.joined(), effects)
    }

    /// A blank line, or one that is only a comment.
    private static func isComment(_ line: String) -> Bool {
        let trimmed = line.trimmingSpaces
        return trimmed.isEmpty || trimmed.hasPrefix("#")
    }

    /// The address (lowercased) of a line, and its comment.
    private static func split(_ line: String) -> (key: String, reason: String?) {
        var address = Substring(line)
        var reason: String?
        var previous: Character = " "
        for index in line.indices {
            if line[index] == "#", previous == " " || previous == "\t" {
                address = line[..<index]
                reason = String(line[line.index(after: index)...]).trimmingSpaces
                break
            }
            previous = line[index]
        }
        return (String(address).trimmingSpaces.lowercased(), reason)
    }
}
