import TouchpointCore

/// The built-in values of one message, for rendering its templates.
public struct TemplateContext: Sendable {
    public var practiceName: String
    public var practiceAddress: String
    public var campaignTitle: String
    /// The rendered unsubscribe address, when the practice has one.
    public var unsubscribeURL: String?
    /// The day the message is sent, in the contact's time zone.
    public var sendDate: LocalDate
    /// The as-of date, for `today` in conditions.
    public var today: LocalDate
    /// The contact's unsubscribe token; `nil` without a secret (the checker rejects templates that
    /// use it then).
    public var contactToken: String?

    public init(
        practiceName: String, practiceAddress: String, campaignTitle: String, unsubscribeURL: String?,
        sendDate: LocalDate, today: LocalDate, contactToken: String?
    ) {
        self.practiceName = practiceName
        self.practiceAddress = practiceAddress
        self.campaignTitle = campaignTitle
        self.unsubscribeURL = unsubscribeURL
        self.sendDate = sendDate
        self.today = today
        self.contactToken = contactToken
    }

    public func value(of builtin: TemplateBuiltin) -> Value? {
        switch builtin {
        case .practiceName: .string(practiceName)
        case .practiceAddress: .string(practiceAddress)
        case .campaignTitle: .string(campaignTitle)
        case .unsubscribeURL: unsubscribeURL.map(Value.string)
        case .sendDate: .date(sendDate)
        case .contactToken: contactToken.map(Value.string)
        }
    }
}
