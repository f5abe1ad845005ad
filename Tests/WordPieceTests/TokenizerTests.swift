import Testing

@testable import WordPiece

/// Behaviour on a small hand-made vocabulary; runs without the real model.
@Suite struct TokenizerTests {
    static let vocabulary = [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",  // 0-4
        "un", "##aff", "##able", "aff", "able",  // 5-9
        "the", "cafe", "café", ",", "!",  // 10-14
        "中", "文", "hello", "world", "a",  // 15-19
        "##a", "unaff", "«", "»", "x",  // 20-24
        "##x", "[", "]", "sep", "ab",  // 25-29
    ]

    static func tokenizer(_ options: BertTokenizer.Options = .init()) throws -> BertTokenizer {
        try BertTokenizer(vocabulary: vocabulary, options: options)
    }

    // MARK: WordPiece

    @Test("greedy longest match takes the longest vocabulary prefix first")
    func longestMatch() throws {
        let tokenizer = try Self.tokenizer()
        // "unaff" beats "un" + "##aff".
        #expect(tokenizer.tokenize("unaffable") == ["unaff", "##able"])
        #expect(tokenizer.tokenize("unable") == ["un", "##able"])
    }

    @Test("continuation pieces carry ## and never start a word")
    func continuations() throws {
        let tokenizer = try Self.tokenizer()
        #expect(tokenizer.tokenize("aaa") == ["a", "##a", "##a"])
        // "able" as a word uses the word-start entry, not "##able".
        #expect(tokenizer.tokenize("able") == ["able"])
        let noWordStart = try BertTokenizer(vocabulary: ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "##b"])
        #expect(noWordStart.tokenize("b") == ["[UNK]"])
    }

    @Test("a word with an unmatched remainder is one [UNK], not a partial match")
    func unmatchedRemainder() throws {
        let tokenizer = try Self.tokenizer()
        #expect(tokenizer.tokenize("unaffz") == ["[UNK]"])
        #expect(tokenizer.tokenize("hello zzz world") == ["hello", "[UNK]", "world"])
    }

    @Test("words over 100 characters are [UNK]; 100 exactly are split")
    func longWords() throws {
        let tokenizer = try Self.tokenizer()
        #expect(tokenizer.tokenize(String(repeating: "a", count: 101)) == ["[UNK]"])
        let hundred = tokenizer.tokenize(String(repeating: "a", count: 100))
        #expect(hundred.count == 100)
        #expect(hundred.first == "a")
        #expect(hundred.dropFirst().allSatisfy { $0 == "##a" })
        // Punctuation ends the word, so it does not count towards the limit.
        #expect(tokenizer.tokenize(String(repeating: "x", count: 100) + "!") == Array(repeating: "x", count: 1)
            + Array(repeating: "##x", count: 99) + ["!"])
    }

    @Test("the limit on word length is an option")
    func wordLengthOption() throws {
        let tokenizer = try Self.tokenizer(.init(maxInputCharactersPerWord: 3))
        #expect(tokenizer.tokenize("aaa aaaa") == ["a", "##a", "##a", "[UNK]"])
        #expect(throws: WordPieceError.invalidOption("maxInputCharactersPerWord must be positive")) {
            try Self.tokenizer(.init(maxInputCharactersPerWord: 0))
        }
    }

    @Test("vocabulary keys compare scalar by scalar, not by canonical equivalence")
    func exactKeys() throws {
        // Cased and not stripping: "cafe\u{301}" stays decomposed and must not hit "café".
        let cased = try Self.tokenizer(.init(basic: .init(stripAccents: false, lowercase: false)))
        #expect(cased.tokenize("café") == ["café"])
        #expect(cased.tokenize("cafe\u{301}") == ["[UNK]"])
        #expect(cased.id(for: "cafe\u{301}") == nil)
    }

    // MARK: Basic tokenizer

    @Test("CJK ideographs become single-character words")
    func chinese() throws {
        let basic = BasicTokenizer()
        #expect(basic.tokenize("中文abc") == ["中", "文", "abc"])
        #expect(basic.tokenize("ab中cd") == ["ab", "中", "cd"])
        // Kana and Hangul are not in the CJK ranges and stay words.
        #expect(BasicTokenizer(options: .init(stripAccents: false)).tokenize("カタカナ한국") == ["カタカナ한국"])
        let off = BasicTokenizer(options: .init(handleChineseCharacters: false))
        #expect(off.tokenize("中文abc") == ["中文abc"])
        let tokenizer = try Self.tokenizer()
        #expect(tokenizer.tokenize("中文") == ["中", "文"])
    }

    @Test("every punctuation character is a word of its own", arguments: [
        ("hello,world!", ["hello", ",", "world", "!"]),
        ("«x»", ["«", "x", "»"]),
        ("a$b^c`d", ["a", "$", "b", "^", "c", "`", "d"]),  // ASCII symbols count as punctuation
        ("wait…", ["wait", "…"]),
        ("¿qué?", ["¿", "que", "?"]),
        ("a·b", ["a", "·", "b"]),
        ("x\u{37E}", ["x", ";"]),  // GREEK QUESTION MARK decomposes to ';'
        ("5€ ©", ["5€", "©"]),  // symbols outside ASCII are not punctuation
    ])
    func punctuation(_ text: String, _ words: [String]) {
        #expect(BasicTokenizer().tokenize(text) == words)
    }

    @Test("uncased strips accents after NFD and lower-cases")
    func accents() {
        let uncased = BasicTokenizer()
        #expect(uncased.tokenize("Café Ñandú ÅNGSTRÖM") == ["cafe", "nandu", "angstrom"])
        #expect(uncased.tokenize("cafe\u{301}") == ["cafe"])
        // U+0130 loses its dot as a mark before lower-casing.
        #expect(uncased.tokenize("İstanbul") == ["istanbul"])
        // Hangul syllables decompose into conjoining jamo under NFD.
        #expect(uncased.normalize("한") == "\u{1112}\u{1161}\u{11AB}")
    }

    @Test("strip_accents follows lowercase when unset, and can be set either way")
    func accentOptions() {
        #expect(BasicTokenizer(options: .init(lowercase: false)).tokenize("Café") == ["Café"])
        #expect(BasicTokenizer(options: .init(stripAccents: false)).tokenize("Café") == ["café"])
        #expect(BasicTokenizer(options: .init(stripAccents: true, lowercase: false)).tokenize("Café") == ["Cafe"])
        // Lower-casing is per scalar without context: final sigma is not special.
        #expect(BasicTokenizer(options: .init(stripAccents: false)).tokenize("ΟΔΟΣ") == ["οδοσ"])
    }

    @Test("cleaning drops NUL, U+FFFD and control/format characters; whitespace splits")
    func cleaning() {
        let basic = BasicTokenizer()
        #expect(basic.tokenize("a\u{0}b\u{FFFD}c\u{200B}d\u{7F}e\u{AD}f") == ["abcdef"])
        #expect(basic.tokenize("a\tb\nc\r\nd\u{A0}e\u{3000}f\u{2028}g") == ["a", "b", "c", "d", "e", "f", "g"])
        // Vertical tab, form feed and NEL are control characters: dropped, not spaces.
        #expect(basic.tokenize("a\u{B}b\u{C}c\u{85}d") == ["abcd"])
        #expect(basic.tokenize("") == [])
        #expect(basic.tokenize(" \t\n ") == [])
        let raw = BasicTokenizer(options: .init(cleanText: false, lowercase: false))
        #expect(raw.tokenize("a\u{B}b") == ["a", "b"])  // still whitespace to the pre-tokenizer
        #expect(raw.tokenize("a\u{0}b") == ["a\u{0}b"])
    }

    @Test("characters the reference's Unicode 8.0 tables do not know stay in the word")
    func oldUnicodeTables() {
        let basic = BasicTokenizer()
        // U+061D ARABIC END OF TEXT MARK (Unicode 14, Po) is no punctuation to the reference.
        #expect(basic.tokenize("a\u{61D}b") == ["a\u{61D}b"])
        // U+166D CANADIAN SYLLABICS CHI SIGN was Po in Unicode 8.0, So today.
        #expect(basic.tokenize("a\u{166D}b") == ["a", "\u{166D}", "b"])
        // U+0890 ARABIC POUND MARK ABOVE (Unicode 14, Cf) is not dropped.
        #expect(basic.tokenize("a\u{890}b") == ["a\u{890}b"])
    }

    // MARK: Encoding

    @Test("encode wraps the pieces in [CLS] and [SEP]")
    func encodeWraps() throws {
        let tokenizer = try Self.tokenizer()
        #expect(tokenizer.encode("Hello, world!") == [2, 17, 13, 18, 14, 3])
        #expect(tokenizer.encode("") == [2, 3])
        #expect(tokenizer.clsId == 2 && tokenizer.sepId == 3 && tokenizer.padId == 0 && tokenizer.unkId == 1)
        #expect(tokenizer.maskId == 4)
        #expect(tokenizer.vocabularySize == Self.vocabulary.count)
    }

    @Test("encode truncates to maxLength ids in all, inside a word if need be")
    func truncation() throws {
        let tokenizer = try Self.tokenizer(.init(modelMaxLength: 6))
        #expect(tokenizer.maxLength == 6)
        #expect(tokenizer.encode("hello world hello world hello") == [2, 17, 18, 17, 18, 3])
        #expect(tokenizer.encode("hello aaaa", maxLength: 4) == [2, 17, 19, 3])
        #expect(tokenizer.encode("hello world", maxLength: 1) == [2, 3])
        #expect(tokenizer.encode("hello", maxLength: 100) == [2, 17, 3])
        let big = try Self.tokenizer(.init(modelMaxLength: 1_000_000))
        #expect(big.maxLength == BertTokenizer.positionLimit)
    }

    @Test("special tokens written in the text are matched verbatim, before normalization")
    func specialTokensInText() throws {
        let tokenizer = try Self.tokenizer()
        #expect(tokenizer.encode("hello [SEP] world") == [2, 17, 3, 18, 3])
        #expect(tokenizer.encode("x[MASK]x") == [2, 24, 4, 24, 3])
        // Lower-case spelling is ordinary text.
        #expect(tokenizer.tokenize("[sep]") == ["[", "sep", "]"])
        let none = try Self.tokenizer(.init(addedTokens: []))
        #expect(none.tokenize("[SEP]") == ["[", "sep", "]"])
    }

    @Test("normalized added tokens match the normalized text")
    func normalizedAddedTokens() throws {
        let tokenizer = try Self.tokenizer(.init(addedTokens: [AddedToken("HELLO", id: 99, normalized: true)]))
        #expect(tokenizer.encode("Hello world") == [2, 99, 18, 3])
        #expect(tokenizer.token(for: 99) == "HELLO")
    }

    // MARK: Errors

    @Test("a duplicate token is rejected with its line and the first one's")
    func duplicateToken() {
        #expect(throws: WordPieceError.duplicateToken(file: "<vocabulary>", line: 4, token: "a", firstLine: 2)) {
            try BertTokenizer(vocabulary: ["[UNK]", "a", "b", "a"])
        }
    }

    @Test("an empty vocabulary and a missing special token are rejected")
    func missingPieces() {
        #expect(throws: WordPieceError.emptyVocabulary(file: "<vocabulary>")) {
            try BertTokenizer(vocabulary: [])
        }
        #expect(throws: WordPieceError.missingSpecialToken(file: "<vocabulary>", role: "separator token", token: "[SEP]")) {
            try BertTokenizer(vocabulary: ["[PAD]", "[UNK]", "[CLS]"])
        }
    }

    @Test("error messages name the file and line")
    func messages() {
        let duplicate = WordPieceError.duplicateToken(file: "/m/vocab.txt", line: 12, token: "a\u{0}", firstLine: 3)
        #expect(duplicate.description == "/m/vocab.txt:12: duplicate token \"a\\u{0}\" (first on line 3)")
        let json = WordPieceError.invalidJSON(file: "/m/tokenizer.json", line: 3, reason: "bad")
        #expect(json.description == "/m/tokenizer.json:3: invalid JSON: bad")
    }
}
