/// VADER's rules over a list of units (`SentimentIntensityAnalyzer.polarity_scores` and the
/// methods it calls), with Opine's changes where `rules.dialect == .opine`.
struct Scorer {
    struct State {
        var negations = 0
        var negator: Int?
        var boosted = false
        var dampened = false
        var emphasized = false
        var clauseFactor = 1.0
    }

    let units: [Unit]
    let traits: LanguageTraits
    let rules: Rules
    let idioms: [String: Double]
    let modifierPhrases: [String: Modifier]
    let isVader: Bool
    var sentiments: [Double]
    var states: [State]

    init(units: [Unit], traits: LanguageTraits, rules: Rules, idioms: [String: Double],
         modifierPhrases: [String: Modifier]) {
        self.units = units
        self.traits = traits
        self.rules = rules
        self.idioms = idioms
        self.modifierPhrases = modifierPhrases
        self.isVader = rules.dialect == .vader
        self.sentiments = Array(repeating: 0, count: units.count)
        self.states = Array(repeating: State(), count: units.count)
    }

    mutating func run() {
        let capsDifferential = capsDifferential()
        for index in units.indices {
            sentiments[index] = valence(at: index, capsDifferential: capsDifferential)
        }
        applyContrast()
    }

    // MARK: - One unit

    private mutating func valence(at i: Int, capsDifferential: Bool) -> Double {
        let unit = units[i]
        if let kind = unit.modifier?.kind, kind == .booster || kind == .dampener { return 0 }
        if isVader, unit.key == "kind", i + 1 < units.count, units[i + 1].key == "of" { return 0 }
        guard let base = unit.valence else { return 0 }
        if unit.isEmoji { return base }

        var valence = base
        // A negator that is also a sentiment word (VADER's "no") negates the word after it
        // instead of counting itself.
        if unit.modifier?.kind == .negator, i + 1 < units.count, units[i + 1].valence != nil,
            isVader || !units[i + 1].breakBefore {
            valence = 0
        }
        if let j = lexicalNegator(before: i), let modifier = units[j].modifier {
            valence = base * (isVader ? rules.negationScalar : modifier.weight)
            states[i].negations += 1
            states[i].negator = j
        }
        if unit.isUpper && capsDifferential && (isVader || valence != 0) {
            valence += valence > 0 ? rules.capsIncrement : -rules.capsIncrement
            states[i].emphasized = true
        }
        for (distance, factor) in rules.modifierDistanceFactors.enumerated() {
            let j = i - distance - 1
            guard j >= 0 else { break }
            if !isVader && (units[j + 1].breakBefore || units[j].modifier?.kind == .contrast) { break }
            guard units[j].valence == nil else { continue }
            var scalar = intensity(of: j, valence: valence, capsDifferential: capsDifferential)
            if scalar != 0 {
                scalar *= factor
                if units[j].modifier?.kind == .dampener { states[i].dampened = true } else { states[i].boosted = true }
            }
            valence += scalar
            valence = negationCheck(valence, distance: distance + 1, at: i)
            if isVader && distance == 2 {
                valence = idiomCheck(valence, at: i)
            }
        }
        return leastCheck(valence, at: i)
    }

    /// VADER's `allcap_differential`: some, but not all, words are in capitals.
    private func capsDifferential() -> Bool {
        var considered = 0
        var capitals = 0
        for unit in units where isVader || (unit.hasCased && !unit.isEmoji) {
            considered += 1
            if unit.isUpper { capitals += 1 }
        }
        return capitals > 0 && capitals < considered
    }

    /// VADER's `scalar_inc_dec`: a booster's or dampener's push, signed toward the valence.
    private func intensity(of j: Int, valence: Double, capsDifferential: Bool) -> Double {
        guard let modifier = units[j].modifier, modifier.kind == .booster || modifier.kind == .dampener else { return 0 }
        var scalar = modifier.weight
        if valence < 0 { scalar = -scalar }
        if units[j].isUpper && capsDifferential {
            scalar += valence > 0 ? rules.capsIncrement : -rules.capsIncrement
        }
        return scalar
    }

    /// The "no" rule: a negator that is a lexicon word, one or two words back, or three
    /// back when joined by "or"/"nor" ("no food or service").
    private func lexicalNegator(before i: Int) -> Int? {
        func isLexicalNegator(_ j: Int) -> Bool {
            units[j].modifier?.kind == .negator && units[j].valence != nil
        }
        func reachable(_ j: Int) -> Bool {
            isVader || !units[(j + 1)...i].contains { $0.breakBefore }
        }
        if i > 0, isLexicalNegator(i - 1), reachable(i - 1) { return i - 1 }
        if i > 1, isLexicalNegator(i - 2), reachable(i - 2) { return i - 2 }
        if i > 2, isLexicalNegator(i - 3), traits.alternatives.contains(units[i - 1].key), reachable(i - 3) {
            return i - 3
        }
        return nil
    }

    /// VADER's `_negation_check` for the word `distance` places before `i`.
    private mutating func negationCheck(_ valence: Double, distance: Int, at i: Int) -> Double {
        func key(_ back: Int) -> String { units[i - back].key }
        switch distance {
        case 1:
            return negate(valence, by: i - 1, at: i)
        case 2:
            if traits.emphaticNegators.contains(key(2)) && traits.degreeWords.contains(key(1)) {
                return valence * rules.emphaticNegationFactor
            }
            if traits.withoutWords.contains(key(2)) && traits.doubtWords.contains(key(1)) { return valence }
            return negate(valence, by: i - 2, at: i)
        default:
            let emphatic: Bool
            if isVader {
                // VADER: `a and b or c` — "so"/"this" right before the word is enough.
                emphatic = (traits.emphaticNegators.contains(key(3)) && traits.degreeWords.contains(key(2)))
                    || traits.degreeWords.contains(key(1))
            } else {
                emphatic = traits.emphaticNegators.contains(key(3))
                    && (traits.degreeWords.contains(key(2)) || traits.degreeWords.contains(key(1)))
            }
            if emphatic { return valence * rules.emphaticNegationFactor }
            if traits.withoutWords.contains(key(3))
                && (traits.doubtWords.contains(key(2)) || traits.doubtWords.contains(key(1))) {
                return valence
            }
            return negate(valence, by: i - 3, at: i)
        }
    }

    private mutating func negate(_ valence: Double, by j: Int, at i: Int) -> Double {
        guard let modifier = units[j].modifier, modifier.kind == .negator else { return valence }
        if !isVader && states[i].negations > 0 { return valence }
        states[i].negations += 1
        states[i].negator = j
        return valence * (isVader ? rules.negationScalar : modifier.weight)
    }

    /// VADER's `_least_check`: "least good" is negative, "at least good" is not.
    private mutating func leastCheck(_ valence: Double, at i: Int) -> Double {
        guard i > 0, units[i - 1].valence == nil, traits.leastWords.contains(units[i - 1].key) else { return valence }
        if !isVader && units[i].breakBefore { return valence }
        if i > 1, traits.leastExceptions.contains(units[i - 2].key) { return valence }
        if !isVader && states[i].negations > 0 { return valence }
        states[i].negations += 1
        states[i].negator = i - 1
        return valence * rules.negationScalar
    }

    /// VADER's `_special_idioms_check` (dialect `.vader` only, three words of context).
    private func idiomCheck(_ valence: Double, at i: Int) -> Double {
        var valence = valence
        func key(_ k: Int) -> String { units[k].key }
        let oneZero = "\(key(i - 1)) \(key(i))"
        let twoOneZero = "\(key(i - 2)) \(key(i - 1)) \(key(i))"
        let twoOne = "\(key(i - 2)) \(key(i - 1))"
        let threeTwoOne = "\(key(i - 3)) \(key(i - 2)) \(key(i - 1))"
        let threeTwo = "\(key(i - 3)) \(key(i - 2))"
        for sequence in [oneZero, twoOneZero, twoOne, threeTwoOne, threeTwo] {
            if let value = idioms[sequence] {
                valence = value
                break
            }
        }
        if units.count - 1 > i, let value = idioms["\(key(i)) \(key(i + 1))"] {
            valence = value
        }
        if units.count - 1 > i + 1, let value = idioms["\(key(i)) \(key(i + 1)) \(key(i + 2))"] {
            valence = value
        }
        for ngram in [threeTwoOne, threeTwo, twoOne] {
            if let modifier = modifierPhrases[ngram], modifier.kind == .booster || modifier.kind == .dampener {
                valence += modifier.weight
            }
        }
        return valence
    }

    /// VADER's `_but_check`: before the first contrast word ×0.5, after it × its weight.
    private mutating func applyContrast() {
        guard let c = units.firstIndex(where: { $0.modifier?.kind == .contrast }), let modifier = units[c].modifier
        else { return }
        let before = rules.contrastBeforeFactor
        let after = isVader ? VaderConstants.contrastAfterFactor : modifier.weight
        if isVader {
            // VADER finds each value's position with `list.index`, i.e. its first occurrence.
            for k in sentiments.indices {
                let value = sentiments[k]
                guard let position = sentiments.firstIndex(of: value) else { continue }
                if position < c {
                    sentiments[position] = value * before
                    states[position].clauseFactor *= before
                } else if position > c {
                    sentiments[position] = value * after
                    states[position].clauseFactor *= after
                }
            }
        } else {
            for k in sentiments.indices where k != c {
                let factor = k < c ? before : after
                sentiments[k] *= factor
                states[k].clauseFactor = factor
            }
        }
    }

    // MARK: - Totals

    /// VADER's `_punctuation_emphasis`: up to four `!`, and two or more `?`.
    private func punctuationEmphasis(_ scalars: [Unicode.Scalar]) -> Double {
        var exclamations = 0
        var questions = 0
        for scalar in scalars {
            switch scalar.value {
            case 0x21, 0xFF01: exclamations += 1
            case 0x3F, 0xFF1F: questions += 1
            default: break
            }
        }
        var emphasis = Double(min(exclamations, rules.maxExclamationMarks)) * rules.exclamationIncrement
        if questions > 1 {
            emphasis += questions <= 3 ? Double(questions) * rules.questionMarkIncrement : rules.questionMarkCap
        }
        return emphasis
    }

    func analysis(scalars: [Unicode.Scalar], decision: LanguageDecision) -> Analysis {
        var sum = 0.0
        var compound = 0.0
        var positive = 0.0
        var neutral = 0.0
        var negative = 0.0
        if !sentiments.isEmpty {
            sum = sentiments.reduce(0, +)
            let emphasis = punctuationEmphasis(scalars)
            if sum > 0 { sum += emphasis } else if sum < 0 { sum -= emphasis }
            compound = rules.normalize(sum)
            // VADER's `_sift_sentiment_scores`: +1/−1 so neutral words weigh against them.
            var positiveSum = 0.0
            var negativeSum = 0.0
            var neutralCount = 0.0
            for value in sentiments {
                if value > 0 { positiveSum += value + 1 }
                if value < 0 { negativeSum += value - 1 }
                if value == 0 { neutralCount += 1 }
            }
            if positiveSum > -negativeSum { positiveSum += emphasis } else if positiveSum < -negativeSum {
                negativeSum -= emphasis
            }
            let total = positiveSum - negativeSum + neutralCount
            if total > 0 {
                positive = abs(positiveSum / total)
                negative = abs(negativeSum / total)
                neutral = abs(neutralCount / total)
            }
        }
        return Analysis(language: decision, hints: hints(scalars), sum: sum, compound: compound,
                        positive: positive, neutral: neutral, negative: negative, label: rules.label(for: compound))
    }

    private func hints(_ scalars: [Unicode.Scalar]) -> [Hint] {
        var hints: [Hint] = []
        // Words that negated something without being listed as negators ("least").
        let usedNegators = Set(states.compactMap(\.negator))
        for (index, unit) in units.enumerated() {
            let kind: Hint.Kind
            var base = 0.0
            if let modifier = unit.modifier, unit.valence == nil || modifier.kind != .negator {
                switch modifier.kind {
                case .negator: kind = .negator
                case .booster: kind = .booster
                case .dampener: kind = .dampener
                case .contrast: kind = .contrast
                }
            } else if let valence = unit.valence, valence != 0 || sentiments[index] != 0 {
                kind = unit.isEmoji ? .emoji : .sentiment
                base = valence
            } else if unit.modifier?.kind == .negator || usedNegators.contains(index) {
                kind = .negator
            } else {
                continue
            }
            let state = states[index]
            if let last = hints.last, last.range == unit.range, last.kind == kind {
                // VADER's emoji descriptions: several words share one emoji's range.
                hints[hints.count - 1].valence += sentiments[index]
                hints[hints.count - 1].baseValence += base
                continue
            }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[unit.range])
            hints.append(Hint(
                kind: kind, range: unit.range, text: String(view),
                term: unit.term ?? unit.modifier?.term ?? unit.key,
                baseValence: base, valence: sentiments[index],
                negated: state.negations % 2 == 1, boosted: state.boosted || state.emphasized,
                dampened: state.dampened, emphasized: state.emphasized, clauseFactor: state.clauseFactor,
                negatorRange: state.negator.map { units[$0].range }))
        }
        return hints
    }
}
