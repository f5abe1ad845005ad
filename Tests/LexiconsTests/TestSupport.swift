import Foundation
@testable import Lexicons

/// Paths the tests need: the repository's shipped lexicons, the fixtures, and the reference
/// lexicons of the installed `vaderSentiment` and `afinn` Python packages.
enum TestSupport {
    /// The package root, found from this file's path (Tests/LexiconsTests/TestSupport.swift).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let lexiconsRoot = packageRoot.appendingPathComponent("lexicons")
    static let fixtures = packageRoot.appendingPathComponent("Tests/LexiconsTests/Fixtures")

    /// The directory holding `vader_lexicon.txt`, `emoji_utf8_lexicon.txt` and
    /// `vaderSentiment.py`: `$VADER_LEXICON` (the lexicon file or its directory), else the
    /// installed package as Python reports it.
    static let vaderDirectory: URL? = {
        if let path = ProcessInfo.processInfo.environment["VADER_LEXICON"], !path.isEmpty {
            var url = URL(fileURLWithPath: path)
            if url.pathExtension == "txt" { url.deleteLastPathComponent() }
            return FileManager.default.fileExists(atPath: url.appendingPathComponent("vader_lexicon.txt").path) ? url : nil
        }
        guard let path = python("import vaderSentiment,os;print(os.path.dirname(vaderSentiment.__file__))") else {
            return nil
        }
        let url = URL(fileURLWithPath: path)
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("vader_lexicon.txt").path) ? url : nil
    }()

    /// `AFINN-en-165.txt` from `$AFINN_LEXICON`, else from the installed `afinn` package.
    static let afinnFile: URL? = {
        if let path = ProcessInfo.processInfo.environment["AFINN_LEXICON"], !path.isEmpty {
            return FileManager.default.fileExists(atPath: path) ? URL(fileURLWithPath: path) : nil
        }
        guard let path = python("import afinn,os;print(os.path.dirname(afinn.__file__))") else { return nil }
        let url = URL(fileURLWithPath: path).appendingPathComponent("data/AFINN-en-165.txt")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }()

    /// Runs `python3 -c code` and returns its trimmed stdout, or nil when Python or the
    /// module is missing.
    static func python(_ code: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", code]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        do {
            try process.run()
        } catch {
            return nil
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    static func read(_ url: URL) throws -> String {
        try String(contentsOf: url, encoding: .utf8)
    }

    /// VADER as a library: its lexicon, emoji descriptions and modifier lists, read from the
    /// installed package.
    static func vaderAnalyzer(_ directory: URL) throws -> Analyzer {
        let lexiconFile = directory.appendingPathComponent("vader_lexicon.txt")
        let entries = try LexiconImport.vader(read(lexiconFile), file: "vader_lexicon.txt").get()
        let emoji = try LexiconImport.vaderEmoji(read(directory.appendingPathComponent("emoji_utf8_lexicon.txt")),
                                                 file: "emoji_utf8_lexicon.txt")
        let source = try read(directory.appendingPathComponent("vaderSentiment.py"))
        let (modifiers, idioms) = try LexiconImport.vaderModifiers(pythonSource: source, file: "vaderSentiment.py")
        let english = LanguageLexicon(language: "en", entries: entries, modifiers: modifiers, idiomOverrides: idioms)
        return Analyzer(library: LexiconLibrary(languages: [english], emoji: emoji), rules: .vader)
    }

    /// The shipped lexicons of the repository.
    static func shippedLibrary() throws -> LexiconLibrary {
        try LexiconLibrary.load(from: lexiconsRoot)
    }

    /// A small in-memory library for rule tests, independent of the shipped files.
    static func library(lexicon: String, modifiers: String = "", language: String = "en",
                        emoji: String = "symbol\tvalence\tnote\n") throws -> LexiconLibrary {
        let source = LexiconSource(
            languages: [LexiconSource.Language(code: language, lexicon: "term\tvalence\tpos\tnote\n" + lexicon,
                                               modifiers: "term\tkind\tweight\n" + modifiers,
                                               functionWords: nil)],
            emoji: emoji)
        return try source.build()
    }
}

/// One row of `vader_cases.tsv`.
struct VaderCase: Sendable, CustomStringConvertible {
    var id: Int
    var compound: Double
    var positive: Double
    var neutral: Double
    var negative: Double
    var text: String

    var description: String { "#\(id) \(text)" }

    static func load() throws -> [VaderCase] {
        let text = try TestSupport.read(TestSupport.fixtures.appendingPathComponent("vader_cases.tsv"))
        var cases: [VaderCase] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("#") || line.hasPrefix("id\t") { continue }
            let fields = line.split(separator: "\t", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 6, let id = Int(fields[0]), let compound = Double(fields[1]),
                let positive = Double(fields[2]), let neutral = Double(fields[3]), let negative = Double(fields[4])
            else { continue }
            cases.append(VaderCase(id: id, compound: compound, positive: positive, neutral: neutral,
                                   negative: negative, text: fields[5]))
        }
        return cases
    }
}
