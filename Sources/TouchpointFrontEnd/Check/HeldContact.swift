/// A contact that a build told to keep going holds back, because a row of its has errors: the
/// build writes no new message for it and keeps the messages an earlier build wrote for it as
/// they are, until its row is fixed.
public struct HeldContact: Sendable, Equatable {
    /// The list, `patients`.
    public let list: String
    /// The contact's key.
    public let key: String
    /// The list's data file, `contacts/patients.csv`.
    public let path: String
    /// The rows with this key that have errors (a spreadsheet's rows, or a YAML file's lines), in
    /// order.
    public let rows: [Int]

    public init(list: String, key: String, path: String, rows: [Int]) {
        self.list = list
        self.key = key
        self.path = path
        self.rows = rows
    }

    /// `p0007 (contacts/patients.csv:8)`, or with every row of a key that has several:
    /// `p0007 (contacts/patients.csv:8, 12)`.
    public var description: String {
        "\(key) (\(path):\(rows.map(String.init).joined(separator: ", ")))"
    }
}
