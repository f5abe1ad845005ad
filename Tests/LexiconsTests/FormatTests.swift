import Foundation
import Testing
@testable import Lexicons

@Suite struct FormatTests {
    @Test("a lexicon file with comments, CRLF, a BOM and optional columns is read")
    func readsLexicon() throws {
        // Given
        let text = "\u{FEFF}# a comment\r\nterm\tvalence\tpos\tnote\r\ngood\t1.9\tadj\t\r\nwaste of money\t-3\r\n\r\ndisappoint*\t-2.1\tverb\tstem\r\n"

        // When
        let parsed = LexiconFormat.parseLexicon(text, file: "en/lexicon.tsv")

        // Then
        #expect(parsed.findings.isEmpty)
        #expect(parsed.entries.map(\.term) == ["good", "waste of money", "disappoint*"])
        #expect(parsed.entries.map(\.valence) == [1.9, -3, -2.1])
        #expect(parsed.entries.map(\.line) == [3, 4, 6])
        #expect(parsed.entries[2].note == "stem")
    }

    @Test("a bad row names the file, the line and what is wrong", arguments: [
        ("good\t5", "outside -4...4"),
        ("good\tvery", "is not a number"),
        ("good", "expected 2 tab-separated columns"),
        ("Good\t1", "must be lower case"),
        ("good\t1\tadj\tnote\textra", "too many columns"),
        (" good\t1", "leading or trailing spaces"),
        ("waste  of money\t-3", "double space"),
        ("good\tnan", "is not a number"),
    ])
    func badLexiconRow(row: String, message: String) throws {
        let text = "term\tvalence\tpos\tnote\nfine\t0.6\n\(row)\n"
        let parsed = LexiconFormat.parseLexicon(text, file: "en/lexicon.tsv")
        let error = try #require(parsed.errors.first)
        #expect(error.file == "en/lexicon.tsv")
        #expect(error.line == 3)
        #expect(error.message.contains(message), "\(error)")
        #expect(throws: LexiconsError.self) { try parsed.get() }
    }

    @Test("a wrong header is rejected before any row")
    func badHeader() {
        let parsed = LexiconFormat.parseLexicon("word\tscore\ngood\t1\n", file: "x.tsv")
        #expect(parsed.entries.isEmpty)
        #expect(parsed.errors.first?.line == 1)
        #expect(parsed.errors.first?.message.contains("header must be") == true)
    }

    @Test("modifier kinds and weights are checked", arguments: [
        ("very\tbooster\t-0.3", "booster's weight must be positive"),
        ("slightly\tdampener\t0.3", "dampener's weight must be negative"),
        ("not\tnegator\t0.5", "negator's weight"),
        ("but\tcontrast\t0", "must be positive"),
        ("very\tintensifier\t", "unknown kind \"intensifier\""),
        ("very\tbooster\tlots", "is not a number"),
    ])
    func badModifier(row: String, message: String) throws {
        let parsed = LexiconFormat.parseModifiers("term\tkind\tweight\n\(row)\n", file: "en/modifiers.tsv")
        let error = try #require(parsed.errors.first)
        #expect(error.line == 2)
        #expect(error.message.contains(message), "\(error)")
    }

    @Test("an empty modifier weight takes VADER's default for its kind")
    func defaultWeights() throws {
        let text = "term\tkind\tweight\nnot\tnegator\t\nvery\tbooster\nkind of\tdampener\t\nbut\tcontrast\t\nbarely\tnegator\t-0.4\n"
        let entries = try LexiconFormat.parseModifiers(text, file: "m.tsv").get()
        #expect(entries.map(\.effectiveWeight) == [-0.74, 0.293, -0.293, 1.5, -0.4])
    }

    @Test("function words: one lower-case word per line")
    func functionWords() throws {
        let good = LexiconFormat.parseFunctionWords("# comment\nthe\nand\n\nl'\n", file: "f.txt")
        #expect(good.entries == ["the", "and", "l'"])
        let bad = LexiconFormat.parseFunctionWords("the\nof the\nAnd\n", file: "f.txt")
        #expect(bad.errors.map(\.line) == [2, 3])
    }

    @Test("emoji rows: a keycap starting with # is a row, `# note` a comment")
    func emojiRows() throws {
        let text = "symbol\tvalence\tnote\n# smileys\n#️⃣\t0\tkeycap\n:)\t1.9\tsmile\n😍\t3\n"
        let entries = try LexiconFormat.parseEmoji(text, file: "emoji.tsv").get()
        #expect(entries.map(\.symbol) == ["#️⃣", ":)", "😍"])
    }

    @Test("adding an entry to an overlay creates, appends and replaces, and refuses bad input")
    func addingEntries() throws {
        let created = try LexiconFormat.adding(LexiconEntry(term: "meh", valence: -0.5), to: nil, file: "o.tsv")
        #expect(created == "term\tvalence\tpos\tnote\nmeh\t-0.5\t\t\n")
        let appended = try LexiconFormat.adding(LexiconEntry(term: "banger", valence: 2.6, note: "music"),
                                                to: created, file: "o.tsv")
        #expect(try LexiconFormat.parseLexicon(appended, file: "o.tsv").get().map(\.term) == ["meh", "banger"])
        let replaced = try LexiconFormat.adding(LexiconEntry(term: "meh", valence: -0.8), to: appended, file: "o.tsv")
        let entries = try LexiconFormat.parseLexicon(replaced, file: "o.tsv").get()
        #expect(entries.map(\.valence) == [-0.8, 2.6])
        #expect(throws: LexiconsError.self) {
            try LexiconFormat.adding(LexiconEntry(term: "meh", valence: 7), to: appended, file: "o.tsv")
        }
        #expect(throws: LexiconsError.self) {
            try LexiconFormat.adding(LexiconEntry(term: "Meh", valence: 1), to: appended, file: "o.tsv")
        }
    }

    @Test("rendered lexicons read back the same")
    func roundTrip() throws {
        let entries = [LexiconEntry(term: "good", valence: 1.9, partOfSpeech: "adj"),
                       LexiconEntry(term: "so-so", valence: -0.5), LexiconEntry(term: "awful", valence: -3)]
        let text = LexiconFormat.renderLexicon(entries, comments: ["test"])
        let back = try LexiconFormat.parseLexicon(text, file: "r.tsv").get()
        #expect(back.map(\.term) == entries.map(\.term))
        #expect(back.map(\.valence) == entries.map(\.valence))
        #expect(back.map(\.partOfSpeech) == ["adj", "", ""])
    }
}

@Suite struct CheckTests {
    static func language(_ lexicon: String, modifiers: String? = nil, functionWords: String? = "the\n",
                         code: String = "en") -> LexiconSource.Language {
        LexiconSource.Language(code: code, lexicon: "term\tvalence\tpos\tnote\n" + lexicon,
                               modifiers: modifiers.map { "term\tkind\tweight\n" + $0 },
                               functionWords: functionWords)
    }

    @Test("a repeated term is a warning when it agrees, an error when it conflicts")
    func duplicates() {
        let findings = LexiconCheck.check(CheckTests.language("good\t2\nbad\t-2\ngood\t2\nbad\t-1\n",
                                                              modifiers: "not\tnegator\t\n"))
        let duplicate = findings.first { $0.line == 4 }
        let conflict = findings.first { $0.line == 5 }
        #expect(duplicate?.severity == .warning)
        #expect(duplicate?.message.contains("duplicate of line 2") == true)
        #expect(conflict?.severity == .error)
        #expect(conflict?.message.contains("conflicts with line 3") == true)
    }

    @Test("conflicting modifiers, a sentiment word that is also a booster, and opposite-sign stems are reported")
    func crossChecks() {
        let findings = LexiconCheck.check(CheckTests.language(
            "very\t1\nfun*\t2\nfuneral\t-2\nde\t1\n",
            modifiers: "very\tbooster\t\nbut\tcontrast\t\nbut\tnegator\t\n"))
        #expect(findings.contains { $0.file == "en/modifiers.tsv" && $0.line == 4 && $0.severity == .error })
        #expect(findings.contains { $0.line == 2 && $0.message.contains("also a booster") })
        #expect(findings.contains { $0.line == 4 && $0.message.contains("opposite sign") })
    }

    @Test("missing files are reported: lexicon as an error, the others as warnings")
    func missingFiles() {
        let findings = LexiconCheck.check(LexiconSource.Language(code: "xx", lexicon: nil, hasReadme: false))
        #expect(findings.contains { $0.file == "xx/lexicon.tsv" && $0.severity == .error })
        #expect(findings.contains { $0.file == "xx/modifiers.tsv" && $0.severity == .warning })
        #expect(findings.contains { $0.file == "xx/function-words.txt" && $0.severity == .warning })
        #expect(findings.contains { $0.file == "xx/README.md" && $0.severity == .warning })
    }

    @Test("building a library with an error throws it with file and line and loads nothing")
    func buildRejects() throws {
        let source = LexiconSource(languages: [
            CheckTests.language("good\t2\n", modifiers: "not\tnegator\t\n"),
            CheckTests.language("bueno\t2\nmalo\t-9\n", code: "es"),
        ], emoji: "symbol\tvalence\tnote\n:)\t2\n")
        #expect(throws: LexiconsError.badRow(file: "es/lexicon.tsv", line: 3, reason: "valence -9 is outside -4...4")) {
            try source.build()
        }
    }

    @Test("loading a directory reads every language and the emoji table, and an overlay wins")
    func loadsDirectoryWithOverlay() throws {
        // Given a lexicon root and a project overlay on disk
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("opine-lexicons-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let shipped = root.appendingPathComponent("lexicons")
        let overlay = root.appendingPathComponent("overlay")
        try FileManager.default.createDirectory(at: shipped.appendingPathComponent("en"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: overlay.appendingPathComponent("en"), withIntermediateDirectories: true)
        try "term\tvalence\tpos\tnote\ngood\t2\nsick\t-1.5\n".write(
            to: shipped.appendingPathComponent("en/lexicon.tsv"), atomically: true, encoding: .utf8)
        try "symbol\tvalence\tnote\n:)\t2\n".write(to: shipped.appendingPathComponent("emoji.tsv"), atomically: true,
                                                    encoding: .utf8)
        try "term\tvalence\tpos\tnote\nsick\t2.5\tadj\tslang\n".write(
            to: overlay.appendingPathComponent("en/lexicon.tsv"), atomically: true, encoding: .utf8)

        // When
        let library = try LexiconLibrary.load(from: shipped, overlay: overlay)
        let analyzer = Analyzer(library: library)

        // Then
        let hints = analyzer.analyze("good and sick :)", language: "en").hints
        #expect(hints.map(\.baseValence) == [2, 2.5, 2])
    }

    @Test("a broken file on disk is reported with its path relative to the root")
    func brokenFileOnDisk() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("opine-broken-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("en"), withIntermediateDirectories: true)
        try "term\tvalence\tpos\tnote\ngood\t2\nbad\tminus two\n".write(
            to: root.appendingPathComponent("en/lexicon.tsv"), atomically: true, encoding: .utf8)
        let label = root.lastPathComponent
        #expect(throws: LexiconsError.badRow(file: "\(label)/en/lexicon.tsv", line: 3,
                                             reason: "valence \"minus two\" is not a number")) {
            try LexiconLibrary.load(from: root)
        }
    }
}
