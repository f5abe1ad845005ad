/// The rule-based scorer: language decision, segmentation, lexicon lookup, VADER-style rules,
/// hint spans. Build one per library and rules; `analyze` is pure and thread-safe.
public struct Analyzer: Sendable {
    public let library: LexiconLibrary
    public let rules: Rules
    public let identifier: LanguageIdentifier
    private let engines: [String: Engine]
    private let emojiOnly: Engine

    /// A language's lexicon with the segmenter that fits it.
    struct Engine: Sendable {
        var lexicon: LanguageLexicon?
        var segmenter: Segmenter
    }

    public init(library: LexiconLibrary, rules: Rules = Rules()) {
        self.library = library
        self.rules = rules
        self.identifier = LanguageIdentifier(lexicons: Array(library.languages.values))
        var engines: [String: Engine] = [:]
        for (code, lexicon) in library.languages {
            let emoticons = EmoticonMatcher(library.emoji.emoticonPatterns + lexicon.emoticonTerms)
            engines[code] = Engine(lexicon: lexicon,
                                   segmenter: Segmenter(emoticons: emoticons, elisions: lexicon.traits.elisions,
                                                        continuaTerms: lexicon.continuaTerms,
                                                        looseMatching: lexicon.traits.looseMatching))
        }
        self.engines = engines
        self.emojiOnly = Engine(lexicon: nil, segmenter: Segmenter(emoticons: EmoticonMatcher(library.emoji.emoticonPatterns)))
    }

    /// Scores `text` and returns its hint spans. `language` is the item's `lang` when it has
    /// one (`en`, `pt-BR`); otherwise the language is detected.
    public func analyze(_ text: String, language: String? = nil) -> Analysis {
        let scalars = Array(text.unicodeScalars)
        // Detection segments the text once with the emoji table's emoticons; the chosen
        // language reuses those tokens when its own segmentation differs only by elisions
        // and accent keys.
        var baseTokens: [Token]?
        let decision: LanguageDecision
        if let language, Analyzer.normalizedCode(language) != nil {
            decision = decide(scalars, tokens: nil, given: language)
        } else {
            let tokens = emojiOnly.segmenter.tokens(scalars)
            baseTokens = tokens
            decision = decide(scalars, tokens: tokens, given: nil)
        }
        let engine = decision.language.flatMap { engines[$0] } ?? emojiOnly
        let units: [Unit]
        switch rules.dialect {
        case .opine:
            let tokens: [Token]
            if let baseTokens, engine.lexicon?.continuaTerms.isEmpty ?? true,
                engine.lexicon?.emoticonTerms.isEmpty ?? true {
                tokens = engine.segmenter.adapt(baseTokens, scalars)
            } else {
                tokens = engine.segmenter.tokens(scalars)
            }
            units = opineUnits(tokens, engine.lexicon)
        case .vader:
            units = vaderUnits(scalars, engine.lexicon)
        }
        var scorer = Scorer(units: units, traits: engine.lexicon?.traits ?? LanguageTraits(), rules: rules,
                            idioms: engine.lexicon?.idioms ?? [:],
                            modifierPhrases: engine.lexicon?.modifierPhrases ?? [:])
        scorer.run()
        return scorer.analysis(scalars: scalars, decision: decision)
    }

    /// Which lexicon `analyze` would use for `text`.
    public func decideLanguage(_ text: String, given: String? = nil) -> LanguageDecision {
        decide(Array(text.unicodeScalars), tokens: nil, given: given)
    }

    private func decide(_ scalars: [Unicode.Scalar], tokens: [Token]?, given: String?) -> LanguageDecision {
        if let given, let code = Analyzer.normalizedCode(given) {
            let known = engines[code] != nil
            return LanguageDecision(language: known ? code : nil, candidate: code, confidence: 1, source: .given,
                                    script: LanguageIdentifier.dominantScript(scalars))
        }
        let guess = identifier.identify(scalars, tokens: tokens ?? emojiOnly.segmenter.tokens(scalars))
        if let code = guess.language, engines[code] != nil, guess.confidence >= rules.minimumDetectionConfidence {
            return LanguageDecision(language: code, candidate: code, confidence: guess.confidence, source: .detected,
                                    script: guess.script)
        }
        return LanguageDecision(language: nil, candidate: guess.language, confidence: guess.confidence,
                                source: .undetermined, script: guess.script)
    }

    /// `pt-BR` → `pt`, `EN` → `en`; nil for an empty code.
    static func normalizedCode(_ code: String) -> String? {
        let primary = code.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? ""
        let lower = primary.lowercased().trimmingSpaces()
        return lower.isEmpty ? nil : lower
    }

    // MARK: - Units

    private func opineUnits(_ tokens: [Token], _ lexicon: LanguageLexicon?) -> [Unit] {
        var units: [Unit] = []
        units.reserveCapacity(tokens.count)
        let emoji = library.emoji
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            switch token.kind {
            case .emoji:
                var entry = emoji.lookup(token.key)
                if entry == nil, let lexicon { entry = describedEmoji(token.key, lexicon) }
                units.append(Unit(emoji: token, entry: entry))
                continue
            case .emoticon:
                if let info = lexicon?.single[token.key] {
                    units.append(Unit(token: token, info: info))
                } else {
                    units.append(Unit(emoji: token, entry: emoji.lookup(key: token.key)))
                }
                continue
            case .word:
                break
            }
            guard let lexicon else {
                if emoji.mayBeWordEmoticon(token.key), let entry = emoji.byKey[token.key] {
                    units.append(Unit(emoji: token, entry: entry))
                } else {
                    units.append(Unit(token: token, info: nil))
                }
                continue
            }
            switch lexicon.match(tokens, at: index - 1) {
            case let .phrase(phrase):
                let last = tokens[index - 2 + phrase.words.count]
                let covered = tokens[(index - 1)..<(index - 1 + phrase.words.count)]
                let cased = covered.filter(\.hasCased)
                var unit = Unit(token: token, info: phrase.info)
                unit.range = token.range.lowerBound..<last.range.upperBound
                unit.key = phrase.info.term ?? phrase.info.modifier?.term ?? token.key
                unit.hasCased = !cased.isEmpty
                unit.isUpper = !cased.isEmpty && cased.allSatisfy(\.isUpper)
                units.append(unit)
                index += phrase.words.count - 1
            case let .word(info):
                units.append(Unit(token: token, info: info))
            case nil:
                if emoji.mayBeWordEmoticon(token.key), let entry = emoji.byKey[token.key] {
                    units.append(Unit(emoji: token, entry: entry))
                } else {
                    units.append(Unit(token: token, info: nil))
                }
            }
        }
        return units
    }

    /// An emoji the table only describes (VADER's emoji file): the sum of its description's
    /// lexicon words, so `.opine` scores it as one unit.
    private func describedEmoji(_ symbol: String, _ lexicon: LanguageLexicon) -> EmojiEntry? {
        var words: [String] = []
        for scalar in symbol.unicodeScalars {
            if let description = library.emoji.descriptions[scalar] { words.append(description) }
        }
        guard !words.isEmpty else { return nil }
        let description = words.joined(separator: " ")
        var valence = 0.0
        for word in description.split(separator: " ") {
            valence += lexicon.lookup(Folding.key(String(word)))?.valence ?? 0
        }
        guard valence != 0 else { return nil }
        return EmojiEntry(symbol: description, valence: max(valenceRange.lowerBound, min(valenceRange.upperBound, valence)))
    }

    /// VADER's tokens: emoji replaced by their descriptions, split on whitespace, ASCII
    /// punctuation stripped from both ends unless two characters or fewer would remain.
    private func vaderUnits(_ scalars: [Unicode.Scalar], _ lexicon: LanguageLexicon?) -> [Unit] {
        let descriptions = library.emoji.descriptions
        var expanded: [(scalar: Unicode.Scalar, origin: Int)] = []
        expanded.reserveCapacity(scalars.count)
        var previousWasSpace = true
        for (index, scalar) in scalars.enumerated() {
            if let words = descriptions[scalar] {
                if !previousWasSpace { expanded.append((" ", index)) }
                for part in words.unicodeScalars { expanded.append((part, index)) }
                previousWasSpace = false
            } else {
                expanded.append((scalar, index))
                previousWasSpace = scalar == " "
            }
        }
        var units: [Unit] = []
        var start = 0
        while start < expanded.count {
            if CharacterClass.isWhitespace(expanded[start].scalar) {
                start += 1
                continue
            }
            var end = start
            while end < expanded.count, !CharacterClass.isWhitespace(expanded[end].scalar) { end += 1 }
            var first = start
            var last = end
            while first < last, Analyzer.isPythonPunctuation(expanded[first].scalar) { first += 1 }
            while last > first, Analyzer.isPythonPunctuation(expanded[last - 1].scalar) { last -= 1 }
            if last - first <= 2 {
                first = start
                last = end
            }
            let chunk = expanded[first..<last].map(\.scalar)
            var view = String.UnicodeScalarView()
            view.append(contentsOf: chunk)
            let key = String(view).lowercased()
            let (isUpper, hasCased) = CharacterClass.caseShape(chunk[...])
            let range = expanded[first].origin..<(expanded[last - 1].origin + 1)
            var unit = Unit(range: range, key: key, isUpper: isUpper, hasCased: hasCased, breakBefore: false)
            if let lexicon {
                if let info = lexicon.lookup(key, loose: false) {
                    unit.valence = info.valence
                    unit.term = info.term
                    unit.modifier = info.modifier
                }
            }
            if unit.valence == nil, unit.modifier == nil, let entry = library.emoji.byKey[key] {
                unit.valence = entry.valence
                unit.term = entry.symbol
            }
            units.append(unit)
            start = end
        }
        return units
    }

    /// Python's `string.punctuation`.
    static func isPythonPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: return true
        default: return false
        }
    }
}

/// A word, phrase, emoji or emoticon as the rules see it.
struct Unit: Sendable {
    var range: Range<Int>
    var key: String
    var isUpper: Bool
    var hasCased: Bool
    /// From the emoji table: never negated or boosted.
    var isEmoji = false
    var valence: Double?
    var term: String?
    var modifier: Modifier?
    var breakBefore: Bool

    init(range: Range<Int>, key: String, isUpper: Bool, hasCased: Bool, breakBefore: Bool) {
        self.range = range
        self.key = key
        self.isUpper = isUpper
        self.hasCased = hasCased
        self.breakBefore = breakBefore
    }

    init(token: Token, info: TermInfo?) {
        self.init(range: token.range, key: token.key, isUpper: token.isUpper, hasCased: token.hasCased,
                  breakBefore: token.breakBefore)
        valence = info?.valence
        term = info?.term
        modifier = info?.modifier
    }

    init(emoji token: Token, entry: EmojiEntry?) {
        self.init(range: token.range, key: token.key, isUpper: false, hasCased: false, breakBefore: token.breakBefore)
        isEmoji = true
        valence = entry?.valence
        term = entry?.symbol
    }
}
