import Foundation
import Testing
@testable import Lexicons

@Suite struct LanguageIdentificationTests {
    static let fixture = TestSupport.fixtures.appendingPathComponent("langid.tsv")
    static let languages = ["en", "es", "fr", "de", "pt", "it"]

    /// `lang<TAB>text` rows (header and `#` comments skipped).
    static func rows() throws -> [(language: String, text: String)] {
        try TestSupport.read(fixture).split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), !line.hasPrefix("lang\t") else { return nil }
            let fields = line.split(separator: "\t", maxSplits: 1)
            return fields.count == 2 ? (String(fields[0]), String(fields[1])) : nil
        }
    }

    // Runs once Fixtures/langid.tsv exists (written with the other languages' lexicons).
    @Test("the six lexicon languages are detected with 95% accuracy or more on the multilingual fixture",
          .enabled(if: FileManager.default.fileExists(atPath: fixture.path), "Fixtures/langid.tsv not written yet"))
    func fixtureAccuracy() throws {
        // Given the shipped lexicons and at least 50 texts per language
        let analyzer = Analyzer(library: try TestSupport.shippedLibrary())
        let rows = try LanguageIdentificationTests.rows()
        for language in LanguageIdentificationTests.languages {
            #expect(rows.filter { $0.language == language }.count >= 50, "\(language)")
        }

        // When every text is detected
        var correct: [String: Int] = [:]
        var total: [String: Int] = [:]
        var misses: [String] = []
        for row in rows {
            let decision = analyzer.decideLanguage(row.text)
            total[row.language, default: 0] += 1
            if decision.language == row.language {
                correct[row.language, default: 0] += 1
            } else {
                misses.append("\(row.language) → \(decision.language ?? "none") (\(decision.candidate ?? "-") \(decision.confidence)): \(row.text)")
            }
        }

        // Then each language and the whole fixture reach 95%
        let overall = Double(correct.values.reduce(0, +)) / Double(rows.count)
        #expect(overall >= 0.95, "overall \(overall)\n\(misses.joined(separator: "\n"))")
        for language in LanguageIdentificationTests.languages {
            let accuracy = Double(correct[language] ?? 0) / Double(max(1, total[language] ?? 0))
            #expect(accuracy >= 0.95, "\(language): \(accuracy)")
        }
    }

    @Test("scripts decide non-Latin languages; a lexicon is used only when loaded", arguments: [
        ("Это был отличный фильм, всем советую.", "ru", Script.cyrillic),
        ("Це був чудовий фільм, раджу всім.", "uk", .cyrillic),
        ("Ήταν μια υπέροχη ταινία.", "el", .greek),
        ("كان الفيلم رائعا جدا", "ar", .arabic),
        ("这部电影非常好看", "zh", .han),
        ("この映画はとても良かった", "ja", .hiragana),
        ("이 영화 정말 좋았어요", "ko", .hangul),
        ("หนังเรื่องนี้ดีมาก", "th", .thai),
    ])
    func scripts(text: String, language: String, script: Script) throws {
        let analyzer = Analyzer(library: try TestSupport.shippedLibrary())
        let guess = analyzer.identifier.identify(text)
        #expect(guess.language == language)
        #expect(guess.script == script)
        let decision = analyzer.decideLanguage(text)
        #expect(decision.language == nil, "no \(language) lexicon is shipped, so emoji only")
        #expect(decision.candidate == language)
    }

    @Test("a Latin-script text in a language without a profile is not forced into one")
    func unknownLatin() throws {
        let analyzer = Analyzer(library: try TestSupport.shippedLibrary())
        for text in ["Tämä elokuva oli todella hyvä ja näyttelijät loistavia.", "Ez a film nagyon jó volt, ajánlom mindenkinek."] {
            let decision = analyzer.decideLanguage(text)
            #expect(decision.language == nil, "\(text) → \(decision)")
            #expect(decision.source == .undetermined)
        }
    }

    @Test("a given language wins over detection, with confidence 1")
    func givenLanguage() throws {
        let analyzer = Analyzer(library: try TestSupport.shippedLibrary())
        let decision = analyzer.decideLanguage("The food was great", given: "de")
        #expect(decision.language == "de")
        #expect(decision.source == .given)
        #expect(decision.confidence == 1)
    }

    @Test("text without letters has no language")
    func noLetters() throws {
        let analyzer = Analyzer(library: try TestSupport.shippedLibrary())
        let analysis = analyzer.analyze("👍👍 :) 10/10")
        #expect(analysis.language.language == nil)
        #expect(analysis.language.confidence == 0)
        #expect(analysis.hints.count == 3)
        #expect(analysis.label == .positive)
    }
}
