/// A modifier as the rules use it.
struct Modifier: Sendable, Hashable {
    var kind: ModifierKind
    var weight: Double
    var term: String
}

/// What a word or phrase is in one language: a sentiment term, a modifier, or both.
struct TermInfo: Sendable, Hashable {
    var valence: Double?
    /// The lexicon entry as written (`disappoint*`), for hints.
    var term: String?
    var modifier: Modifier?

    func merged(with other: TermInfo) -> TermInfo {
        TermInfo(valence: other.valence ?? valence, term: other.valence == nil ? term : other.term,
                 modifier: other.modifier ?? modifier)
    }
}

struct WordPattern: Sendable, Hashable {
    var key: String
    var loose: String
    var isPrefix: Bool
}

/// A term of two or more words, matched as one unit.
struct MultiTerm: Sendable, Hashable {
    var words: [WordPattern]
    var info: TermInfo
}

struct WordEntry: Sendable {
    var info: TermInfo?
    /// Phrases starting with this word, longest first.
    var phrases: [MultiTerm] = []
}

/// One language's lexicon, modifiers and function words, indexed for lookup.
public struct LanguageLexicon: Sendable {
    public let language: String
    public let traits: LanguageTraits
    public let entries: [LexiconEntry]
    public let modifiers: [ModifierEntry]
    public let functionWords: [String]
    /// VADER's `SPECIAL_CASES`: phrases whose valence replaces the word's own when found
    /// around it. The `.vader` dialect applies them VADER's way; `.opine` treats them as phrases.
    public let idiomOverrides: [LexiconEntry]

    /// The hot-path index: one lookup per token gives its single-word entry (exact, or by
    /// its accent-free spelling) and the phrases that start with it.
    var words: [String: WordEntry] = [:]
    var single: [String: TermInfo] = [:]
    var singleLoose: [String: TermInfo] = [:]
    var stems = StemIndex()
    var stemsLoose = StemIndex()
    var wildcardsEmpty = true
    var multi: [String: [MultiTerm]] = [:]
    var multiLoose: [String: [MultiTerm]] = [:]
    var multiStartingWithStem: [MultiTerm] = []
    var prefixModifiers: [(String, Modifier)] = []
    var suffixModifiers: [(String, Modifier)] = []
    var infixModifiers: [(String, Modifier)] = []
    /// Modifier phrases by their words joined with single spaces (`kind of`), for the
    /// `.vader` dialect's n-gram check.
    var modifierPhrases: [String: Modifier] = [:]
    var idioms: [String: Double] = [:]
    var continuaTerms: Set<String> = []
    var emoticonTerms: [String] = []
    let functionWordSet: Set<String>

    public init(language: String, entries: [LexiconEntry], modifiers: [ModifierEntry] = [],
                functionWords: [String] = [], idiomOverrides: [LexiconEntry] = [],
                traits: LanguageTraits? = nil) {
        self.language = language
        self.traits = traits ?? LanguageTraits.of(language)
        self.entries = entries
        self.modifiers = modifiers
        self.functionWords = functionWords
        self.idiomOverrides = idiomOverrides
        self.functionWordSet = Set(functionWords.map { Folding.key($0) })
        let termSegmenter = Segmenter(elisions: self.traits.elisions)
        for entry in entries {
            index(term: entry.term, info: TermInfo(valence: entry.valence, term: entry.term, modifier: nil),
                  segmenter: termSegmenter)
        }
        for entry in idiomOverrides {
            idioms[Folding.key(entry.term)] = entry.valence
            index(term: entry.term, info: TermInfo(valence: entry.valence, term: entry.term, modifier: nil),
                  segmenter: termSegmenter, phrasesOnly: true)
        }
        for entry in modifiers {
            let modifier = Modifier(kind: entry.kind, weight: entry.effectiveWeight, term: entry.term)
            let scalars = Array(entry.term.unicodeScalars)
            let leading = scalars.first == "*"
            let trailing = scalars.count > 1 && scalars.last == "*"
            if leading || trailing {
                let core = Folding.key(String(String.UnicodeScalarView(
                    scalars.dropFirst(leading ? 1 : 0).dropLast(trailing ? 1 : 0))))
                if leading && trailing {
                    infixModifiers.append((core, modifier))
                } else if leading {
                    suffixModifiers.append((core, modifier))
                } else {
                    prefixModifiers.append((core, modifier))
                }
                continue
            }
            if entry.term.contains(" ") {
                modifierPhrases[Folding.key(entry.term)] = modifier
            }
            index(term: entry.term, info: TermInfo(valence: nil, term: nil, modifier: modifier),
                  segmenter: termSegmenter)
        }
        stems.finish()
        wildcardsEmpty = prefixModifiers.isEmpty && suffixModifiers.isEmpty && infixModifiers.isEmpty
        for key in multi.keys { multi[key]?.sort { $0.words.count > $1.words.count } }
        for key in multiLoose.keys { multiLoose[key]?.sort { $0.words.count > $1.words.count } }
        multiStartingWithStem.sort { $0.words.count > $1.words.count }
        buildLooseIndexes()
        buildWordIndex()
    }

    /// This lexicon with `overlay`'s entries added; an overlay term replaces the shipped one.
    public func merging(_ overlay: LanguageLexicon) -> LanguageLexicon {
        func merge<T>(_ base: [T], _ extra: [T], key: (T) -> String) -> [T] {
            let replaced = Set(extra.map(key))
            return base.filter { !replaced.contains(key($0)) } + extra
        }
        return LanguageLexicon(
            language: language,
            entries: merge(entries, overlay.entries) { $0.term },
            modifiers: merge(modifiers, overlay.modifiers) { $0.term },
            functionWords: functionWords + overlay.functionWords.filter { !functionWordSet.contains(Folding.key($0)) },
            idiomOverrides: merge(idiomOverrides, overlay.idiomOverrides) { $0.term },
            traits: traits)
    }

    // MARK: - Index building

    private mutating func index(term: String, info: TermInfo, segmenter: Segmenter, phrasesOnly: Bool = false) {
        var patterns: [WordPattern] = []
        for word in term.split(separator: " ") {
            var scalars = Array(word.unicodeScalars)
            var isStem = false
            if scalars.count > 1, scalars.last == "*", CharacterClass.isWordScalar(scalars[scalars.count - 2]) {
                scalars.removeLast()
                isStem = true
            }
            let tokens = segmenter.tokens(scalars).filter { $0.kind == .word }
            let covered = tokens.reduce(0) { $0 + $1.range.count }
            if tokens.isEmpty || covered != scalars.count {
                // A word with symbols the segmenter would drop (`:)`, `<3`, `(-:o`, `f*ck`): an
                // emoticon-like literal, matched whole and on its own only.
                guard !phrasesOnly, !term.contains(" "), !isStem else { return }
                let key = Folding.key(term)
                emoticonTerms.append(term)
                single[key, default: TermInfo()] = single[key, default: TermInfo()].merged(with: info)
                return
            }
            for (offset, token) in tokens.enumerated() {
                let prefix = isStem && offset == tokens.count - 1
                patterns.append(WordPattern(key: token.key, loose: Folding.loose(token.key, traits.looseMatching),
                                            isPrefix: prefix))
            }
        }
        guard let first = patterns.first else { return }
        // The raw form is also a key, so whitespace-split lookups (`.vader`) find it.
        let rawKey = Folding.key(term)
        if patterns.count == 1 {
            guard !phrasesOnly else { return }
            if first.isPrefix {
                stems.map[first.key, default: TermInfo()] = stems.map[first.key, default: TermInfo()].merged(with: info)
            } else {
                single[first.key, default: TermInfo()] = single[first.key, default: TermInfo()].merged(with: info)
                if first.key.unicodeScalars.contains(where: { Script.of($0).isScriptioContinua }) {
                    continuaTerms.insert(first.key)
                }
            }
            if rawKey != first.key && !term.hasSuffix("*") {
                single[rawKey, default: TermInfo()] = single[rawKey, default: TermInfo()].merged(with: info)
            }
            return
        }
        if !term.contains(" ") && !phrasesOnly {
            single[rawKey, default: TermInfo()] = single[rawKey, default: TermInfo()].merged(with: info)
        }
        for pattern in patterns where !pattern.isPrefix
            && pattern.key.unicodeScalars.contains(where: { Script.of($0).isScriptioContinua }) {
            continuaTerms.insert(pattern.key)
        }
        let multiTerm = MultiTerm(words: patterns, info: info)
        if first.isPrefix {
            multiStartingWithStem.removeAll { $0.words == patterns }
            multiStartingWithStem.append(multiTerm)
        } else {
            var list = multi[first.key] ?? []
            if let existing = list.firstIndex(where: { $0.words == patterns }) {
                list[existing].info = list[existing].info.merged(with: info)
            } else {
                list.append(multiTerm)
            }
            multi[first.key] = list
        }
    }

    /// Accent-free indexes; a loose key shared by two terms with different meanings is left
    /// out, so an accent-less spelling never picks one of them at random.
    private mutating func buildLooseIndexes() {
        guard traits.looseMatching != .none else { return }
        let mode = traits.looseMatching
        func looseIndex(_ exact: [String: TermInfo]) -> [String: TermInfo] {
            var result: [String: TermInfo] = [:]
            var ambiguous: Set<String> = []
            for (key, info) in exact {
                let loose = Folding.loose(key, mode)
                if let existing = result[loose], existing != info {
                    if exact[loose] == nil { ambiguous.insert(loose) }
                    if exact[loose] != nil { result[loose] = exact[loose] }
                    continue
                }
                result[loose] = exact[loose] ?? info
            }
            for key in ambiguous { result.removeValue(forKey: key) }
            return result
        }
        singleLoose = looseIndex(single)
        stemsLoose.map = looseIndex(stems.map)
        stemsLoose.finish()
        for (_, list) in multi {
            for term in list {
                multiLoose[term.words[0].loose, default: []].append(term)
            }
        }
        for key in multiLoose.keys { multiLoose[key]?.sort { $0.words.count > $1.words.count } }
    }

    private mutating func buildWordIndex() {
        for (key, info) in single { words[key, default: WordEntry()].info = info }
        for (key, list) in multi { words[key, default: WordEntry()].phrases = list }
        for (key, info) in singleLoose where words[key]?.info == nil { words[key, default: WordEntry()].info = info }
        for (key, list) in multiLoose {
            var entry = words[key, default: WordEntry()]
            for term in list where !entry.phrases.contains(term) { entry.phrases.append(term) }
            entry.phrases.sort { $0.words.count > $1.words.count }
            words[key] = entry
        }
    }

    // MARK: - Lookup

    enum Match {
        case phrase(MultiTerm)
        case word(TermInfo)
    }

    /// What the token at `start` is: the longest phrase starting there, else the word's own
    /// entry (exact, accent-free, longest stem, wildcard modifier), else nil.
    func match(_ tokens: [Token], at start: Int) -> Match? {
        let token = tokens[start]
        let exact = words[token.key]
        let loose = token.loose != token.key ? words[token.loose] : nil
        var best: MultiTerm?
        func consider(_ list: [MultiTerm]?) {
            guard let list else { return }
            for candidate in list where candidate.words.count > (best?.words.count ?? 1) {
                if matches(candidate, tokens, start) {
                    best = candidate
                    break
                }
            }
        }
        consider(exact?.phrases)
        consider(loose?.phrases)
        if !multiStartingWithStem.isEmpty { consider(multiStartingWithStem) }
        if let best { return .phrase(best) }
        if let info = exact?.info ?? loose?.info { return .word(withWildcardModifier(info, token.key)) }
        if let info = stems.longest(token.key)
            ?? (traits.looseMatching != .none ? stemsLoose.longest(token.loose) : nil) {
            return .word(withWildcardModifier(info, token.key))
        }
        if let modifier = wildcardModifier(token.key) { return .word(TermInfo(valence: nil, term: nil, modifier: modifier)) }
        return nil
    }

    /// `lookup` for a key not made by the segmenter (`.vader` chunks, emoji descriptions).
    func lookup(_ key: String, loose allowLoose: Bool = true) -> TermInfo? {
        let useLoose = allowLoose && traits.looseMatching != .none
        return lookup(key, looseKey: useLoose ? Folding.loose(key, traits.looseMatching) : key,
                      allowLoose: useLoose)
    }

    private func lookup(_ key: String, looseKey: String, allowLoose: Bool = true) -> TermInfo? {
        if let info = single[key] { return withWildcardModifier(info, key) }
        let useLoose = allowLoose && traits.looseMatching != .none
        if useLoose, let info = singleLoose[looseKey] { return withWildcardModifier(info, key) }
        if let info = stems.longest(key) { return withWildcardModifier(info, key) }
        if useLoose, looseKey != key, let info = stemsLoose.longest(looseKey) {
            return withWildcardModifier(info, key)
        }
        if let modifier = wildcardModifier(key) { return TermInfo(valence: nil, term: nil, modifier: modifier) }
        return nil
    }

    private func withWildcardModifier(_ info: TermInfo, _ key: String) -> TermInfo {
        guard info.modifier == nil, !wildcardsEmpty, let modifier = wildcardModifier(key) else { return info }
        var result = info
        result.modifier = modifier
        return result
    }

    func wildcardModifier(_ key: String) -> Modifier? {
        guard !wildcardsEmpty else { return nil }
        let bytes = key.utf8
        for (suffix, modifier) in suffixModifiers {
            let tail = suffix.utf8
            if bytes.count >= tail.count && bytes.suffix(tail.count).elementsEqual(tail) { return modifier }
        }
        for (prefix, modifier) in prefixModifiers {
            let head = prefix.utf8
            if bytes.count >= head.count && bytes.prefix(head.count).elementsEqual(head) { return modifier }
        }
        for (infix, modifier) in infixModifiers where key.contains(infix) { return modifier }
        return nil
    }

    private func matches(_ candidate: MultiTerm, _ tokens: [Token], _ start: Int) -> Bool {
        guard start + candidate.words.count <= tokens.count else { return false }
        for (offset, pattern) in candidate.words.enumerated() {
            let token = tokens[start + offset]
            if (offset > 0 && token.breakBefore) || !matches(pattern, token) { return false }
        }
        return true
    }

    func matches(_ pattern: WordPattern, _ token: Token) -> Bool {
        guard token.kind == .word else { return false }
        if pattern.isPrefix {
            return token.key.hasPrefix(pattern.key)
                || (traits.looseMatching != .none && token.loose.hasPrefix(pattern.loose))
        }
        return token.key == pattern.key || (traits.looseMatching != .none && token.loose == pattern.loose)
    }

}

/// Stems (`disappoint*`) by their prefix. A word's first four bytes find the few stem
/// lengths worth trying, so most words cost one integer lookup and no prefix string.
struct StemIndex: Sendable {
    var map: [String: TermInfo] = [:]
    /// First four UTF-8 bytes of the stems of four bytes or more → their lengths, longest first.
    private(set) var lengthsByHead: [UInt32: [Int]] = [:]
    /// Lengths of stems shorter than four bytes, longest first.
    private(set) var shortLengths: [Int] = []

    var isEmpty: Bool { map.isEmpty }

    mutating func finish() {
        var byHead: [UInt32: Set<Int>] = [:]
        var short: Set<Int> = []
        for key in map.keys {
            let count = key.utf8.count
            if count >= 4 { byHead[StemIndex.head(key.utf8), default: []].insert(count) } else { short.insert(count) }
        }
        lengthsByHead = byHead.mapValues { $0.sorted(by: >) }
        shortLengths = short.sorted(by: >)
    }

    /// The entry of the longest stem `key` starts with.
    func longest(_ key: String) -> TermInfo? {
        let utf8 = key.utf8
        if utf8.count >= 4, let lengths = lengthsByHead[StemIndex.head(utf8)] {
            for length in lengths where length <= utf8.count {
                if let info = map[String(decoding: utf8.prefix(length), as: UTF8.self)] { return info }
            }
        }
        for length in shortLengths where length <= utf8.count {
            if let info = map[String(decoding: utf8.prefix(length), as: UTF8.self)] { return info }
        }
        return nil
    }

    /// The first four UTF-8 bytes as one number.
    static func head(_ utf8: String.UTF8View) -> UInt32 {
        var value: UInt32 = 0
        for byte in utf8.prefix(4) { value = value << 8 | UInt32(byte) }
        return value
    }
}
