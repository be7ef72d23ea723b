import Foundation
import Testing

/// The library's targets are its pipeline (docs/architecture.md): these tests hold the page to
/// `Package.swift`, and every source file to importing only what lies below its target.
@Suite struct ArchitectureTests {
    /// A target of `Package.swift`: its name and the names of what it depends on (targets and
    /// products alike).
    struct Target: Equatable, CustomStringConvertible {
        let name: String
        let dependencies: [String]

        var description: String { "\(name) → \(dependencies.joined(separator: ", "))" }
    }

    /// The targets `Package.swift` declares, read from its text: every `.target(`,
    /// `.executableTarget(` and `.systemLibrary(` call, with the names in its `dependencies`.
    static func packageTargets() throws -> [Target] {
        let text = try String(contentsOf: TestLocations.repositoryRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        var targets: [Target] = []
        var rest = text[...]
        while let start = rest.firstRange(of: /\.(target|executableTarget|systemLibrary)\(/) {
            // The call's text, up to its closing parenthesis.
            var depth = 0
            var end = start.upperBound
            for index in rest[start.lowerBound...].indices {
                if rest[index] == "(" { depth += 1 }
                if rest[index] == ")" {
                    depth -= 1
                    if depth == 0 {
                        end = index
                        break
                    }
                }
            }
            let call = rest[start.lowerBound..<end]
            rest = rest[end...]
            guard let name = call.firstMatch(of: /name: "([^"]+)"/)?.1 else { continue }
            var dependencies: [String] = []
            if let list = call.firstMatch(of: /dependencies: \[((?:[^\[\]]|\[[^\]]*\])*)\]/)?.1 {
                for match in list.matches(of: /\.product\(name: "([^"]+)"|"([^"]+)"/) {
                    if let product = match.1 {
                        dependencies.append(String(product))
                    } else if let target = match.2, !list[..<match.range.lowerBound].hasSuffix("package: ") {
                        dependencies.append(String(target))
                    }
                }
            }
            targets.append(Target(name: String(name), dependencies: dependencies))
        }
        return targets
    }

    /// The rows of the targets table in docs/architecture.md.
    static func documentedTargets() throws -> (table: [Target], picture: String) {
        let page = try String(
            contentsOf: TestLocations.repositoryRoot.appendingPathComponent("docs/architecture.md"),
            encoding: .utf8)
        var table: [Target] = []
        for line in page.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 2 else { continue }
            let dependencies =
                cells[1] == "—"
                ? []
                : cells[1].split(separator: ",").map {
                    $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "`"))
                }
            table.append(Target(name: cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`")), dependencies: dependencies))
        }
        let picture = page.components(separatedBy: "## The pipeline").last?.components(separatedBy: "```").dropFirst().first ?? ""
        return (table, picture)
    }

    @Test func thePageShowsTheTargetsOfThePackage() throws {
        let declared = try Self.packageTargets().filter { $0.name.hasPrefix("Touchpoint") }
        #expect(declared.count >= 6, "\(declared)")
        let (table, picture) = try Self.documentedTargets()
        #expect(table.map(\.description) == declared.map(\.description))
        for target in try Self.packageTargets() where target.name != "touchpoint" {
            #expect(picture.contains(target.name), "the picture in docs/architecture.md leaves out \(target.name)")
        }
    }

    @Test func everySourceFileImportsOnlyWhatLiesBelowItsTarget() throws {
        let targets = try Self.packageTargets()
        let byName = Dictionary(targets.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        func below(_ name: String) -> Set<String> {
            var seen: Set<String> = []
            var queue = byName[name]?.dependencies ?? []
            while let next = queue.popLast() {
                guard seen.insert(next).inserted else { continue }
                queue += byName[next]?.dependencies ?? []
            }
            return seen
        }
        let sources = TestLocations.repositoryRoot.appendingPathComponent("Sources")
        var checked = 0
        for target in targets {
            let folder = sources.appendingPathComponent(target.name)
            guard let files = FileManager.default.enumerator(atPath: folder.path) else { continue }
            let allowed = below(target.name)
            for case let file as String in files where file.hasSuffix(".swift") {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                for match in text.matches(of: /(?m)^(?:@_exported |@preconcurrency |internal |package |public )*import ([A-Za-z]+)$/) {
                    let module = String(match.1)
                    guard byName[module] != nil else { continue }
                    checked += 1
                    #expect(allowed.contains(module), "\(target.name)/\(file) imports \(module), which is not below it")
                }
            }
        }
        #expect(checked > 50)
    }

    /// Shared state is guarded by `Locked` (a POSIX mutex), never `Synchronization.Mutex`, whose
    /// futex waits ThreadSanitizer cannot see: one `Mutex` would bring back the false reports that
    /// `make test-tsan` is clean of (Tests/Sanitizers/MutexUnderThreadSanitizer.swift).
    @Test func sharedStateIsLockedWhereThreadSanitizerSeesIt() throws {
        let root = TestLocations.repositoryRoot
        var checked = 0
        for top in ["Sources", "Tests/TouchpointKitTests"] {
            let folder = root.appendingPathComponent(top)
            guard let files = FileManager.default.enumerator(atPath: folder.path) else { continue }
            for case let file as String in files where file.hasSuffix(".swift") {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                checked += 1
                #expect(text.firstMatch(of: /(?m)^[^\/\n]*import Synchronization$/) == nil, "\(top)/\(file) imports Synchronization")
                #expect(text.firstMatch(of: /(?m)^[^\/\n]*\bMutex\s*[<(]/) == nil, "\(top)/\(file) uses Mutex; use Locked")
            }
        }
        #expect(checked > 100)
    }
}
