import Foundation
import Testing
@testable import Lexicons

/// The lexicons in the repository's `lexicons/` folder, as `opine lexicon check` sees them.
@Suite struct ShippedLexiconTests {
    static let languages = ["en", "es", "fr", "de", "pt", "it"]

    @Test("opine lexicon check finds no error in any shipped language or the emoji table")
    func checkShipped() throws {
        let source = try LexiconSource.read(from: TestSupport.lexiconsRoot)
        #expect(!source.languages.isEmpty)
        let errors = source.check().filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map(\.description).joined(separator: "\n"))")
        _ = try source.build()
    }

    @Test("every language present is checked and has all its files", arguments: languages)
    func languageFiles(code: String) throws {
        let source = try LexiconSource.read(from: TestSupport.lexiconsRoot)
        // A language not written yet is not an error here; one that exists must be complete.
        guard let language = source.languages.first(where: { $0.code == code }) else { return }
        #expect(language.lexicon != nil && language.modifiers != nil && language.functionWords != nil, "\(code)")
        #expect(language.hasReadme, "lexicons/\(code)/README.md must say how the files were made")
        let findings = LexiconCheck.check(language)
        #expect(findings.filter { $0.severity == .error }.isEmpty, "\(findings)")
    }

    @Test("the English lexicon has 2,000 or more entries, stems and phrases; the emoji table 150 or more")
    func sizes() throws {
        let library = try TestSupport.shippedLibrary()
        let english = try #require(library.languages["en"])
        #expect(english.entries.count >= 2000)
        #expect(english.entries.contains { $0.term.hasSuffix("*") })
        #expect(english.entries.filter { $0.term.contains(" ") }.count >= 200)
        #expect(Set(english.modifiers.map(\.kind)) == Set(ModifierKind.allCases))
        #expect(english.functionWords.count >= 100)
        #expect(library.emoji.entries.count >= 150)
        #expect(library.emoji.entries.contains { !EmojiTable.isEmoji($0.symbol) })
        for code in ShippedLexiconTests.languages where code != "en" {
            if let lexicon = library.languages[code] { #expect(lexicon.entries.count >= 600, "\(code)") }
        }
    }

    @Test("English review language: phrases, negation, contrast and emoji read the right way", arguments: [
        ("Highly recommend, works great!", SentimentLabel.positive),
        ("Total waste of money, stopped working after a week.", .negative),
        ("Not worth it.", .negative),
        ("Not bad at all, I couldn't be happier.", .positive),
        ("The screen is nice but the battery is awful.", .negative),
        ("Honestly the worst customer service ever 😡", .negative),
        ("Can't complain, does the job 👍", .positive),
        ("I don't love it.", .negative),
        ("Package arrived on Tuesday.", .neutral),
    ])
    func englishSentences(text: String, label: SentimentLabel) throws {
        let analyzer = Analyzer(library: try TestSupport.shippedLibrary())
        let analysis = analyzer.analyze(text, language: "en")
        #expect(analysis.label == label, "compound \(analysis.compound), hints \(analysis.hints.map(\.text))")
    }

    @Test("hints in all six languages, with negation marked", arguments: [
        ("en", "The food was not good.", "good"),
        ("es", "La comida no estaba buena.", "buena"),
        ("fr", "Le repas n'était pas bon.", "bon"),
        ("de", "Das Essen war nicht gut.", "gut"),
        ("pt", "A comida não estava boa.", "boa"),
        ("it", "Il cibo non era buono.", "buono"),
    ])
    func negatedHintsPerLanguage(code: String, text: String, word: String) throws {
        let library = try TestSupport.shippedLibrary()
        try #require(library.languages[code] != nil, "lexicons/\(code) not present yet")
        let analyzer = Analyzer(library: library)
        for given in [code, nil] {
            let analysis = analyzer.analyze(text, language: given)
            #expect(analysis.language.language == code)
            let hint = try #require(analysis.hints.first { $0.text.lowercased() == word }, "\(analysis.hints)")
            #expect(hint.negated)
            #expect(hint.valence < 0)
            #expect(analysis.hints.contains { $0.kind == .negator })
            #expect(analysis.label == .negative)
        }
    }
}

@Suite struct AccentlessAndPhraseTests {
    // Reviews are often typed without accents: a stem written with them must still match.
    @Test("accent-less words match stems written with accents", arguments: [
        ("es", "El servicio fue pesimo", "pesimo"),
        ("es", "Un hotel fantastico", "fantastico"),
        ("es", "Unas vistas magnificas", "magnificas"),
        ("de", "Das Konzert war grossartig", "grossartig"),
        ("de", "Einfach spektakulaer", "spektakulaer"),
    ])
    func accentless(code: String, text: String, word: String) throws {
        let analyzer = Analyzer(library: try TestSupport.shippedLibrary())
        let analysis = analyzer.analyze(text, language: code)
        #expect(analysis.hints.contains { $0.text.lowercased() == word }, "hints: \(analysis.hints.map(\.text))")
    }

    // A listed phrase that already holds its negator must not be negated a second time.
    @Test("a phrase containing its own negator keeps its listed valence", arguments: [
        ("fr", "Ce n'est pas terrible."),
    ])
    func phraseWithNegator(code: String, text: String) throws {
        let analyzer = Analyzer(library: try TestSupport.shippedLibrary())
        let analysis = analyzer.analyze(text, language: code)
        #expect(analysis.compound < 0.05, "compound \(analysis.compound), hints \(analysis.hints.map { "\($0.text) \($0.valence) neg=\($0.negated)" })")
    }
}
