import Foundation
import Testing
@testable import Lexicons

@Suite struct ImporterTests {
    // MARK: - Real files from PyPI packages (CI runs `pip install vaderSentiment afinn`)

    // Needs the vaderSentiment package or VADER_LEXICON.
    @Test("the real VADER lexicon imports completely",
          .enabled(if: TestSupport.vaderDirectory != nil,
                   "vaderSentiment not found: pip install vaderSentiment, or set VADER_LEXICON"))
    func realVader() throws {
        let directory = try #require(TestSupport.vaderDirectory)
        let text = try TestSupport.read(directory.appendingPathComponent("vader_lexicon.txt"))
        let parsed = try LexiconImport.vader(text, file: "vader_lexicon.txt")
        let lines = TSV.lines(text).filter { !$0.1.isEmpty }.count
        // Every line is an entry, a later duplicate, or an upper-case token VADER cannot match.
        let skipped = parsed.findings.filter { $0.message.hasPrefix("skipped") }.count
        let repeated = parsed.findings.filter { $0.message.contains("repeats line") }.count
        #expect(parsed.entries.count + skipped + repeated == lines)
        #expect(parsed.entries.count > 7000)
        #expect(parsed.entries.allSatisfy { valenceRange.contains($0.valence) })
        let byTerm = Dictionary(parsed.entries.map { ($0.term, $0.valence) }, uniquingKeysWith: { $1 })
        // As in vaderSentiment, the later of two rows for "ok" wins.
        let python = TestSupport.python("from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer as S;s=S();print(s.lexicon['ok'],s.lexicon['lol'])")
        if let python {
            #expect(python == "\(try #require(byTerm["ok"])) \(try #require(byTerm["lol"]))")
        }
        // The compiled lexicon finds a word, an emoticon and a contraction.
        let english = LanguageLexicon(language: "en", entries: parsed.entries)
        #expect(english.lookup(":)", loose: false)?.valence != nil)
        #expect(english.lookup("good", loose: false)?.valence == byTerm["good"])
    }

    // Same requirement as above.
    @Test("VADER's modifier lists and idioms are read from its source",
          .enabled(if: TestSupport.vaderDirectory != nil,
                   "vaderSentiment not found: pip install vaderSentiment, or set VADER_LEXICON"))
    func realVaderSource() throws {
        let directory = try #require(TestSupport.vaderDirectory)
        let source = try TestSupport.read(directory.appendingPathComponent("vaderSentiment.py"))
        let (modifiers, idioms) = try LexiconImport.vaderModifiers(pythonSource: source, file: "vaderSentiment.py")
        let kinds = Dictionary(modifiers.map { ($0.term, $0.kind) }, uniquingKeysWith: { first, _ in first })
        #expect(kinds["not"] == .negator)
        #expect(kinds["n't"] == nil)
        #expect(kinds["*n't*"] == .negator)
        #expect(kinds["very"] == .booster)
        #expect(kinds["kind of"] == .dampener)
        #expect(kinds["but"] == .contrast)
        #expect(modifiers.first { $0.term == "barely" }?.effectiveWeight == -0.293)
        #expect(idioms.contains { $0.term == "the shit" && $0.valence == 3 })
        if let count = TestSupport.python("from vaderSentiment.vaderSentiment import NEGATE, BOOSTER_DICT, SPECIAL_CASES;print(len(set(NEGATE)), len(BOOSTER_DICT), len(SPECIAL_CASES))") {
            let negators = Set(modifiers.filter { $0.kind == .negator }.map(\.term)).subtracting(["*n't*", "no"])
            let boosters = modifiers.filter { $0.kind == .booster || $0.kind == .dampener }
            #expect(count == "\(negators.count) \(boosters.count) \(idioms.count)")
        }
    }

    // Needs the afinn package or AFINN_LEXICON.
    @Test("the real AFINN lexicon imports, scaled from -5…5 to -4…4",
          .enabled(if: TestSupport.afinnFile != nil, "afinn not found: pip install afinn, or set AFINN_LEXICON"))
    func realAfinn() throws {
        let file = try #require(TestSupport.afinnFile)
        let text = try TestSupport.read(file)
        let parsed = try LexiconImport.afinn(text, file: file.lastPathComponent)
        let lines = TSV.lines(text).filter { !$0.1.isEmpty }.count
        #expect(parsed.entries.count + parsed.findings.count == lines)
        #expect(parsed.entries.count > 3000)
        let byTerm = Dictionary(parsed.entries.map { ($0.term, $0.valence) }, uniquingKeysWith: { $1 })
        #expect(byTerm["abandon"] == -1.6)
        #expect(parsed.entries.allSatisfy { valenceRange.contains($0.valence) })
        #expect(parsed.entries.contains { $0.term.contains(" ") })
        // Phrases from AFINN ("does not work") are matched as phrases.
        let library = LexiconLibrary(languages: [LanguageLexicon(language: "en", entries: parsed.entries)])
        let hints = Analyzer(library: library).analyze("It does not work at all", language: "en").hints
        #expect(hints.map(\.text) == ["does not work"])
    }

    // MARK: - Broken files

    @Test("a broken VADER file is rejected with the line number", arguments: [
        ("good\t1.9\t0.9\t[2, 2, 1]\nbad\tminus\t0.5\t[-2]\n", 2, "is not a number"),
        ("good\t1.9\t0.9\t[2, 2, 1]\nawful\t-5\t0.5\t[-4]\n", 2, "outside -4...4"),
        ("good 1.9 0.9\n", 1, "found no tab"),
        ("good\t1.9\t-0.9\t[2]\n", 1, "standard deviation"),
        ("good\t1.9\t0.9\t[2, x]\n", 1, "rating \"x\""),
        ("good\t1.9\t0.9\t2, 2\n", 1, "must be a [..] list"),
    ])
    func brokenVader(text: String, line: Int, message: String) {
        do {
            _ = try LexiconImport.vader(text, file: "vader_lexicon.txt")
            Issue.record("accepted a broken file")
        } catch let LexiconsError.badRow(file, errorLine, reason) {
            #expect(file == "vader_lexicon.txt")
            #expect(errorLine == line)
            #expect(reason.contains(message), "\(reason)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("a broken AFINN file is rejected with the line number", arguments: [
        ("good\t3\nbad\t-6\n", 2, "outside -5...5"),
        ("good\t3\nbad\t-2.5\n", 2, "not an integer"),
        ("good\t3\nbad\n", 2, "found 1 column"),
        ("good\t3\nbad\t-2\textra\n", 2, "found 3 column"),
    ])
    func brokenAfinn(text: String, line: Int, message: String) {
        #expect(throws: LexiconsError.self) { try LexiconImport.afinn(text, file: "AFINN.txt") }
        do {
            _ = try LexiconImport.afinn(text, file: "AFINN.txt")
        } catch let LexiconsError.badRow(_, errorLine, reason) {
            #expect(errorLine == line)
            #expect(reason.contains(message), "\(reason)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("an empty import file is an error, not an empty lexicon")
    func emptyImport() {
        #expect(throws: LexiconsError.emptyImport(file: "empty.txt")) { try LexiconImport.afinn("\n\n", file: "empty.txt") }
        #expect(throws: LexiconsError.emptyImport(file: "empty.txt")) { try LexiconImport.vader("", file: "empty.txt") }
    }

    @Test("AFINN scores scale linearly: ±5 → ±4, 0 stays 0")
    func afinnScaling() throws {
        let entries = try LexiconImport.afinn("a\t5\nb\t-5\nc\t0\nd\t2\n", file: "a.txt").get()
        #expect(entries.map(\.valence) == [4, -4, 0, 1.6])
    }

    @Test("an imported lexicon renders to Opine's format and reads back")
    func importedRendersToFormat() throws {
        let entries = try LexiconImport.vader("good\t1.9\t0.9\t[2, 2]\n:)\t2\t0.5\t[2]\n", file: "v.txt").get()
        let text = LexiconFormat.renderLexicon(entries)
        let back = try LexiconFormat.parseLexicon(text, file: "v.tsv").get()
        #expect(back.map(\.term) == ["good", ":)"])
    }
}
