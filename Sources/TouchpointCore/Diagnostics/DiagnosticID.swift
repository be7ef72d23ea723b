/// Every diagnostic Touchpoint reports, by its stable kebab-case ID, with its severity and what it
/// means apart from any one occurrence. This is the one place an ID is defined:
///
/// - the stages' message factories name a case (`DiagnosticMessage(.unknownMergeField, "…")`) and
///   the message takes its severity from it, so an ID cannot be reported with two severities;
/// - SARIF's rule catalog (`tool.driver.rules`) is made from the title, meaning and help here;
/// - docs/diagnostics.md, the page for people, lists every case with its severity, and a test
///   checks its tables against this enum.
///
/// The raw value is what users see in brackets after a message and what CI configurations match
/// on: never change one.
public enum DiagnosticID: String, Sendable, CaseIterable {
    // Reading YAML
    case invalidUTF8 = "invalid-utf8"
    case yamlSyntax = "yaml-syntax"
    case yamlDuplicateKey = "yaml-duplicate-key"
    case yamlMultipleDocuments = "yaml-multiple-documents"
    case yamlUnknownAlias = "yaml-unknown-alias"
    case yamlAliasExpansion = "yaml-alias-expansion"
    case yamlTooDeep = "yaml-too-deep"
    case yamlComplexKey = "yaml-complex-key"
    case yamlBadMerge = "yaml-bad-merge"

    // Keys and values
    case expectedMapping = "expected-mapping"
    case expectedList = "expected-list"
    case unknownKey = "unknown-key"
    case missingKey = "missing-key"
    case wrongType = "wrong-type"
    case emptyValue = "empty-value"

    // The practice file
    case missingPracticeFile = "missing-practice-file"
    case emptyFile = "empty-file"
    case unknownTimeZone = "unknown-time-zone"
    case invalidMailbox = "invalid-mailbox"
    case invalidEmail = "invalid-email"
    case invalidDomain = "invalid-domain"
    case invalidHours = "invalid-hours"
    case unknownWeekday = "unknown-weekday"
    case duplicateWeekday = "duplicate-weekday"
    case noSendDays = "no-send-days"
    case invalidDate = "invalid-date"
    case invalidLimit = "invalid-limit"
    case invalidDuration = "invalid-duration"
    case missingUnsubscribeMethod = "missing-unsubscribe-method"
    case invalidURL = "invalid-url"
    case insecureUnsubscribeURL = "insecure-unsubscribe-url"
    case pathOutsideRoot = "path-outside-root"
    case missingFile = "missing-file"

    // Contact lists: files and schemas
    case missingContactSchema = "missing-contact-schema"
    case missingContactData = "missing-contact-data"
    case ambiguousContactData = "ambiguous-contact-data"
    case unrecognizedContactFile = "unrecognized-contact-file"
    case noFields = "no-fields"
    case invalidFieldName = "invalid-field-name"
    case unknownFieldType = "unknown-field-type"
    case optionNotForType = "option-not-for-type"
    case invalidDefault = "invalid-default"
    case unknownField = "unknown-field"
    case wrongFieldType = "wrong-field-type"
    case keyIsEmail = "key-is-email"
    case invalidDateFormat = "invalid-date-format"
    case missingEnumValues = "missing-enum-values"
    case duplicateEnumValue = "duplicate-enum-value"
    case invalidBound = "invalid-bound"
    case invalidDelimiter = "invalid-delimiter"
    case unknownMergeField = "unknown-merge-field"

    // Contact data
    case csvUnterminatedQuote = "csv-unterminated-quote"
    case csvStrayQuote = "csv-stray-quote"
    case csvFieldCount = "csv-field-count"
    case csvMissingHeader = "csv-missing-header"
    case csvWrongDelimiter = "csv-wrong-delimiter"
    case unknownColumn = "unknown-column"
    case unnamedColumn = "unnamed-column"
    case duplicateColumn = "duplicate-column"
    case removesDueMessages = "removes-due-messages"
    case collidingKey = "colliding-key"
    case columnNameMismatch = "column-name-mismatch"
    case tooFewRows = "too-few-rows"
    case missingColumn = "missing-column"
    case unknownContactField = "unknown-contact-field"
    case missingValue = "missing-value"
    case invalidDatetime = "invalid-datetime"
    case ambiguousDateOrder = "ambiguous-date-order"
    case dateInFuture = "date-in-future"
    case dateInPast = "date-in-past"
    case invalidInteger = "invalid-integer"
    case invalidNumber = "invalid-number"
    case valueOutOfRange = "value-out-of-range"
    case invalidBoolean = "invalid-boolean"
    case unknownEnumValue = "unknown-enum-value"
    case duplicateKey = "duplicate-key"
    case duplicateValue = "duplicate-value"
    case sharedEmail = "shared-email"
    case invalidSuppressionAddress = "invalid-suppression-address"

    // Campaigns
    case invalidCampaignID = "invalid-campaign-id"
    case invalidStepID = "invalid-step-id"
    case duplicateCampaign = "duplicate-campaign"
    case duplicateStep = "duplicate-step"
    case noSteps = "no-steps"
    case unknownAudience = "unknown-audience"
    case unknownKind = "unknown-kind"
    case unknownOutboxMode = "unknown-outbox-mode"
    case invalidDeliveryCommand = "invalid-delivery-command"
    case invalidDeliveryRate = "invalid-delivery-rate"
    case invalidDeliveryAttempts = "invalid-delivery-attempts"
    case bodyConflict = "body-conflict"
    case missingBody = "missing-body"
    case bodyFileOutside = "body-file-outside"
    case bodyFileMissing = "body-file-missing"
    case multilineSubject = "multiline-subject"
    case invalidSendRule = "invalid-send-rule"
    case invalidSendField = "invalid-send-field"
    case timeOutsideWindow = "time-outside-window"
    case unknownMovePolicy = "unknown-move-policy"
    case sameDayBefore = "same-day-before"
    case yearlyDateOnce = "yearly-date-once"
    case shortMonthDay = "short-month-day"
    case timeInClockGap = "time-in-clock-gap"
    case relativeDayWord = "relative-day-word"
    case rawHTML = "raw-html"
    case unsafeLinkScheme = "unsafe-link-scheme"
    case missingUnsubscribeLink = "missing-unsubscribe-link"
    case emptyUnsubscribeLink = "empty-unsubscribe-link"
    case emptyMergeField = "empty-merge-field"
    case unreachableCampaign = "unreachable-campaign"
    case unreachableStep = "unreachable-step"
    case untakenBranch = "untaken-branch"
    case caseMismatch = "case-mismatch"
    case consentNotDeclared = "consent-not-declared"

    // The layout
    case layoutWithoutContent = "layout-without-content"
    case layoutContentTwice = "layout-content-twice"

    // Conditions
    case expressionSyntax = "expression-syntax"
    case mixedAndOr = "mixed-and-or"
    case emptyExpression = "empty-expression"
    case unexpectedCharacter = "unexpected-character"
    case unterminatedString = "unterminated-string"
    case invalidLiteral = "invalid-literal"
    case invalidDateLiteral = "invalid-date-literal"
    case expressionTooDeep = "expression-too-deep"
    case typeMismatch = "type-mismatch"
    case invalidContains = "invalid-contains"
    case invalidIn = "invalid-in"
    case invalidOrdering = "invalid-ordering"
    case invalidEmptyCheck = "invalid-empty-check"
    case redundantEmptyCheck = "redundant-empty-check"
    case notACondition = "not-a-condition"

    // Templates
    case templateSyntax = "template-syntax"
    case unknownFilter = "unknown-filter"
    case unknownTag = "unknown-tag"
    case filterTypeMismatch = "filter-type-mismatch"
    case filterArgumentCount = "filter-argument-count"
    case filterArgumentType = "filter-argument-type"
    case missingSecret = "missing-secret"
    case shadowedField = "shadowed-field"
    case unclosedDelimiter = "unclosed-delimiter"
    case unclosedBlock = "unclosed-block"
    case mismatchedTag = "mismatched-tag"
    case strayTag = "stray-tag"
    case misplacedElse = "misplaced-else"
    case templateTooDeep = "template-too-deep"

    /// What an ID means and what to do about it, apart from any one occurrence.
    public struct Entry: Sendable {
        /// The severity every diagnostic with the ID has.
        public let severity: Severity
        /// A few words naming the problem, lowercase, no trailing period.
        public let title: String
        /// What the problem is, in a sentence.
        public let meaning: String
        /// What to do about it, in a sentence.
        public let help: String

        fileprivate static func error(_ title: String, _ meaning: String, _ help: String) -> Entry {
            Entry(severity: .error, title: title, meaning: meaning, help: help)
        }

        fileprivate static func warning(_ title: String, _ meaning: String, _ help: String) -> Entry {
            Entry(severity: .warning, title: title, meaning: meaning, help: help)
        }
    }

    public var severity: Severity { entry.severity }

    /// The ID in PascalCase (`UnknownMergeField`), as SARIF's `name` wants it.
    public var name: String {
        rawValue.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// The severity, title, meaning and help of the ID, grouped as docs/diagnostics.md groups them.
    public var entry: Entry {
        switch self {
        // Reading YAML
        case .invalidUTF8:
            .error(
                "file is not UTF-8",
                "The file holds a byte that is not part of a UTF-8 character.",
                "Save the file as UTF-8 (spreadsheets offer 'CSV UTF-8' under 'Save As').")
        case .yamlSyntax:
            .error(
                "invalid YAML",
                "The file is not valid YAML; the message is the YAML parser's, at the place it stopped.",
                "Fix the text at the reported place: indent with spaces, not tabs, and quote values that contain ': ' or start with a special character."
            )
        case .yamlDuplicateKey:
            .error(
                "duplicate YAML key",
                "A mapping names the same key twice, and YAML would silently keep only one of them.",
                "Remove one of the two.")
        case .yamlMultipleDocuments:
            .error(
                "more than one YAML document",
                "The file holds a second document after '---'.",
                "Keep one document per file.")
        case .yamlUnknownAlias:
            .error(
                "alias without an anchor",
                "An alias '*name' refers to no anchor '&name' defined before it.",
                "Define the anchor before the alias, or fix the alias's name.")
        case .yamlAliasExpansion:
            .error(
                "aliases expand too far",
                "Aliases expand to more than 100,000 nodes, as in a 'billion laughs' file.",
                "Write the values out, or use fewer levels of aliases.")
        case .yamlTooDeep:
            .error(
                "YAML nested too deeply",
                "The file nests lists and mappings more than 100 levels deep.",
                "Check the indentation.")
        case .yamlComplexKey:
            .error(
                "list or mapping used as a key",
                "A key is a list or a mapping; keys must be plain text.",
                "Write the key as plain text.")
        case .yamlBadMerge:
            .error(
                "invalid merge key",
                "'<<:' is given something other than a mapping or a list of mappings.",
                "Merge a mapping, as in '<<: *defaults'.")

        // Keys and values
        case .expectedMapping:
            .error(
                "expected key: value lines",
                "A place that takes 'key: value' lines holds a list or a single value.",
                "Indent the keys under their name.")
        case .expectedList:
            .error(
                "expected a list",
                "A YAML contact file must be a list of contacts.",
                "Start every contact with '- ' and indent its fields under it.")
        case .unknownKey:
            .error(
                "unknown key",
                "A key this place does not take.",
                "Fix the spelling, or remove the key.")
        case .missingKey:
            .error(
                "missing required key",
                "A required key is missing; every missing key is reported.",
                "Add the key.")
        case .wrongType:
            .error(
                "value of the wrong kind",
                "A value of the wrong kind, such as a list where text belongs.",
                "Write a value of the kind the message names.")
        case .emptyValue:
            .error(
                "key without a value",
                "A key is given no value.",
                "Give it a value, or remove the key.")

        // The practice file
        case .missingPracticeFile:
            .error(
                "no touchpoint.yaml",
                "The folder has no 'touchpoint.yaml', so it is not a practice.",
                "Run 'touchpoint init', or pass the practice's folder with '--root'.")
        case .emptyFile:
            .error(
                "empty file",
                "The file holds nothing.",
                "Fill it in; 'touchpoint init' writes a starting point.")
        case .unknownTimeZone:
            .error(
                "unknown time zone",
                "A time zone that is not a name from the IANA time zone database; abbreviations such as 'CST' are ambiguous.",
                "Use a name such as 'America/Chicago'.")
        case .invalidMailbox:
            .error(
                "invalid mailbox",
                "'from' or 'reply_to' is neither 'Name <address>' nor a bare address.",
                "Write it as \"Name <address@domain>\"; the message says what is wrong.")
        case .invalidEmail:
            .error(
                "invalid e-mail address",
                "A value that must be an e-mail address is not one.",
                "Correct the address; the message says what is wrong with it.")
        case .invalidDomain:
            .error(
                "invalid domain name",
                "'domain' is not a host name.",
                "Use the part after '@' of the practice's addresses.")
        case .invalidHours:
            .error(
                "invalid send-window hours",
                "'send_window.hours' is not 'HH:MM-HH:MM', or ends before it starts.",
                "Write it as \"08:00-18:00\".")
        case .unknownWeekday:
            .error(
                "unknown day of the week",
                "A day in 'send_window.days' that is not a day name.",
                "Use 'mon' to 'sun', or the full names.")
        case .duplicateWeekday:
            .warning(
                "day listed twice",
                "A day appears twice in 'send_window.days'.",
                "Remove one of them.")
        case .noSendDays:
            .error(
                "send window has no days",
                "'send_window.days' is empty, so nothing could ever be sent.",
                "List at least one day.")
        case .invalidDate:
            .error(
                "invalid date",
                "A date that is not in the expected form, or a day that does not exist.",
                "Write a real date in the form the field expects (YYYY-MM-DD unless the schema gives a 'format').")
        case .invalidLimit:
            .error(
                "invalid frequency cap",
                "'limits.marketing_per_contact' is not like '2 per 7 days'.",
                "Write a count, 'per', and a number of days or weeks.")
        case .invalidDuration:
            .error(
                "invalid length of time",
                "A length of time, such as 'horizon', is not like '60 days'.",
                "Write a whole number and days, weeks or months.")
        case .missingUnsubscribeMethod:
            .error(
                "no unsubscribe method",
                "'unsubscribe' has neither a 'url' nor a 'mailto'.",
                "Add at least one of them.")
        case .invalidURL:
            .error(
                "invalid unsubscribe URL",
                "The unsubscribe URL is not an http(s) address.",
                "Use an https:// page.")
        case .insecureUnsubscribeURL:
            .warning(
                "unsubscribe page is not https",
                "Mail clients offer one-click unsubscribe only for an https page.",
                "Serve the unsubscribe page over https.")
        case .pathOutsideRoot:
            .error(
                "path outside the practice",
                "A path leaves the practice folder.",
                "Keep the file inside the practice folder.")
        case .missingFile:
            .error(
                "file does not exist",
                "'suppression' names a file that does not exist.",
                "Create the file, or remove the key.")

        // Contact lists: files and schemas
        case .missingContactSchema:
            .error(
                "contact data without a schema",
                "A contact data file has no 'contacts/NAME.schema.yaml' beside it.",
                "Describe the list's fields in its schema file.")
        case .missingContactData:
            .error(
                "contact schema without data",
                "A contact schema has no 'contacts/NAME.csv' or 'contacts/NAME.yaml' beside it.",
                "Add the list's data file, or remove the schema.")
        case .ambiguousContactData:
            .error(
                "two data files for one list",
                "A list has both a CSV and a YAML data file.",
                "Keep one of them; a list has one data file.")
        case .unrecognizedContactFile:
            .warning(
                "file in contacts/ not read",
                "A file in the contacts folder is neither a schema, a data file nor the suppression list.",
                "Rename .yml to .yaml, or .tsv to .csv with 'delimiter: tab'; export a spreadsheet as CSV UTF-8.")
        case .noFields:
            .error(
                "schema lists no fields",
                "A contact schema's 'fields' is empty.",
                "List the fields as 'name: type' lines under 'fields'.")
        case .invalidFieldName:
            .error(
                "invalid field name",
                "A field name that templates and conditions could not refer to.",
                "Rename the field, and rename its column to match.")
        case .unknownFieldType:
            .error(
                "unknown field type",
                "A field's type is not one Touchpoint knows.",
                "Use string, email, date, datetime, integer, number, boolean, enum, list or timezone.")
        case .optionNotForType:
            .error(
                "option does not apply to the type",
                "A field option that applies only to other types, such as 'values' on a date.",
                "Remove the option, or change the field's type.")
        case .invalidDefault:
            .error(
                "invalid default",
                "A field's 'default' is not a valid value of its type.",
                "Give a default the field's type accepts.")
        case .unknownField:
            .error(
                "unknown field",
                "A name that is not a field of the contact list.",
                "Fix the spelling, or add the field to the list's schema.")
        case .wrongFieldType:
            .error(
                "field of the wrong type",
                "A schema role such as 'email', 'timezone' or 'consent' names a field of the wrong type.",
                "Name a field of the type the role needs.")
        case .keyIsEmail:
            .error(
                "key is the e-mail field",
                "The list's key is its e-mail address field; addresses change and are shared.",
                "Add a stable identifier field such as 'id' and name it as the key.")
        case .invalidDateFormat:
            .error(
                "invalid date format",
                "A date format holds something that is not a supported strftime directive.",
                "Use the directives the note lists, as in \"%m/%d/%Y\".")
        case .missingEnumValues:
            .error(
                "enum without values",
                "An enum field has no 'values'.",
                "Add 'values: [a, b]' to the field.")
        case .duplicateEnumValue:
            .error(
                "enum value listed twice",
                "An enum field lists the same value twice.",
                "Remove one of them.")
        case .invalidBound:
            .error(
                "invalid min or max",
                "A field's 'min' or 'max' is not a value of its type, or 'min' is more than 'max'.",
                "Give bounds of the field's type, with 'min' at most 'max'.")
        case .invalidDelimiter:
            .error(
                "invalid CSV delimiter",
                "A schema's 'delimiter' is not a single character that can separate CSV fields.",
                "Use ',', ';' or 'tab'.")
        case .unknownMergeField:
            .error(
                "unknown merge field",
                "A template names a field the contact list does not have.",
                "Fix the spelling, or add the field to the list's schema.")

        // Contact data
        case .csvUnterminatedQuote:
            .error(
                "unclosed quoted CSV field",
                "A quoted CSV field is never closed.",
                "Close the field with a '\"'; a quote inside a quoted field is written twice.")
        case .csvStrayQuote:
            .error(
                "stray quote in CSV",
                "A quote inside an unquoted field, or text after the quote that closes a quoted field.",
                "Enclose the whole field in quotes and write each quote inside it twice.")
        case .csvFieldCount:
            .error(
                "wrong number of CSV fields",
                "A row has more or fewer fields than the header.",
                "Quote values that hold the delimiter, and leave a field empty where there is no value.")
        case .csvMissingHeader:
            .error(
                "CSV without a header row",
                "The CSV file has no header row naming its columns.",
                "Start the file with a row of column names.")
        case .csvWrongDelimiter:
            .error(
                "CSV separated by another character",
                "The header row does not hold the schema's delimiter but another one, such as ';' in a European spreadsheet export or a tab.",
                "Set 'delimiter' in the list's schema to the character the export uses, as the help line shows.")
        case .unknownColumn:
            .warning(
                "column is not a field",
                "A CSV column that the schema does not declare; its values are ignored.",
                "Add the field to the schema, or remove the column.")
        case .unnamedColumn:
            .warning(
                "column without a name",
                "A CSV column with an empty header; its values are ignored.",
                "Name the column after a field, or remove it.")
        case .duplicateColumn:
            .error(
                "column appears twice",
                "Two CSV columns have the same name.",
                "Rename or remove one of them.")
        case .removesDueMessages:
            .error(
                "build would remove many due messages",
                "A build would remove more of the messages still due in the outbox than 'limits: max_removed' lets it remove on its own (default: more than 20% and more than 10 messages), as when an export changed shape or came out short, or a campaign file disappeared; nothing is written.",
                "If the removal is meant, run 'touchpoint build --allow-removals'.")
        case .collidingKey:
            .error(
                "keys that name the same files",
                "Two contacts' keys differ only in characters a file name cannot hold or in case ('a/b' and 'a\\b', 'P1' and 'p1'), so their messages would have the same file name, or names that a share ignoring case takes for one.",
                "Give the contacts keys that differ in more than case and punctuation.")
        case .columnNameMismatch:
            .error(
                "column named like a field but not as it",
                "A CSV column's name matches a field only when case, spaces or punctuation are ignored ('Status' for 'status', 'First Name' for 'first_name'), as when an export's header changed.",
                "Rename the column to the field's name.")
        case .tooFewRows:
            .error(
                "list has fewer contacts than min_rows",
                "The list's data has fewer contacts than its schema's 'min_rows', as when an export came out empty or was cut short.",
                "Check the export; if the list really is that small, lower 'min_rows'.")
        case .missingColumn:
            .error(
                "required column missing",
                "The CSV header has no column for a required field.",
                "Add a column named after the field to the header.")
        case .unknownContactField:
            .error(
                "unknown contact field",
                "A contact in a YAML list has a field the schema does not declare.",
                "Fix the spelling, or add the field to the schema.")
        case .missingValue:
            .error(
                "required value missing",
                "A required field is empty for a contact.",
                "Fill it in, or give the field a 'default' in the schema.")
        case .invalidDatetime:
            .error(
                "invalid date and time",
                "A value of a datetime field is not a date and time.",
                "Write it like 2026-11-03T09:30, with an optional offset such as -06:00, or set the field's 'format' to match the export.")
        case .ambiguousDateOrder:
            .warning(
                "dates read both month first and day first",
                "Every date in a column fits both the field's format and the same format with the month and the day swapped, so the data cannot show which one the export uses.",
                "Check one date you know against the export; if the day comes first, swap '%m' and '%d' in the field's 'format'.")
        case .dateInFuture:
            .error(
                "date later than today in a past field",
                "A field marked 'past: true', such as a birth date, holds a date after the day of the check.",
                "Correct the date; a two-digit year may need the field's 'pivot'.")
        case .dateInPast:
            .error(
                "date earlier than today in a future field",
                "A field marked 'future: true', such as an appointment, holds a date before the day of the check.",
                "Correct the date, or drop 'future: true' if the list keeps past dates.")
        case .invalidInteger:
            .error(
                "not a whole number",
                "A value of an integer field is not a whole number.",
                "Write a whole number such as 7, without a decimal point or separators.")
        case .invalidNumber:
            .error(
                "not a number",
                "A value of a number field is not a number.",
                "Write a number such as 3.5, with '.' as the decimal point.")
        case .valueOutOfRange:
            .error(
                "value out of range",
                "A number is below the field's 'min' or above its 'max'.",
                "Correct the value, or the field's bounds.")
        case .invalidBoolean:
            .error(
                "not true or false",
                "A value of a boolean field is not true or false.",
                "Write true or false (yes/no, y/n and 1/0 work too).")
        case .unknownEnumValue:
            .error(
                "value not allowed",
                "A value, or a literal compared with an enum field, is not one of the field's values.",
                "Use one of the field's values, or add the value to the schema.")
        case .duplicateKey:
            .error(
                "duplicate contact key",
                "Two contacts of a list have the same key.",
                "Give every contact its own key; if the rows are one person, remove one of them.")
        case .duplicateValue:
            .error(
                "duplicate value in a unique field",
                "Two contacts share a value in a field marked 'unique: true'.",
                "Correct one of the values, or drop 'unique' from the field.")
        case .sharedEmail:
            .warning(
                "contacts share an address",
                "Several contacts have the same e-mail address; each still gets its own messages.",
                "Set 'unique: false' on the e-mail field if shared addresses are expected, or 'unique: true' to forbid them.")
        case .invalidSuppressionAddress:
            .warning(
                "suppression line is not an address",
                "A line of the suppression list is not an e-mail address, and is ignored.",
                "Write one address a line; start a comment with '#'.")

        // Campaigns
        case .invalidCampaignID:
            .error(
                "invalid campaign id",
                "A campaign id that is not lowercase letters, digits and '-', starting with a letter.",
                "Rename the campaign, as in 'new-patient-welcome'.")
        case .invalidStepID:
            .error(
                "invalid step id",
                "A step id that is not lowercase letters, digits and '-', starting with a letter.",
                "Rename the step, as in 'get-ready'.")
        case .duplicateCampaign:
            .error(
                "campaign defined twice",
                "Two campaign files use the same campaign id.",
                "Give each campaign its own id.")
        case .duplicateStep:
            .error(
                "step defined twice",
                "Two steps of a campaign have the same id.",
                "Give each step its own id.")
        case .noSteps:
            .error(
                "campaign without steps",
                "A campaign has no steps, so it sends nothing.",
                "Add at least one step.")
        case .unknownAudience:
            .error(
                "unknown audience",
                "A campaign's 'audience' names no contact list.",
                "Name a list that has files 'contacts/NAME.schema.yaml' and 'contacts/NAME.csv' (or .yaml).")
        case .unknownOutboxMode:
            .error(
                "unknown outbox mode",
                "'outbox.mode' is neither 'owner' nor 'group'.",
                "Write 'owner' (only the practice's user reads out/, the default) or 'group' (its group may read it too).")
        case .invalidDeliveryCommand:
            .error(
                "invalid delivery command",
                "'delivery.command' is empty, its program is a placeholder, or it holds a placeholder other than '{from}' and '{to}'.",
                "List the program and its arguments; '{from}' is the practice's bounce address and '{to}' the recipient.")
        case .invalidDeliveryRate:
            .error(
                "invalid delivery rate",
                "'delivery.rate' is not like '60/min'.",
                "Write a number of messages per second, minute or hour: '10/s', '60/min', '500/hour'.")
        case .invalidDeliveryAttempts:
            .error(
                "invalid number of attempts",
                "'delivery.attempts' is not a whole number from 1 to 100.",
                "Give how many runs may try a message the mail command refuses before it is marked failed.")
        case .unknownKind:
            .error(
                "unknown campaign kind",
                "A campaign's 'kind' is neither 'care' nor 'marketing'.",
                "Use 'care' or 'marketing'.")
        case .bodyConflict:
            .error(
                "both body and body_file",
                "A step has both a 'body' and a 'body_file'.",
                "Keep one of them.")
        case .missingBody:
            .error(
                "step without a body",
                "A step has neither a 'body' nor a 'body_file'.",
                "Add one of them.")
        case .bodyFileOutside:
            .error(
                "body file outside campaigns/",
                "A 'body_file' points outside the campaigns folder.",
                "Keep body files under 'campaigns/', such as 'campaigns/templates/'.")
        case .bodyFileMissing:
            .error(
                "body file does not exist",
                "A 'body_file' names a file that does not exist.",
                "Create the file, or fix the path (it is relative to 'campaigns/').")
        case .multilineSubject:
            .error(
                "subject spans lines",
                "A subject holds a line break; a subject is one line.",
                "Write the subject on one line.")
        case .invalidSendRule:
            .error(
                "invalid send rule",
                "A 'send:' rule does not follow the grammar of send rules.",
                "Write it like '2 days before first_visit at 09:00' or 'on birthday every year'.")
        case .invalidSendField:
            .error(
                "send rule field is not a date",
                "A send rule names a field that the list does not have, or one that is not a date.",
                "Name a date field of the campaign's audience.")
        case .timeOutsideWindow:
            .error(
                "send time outside the window",
                "A send rule's 'at' time is outside the send window's hours.",
                "Pick a time within 'send_window.hours', or widen the window.")
        case .unknownMovePolicy:
            .error(
                "unknown 'if_moved'",
                "A step's 'if_moved' is not one of 'earlier', 'later', 'skip' or 'send'.",
                "Write 'earlier', 'later', 'skip' or 'send'.")
        case .sameDayBefore:
            .error(
                "'0 days before' a date",
                "A rule '0 days before' a date field asks for a send before the day it is on, which never comes.",
                "Write 'on FIELD at HH:MM' to send on the day.")
        case .yearlyDateOnce:
            .warning(
                "birth date without 'every year'",
                "'on FIELD' without 'every year' sends once, on the date itself, which for a birth date is long past.",
                "Add 'every year' to send on each anniversary.")
        case .shortMonthDay:
            .warning(
                "day missing from short months",
                "A monthly rule names a day that some months do not have; in those it sends on the month's last day.",
                "Write 'on the last day of every month', or a day from the 1st to the 28th.")
        case .timeInClockGap:
            .warning(
                "send time skipped by the clocks",
                "An 'at' time does not exist on the night the practice's clocks spring forward.",
                "Pick a time outside the skipped hour, or accept where that night's message goes.")
        case .relativeDayWord:
            .warning(
                "relative day word in a message that can move",
                "A subject or body says 'today', 'tomorrow' or similar, but the send window can move the message to another day.",
                "Write the date itself with the 'date' filter, or set 'if_moved: skip'.")
        case .rawHTML:
            .error(
                "raw HTML in a body",
                "A body holds raw HTML, which 'allow_html' does not permit.",
                "Write the formatting in Markdown, or set 'allow_html: true' in touchpoint.yaml.")
        case .unsafeLinkScheme:
            .error(
                "link to an address mail clients block",
                "A link or image in a body goes to a 'javascript:', 'vbscript:', 'data:', 'file:' or other address that is not https, http, mailto or tel; mail clients drop such links, and the message would show a link that goes nowhere.",
                "Link to an https:// page, or use mailto: or tel:.")
        case .missingUnsubscribeLink:
            .error(
                "marketing without an unsubscribe link",
                "A marketing campaign's messages have no unsubscribe link: neither the layout nor every body has '{{ unsubscribe_url }}'.",
                "Put '{{ unsubscribe_url }}' in the layout, or in every body of the campaign.")
        case .emptyUnsubscribeLink:
            .error(
                "an unsubscribe link with no address",
                "A layout or body merges '{{ unsubscribe_url }}', but the practice has no 'unsubscribe: url': the link would go nowhere.",
                "Set 'unsubscribe: url' in touchpoint.yaml ('touchpoint serve' answers it), or leave the link to the built-in footer.")
        case .emptyMergeField:
            .warning(
                "merge field empty for some contacts",
                "A field used in a template is empty for some contacts the step reaches, and has no default.",
                "Add a default, as in '{{ first_name | default: \"there\" }}', or fill in the values.")
        case .unreachableCampaign:
            .warning(
                "campaign reaches no contact",
                "No contact satisfies the campaign's 'where'.",
                "Check the condition against the contact data.")
        case .unreachableStep:
            .warning(
                "step reaches no contact",
                "No contact satisfies the conditions of a step.",
                "Check the step's 'where' and its campaign's against the contact data.")
        case .untakenBranch:
            .warning(
                "template branch no contact takes",
                "No contact the step reaches takes this branch of an '{% if %}'.",
                "Check the condition against the contact data, or remove the branch.")
        case .caseMismatch:
            .warning(
                "comparison decided by case",
                "Text in a condition matches some contacts' values only in another case ('runner' where the data has 'Runner'), so those contacts are left out.",
                "Write the text as the data has it, or add 'case: insensitive' to the field in its schema.")
        case .consentNotDeclared:
            .warning(
                "consent field not declared",
                "A list that marketing campaigns use has a boolean field named like consent ('subscribed', 'opt_in', …) but no 'consent:' line, so contacts who said no would still get marketing.",
                "Add 'consent: FIELD' to the list's schema.")

        // The layout
        case .layoutWithoutContent:
            .error(
                "layout without '{{ content }}'",
                "The layout, campaigns/layout.html, has no '{{ content }}', so a body would have nowhere to go.",
                "Put '{{ content }}' where each message's body belongs.")
        case .layoutContentTwice:
            .error(
                "'{{ content }}' more than once",
                "'{{ content }}' appears more than once in the layout.",
                "Keep one of them.")

        // Conditions
        case .expressionSyntax:
            .error(
                "invalid condition",
                "A condition does not follow the grammar of conditions.",
                "Fix the condition at the reported place.")
        case .mixedAndOr:
            .error(
                "'and' and 'or' mixed without parentheses",
                "A condition joins terms with both 'and' and 'or' at one level. Liquid reads such a condition from the right without precedence, other languages read 'and' first; Touchpoint refuses rather than pick one.",
                "Add parentheses around the part that belongs together.")
        case .emptyExpression:
            .error(
                "empty condition",
                "A 'where' or '{% if %}' has no condition.",
                "Write a condition, or remove the key.")
        case .unexpectedCharacter:
            .error(
                "unexpected character",
                "A condition holds a character that is not part of the language.",
                "Remove it; text goes in double quotes.")
        case .unterminatedString:
            .error(
                "unclosed text",
                "Text in a condition has no closing quote.",
                "Close the text with '\"'.")
        case .invalidLiteral:
            .error(
                "not a number or a date",
                "A word in a condition that starts like a number is neither a number nor a date.",
                "Write a number such as 7 or a date such as 2026-11-30.")
        case .invalidDateLiteral:
            .error(
                "date that does not exist",
                "A date in a condition names a day that does not exist.",
                "Write a real date in the form YYYY-MM-DD.")
        case .expressionTooDeep:
            .error(
                "condition nested too deeply",
                "A condition nests more parentheses and operators than Touchpoint accepts.",
                "Simplify the condition.")
        case .typeMismatch:
            .error(
                "values of different types",
                "A condition compares, or looks for, values of types that do not go together, such as a date and a number.",
                "Compare values of the same type.")
        case .invalidContains:
            .error(
                "'contains' on the wrong type",
                "'contains' needs a list or text on its left.",
                "Use 'contains' with a list or text field.")
        case .invalidIn:
            .error(
                "'in' on the wrong type",
                "'in' needs a list on its right.",
                "Put a list, such as a list field or [\"a\", \"b\"], on the right of 'in'.")
        case .invalidOrdering:
            .error(
                "values that cannot be ordered",
                "'<', '<=', '>' or '>=' is used on values that have no order.",
                "Order numbers, dates or text only.")
        case .invalidEmptyCheck:
            .error(
                "'is empty' on a literal",
                "'is empty' is applied to a literal value rather than a field.",
                "Apply 'is empty' to a field.")
        case .redundantEmptyCheck:
            .warning(
                "'is empty' on a required field",
                "The field is required, so 'is empty' always has the same answer.",
                "Remove the check, or make the field optional.")
        case .notACondition:
            .error(
                "not a condition",
                "A 'where' or '{% if %}' is a value rather than something true or false.",
                "Compare the value, as in 'nps >= 9', or test it with 'is not empty'.")

        // Templates
        case .templateSyntax:
            .error(
                "invalid template",
                "A subject or body does not follow the template language.",
                "Fix the text at the reported place.")
        case .unknownFilter:
            .error(
                "unknown filter",
                "A filter that the template language does not have.",
                "Use one of the filters the note lists.")
        case .unknownTag:
            .error(
                "unknown tag",
                "A '{% tag %}' that the template language does not have.",
                "Use one of the tags the note lists.")
        case .filterTypeMismatch:
            .error(
                "filter applied to the wrong type",
                "A filter is applied to a value of a type it does not take, such as 'date' on a number.",
                "Apply the filter to a value of the type it takes.")
        case .filterArgumentCount:
            .error(
                "wrong number of filter arguments",
                "A filter is given more or fewer arguments than it takes.",
                "Give the filter the arguments it takes.")
        case .filterArgumentType:
            .error(
                "filter argument of the wrong type",
                "A filter's argument is not of the type it needs.",
                "Give the argument as the message says, usually text in double quotes.")
        case .missingSecret:
            .error(
                "contact.token without a secret",
                "A template uses 'contact.token', which needs a secret, and none is set.",
                "Set TOUCHPOINT_SECRET, or write the secret to the git-ignored file '.touchpoint-secret'.")
        case .shadowedField:
            .warning(
                "field hidden by a built-in value",
                "A list field has the name of a built-in value, and the template gets the built-in one.",
                "Refer to the field as 'contact.NAME', or rename it.")
        case .unclosedDelimiter:
            .error(
                "unclosed '{{' or '{%'",
                "A '{{' or '{%' is never closed.",
                "Close it with '}}' or '%}'.")
        case .unclosedBlock:
            .error(
                "block without its end tag",
                "An '{% if %}' or '{% comment %}' has no matching end tag.",
                "Add '{% endif %}' or '{% endcomment %}'.")
        case .mismatchedTag:
            .error(
                "block closed by the wrong tag",
                "A block is closed by the end tag of another kind of block.",
                "Close the block with its own end tag.")
        case .strayTag:
            .error(
                "tag outside its block",
                "An '{% elsif %}', '{% else %}' or end tag has no open block.",
                "Remove the tag, or open the block it belongs to.")
        case .misplacedElse:
            .error(
                "branch after '{% else %}'",
                "An '{% elsif %}' or a second '{% else %}' follows '{% else %}'.",
                "Make '{% else %}' the last branch of the '{% if %}'.")
        case .templateTooDeep:
            .error(
                "template blocks nested too deeply",
                "'{% if %}' blocks nest deeper than Touchpoint accepts.",
                "Simplify the template, or split the step.")
        }
    }
}
