/// The one contact a diagnostic is about, when it is about one row of a contact list's data file
/// only: a value that is not of its field's type, a required value that is missing, a key that
/// another row has too. A build that keeps going past bad rows holds that contact back rather
/// than stopping for everyone (`build --keep-going`).
public struct ContactRow: Sendable, Hashable {
    /// The data file, `contacts/patients.csv`.
    public let path: String
    /// The row as a spreadsheet shows it (CSV, the header is row 1), or the line a YAML contact
    /// starts on.
    public let row: Int
    /// The contact's key, `nil` when the row's key cannot be read (missing, or not of the key
    /// field's type): such a row cannot be told apart from any other contact's.
    public let key: String?

    public init(path: String, row: Int, key: String?) {
        self.path = path
        self.row = row
        self.key = key
    }
}
