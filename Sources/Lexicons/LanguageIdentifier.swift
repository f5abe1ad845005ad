import Foundation

/// A detector's answer: the likeliest language (if any) and how sure it is.
public struct LanguageGuess: Sendable, Hashable {
    /// ISO 639-1 code, or nil when the text gives nothing to go on.
    public var language: String?
    public var script: Script
    /// 0…1. Script-only guesses are capped below 1 when the script is shared by several languages.
    public var confidence: Double
    /// The evidence per candidate language (function words, lexicon words, letters), for `--json`.
    public var scores: [String: Double]
}

/// Detects a text's language: the script first, then, among the loaded languages written in
/// that script, function-word profiles (each word weighted by how few languages share it),
/// lexicon words (half weight) and letters typical of one language (`ñ`, `ß`, `ã`).
public struct LanguageIdentifier: Sendable {
    struct Profile: Sendable {
        var language: String
        var script: Script
        /// The lexicon's stems (`disappoint*`), also evidence for the language.
        var stems: StemIndex
    }

    /// A clue a word or letter gives for one profile.
    struct Clue: Sendable {
        var profile: Int
        var weight: Double
        /// Function words outrank lexicon words of the same profile for one token.
        var isFunctionWord: Bool
    }

    let profiles: [Profile]
    /// Word (and accent-free spelling) → the profiles it points to, weighted by how few
    /// profiles share it: function words 1/n, lexicon words 0.5/n.
    let wordClues: [String: [Clue]]
    /// Letters typical of a language (`ñ`, `ß`, `ã`), both cases, weighted 0.5/n.
    let letterClues: [Unicode.Scalar: [Clue]]
    /// First four bytes of every profile's stems → the profiles that have such a stem, so a
    /// word costs one lookup, not one per language; plus profiles with stems under four bytes.
    let stemHeads: [UInt32: [Int]]
    let profileStems: [StemIndex]
    let profilesWithShortStems: [Int]
    /// Confidence is 1 − exp(−margin / marginScale), where the margin is the best score minus
    /// the runner-up's: a margin of one shared function word (0.5) gives 0.5, one unique
    /// function word 0.75, two 0.94.
    static let marginScale = 0.72
    /// Below this share of explained words, confidence shrinks in proportion.
    static let minimumCoverage = 0.3
    static let lexiconWeight = 0.5
    /// A lead this large (two unique function words) settles the answer; stems are then skipped.
    static let clearLead = 2.0
    static let letterWeight = 0.5

    public init(lexicons: [LanguageLexicon]) {
        var profiles: [Profile] = []
        var functionWordSets: [Set<String>] = []
        var lexiconWordSets: [Set<String>] = []
        var letterSets: [Set<Unicode.Scalar>] = []
        for lexicon in lexicons.sorted(by: { $0.language < $1.language }) where !lexicon.functionWords.isEmpty {
            let functionWords = Set(lexicon.functionWords.map { Folding.key($0) })
            var lexiconWords: Set<String> = []
            for (key, info) in lexicon.single where info.valence != nil && !key.contains(" ") {
                lexiconWords.insert(key)
                lexiconWords.insert(Folding.loose(key, lexicon.traits.looseMatching))
            }
            lexiconWords.subtract(functionWords)
            profiles.append(Profile(language: lexicon.language,
                                    script: LanguageIdentifier.dominantScript(of: functionWords),
                                    stems: lexicon.stems))
            functionWordSets.append(functionWords)
            lexiconWordSets.append(lexiconWords)
            letterSets.append(LanguageIdentifier.typicalLetters(lexicon, functionWords))
        }
        self.profiles = profiles
        var functionSpread: [String: Int] = [:]
        var lexiconSpread: [String: Int] = [:]
        var letterSpread: [Unicode.Scalar: Int] = [:]
        for index in profiles.indices {
            for word in functionWordSets[index] { functionSpread[word, default: 0] += 1 }
            for word in lexiconWordSets[index] { lexiconSpread[word, default: 0] += 1 }
            for letter in letterSets[index] { letterSpread[letter, default: 0] += 1 }
        }
        var wordClues: [String: [Clue]] = [:]
        var letterClues: [Unicode.Scalar: [Clue]] = [:]
        for index in profiles.indices {
            for word in functionWordSets[index] {
                wordClues[word, default: []].append(
                    Clue(profile: index, weight: 1 / Double(functionSpread[word] ?? 1), isFunctionWord: true))
            }
            for word in lexiconWordSets[index] {
                wordClues[word, default: []].append(
                    Clue(profile: index, weight: LanguageIdentifier.lexiconWeight / Double(lexiconSpread[word] ?? 1),
                         isFunctionWord: false))
            }
            for letter in letterSets[index] {
                let clue = Clue(profile: index, weight: LanguageIdentifier.letterWeight / Double(letterSpread[letter] ?? 1),
                                isFunctionWord: false)
                letterClues[letter, default: []].append(clue)
                for upper in String(letter).uppercased().unicodeScalars where upper != letter {
                    letterClues[upper, default: []].append(clue)
                }
            }
        }
        self.wordClues = wordClues
        self.letterClues = letterClues
        var stemHeads: [UInt32: [Int]] = [:]
        var profilesWithShortStems: [Int] = []
        for (index, profile) in profiles.enumerated() {
            for head in profile.stems.lengthsByHead.keys { stemHeads[head, default: []].append(index) }
            if !profile.stems.shortLengths.isEmpty { profilesWithShortStems.append(index) }
        }
        self.stemHeads = stemHeads
        self.profileStems = profiles.map(\.stems)
        self.profilesWithShortStems = Array(Set(profilesWithShortStems)).sorted()
    }

    /// The languages this detector can tell apart by their words.
    public var profiledLanguages: [String] { profiles.map(\.language) }

    public func identify(_ text: String) -> LanguageGuess {
        let scalars = Array(text.unicodeScalars)
        return identify(scalars, tokens: Segmenter().tokens(scalars))
    }

    /// `identify` on text already segmented (word tokens are the evidence).
    func identify(_ scalars: [Unicode.Scalar], tokens: [Token]) -> LanguageGuess {
        var (counts, letters) = LanguageIdentifier.scriptCounts(scalars)
        guard letters > 0 else { return LanguageGuess(language: nil, script: .common, confidence: 0, scores: [:]) }
        let kana = (counts[.hiragana] ?? 0) + (counts[.katakana] ?? 0)
        if kana > 0 {
            // Japanese mixes kanji and kana; count them as one script.
            counts[.hiragana] = kana + (counts[.han] ?? 0)
            counts[.katakana] = nil
            counts[.han] = nil
        }
        guard let (script, count) = counts.max(by: { ($0.value, $1.key.rawValue) < ($1.value, $0.key.rawValue) })
        else { return LanguageGuess(language: nil, script: .common, confidence: 0, scores: [:]) }
        let share = Double(count) / Double(letters)
        let candidates = profiles.filter { $0.script == script }
        if candidates.isEmpty || (candidates.count == 1 && script != .latin && script != .cyrillic && script != .arabic) {
            if candidates.count == 1 {
                return LanguageGuess(language: candidates[0].language, script: script, confidence: share, scores: [:])
            }
            let (language, reliability) = LanguageIdentifier.languageOfScript(script, scalars)
            return LanguageGuess(language: language, script: script, confidence: language == nil ? 0 : share * reliability,
                                 scores: [:])
        }
        return scoreWords(scalars, tokens: tokens, script: script, share: share)
    }

    // MARK: - Word evidence

    private func scoreWords(_ scalars: [Unicode.Scalar], tokens: [Token], script: Script,
                            share: Double) -> LanguageGuess {
        var isCandidate = [Bool](repeating: false, count: profiles.count)
        for (index, profile) in profiles.enumerated() where profile.script == script { isCandidate[index] = true }
        // Word evidence (function words, lexicon words and stems) and letter evidence are kept
        // apart: letters alone never make a language (Finnish "ä" is not German).
        var words = [Double](repeating: 0, count: profiles.count)
        var explained = [Int](repeating: 0, count: profiles.count)
        var wordTokens = 0
        var functionHit = [Bool](repeating: false, count: profiles.count)
        var lexiconHit = [Double](repeating: 0, count: profiles.count)
        var stemHit = [Bool](repeating: false, count: profiles.count)
        var unexplained: [String] = []
        for token in tokens where token.kind == .word {
            if token.key.utf8.contains(where: { $0 >= 0x41 }) { wordTokens += 1 }
            var anyClue = false
            if !token.key.utf8.contains(0x27) {
                // One spelling: each profile gets at most one clue from it.
                if let clues = wordClues[token.key] {
                    for clue in clues where isCandidate[clue.profile] {
                        anyClue = true
                        words[clue.profile] += clue.weight
                        explained[clue.profile] += 1
                    }
                }
            } else {
                for index in profiles.indices {
                    functionHit[index] = false
                    lexiconHit[index] = 0
                }
                for variant in LanguageIdentifier.variants(of: token.key) {
                    guard let clues = wordClues[variant] else { continue }
                    for clue in clues where isCandidate[clue.profile] {
                        anyClue = true
                        if clue.isFunctionWord {
                            functionHit[clue.profile] = true
                            lexiconHit[clue.profile] = max(lexiconHit[clue.profile], clue.weight)
                        } else if !functionHit[clue.profile] {
                            lexiconHit[clue.profile] = max(lexiconHit[clue.profile], clue.weight)
                        }
                    }
                }
                for index in profiles.indices where lexiconHit[index] > 0 {
                    words[index] += lexiconHit[index]
                    explained[index] += 1
                }
            }
            if !anyClue { unexplained.append(token.key) }
        }
        // Inflected forms the lexicons cover by stems ("généreuses" ← "généreu*") are looked
        // at only when the words so far leave the answer open.
        func lead() -> Double {
            var first = 0.0
            var second = 0.0
            for index in profiles.indices where isCandidate[index] {
                if words[index] > first { (first, second) = (words[index], first) } else if words[index] > second {
                    second = words[index]
                }
            }
            return first - second
        }
        for key in unexplained where lead() < LanguageIdentifier.clearLead {
            let utf8 = key.utf8
            var hits = 0
            func tryStem(_ index: Int) {
                guard isCandidate[index], !stemHit[index], profileStems[index].longest(key) != nil else { return }
                stemHit[index] = true
                hits += 1
            }
            if utf8.count >= 4, let indices = stemHeads[StemIndex.head(utf8)] {
                for index in indices { tryStem(index) }
            }
            for index in profilesWithShortStems { tryStem(index) }
            guard hits > 0 else { continue }
            for index in profiles.indices where stemHit[index] {
                words[index] += LanguageIdentifier.lexiconWeight / Double(hits)
                explained[index] += 1
                stemHit[index] = false
            }
        }
        var letters = [Double](repeating: 0, count: profiles.count)
        var seen: Set<Unicode.Scalar> = []
        for scalar in scalars where !scalar.isASCII && seen.insert(scalar).inserted {
            guard let clues = letterClues[scalar] else { continue }
            for clue in clues where isCandidate[clue.profile] { letters[clue.profile] += clue.weight }
        }
        var byLanguage: [String: Double] = [:]
        var ranked: [(index: Int, score: Double)] = []
        for (index, profile) in profiles.enumerated() where isCandidate[index] {
            let score = words[index] > 0 ? words[index] + letters[index] : 0
            byLanguage[profile.language] = score
            ranked.append((index, score))
        }
        ranked.sort { $0.score > $1.score }
        guard let best = ranked.first, best.score > 0 else {
            return LanguageGuess(language: nil, script: script, confidence: 0, scores: byLanguage)
        }
        let margin = best.score - (ranked.count > 1 ? ranked[1].score : 0)
        // A language that explains few of the words is a coincidence (a Finnish text with
        // one German-looking word), however clear its lead.
        let coverage = Double(explained[best.index]) / Double(max(1, wordTokens))
        let confidence = share * (1 - exp(-margin / LanguageIdentifier.marginScale))
            * min(1, coverage / LanguageIdentifier.minimumCoverage)
        return LanguageGuess(language: profiles[best.index].language, script: script, confidence: confidence,
                             scores: byLanguage)
    }

    /// Letters per script (ASCII counted without a table lookup) and the number of letters.
    static func scriptCounts(_ scalars: [Unicode.Scalar]) -> ([Script: Int], Int) {
        var counts: [Script: Int] = [:]
        var latin = 0
        var letters = 0
        for scalar in scalars {
            if scalar.isASCII {
                let v = scalar.value | 0x20
                if v >= 0x61 && v <= 0x7A {
                    latin += 1
                    letters += 1
                }
                continue
            }
            guard CharacterClass.isWordScalar(scalar), !CharacterClass.isMark(scalar) else { continue }
            let script = Script.of(scalar)
            guard script != .common else { continue }
            counts[script, default: 0] += 1
            letters += 1
        }
        if latin > 0 { counts[.latin, default: 0] += latin }
        return (counts, letters)
    }

    /// The script most letters are written in.
    static func dominantScript(_ scalars: [Unicode.Scalar]) -> Script {
        let (counts, _) = scriptCounts(scalars)
        return counts.max { ($0.value, $1.key.rawValue) < ($1.value, $0.key.rawValue) }?.key ?? .common
    }

    /// A token and its parts around an apostrophe (`c'est` → `c'`, `c`, `est`), so profiles
    /// match whichever way their files write elisions and contractions.
    static func variants(of key: String) -> [String] {
        guard let apostrophe = key.firstIndex(of: "'") else { return [key] }
        let head = String(key[...apostrophe])
        let bare = String(key[..<apostrophe])
        let tail = String(key[key.index(after: apostrophe)...])
        return [key, head, bare, tail].filter { !$0.isEmpty }
    }

    static func dominantScript(of words: Set<String>) -> Script {
        var counts: [Script: Int] = [:]
        for word in words {
            for scalar in word.unicodeScalars {
                let script = Script.of(scalar)
                if script != .common { counts[script, default: 0] += 1 }
            }
        }
        return counts.max { ($0.value, $1.key.rawValue) < ($1.value, $0.key.rawValue) }?.key ?? .latin
    }

    /// Non-ASCII letters found in at least 1% (and at least three) of a language's words.
    static func typicalLetters(_ lexicon: LanguageLexicon, _ functionWords: Set<String>) -> Set<Unicode.Scalar> {
        var counts: [Unicode.Scalar: Int] = [:]
        var total = 0
        let words = lexicon.entries.map { Folding.key($0.term) } + Array(functionWords)
        for word in words {
            total += 1
            var seen: Set<Unicode.Scalar> = []
            for scalar in word.unicodeScalars where !scalar.isASCII && CharacterClass.isWordScalar(scalar) {
                seen.insert(scalar)
            }
            for scalar in seen { counts[scalar, default: 0] += 1 }
        }
        let threshold = max(3, total / 100)
        return Set(counts.filter { $0.value >= threshold }.keys)
    }

    /// The language a script implies when no profile is loaded for it, and how reliable
    /// that is (1 for a script used by one language, less when shared).
    static func languageOfScript(_ script: Script, _ scalars: [Unicode.Scalar]) -> (String?, Double) {
        func has(_ values: [UInt32]) -> Bool { scalars.contains { values.contains($0.value) } }
        switch script {
        case .greek: return ("el", 1)
        case .hebrew: return ("he", 0.9)
        case .armenian: return ("hy", 1)
        case .georgian: return ("ka", 1)
        case .hangul: return ("ko", 1)
        case .hiragana, .katakana: return ("ja", 1)
        case .han: return ("zh", 0.8)
        case .thai: return ("th", 1)
        case .lao: return ("lo", 1)
        case .khmer: return ("km", 1)
        case .myanmar: return ("my", 0.9)
        case .ethiopic: return ("am", 0.7)
        case .bengali: return ("bn", 0.9)
        case .tamil: return ("ta", 1)
        case .devanagari: return ("hi", 0.6)
        case .cyrillic:
            if has([0x0456, 0x0457, 0x0454, 0x0491, 0x0406, 0x0407, 0x0404, 0x0490]) { return ("uk", 0.9) }
            if has([0x045B, 0x0452, 0x045F, 0x040B, 0x0402, 0x040F]) { return ("sr", 0.8) }
            return ("ru", 0.6)
        case .arabic:
            if has([0x0679, 0x0688, 0x0691, 0x06BA, 0x06D2]) { return ("ur", 0.8) }
            if has([0x067E, 0x0686, 0x0698, 0x06AF, 0x06CC, 0x06A9]) { return ("fa", 0.7) }
            return ("ar", 0.7)
        case .latin, .otherLetters, .common:
            return (nil, 0)
        }
    }
}
