/// A piece of text the rules look at. Ranges are Unicode-scalar offsets into the original
/// text and always start and end on grapheme-cluster boundaries.
public struct Token: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// Letters, digits and marks, with inner apostrophes and hyphens (`don't`, `well-made`),
        /// or one lexicon word cut from a run of CJK or Thai.
        case word
        /// One emoji grapheme (with its skin tone, variation selector, ZWJ parts).
        case emoji
        /// An ASCII emoticon from the emoji table or the lexicon (`:)`, `<3`, `:-(`).
        case emoticon
    }

    public var range: Range<Int>
    public var kind: Kind
    /// Lower case, apostrophes unified; what lexicon lookups use.
    public var key: String
    /// `key` with accents loosened as the language allows (equal to `key` when ASCII).
    public var loose: String
    /// Every cased letter is upper case and there is at least one (Python's `str.isupper`).
    public var isUpper: Bool
    /// At least one cased letter (so the token can show emphasis by capitals).
    public var hasCased: Bool
    /// Punctuation that ends a clause (`,` `.` `;` `!` `?` a dash, a line break) lies between
    /// the previous token and this one. Negation does not cross it.
    public var breakBefore: Bool
}

/// Emoticons recognised while segmenting, matched longest first, ASCII letters case-insensitive.
struct EmoticonMatcher: Sendable {
    private var byFirst: [Unicode.Scalar: [[Unicode.Scalar]]] = [:]
    /// Which ASCII scalars start an emoticon, so most tokens skip the dictionary.
    private var asciiStarts = [Bool](repeating: false, count: 128)
    private var hasNonASCIIStarts = false

    init(_ patterns: some Sequence<String>) {
        var seen: Set<String> = []
        for pattern in patterns {
            let folded = Array(pattern.unicodeScalars.map(EmoticonMatcher.fold))
            guard let first = folded.first, folded.count >= 2, seen.insert(String(String.UnicodeScalarView(folded))).inserted
            else { continue }
            byFirst[first, default: []].append(folded)
        }
        for key in byFirst.keys {
            byFirst[key]?.sort { $0.count > $1.count }
            if key.isASCII { asciiStarts[Int(key.value)] = true } else { hasNonASCIIStarts = true }
        }
    }

    var isEmpty: Bool { byFirst.isEmpty }

    static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.value >= 0x41 && scalar.value <= 0x5A, let lower = Unicode.Scalar(scalar.value + 0x20) {
            return lower
        }
        return scalar
    }

    /// Length of the longest emoticon starting at `start`, or 0.
    func match(_ scalars: [Unicode.Scalar], at start: Int) -> Int {
        let first = EmoticonMatcher.fold(scalars[start])
        if first.isASCII {
            guard asciiStarts[Int(first.value)] else { return 0 }
        } else if !hasNonASCIIStarts {
            return 0
        }
        guard let candidates = byFirst[first] else { return 0 }
        for candidate in candidates where start + candidate.count <= scalars.count {
            var matches = true
            for (offset, expected) in candidate.enumerated()
            where EmoticonMatcher.fold(scalars[start + offset]) != expected {
                matches = false
                break
            }
            if matches { return candidate.count }
        }
        return 0
    }
}

/// Splits text into words, emoji and emoticons for Latin, Cyrillic, Greek, Arabic and other
/// spaced scripts; cuts CJK and Thai runs by longest lexicon match, else one character at a time.
struct Segmenter: Sendable {
    var emoticons: EmoticonMatcher
    var elisions: Set<String>
    /// Lexicon keys written in a script without spaces, for longest-match cutting.
    var continuaTerms: Set<String>
    var maxContinuaLength: Int
    var looseMatching: LooseMatching

    init(emoticons: EmoticonMatcher = EmoticonMatcher([]), elisions: Set<String> = [],
         continuaTerms: Set<String> = [], looseMatching: LooseMatching = .none) {
        self.emoticons = emoticons
        self.looseMatching = looseMatching
        self.elisions = elisions
        self.continuaTerms = continuaTerms
        self.maxContinuaLength = continuaTerms.map { $0.unicodeScalars.count }.max() ?? 1
    }

    func tokens(_ scalars: [Unicode.Scalar]) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(scalars.count / 4)
        var pendingBreak = false
        var index = 0
        let count = scalars.count
        while index < count {
            let scalar = scalars[index]
            if CharacterClass.isWhitespace(scalar) {
                if scalar == "\n" || scalar == "\r" || scalar == "\u{2029}" || scalar == "\u{2028}" { pendingBreak = true }
                index += 1
                continue
            }
            let atChunkStart = index == 0 || CharacterClass.isWhitespace(scalars[index - 1])
            if atChunkStart, let end = Segmenter.skippableChunkEnd(scalars, from: index) {
                index = end
                continue
            }
            if !emoticons.isEmpty, let length = emoticonLength(scalars, at: index), length > 0 {
                let range = index..<(index + length)
                tokens.append(makeToken(scalars, range, kind: .emoticon, breakBefore: pendingBreak))
                pendingBreak = false
                index += length
                continue
            }
            if let end = CharacterClass.emojiClusterEnd(scalars, from: index) {
                tokens.append(makeToken(scalars, index..<end, kind: .emoji, breakBefore: pendingBreak))
                pendingBreak = false
                index = end
                continue
            }
            if CharacterClass.isWordScalar(scalar) {
                let script = Script.of(scalar)
                if script.isScriptioContinua {
                    var end = index + 1
                    while end < count, CharacterClass.isMark(scalars[end])
                        || (CharacterClass.isWordScalar(scalars[end]) && Script.of(scalars[end]).isScriptioContinua) {
                        end += 1
                    }
                    cutContinua(scalars, index..<end, breakBefore: &pendingBreak, into: &tokens)
                    index = end
                    continue
                }
                let end = Segmenter.wordEnd(scalars, from: index)
                appendWord(scalars, index..<end, breakBefore: &pendingBreak, into: &tokens)
                index = end
                continue
            }
            if CharacterClass.isClauseBreak(scalar) || (scalar == "-" && Segmenter.isSpacedDash(scalars, index)) {
                pendingBreak = true
            }
            index += 1
        }
        return tokens
    }

    /// Tokens made by another segmenter (without elisions, accent keys or lexicon emoticons)
    /// as this one would make them: elisions split off, loose keys for this language.
    func adapt(_ tokens: [Token], _ scalars: [Unicode.Scalar]) -> [Token] {
        if elisions.isEmpty && looseMatching == .none { return tokens }
        var result: [Token] = []
        result.reserveCapacity(tokens.count + 4)
        for token in tokens {
            guard token.kind == .word else {
                result.append(token)
                continue
            }
            if !elisions.isEmpty && token.key.utf8.contains(0x27) {
                var breakBefore = token.breakBefore
                appendWord(scalars, token.range, breakBefore: &breakBefore, into: &result)
                continue
            }
            var adapted = token
            if token.key.utf8.contains(where: { $0 >= 0x80 }) { adapted.loose = Folding.loose(token.key, looseMatching) }
            result.append(adapted)
        }
        return result
    }

    // MARK: - Pieces

    /// URLs and @mentions are skipped whole: their letters are not opinions.
    static func skippableChunkEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        let first = scalars[start]
        guard first == "h" || first == "H" || first == "w" || first == "W" || first == "@" else { return nil }
        var isSkippable = false
        if first == "@" {
            isSkippable = start + 1 < scalars.count && CharacterClass.isWordScalar(scalars[start + 1])
        } else {
            for prefix in ["http://", "https://", "www."] where hasPrefix(scalars, start, prefix) {
                isSkippable = true
                break
            }
        }
        guard isSkippable else { return nil }
        var end = start + 1
        while end < scalars.count, !CharacterClass.isWhitespace(scalars[end]) { end += 1 }
        // Keep closing punctuation after a URL ("see https://x.org." ends a sentence).
        while end > start + 1, CharacterClass.isClauseBreak(scalars[end - 1]) { end -= 1 }
        return end
    }

    static func hasPrefix(_ scalars: [Unicode.Scalar], _ start: Int, _ prefix: String) -> Bool {
        var index = start
        for expected in prefix.unicodeScalars {
            guard index < scalars.count, EmoticonMatcher.fold(scalars[index]) == expected else { return false }
            index += 1
        }
        return true
    }

    static func isSpacedDash(_ scalars: [Unicode.Scalar], _ index: Int) -> Bool {
        let before = index == 0 || CharacterClass.isWhitespace(scalars[index - 1])
        let after = index + 1 >= scalars.count || CharacterClass.isWhitespace(scalars[index + 1]) || scalars[index + 1] == "-"
        return before && after
    }

    /// An emoticon must not be glued to letters on its right (`:Don't`), and one that starts
    /// with a letter or digit (`xD`, `8)`) must start a chunk.
    private func emoticonLength(_ scalars: [Unicode.Scalar], at index: Int) -> Int? {
        let length = emoticons.match(scalars, at: index)
        guard length > 0 else { return nil }
        let first = scalars[index]
        if index > 0 {
            let previous = scalars[index - 1]
            // "16:3" is a ratio, "ab:D" a typo; "great:)" is an emoticon.
            if CharacterClass.isDigit(previous) { return nil }
            if CharacterClass.isWordScalar(first) && CharacterClass.isWordScalar(previous) { return nil }
        }
        let end = index + length
        if end < scalars.count {
            let next = scalars[end]
            let last = scalars[end - 1]
            if CharacterClass.isWordScalar(next) && (CharacterClass.isWordScalar(last) || next.isASCII) { return nil }
        }
        return length
    }

    /// End of a word: letters, marks and digits, joined by an apostrophe or hyphen between
    /// letters, or a point or comma between digits. Stops at a change into CJK or Thai.
    static func wordEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var end = start + 1
        let count = scalars.count
        while end < count {
            let scalar = scalars[end]
            if CharacterClass.isMark(scalar) || CharacterClass.isJoinerControl(scalar) {
                end += 1
                continue
            }
            if CharacterClass.isWordScalar(scalar) {
                if !scalar.isASCII && Script.of(scalar).isScriptioContinua { break }
                end += 1
                continue
            }
            if end + 1 < count, CharacterClass.isWordScalar(scalars[end + 1]),
                !Script.of(scalars[end + 1]).isScriptioContinua {
                let previous = scalars[end - 1]
                if Folding.isApostrophe(scalar) || scalar == "-" || scalar == "\u{2010}" || scalar == "\u{2011}" {
                    end += 2
                    continue
                }
                if (scalar == "." || scalar == ","), CharacterClass.isDigit(previous), CharacterClass.isDigit(scalars[end + 1]) {
                    end += 2
                    continue
                }
            }
            break
        }
        return end
    }

    private func appendWord(_ scalars: [Unicode.Scalar], _ range: Range<Int>, breakBefore: inout Bool,
                            into tokens: inout [Token]) {
        var start = range.lowerBound
        if !elisions.isEmpty {
            // Split elided clitics: "l'amour" → "l'" + "amour", "qu'il" → "qu'" + "il".
            var position = start
            while position < range.upperBound - 1 {
                if Folding.isApostrophe(scalars[position]) {
                    let prefix = Folding.key(scalars[start...position])
                    guard elisions.contains(prefix) else { break }
                    tokens.append(makeToken(scalars, start..<(position + 1), kind: .word, breakBefore: breakBefore))
                    breakBefore = false
                    start = position + 1
                }
                position += 1
            }
        }
        tokens.append(makeToken(scalars, start..<range.upperBound, kind: .word, breakBefore: breakBefore))
        breakBefore = false
    }

    private func cutContinua(_ scalars: [Unicode.Scalar], _ range: Range<Int>, breakBefore: inout Bool,
                             into tokens: inout [Token]) {
        var position = range.lowerBound
        while position < range.upperBound {
            var length = 0
            if !continuaTerms.isEmpty {
                var candidate = min(maxContinuaLength, range.upperBound - position)
                while candidate >= 2 {
                    let end = position + candidate
                    let endsOnBoundary = end == range.upperBound || !CharacterClass.isMark(scalars[end])
                    if endsOnBoundary, continuaTerms.contains(Folding.key(scalars[position..<end])) {
                        length = candidate
                        break
                    }
                    candidate -= 1
                }
            }
            if length == 0 {
                length = 1
                while position + length < range.upperBound, CharacterClass.isMark(scalars[position + length]) {
                    length += 1
                }
            }
            tokens.append(makeToken(scalars, position..<(position + length), kind: .word, breakBefore: breakBefore))
            breakBefore = false
            position += length
        }
    }

    private func makeToken(_ scalars: [Unicode.Scalar], _ range: Range<Int>, kind: Token.Kind,
                           breakBefore: Bool) -> Token {
        let slice = scalars[range]
        let (isUpper, hasCased) = kind == .emoji ? (false, false) : CharacterClass.caseShape(slice)
        let key = Folding.key(slice)
        let loose = kind == .word ? Folding.loose(key, looseMatching) : key
        return Token(range: range, kind: kind, key: key, loose: loose, isUpper: isUpper, hasCased: hasCased,
                     breakBefore: breakBefore)
    }
}

/// Scalar classes shared by the segmenters.
enum CharacterClass {
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || (scalar.value >= 0x09 && scalar.value <= 0x0D) || (scalar.value >= 0x1C && scalar.value <= 0x1F) }
        return scalar.properties.isWhitespace
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value >= 0x30 && scalar.value <= 0x39 }
        return scalar.properties.generalCategory == .decimalNumber
    }

    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return false }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// Zero-width joiner and non-joiner inside words (Persian, Indic scripts).
    static func isJoinerControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\u{200C}" || scalar == "\u{200D}"
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let v = scalar.value
            return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .nonspacingMark, .spacingMark:
            return true
        default:
            return false
        }
    }

    /// Punctuation that closes a clause for negation scope.
    static func isClauseBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x28, 0x29, 0x5B, 0x5D, 0x7B, 0x7D, 0x7C: return true
        case 0xA1, 0xBF, 0x2026, 0x2013, 0x2014, 0x2022, 0x203C, 0x2047, 0x2048, 0x2049: return true
        case 0x3001, 0x3002, 0xFF01, 0xFF0C, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF0E: return true
        case 0x060C, 0x061B, 0x061F, 0x06D4, 0x0964, 0x0965, 0x037E: return true
        default: return false
        }
    }

    /// Where the emoji grapheme starting at `start` ends, or nil when it is not an emoji.
    static func emojiClusterEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        let scalar = scalars[start]
        let count = scalars.count
        if scalar.isASCII {
            // Keycaps: 1️⃣ #️⃣ *️⃣
            let isKeycapBase = isDigit(scalar) || scalar == "#" || scalar == "*"
            guard isKeycapBase, start + 1 < count else { return nil }
            if scalars[start + 1] == "\u{20E3}" { return start + 2 }
            if scalars[start + 1] == "\u{FE0F}", start + 2 < count, scalars[start + 2] == "\u{20E3}" { return start + 3 }
            return nil
        }
        guard isEmojiBase(scalar) else { return nil }
        var end = start + 1
        if isRegionalIndicator(scalar) {
            if end < count, isRegionalIndicator(scalars[end]) { end += 1 }
            return end
        }
        while end < count {
            let next = scalars[end]
            if next == "\u{FE0F}" || next == "\u{FE0E}" || next == "\u{20E3}" || isSkinTone(next)
                || (next.value >= 0xE0020 && next.value <= 0xE007F) {
                end += 1
            } else if next == "\u{200D}", end + 1 < count, isEmojiBase(scalars[end + 1]) {
                end += 2
            } else {
                break
            }
        }
        return end
    }

    static func isEmojiBase(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return false }
        if scalar.value == 0x203C || scalar.value == 0x2049 { return false }
        let properties = scalar.properties
        guard properties.isEmoji else { return false }
        switch properties.generalCategory {
        case .decimalNumber, .uppercaseLetter, .lowercaseLetter, .otherLetter: return false
        default: return true
        }
    }

    static func isSkinTone(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x1F3FB && scalar.value <= 0x1F3FF
    }

    static func isRegionalIndicator(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x1F1E6 && scalar.value <= 0x1F1FF
    }

    /// (all cased letters upper and at least one, at least one cased letter)
    static func caseShape(_ scalars: ArraySlice<Unicode.Scalar>) -> (Bool, Bool) {
        var hasCased = false
        var hasLower = false
        for scalar in scalars {
            if scalar.isASCII {
                let v = scalar.value
                if v >= 0x61 && v <= 0x7A { hasCased = true; hasLower = true } else if v >= 0x41 && v <= 0x5A { hasCased = true }
                continue
            }
            let properties = scalar.properties
            guard properties.isCased else { continue }
            hasCased = true
            if !properties.isUppercase { hasLower = true }
        }
        return (hasCased && !hasLower, hasCased)
    }
}
