import Foundation
import Testing

@testable import WordPiece

/// Where the real all-MiniLM-L6-v2 lives: $OPINE_MODEL_DIR, else the cache scripts/fetch-model.sh fills.
enum RealModel {
    static let directory: URL = {
        if let path = ProcessInfo.processInfo.environment["OPINE_MODEL_DIR"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return FileManager.default.homeDirectoryForCurrentUser
            .appendingPathComponent(".cache/opine/models/all-MiniLM-L6-v2")
    }()

    static var isPresent: Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("vocab.txt").path)
    }

    static let skipMessage: Comment =
        "needs the real all-MiniLM-L6-v2 vocab.txt (set OPINE_MODEL_DIR or run scripts/fetch-model.sh)"
}

/// The fixture written by scripts/make_tokenizer_fixture.py.
struct ReferenceFixture: Decodable {
    struct Case: Decodable, CustomTestStringConvertible {
        var name: String
        var text: String
        var inputIds: [Int32]
        var tokens: [String]
        var untruncatedLength: Int

        enum CodingKeys: String, CodingKey {
            case name, text, inputIds = "input_ids", tokens, untruncatedLength = "untruncated_length"
        }

        var testDescription: String { name }
    }

    struct ScanConfig: Decodable {
        struct Normalizer: Decodable {
            var cleanText: Bool
            var handleChineseChars: Bool
            var stripAccents: Bool?
            var lowercase: Bool

            enum CodingKeys: String, CodingKey {
                case cleanText = "clean_text", handleChineseChars = "handle_chinese_chars"
                case stripAccents = "strip_accents", lowercase
            }
        }

        var normalizer: Normalizer
        var fnv1a64: [String]
    }

    struct Scan: Decodable {
        var blockSize: Int
        var configs: [String: ScanConfig]

        enum CodingKeys: String, CodingKey { case blockSize = "block_size", configs }
    }

    var transformersVersion: String
    var tokenizersVersion: String
    var maxLength: Int
    var cases: [Case]
    var codePointScan: Scan

    enum CodingKeys: String, CodingKey {
        case transformersVersion = "transformers_version", tokenizersVersion = "tokenizers_version"
        case maxLength = "max_length", cases, codePointScan = "code_point_scan"
    }

    static func fixtureURL(_ name: String, _ ext: String) throws -> URL {
        try #require(Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures"))
    }

    static let shared: ReferenceFixture? = {
        guard let url = Bundle.module.url(forResource: "tokenizer_cases", withExtension: "json", subdirectory: "Fixtures"),
              let data = try? Data(contentsOf: url)
        else { return nil }
        return try? JSONDecoder().decode(ReferenceFixture.self, from: data)
    }()

    static func load() throws -> ReferenceFixture {
        let data = try Data(contentsOf: fixtureURL("tokenizer_cases", "json"))
        return try JSONDecoder().decode(ReferenceFixture.self, from: data)
    }

    /// Case names listed in LEDGER.md ("- `name`: reason") as known divergences.
    static func ledgeredCases() throws -> Set<String> {
        let text = try String(contentsOf: fixtureURL("LEDGER", "md"), encoding: .utf8)
        var names = Set<String>()
        for line in text.split(separator: "\n") where line.hasPrefix("- `") {
            let rest = line.dropFirst(3)
            if let end = rest.firstIndex(of: "`") {
                names.insert(String(rest[..<end]))
            }
        }
        return names
    }
}

/// A scratch directory removed when the value goes away.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("wordpiece-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ contents: String) throws {
        try Data(contents.utf8).write(to: url.appendingPathComponent(name))
    }

    func write(_ name: String, bytes: [UInt8]) throws {
        try Data(bytes).write(to: url.appendingPathComponent(name))
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
