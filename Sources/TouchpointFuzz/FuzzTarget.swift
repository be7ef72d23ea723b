import TouchpointKit

/// One of the fuzzing harnesses (docs/fuzzing.md): a part of the compiler, the properties it must
/// keep for any input, and the name of its executable and its folder under `Tests/Fuzz/`.
///
/// The properties live here rather than in the executables so that the test suite replays every
/// corpus and regression input through the very checks libFuzzer runs, without a fuzzing build.
public enum FuzzTarget: String, Sendable, CaseIterable {
    /// The YAML composer over libyaml.
    case yaml
    /// The CSV reader.
    case csv
    /// The template parser, checker and renderer, and the HTML a checked template renders to.
    case template
    /// The expression lexer, parser, checker and evaluator, and the send-rule parser.
    case expression
    /// The MIME writer.
    case mime
    /// A whole practice in memory: check, schedule, render.
    case practice

    /// The harness's executable: `fuzz-yaml`.
    public var executable: String { "fuzz-" + rawValue }

    /// What is wrong with the part's handling of `input`: nothing when every property holds. A
    /// crash, a trap or a hang is the other way a property fails; libFuzzer and the sanitizers
    /// see those.
    public func problems(_ input: [UInt8]) -> [String] {
        switch self {
        case .yaml: YAMLProperties.problems(input)
        case .csv: CSVProperties.problems(input)
        case .template: TemplateProperties.problems(input)
        case .expression: ExpressionProperties.problems(input)
        case .mime: MIMEProperties.problems(input)
        case .practice: PracticeProperties.problems(input)
        }
    }
}
