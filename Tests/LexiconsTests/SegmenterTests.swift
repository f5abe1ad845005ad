import Foundation
import Testing
@testable import Lexicons

@Suite struct SegmenterTests {
    static func words(_ text: String, _ segmenter: Segmenter = Segmenter()) -> [String] {
        segmenter.tokens(Array(text.unicodeScalars)).map { token in
            var view = String.UnicodeScalarView()
            view.append(contentsOf: Array(text.unicodeScalars)[token.range])
            return String(view)
        }
    }

    @Test("words keep inner apostrophes and hyphens, numbers keep their point, punctuation goes", arguments: [
        ("Don't buy it!", ["Don't", "buy", "it"]),
        ("A well-made, must-have item.", ["A", "well-made", "must-have", "item"]),
        ("It costs 4.99 — really?", ["It", "costs", "4.99", "really"]),
        ("isn’t great", ["isn’t", "great"]),
        ("#love this", ["love", "this"]),
        ("see https://example.com/a?b=c or @support_team now", ["see", "or", "now"]),
    ])
    func latinWords(text: String, expected: [String]) {
        #expect(SegmenterTests.words(text) == expected)
    }

    @Test("Cyrillic, Greek, Arabic and Hebrew words are segmented on spaces and punctuation", arguments: [
        ("Отличный фильм, не плохой!", ["Отличный", "фильм", "не", "плохой"]),
        ("Πολύ καλό προϊόν.", ["Πολύ", "καλό", "προϊόν"]),
        ("الفيلم رائع جدا، شكرا", ["الفيلم", "رائع", "جدا", "شكرا"]),
        ("הסרט מעולה!", ["הסרט", "מעולה"]),
    ])
    func otherScripts(text: String, expected: [String]) {
        #expect(SegmenterTests.words(text) == expected)
    }

    @Test("CJK runs are cut by longest lexicon match, else one character at a time")
    func cjk() {
        let segmenter = Segmenter(continuaTerms: ["很好", "不错", "喜欢"])
        #expect(SegmenterTests.words("这个很好，我喜欢。", segmenter) == ["这", "个", "很好", "我", "喜欢"])
        #expect(SegmenterTests.words("iPhone很不错", segmenter) == ["iPhone", "很", "不错"])
        #expect(SegmenterTests.words("とても良い", Segmenter()) == ["と", "て", "も", "良", "い"])
    }

    @Test("emoji are whole graphemes: skin tones, ZWJ sequences, flags and keycaps stay together")
    func emojiClusters() {
        let text = "ok 👍🏽 👨‍👩‍👧 🇫🇷 1️⃣ ❤️ end"
        let tokens = Segmenter().tokens(Array(text.unicodeScalars))
        #expect(tokens.filter { $0.kind == .emoji }.count == 5)
        #expect(SegmenterTests.words(text) == ["ok", "👍🏽", "👨‍👩‍👧", "🇫🇷", "1️⃣", "❤️", "end"])
    }

    @Test("emoticons are found between words but not inside ratios or words")
    func emoticons() {
        let segmenter = Segmenter(emoticons: EmoticonMatcher([":)", ":D", "<3", ":-(", "xD", ":3"]))
        #expect(SegmenterTests.words("great:) see you :D <3 xD", segmenter) == ["great", ":)", "see", "you", ":D", "<3", "xD"])
        #expect(SegmenterTests.words("ratio 16:3 and :Don't", segmenter) == ["ratio", "16", "3", "and", "Don't"])
    }

    @Test("French and Italian elisions are split off before lookup")
    func elisions() {
        let french = Segmenter(elisions: LanguageTraits.of("fr").elisions)
        #expect(SegmenterTests.words("C'est l'hôtel qu'il aime aujourd'hui", french)
                == ["C'", "est", "l'", "hôtel", "qu'", "il", "aime", "aujourd'hui"])
        let italian = Segmenter(elisions: LanguageTraits.of("it").elisions)
        #expect(SegmenterTests.words("Un'ottima pizza dell'anno", italian) == ["Un'", "ottima", "pizza", "dell'", "anno"])
    }

    @Test("punctuation and line breaks mark a clause break before the next token")
    func clauseBreaks() {
        let tokens = Segmenter().tokens(Array("not bad, good\nfine - ok".unicodeScalars))
        #expect(tokens.map(\.breakBefore) == [false, false, true, true, true])
    }

    @Test("keys fold case and apostrophes; capitals are detected like Python's isupper")
    func keysAndCase() {
        let tokens = Segmenter().tokens(Array("ISN’T Great I'M ÉTÉ 123".unicodeScalars))
        #expect(tokens.map(\.key) == ["isn't", "great", "i'm", "été", "123"])
        #expect(tokens.map(\.isUpper) == [true, false, true, true, false])
        #expect(tokens.map(\.hasCased) == [true, true, true, true, false])
    }

    @Test("every token range starts and ends on a grapheme boundary", arguments: [
        "Café déjà vu — naïve façade",
        "e\u{301}te\u{301} (decomposed accents) très bien",
        "这个很好 😊👍🏽 👨‍👩‍👧‍👦 done",
        "مرحبا بالعالم ☺️ ok",
        "ok\u{200D}ok 🇯🇵🇺🇸 #️⃣",
    ])
    func graphemeBoundaries(text: String) {
        var boundaries: Set<Int> = [0]
        var offset = 0
        for character in text {
            offset += character.unicodeScalars.count
            boundaries.insert(offset)
        }
        for token in Segmenter().tokens(Array(text.unicodeScalars)) {
            #expect(boundaries.contains(token.range.lowerBound), "\(token)")
            #expect(boundaries.contains(token.range.upperBound), "\(token)")
        }
    }

    static let scriptCases: [(String, Script)] = [
        ("a", .latin), ("ß", .latin), ("ж", .cyrillic), ("λ", .greek), ("ب", .arabic), ("א", .hebrew),
        ("中", .han), ("あ", .hiragana), ("カ", .katakana), ("한", .hangul), ("ก", .thai), ("1", .common), ("😀", .common),
    ]

    @Test("scripts of letters", arguments: scriptCases)
    func scripts(character: String, script: Script) throws {
        let scalar = try #require(character.unicodeScalars.first)
        #expect(Script.of(scalar) == script)
    }

    @Test("loose keys: accents ignored where allowed, German umlauts as digraphs")
    func looseKeys() {
        #expect(Folding.loose("película", .ignoreMarks) == "pelicula")
        #expect(Folding.loose("très", .ignoreMarks) == "tres")
        #expect(Folding.loose("schön", .germanDigraphs) == "schoen")
        #expect(Folding.loose("groß", .germanDigraphs) == "gross")
        #expect(Folding.loose("schön", .none) == "schön")
        #expect(Folding.key("ΟΔΟΣ") == "οδοσ")
    }
}
