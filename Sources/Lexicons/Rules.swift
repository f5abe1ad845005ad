/// VADER's empirically derived constants, under VADER's names in the comments
/// (`cjhutto/vaderSentiment: vaderSentiment/vaderSentiment.py`).
public enum VaderConstants {
    /// `B_INCR`: a booster adds this much intensity to the next sentiment word.
    public static let boosterIncrement = 0.293
    /// `B_DECR`: a dampener removes this much.
    public static let dampenerDecrement = -0.293
    /// `C_INCR`: an ALL-CAPS sentiment word among lower-case ones gains this much.
    public static let capsIncrement = 0.733
    /// `N_SCALAR`: a negated sentiment word is multiplied by this.
    public static let negationScalar = -0.74
    /// Each `!` (up to `maxExclamationMarks`) adds this to the sum's magnitude.
    public static let exclamationIncrement = 0.292
    public static let maxExclamationMarks = 4
    /// Two or three `?` add this each; more add `questionMarkCap` in total.
    public static let questionMarkIncrement = 0.18
    public static let questionMarkCap = 0.96
    /// `normalize(score, alpha=15)`: compound = sum / sqrt(sum² + alpha).
    public static let normalizationAlpha = 15.0
    /// A modifier one, two or three words before a sentiment word counts this much.
    public static let modifierDistanceFactors: [Double] = [1.0, 0.95, 0.9]
    /// "never so good", "never this good": ×1.25 instead of negation.
    public static let emphaticNegationFactor = 1.25
    /// `_but_check`: words after "but" ×1.5, before ×0.5.
    public static let contrastAfterFactor = 1.5
    public static let contrastBeforeFactor = 0.5
    /// VADER's usual label cut-offs on the compound score.
    public static let positiveThreshold = 0.05
    public static let negativeThreshold = -0.05
}

/// How the rule-based scorer behaves. The defaults are Opine's rules; `Rules.vader`
/// reproduces the reference `vaderSentiment` 3.3.2 so a VADER lexicon gives VADER's scores.
public struct Rules: Sendable, Hashable {
    public enum Dialect: Sendable, Hashable {
        /// Opine's rules (the default):
        /// - words, emoji and emoticons are segmented by script (punctuation split off, CJK cut
        ///   by longest match), phrases and stems in the lexicon are matched, accents are
        ///   loosened where the language allows;
        /// - negation and modifiers stop at clause punctuation and at a contrast word, and a
        ///   sentiment word is negated once (French "ne … pas" is one negation);
        /// - any contrast word from the modifiers file shifts weight (the first one in the text);
        /// - emoji and emoticons from the emoji table are never negated or boosted;
        /// - "never so/this", "without doubt", "least", "no … or" follow VADER's intent.
        case opine
        /// The reference implementation, quirks included: whitespace tokens with edge
        /// punctuation stripped only when more than two characters remain, emoji replaced by
        /// their descriptions, no accent loosening, no scope stop at punctuation, repeated
        /// negation multiplies, only the first "but" counts (with its list-index quirk),
        /// "kind of" and `SPECIAL_CASES` handled positionally, "so"/"this" right before a
        /// word with three words before it multiply by 1.25 (operator-precedence quirk), and
        /// an all-caps word of valence 0 still gets −0.733.
        case vader
    }

    public var dialect: Dialect
    public var boosterIncrement: Double
    public var capsIncrement: Double
    public var negationScalar: Double
    public var exclamationIncrement: Double
    public var maxExclamationMarks: Int
    public var questionMarkIncrement: Double
    public var questionMarkCap: Double
    public var normalizationAlpha: Double
    /// How far back (in words) a modifier or negator reaches, with its weight at each distance.
    public var modifierDistanceFactors: [Double]
    public var emphaticNegationFactor: Double
    public var contrastBeforeFactor: Double
    /// compound ≥ this → positive.
    public var positiveThreshold: Double
    /// compound ≤ this → negative.
    public var negativeThreshold: Double
    /// A detected (not given) language is used only with at least this confidence; below it
    /// the text gets emoji-only hints. 0.4 keeps a Finnish or Hungarian sentence out of the
    /// German or Portuguese lexicon while a one-word English review ("Great product!") passes.
    public var minimumDetectionConfidence: Double

    public init(dialect: Dialect = .opine,
                positiveThreshold: Double = VaderConstants.positiveThreshold,
                negativeThreshold: Double = VaderConstants.negativeThreshold,
                minimumDetectionConfidence: Double = 0.4) {
        self.dialect = dialect
        self.boosterIncrement = VaderConstants.boosterIncrement
        self.capsIncrement = VaderConstants.capsIncrement
        self.negationScalar = VaderConstants.negationScalar
        self.exclamationIncrement = VaderConstants.exclamationIncrement
        self.maxExclamationMarks = VaderConstants.maxExclamationMarks
        self.questionMarkIncrement = VaderConstants.questionMarkIncrement
        self.questionMarkCap = VaderConstants.questionMarkCap
        self.normalizationAlpha = VaderConstants.normalizationAlpha
        self.modifierDistanceFactors = VaderConstants.modifierDistanceFactors
        self.emphaticNegationFactor = VaderConstants.emphaticNegationFactor
        self.contrastBeforeFactor = VaderConstants.contrastBeforeFactor
        self.positiveThreshold = positiveThreshold
        self.negativeThreshold = negativeThreshold
        self.minimumDetectionConfidence = minimumDetectionConfidence
    }

    /// The reference implementation's behaviour.
    public static var vader: Rules { Rules(dialect: .vader) }

    /// VADER's `normalize`: maps a sum of valences into (−1, 1).
    public func normalize(_ score: Double) -> Double {
        let normalized = score / (score * score + normalizationAlpha).squareRoot()
        return min(1, max(-1, normalized))
    }

    public func label(for compound: Double) -> SentimentLabel {
        if compound >= positiveThreshold { return .positive }
        if compound <= negativeThreshold { return .negative }
        return .neutral
    }
}

public enum SentimentLabel: String, Sendable, Hashable, CaseIterable {
    case negative, neutral, positive
}
