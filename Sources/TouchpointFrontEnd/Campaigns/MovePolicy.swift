/// What a step does when its send window would move a send off the day its rule gives
/// (`if_moved:`): the day is not an allowed weekday, or it is a holiday.
public enum MovePolicy: String, Sendable, CaseIterable, Encodable {
    /// To the nearest allowed day before.
    case earlier
    /// To the nearest allowed day after.
    case later
    /// Not at all: the message is not sent.
    case skip
    /// On the day the rule gives, closed or not.
    case send

    /// What a step without `if_moved` does: `before` rules move earlier, all others later.
    public static func standard(isBefore: Bool) -> MovePolicy { isBefore ? .earlier : .later }
}
