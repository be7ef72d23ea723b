/// A unified diff of two texts by lines, as `git diff` shows one: what `feedback --dry-run`
/// prints. The shortest edit script is found with Myers' algorithm (O((N+M)·D)), which stays fast
/// on a long suppression file with a few new lines.
public enum LineDiff {
    /// `---`/`+++` headers naming `path`, then hunks with `context` lines around each change;
    /// empty when the texts are equal.
    public static func unified(old: String, new: String, path: String, context: Int = 3) -> String {
        let a = lines(old)
        let b = lines(new)
        let script = edits(a, b)
        guard script.contains(where: { $0.kind != .same }) else { return "" }
        var out = "--- a/\(path)\n+++ b/\(path)\n"
        var index = 0
        while index < script.count {
            guard let firstChange = script[index...].firstIndex(where: { $0.kind != .same }) else { break }
            var start = max(index, firstChange - context)
            if start < index { start = index }
            var end = firstChange
            // Extend the hunk while the next change is within twice the context.
            while end < script.count {
                guard let nextSame = script[end...].firstIndex(where: { $0.kind == .same }) else {
                    end = script.count
                    break
                }
                guard let nextChange = script[nextSame...].firstIndex(where: { $0.kind != .same }) else {
                    end = min(script.count, nextSame + context)
                    break
                }
                if nextChange - nextSame > 2 * context {
                    end = nextSame + context
                    break
                }
                end = nextChange
            }
            let hunk = script[start..<end]
            let oldStart = (hunk.first?.oldLine ?? 0)
            let newStart = (hunk.first?.newLine ?? 0)
            let oldCount = hunk.count { $0.kind != .inserted }
            let newCount = hunk.count { $0.kind != .deleted }
            out += "@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@\n"
            for edit in hunk {
                switch edit.kind {
                case .same: out += " " + a[edit.oldLine - 1] + "\n"
                case .deleted: out += "-" + a[edit.oldLine - 1] + "\n"
                case .inserted: out += "+" + b[edit.newLine - 1] + "\n"
                }
            }
            index = end
        }
        return out
    }

    private static func range(_ start: Int, _ count: Int) -> String {
        count == 1 ? "\(start)" : "\(count == 0 ? start - 1 : start),\(count)"
    }

    package static func lines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    package struct Edit {
        package enum Kind { case same, deleted, inserted }
        package let kind: Kind
        /// 1-based lines; for an insertion, `oldLine` is the old line it comes after plus one (and
        /// for a deletion `newLine` likewise), as hunk headers count.
        package let oldLine: Int
        package let newLine: Int
    }

    /// The edit script from `a` to `b`.
    package static func edits(_ a: [String], _ b: [String]) -> [Edit] {
        let n = a.count
        let m = b.count
        let max = n + m
        var v = [Int](repeating: 0, count: 2 * max + 2)
        var trace: [[Int]] = []
        outer: for d in 0...max {
            trace.append(v)
            for k in stride(from: -d, through: d, by: 2) {
                var x: Int
                if k == -d || (k != d && v[max + k - 1] < v[max + k + 1]) {
                    x = v[max + k + 1]
                } else {
                    x = v[max + k - 1] + 1
                }
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                v[max + k] = x
                if x >= n, y >= m { break outer }
            }
        }
        // Walk back through the trace.
        var script: [Edit] = []
        var x = n
        var y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let v = trace[d]
            let k = x - y
            let previousK = (k == -d || (k != d && v[max + k - 1] < v[max + k + 1])) ? k + 1 : k - 1
            let previousX = d == 0 ? 0 : v[max + previousK]
            let previousY = previousX - previousK
            while x > previousX, y > previousY {
                script.append(Edit(kind: .same, oldLine: x, newLine: y))
                x -= 1
                y -= 1
            }
            if d > 0 {
                if x == previousX {
                    script.append(Edit(kind: .inserted, oldLine: x + 1, newLine: y))
                } else {
                    script.append(Edit(kind: .deleted, oldLine: x, newLine: y + 1))
                }
            }
            x = previousX
            y = previousY
        }
        return script.reversed()
    }
}
