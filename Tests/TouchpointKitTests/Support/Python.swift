import Foundation

/// Python 3 as the suite's independent reader and writer (the `email`, `csv`, `hmac` and
/// `jsonschema` modules): `python3 -c SCRIPT ARGUMENTS…`, with `input` on its standard input.
/// Input and output go through files, so a script that prints much before it has read all its
/// input never waits on a full pipe.
enum Python {
    struct Run {
        let status: Int32
        /// Standard output, and standard error too when the run merged them.
        let output: Data
        var text: String { String(decoding: output, as: UTF8.self) }
    }

    static func run(_ script: String, arguments: [String] = [], input: Data = Data(), mergingErrors: Bool = false) throws -> Run {
        let folder = try ScratchFolder()
        let inputFile = folder.url.appendingPathComponent("input")
        let outputFile = folder.url.appendingPathComponent("output")
        try input.write(to: inputFile)
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let reading = try FileHandle(forReadingFrom: inputFile)
        let writing = try FileHandle(forWritingTo: outputFile)
        defer {
            try? reading.close()
            try? writing.close()
        }
        process.standardInput = reading
        process.standardOutput = writing
        if mergingErrors { process.standardError = writing }
        try process.run()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: try Data(contentsOf: outputFile))
    }
}
