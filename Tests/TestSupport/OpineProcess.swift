import Foundation
import Testing

/// Runs the built `opine` binary, as a user or a script would.
public struct OpineResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

public enum Opine {
    /// The binary SwiftPM built beside the test bundle (or $OPINE_BINARY).
    public static let binary: URL? = {
        if let path = ProcessInfo.processInfo.environment["OPINE_BINARY"] { return URL(fileURLWithPath: path) }
        var candidates: [URL] = []
        if let bundle = Bundle.main.executableURL { candidates.append(bundle.deletingLastPathComponent()) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        for directory in candidates {
            var url = directory
            // The test bundle may sit inside `….xctest/` or beside the products.
            for _ in 0..<3 {
                let binary = url.appendingPathComponent("opine")
                if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
                url = url.deletingLastPathComponent()
            }
        }
        return nil
    }()

    public static func process(_ arguments: [String], in directory: URL? = nil) throws -> Process {
        let process = Process()
        process.executableURL = try #require(binary, "the opine binary was not found beside the tests")
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        return process
    }

    @discardableResult
    public static func run(_ arguments: [String], in directory: URL? = nil, stdin: String? = nil) throws -> OpineResult {
        let process = try process(arguments, in: directory)
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so a full pipe never blocks the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return OpineResult(status: process.terminationStatus,
                           stdout: String(decoding: outData, as: UTF8.self),
                           stderr: String(decoding: errData, as: UTF8.self))
    }

    public static func json(_ arguments: [String], in directory: URL? = nil) throws -> Any {
        let result = try run(arguments + ["--json"], in: directory)
        try #require(result.status == 0, "opine \(arguments.joined(separator: " ")) failed: \(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }
}

/// A throwaway project folder.
public struct TemporaryProject: Sendable {
    public let directory: URL
    public var path: String { directory.path }
    public var database: URL { directory.appendingPathComponent("opine.db") }

    public init(toml: String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("opine-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try write("opine.toml", toml)
    }

    /// A project with the default labels, `overlap`, and the given annotators (the first a lead).
    public init(annotators: [String], overlap: Int = 2) throws {
        let people = annotators.enumerated().map { index, name in
            "[[annotators]]\nname = \"\(name)\"\nrole = \"\(index == 0 ? "lead" : "annotator")\"\n"
        }.joined(separator: "\n")
        try self.init(toml: "name = \"test\"\noverlap = \(overlap)\n\n" + people)
    }

    @discardableResult
    public func write(_ name: String, _ text: String) throws -> URL {
        try write(name, bytes: Array(text.utf8))
    }

    @discardableResult
    public func write(_ name: String, bytes: [UInt8]) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    public func run(_ arguments: [String], stdin: String? = nil) throws -> OpineResult {
        try Opine.run(arguments + ["--project", path], stdin: stdin)
    }

    /// Imports items i1…iN ("text number N"), with a `source` column when `source` is given.
    public func seed(items count: Int, source: ((Int) -> String)? = nil) throws {
        let lines = (1...count).map { index in "i\(index),text number \(index)" + (source.map { ",\($0(index))" } ?? "") }
        try write("seed.csv", (source == nil ? "id,text\n" : "id,text,source\n") + lines.joined(separator: "\n") + "\n")
        let result = try run(["import", directory.appendingPathComponent("seed.csv").path])
        try #require(result.status == 0, "seeding failed: \(result.stderr)")
    }

    /// Every annotator's current label per item, read back through `opine export`.
    public func labels(database: [String] = []) throws -> [String: [String: String]] {
        let out = directory.appendingPathComponent("check-\(UUID().uuidString).jsonl")
        let result = try run(["export", out.path, "--with-annotations", "--include-unlabelled", "--include-unresolved"] + database)
        try #require(result.status == 0, "export failed: \(result.stderr)")
        var labels: [String: [String: String]] = [:]
        for line in try String(contentsOf: out, encoding: .utf8).split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let id = try #require(object["id"] as? String)
            var byAnnotator: [String: String] = [:]
            for annotation in object["annotations"] as? [[String: Any]] ?? [] {
                if let annotator = annotation["annotator"] as? String, let label = annotation["label"] as? String {
                    byAnnotator[annotator] = label
                }
            }
            labels[id] = byAnnotator
        }
        return labels
    }

    public func databaseBytes() throws -> Data { try Data(contentsOf: database) }

    /// The project folder's file names (to see that no WAL or journal was left behind).
    public func files() throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: path))
    }
}
