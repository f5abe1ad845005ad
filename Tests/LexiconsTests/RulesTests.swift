import Foundation
import Testing
@testable import Lexicons

/// The rules on a small lexicon whose numbers are easy to follow.
@Suite struct RulesTests {
    static let lexicon = """
        good\t2
        bad\t-2
        great\t3
        happy\t2
        helpful\t2
        boring\t-1.5
        waste of money\t-3
        disappoint*\t-2
        película\t0.5
        buena\t2

        """
    static let modifiers = """
        not\tnegator\t
        *n't\tnegator\t
        never\tnegator\t
        without\tnegator\t
        very\tbooster\t
        really\tbooster\t
        so\tbooster\t
        slightly\tdampener\t
        kind of\tdampener\t
        but\tcontrast\t

        """
    static let emoji = "symbol\tvalence\tnote\n😍\t3\theart eyes\n:)\t2\tsmile\n"

    // An empty library if the test lexicon were broken; `testLexiconLoads` then says why.
    static let analyzer = Analyzer(library: (try? TestSupport.library(lexicon: lexicon, modifiers: modifiers,
                                                                      emoji: emoji)) ?? LexiconLibrary(languages: []))

    @Test("the test lexicon loads")
    func testLexiconLoads() throws {
        let library = try TestSupport.library(lexicon: RulesTests.lexicon, modifiers: RulesTests.modifiers,
                                              emoji: RulesTests.emoji)
        #expect(library.languages["en"]?.entries.count == 10)
    }

    static func sentiment(_ text: String, rules: Rules? = nil) -> [Hint] {
        let analyzer = rules.map { Analyzer(library: RulesTests.analyzer.library, rules: $0) } ?? RulesTests.analyzer
        return analyzer.analyze(text, language: "en").hints.filter { $0.kind == .sentiment || $0.kind == .emoji }
    }

    static func valence(_ text: String, of word: String, rules: Rules? = nil) throws -> Double {
        try #require(sentiment(text, rules: rules).first { $0.text == word }).valence
    }

    static let n = VaderConstants.negationScalar
    static let b = VaderConstants.boosterIncrement
    static let c = VaderConstants.capsIncrement

    // MARK: - Negation

    @Test("a negator flips and shrinks the next few words, and the hint says so")
    func negation() throws {
        let hint = try #require(RulesTests.sentiment("not good").first)
        #expect(abs(hint.valence - 2 * RulesTests.n) < 1e-9)
        #expect(hint.negated)
        #expect(hint.negatorRange == 0..<3)
        #expect(try RulesTests.valence("isn't good", of: "good") == 2 * RulesTests.n)
        #expect(try RulesTests.valence("not really very good", of: "good") < 0)
    }

    @Test("negation reaches three words back, no further")
    func negationScope() throws {
        #expect(try RulesTests.valence("not the food good", of: "good") < 0)
        #expect(try RulesTests.valence("not the food here good", of: "good") == 2)
    }

    @Test("negation stops at punctuation and at a contrast word", arguments: [
        ("not bad, good", "good", 2.0),
        ("not bad. Good", "Good", 2.0),
        ("not bad but good", "good", 3.0),
    ])
    func negationStops(text: String, word: String, expected: Double) throws {
        let hint = try #require(RulesTests.sentiment(text).first { $0.text == word })
        #expect(!hint.negated)
        #expect(abs(hint.valence - expected) < 1e-9)
        #expect(try #require(RulesTests.sentiment(text).first { $0.text == "bad" }).negated)
    }

    @Test("two negators negate once in Opine's rules, twice in VADER's")
    func negateOnce() throws {
        #expect(try RulesTests.valence("never not good", of: "good") == 2 * RulesTests.n)
        #expect(try RulesTests.valence("never not good", of: "good", rules: .vader) == 2 * RulesTests.n * RulesTests.n)
    }

    @Test("\"never so good\" intensifies instead of negating")
    func neverSo() throws {
        let value = try RulesTests.valence("never so happy", of: "happy")
        #expect(abs(value - (2 + RulesTests.b) * 1.25) < 1e-9)
    }

    @Test("\"without doubt\" does not negate; \"without\" alone does")
    func withoutDoubt() throws {
        #expect(try RulesTests.valence("without doubt good", of: "good") == 2)
        #expect(try RulesTests.valence("without good", of: "good") == 2 * RulesTests.n)
    }

    @Test("\"least\" negates the next word, \"at least\" does not")
    func least() throws {
        #expect(try RulesTests.valence("the least helpful", of: "helpful") == 2 * RulesTests.n)
        #expect(try RulesTests.valence("at least helpful", of: "helpful") == 2)
        let hints = RulesTests.analyzer.analyze("the least helpful", language: "en").hints
        #expect(hints.first?.kind == .negator)
        #expect(hints.first?.text == "least")
    }

    // MARK: - Intensity

    static let boosterCases: [(String, String, Double)] = [
        ("very good", "good", 2 + b),
        ("very bad", "bad", -2 - b),
        ("really very good", "good", 2 + b * 1.95),
        ("slightly good", "good", 2 - b),
        ("kind of boring", "boring", -1.5 + b),
    ]

    @Test("boosters add B_INCR toward the sign, less with distance; dampeners take it away",
          arguments: boosterCases)
    func boosters(text: String, word: String, expected: Double) throws {
        let hint = try #require(RulesTests.sentiment(text).first { $0.text == word })
        #expect(abs(hint.valence - expected) < 1e-9)
        #expect(hint.boosted == (text.hasPrefix("very") || text.hasPrefix("really")))
        #expect(hint.dampened == !hint.boosted)
    }

    @Test("ALL CAPS among lower-case words adds C_INCR; all-caps text does not")
    func capitals() throws {
        let loud = try #require(RulesTests.sentiment("GOOD food here").first)
        #expect(abs(loud.valence - (2 + RulesTests.c)) < 1e-9)
        #expect(loud.emphasized)
        #expect(try RulesTests.valence("GOOD FOOD HERE", of: "GOOD") == 2)
        #expect(abs(try RulesTests.valence("VERY good food", of: "good") - (2 + RulesTests.b + RulesTests.c)) < 1e-9)
    }

    static let punctuationCases: [(String, Double)] = [
        ("good", 2.0),
        ("good!", 2 + 0.292),
        ("good!!!!!!", 2 + 4 * 0.292),
        ("good?", 2.0),
        ("good??", 2 + 2 * 0.18),
        ("good?????", 2 + 0.96),
        ("bad!!", -2 - 2 * 0.292),
    ]

    @Test("exclamation and question marks add emphasis as VADER does", arguments: punctuationCases)
    func punctuation(text: String, sum: Double) {
        let analysis = RulesTests.analyzer.analyze(text, language: "en")
        #expect(abs(analysis.sum - sum) < 1e-9)
        #expect(abs(analysis.compound - sum / (sum * sum + 15).squareRoot()) < 1e-9)
    }

    // MARK: - Contrast, emoji, totals

    @Test("the clause after \"but\" weighs 1.5, before it 0.5")
    func contrast() throws {
        let analysis = RulesTests.analyzer.analyze("good but bad", language: "en")
        let hints = analysis.hints
        #expect(hints.map(\.kind) == [.sentiment, .contrast, .sentiment])
        #expect(hints.map(\.clauseFactor) == [0.5, 1, 1.5])
        #expect(abs(analysis.sum - (2 * 0.5 - 2 * 1.5)) < 1e-9)
        #expect(analysis.label == .negative)
    }

    @Test("emoji and emoticons count but are never negated")
    func emoji() throws {
        let hints = RulesTests.sentiment("not 😍 :)")
        #expect(hints.map(\.kind) == [.emoji, .emoji])
        #expect(hints.map(\.valence) == [3, 2])
        #expect(hints.allSatisfy { !$0.negated })
    }

    @Test("phrases and stems match as one unit, and can be negated")
    func phrasesAndStems() throws {
        #expect(RulesTests.sentiment("a waste of money").map(\.text) == ["waste of money"])
        #expect(try RulesTests.valence("not a waste of money", of: "waste of money") == -3 * RulesTests.n)
        let stem = try #require(RulesTests.sentiment("so disappointing").first)
        #expect(stem.term == "disappoint*")
        #expect(abs(stem.valence - (-2 - RulesTests.b)) < 1e-9)
    }

    @Test("compound is normalised with alpha 15; proportions sum to one; labels follow the thresholds")
    func totals() {
        let analysis = RulesTests.analyzer.analyze("good and great", language: "en")
        #expect(abs(analysis.compound - 5 / (25.0 + 15).squareRoot()) < 1e-9)
        #expect(abs(analysis.positive + analysis.neutral + analysis.negative - 1) < 1e-9)
        #expect(abs(analysis.positive - 7 / 8.0) < 1e-9)
        #expect(analysis.label == .positive)
        let strict = Analyzer(library: RulesTests.analyzer.library, rules: Rules(positiveThreshold: 0.9))
        #expect(strict.analyze("good and great", language: "en").label == .neutral)
        #expect(RulesTests.analyzer.analyze("the table", language: "en").label == .neutral)
        #expect(RulesTests.analyzer.analyze("", language: "en").compound == 0)
    }

    // MARK: - Spans in the original text

    @Test("spans map to the right substrings in accented, CJK and emoji text")
    func spans() throws {
        // Given French, Chinese and Spanish lexicons
        let source = LexiconSource(languages: [
            LexiconSource.Language(code: "fr", lexicon: "term\tvalence\tpos\tnote\nbon\t2\ncafé\t0.5\n",
                                   modifiers: "term\tkind\tweight\ntrès\tbooster\t\nne\tnegator\t\nn'\tnegator\t\npas\tnegator\t\n"),
            LexiconSource.Language(code: "zh", lexicon: "term\tvalence\tpos\tnote\n很好\t2.5\n喜欢\t2\n",
                                   modifiers: "term\tkind\tweight\n不\tnegator\t\n"),
        ], emoji: "symbol\tvalence\tnote\n😍\t3\n👍\t2\n")
        let analyzer = Analyzer(library: try source.build())

        // When / Then: French with decomposed accents and an emoji with a skin tone
        let french = "Le cafe\u{301} n'est pas tre\u{300}s bon 👍🏽 😍"
        let frenchHints = analyzer.analyze(french, language: "fr").hints
        let frenchSpans = try frenchHints.map { String(french[try #require($0.range(in: french))]) }
        #expect(frenchSpans == ["cafe\u{301}", "n'", "pas", "tre\u{300}s", "bon", "👍🏽", "😍"])
        let bon = try #require(frenchHints.first { $0.term == "bon" })
        #expect(bon.negated && bon.boosted)

        // Chinese, cut by the lexicon
        let chinese = "我不喜欢这个😍，但是很好"
        let chineseHints = analyzer.analyze(chinese, language: "zh").hints
        let chineseSpans = try chineseHints.map { String(chinese[try #require($0.range(in: chinese))]) }
        #expect(chineseSpans == ["不", "喜欢", "😍", "很好"])
        #expect(chineseHints[1].negated)
    }

    @Test("accent-insensitive matching where the language allows it")
    func looseMatching() throws {
        let spanish = Analyzer(library: try TestSupport.library(lexicon: "película\t0.5\nbuena\t2\n", language: "es"))
        #expect(spanish.analyze("una pelicula buena", language: "es").hints.map(\.term) == ["película", "buena"])
        let german = Analyzer(library: try TestSupport.library(lexicon: "schön\t2\n", language: "de"))
        #expect(german.analyze("sehr schoen", language: "de").hints.map(\.term) == ["schön"])
        #expect(german.analyze("schon da", language: "de").hints.isEmpty)
    }

    // MARK: - Language decisions

    @Test("a language without a lexicon gets emoji-only hints, never another language's lexicon")
    func unknownLanguage() {
        let given = RulesTests.analyzer.analyze("good 😍", language: "ru")
        #expect(given.language.language == nil)
        #expect(given.language.candidate == "ru")
        #expect(given.hints.map(\.kind) == [.emoji])
        let cyrillic = RulesTests.analyzer.analyze("Отличный фильм 😍")
        #expect(cyrillic.language.language == nil)
        #expect(cyrillic.language.source == .undetermined)
        #expect(cyrillic.hints.map(\.kind) == [.emoji])
    }

    @Test("a language code with a region or capitals is normalised")
    func languageCodes() {
        #expect(RulesTests.analyzer.analyze("good", language: "EN-gb").language.language == "en")
        #expect(RulesTests.analyzer.analyze("good", language: "en_US").language.source == .given)
    }
}
