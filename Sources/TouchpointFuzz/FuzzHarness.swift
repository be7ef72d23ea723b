import Foundation
import TouchpointKit

/// What each harness executable does with an input: libFuzzer's `LLVMFuzzerTestOneInput` hands
/// one here, and without a fuzzing build the executable replays the files named on its command
/// line through the same checks.
public enum FuzzHarness {
    /// Checks one input; a broken property stops the process (libFuzzer keeps the input as a
    /// crash) after printing what broke.
    public static func run(_ target: FuzzTarget, _ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        let problems = target.problems(input)
        guard problems.isEmpty else {
            FileHandle.standardError.write(Data(report(target, problems).utf8))
            abort()
        }
        return 0
    }

    /// Checks the files at `paths` (folders are walked) and returns the exit status: 0 when every
    /// property held for every file, 1 otherwise, 2 when a file cannot be read.
    public static func replay(_ target: FuzzTarget, paths: [String]) -> Int32 {
        var status: Int32 = 0
        var count = 0
        for path in paths {
            for file in files(at: path) {
                guard let data = FileManager.default.contents(atPath: file) else {
                    FileHandle.standardError.write(Data("\(target.executable): cannot read '\(file)'\n".utf8))
                    status = 2
                    continue
                }
                count += 1
                let problems = target.problems(Array(data))
                if !problems.isEmpty {
                    FileHandle.standardError.write(Data((file + ":\n" + report(target, problems)).utf8))
                    status = max(status, 1)
                }
            }
        }
        print("\(target.executable): \(count) inputs replayed\(status == 0 ? ", every property held" : "")")
        return status
    }

    /// Replays the files and folders named on the command line, and exits with ``replay``'s status.
    public static func replayCommandLine(_ target: FuzzTarget) -> Never {
        let paths = Array(CommandLine.arguments.dropFirst())
        guard !paths.isEmpty else {
            FileHandle.standardError.write(Data("usage: \(target.executable) FILE-OR-FOLDER...\n".utf8))
            exit(2)
        }
        exit(replay(target, paths: paths))
    }

    private static func report(_ target: FuzzTarget, _ problems: [String]) -> String {
        problems.map { "\(target.executable): property broken: \($0)\n" }.joined()
    }

    /// The file at `path`, or every regular file under it, sorted.
    public static func files(at path: String) -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return [] }
        guard isFolder.boolValue else { return [path] }
        let names = FileManager.default.enumerator(atPath: path)?.allObjects.compactMap { $0 as? String } ?? []
        return names.sorted().map { path + "/" + $0 }.filter { file in
            var isSubfolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: file, isDirectory: &isSubfolder) && !isSubfolder.boolValue
                && !(file as NSString).lastPathComponent.hasPrefix(".")
        }
    }
}
