/// A span of the text the annotation screen colours, with what the rules did to it.
///
/// `range` is in Unicode scalars (not UTF-16 units, not `Character`s) of the analysed text,
/// and always starts and ends on a grapheme-cluster boundary, so it can be turned into a
/// `Range<String.Index>` with `range(in:)` and drawn without splitting an emoji or an
/// accented letter.
public struct Hint: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// A lexicon word or phrase.
        case sentiment
        /// An emoji or emoticon from the emoji table.
        case emoji
        case negator, booster, dampener, contrast
    }

    public var kind: Kind
    public var range: Range<Int>
    /// The text as written.
    public var text: String
    /// The lexicon or modifier entry that matched (`disappoint*`, `not`, `😍`).
    public var term: String
    /// The valence in the lexicon (0 for modifiers).
    public var baseValence: Double
    /// What the span adds to the sum after all rules, the contrast shift included.
    public var valence: Double
    /// Flipped by a negator (an odd number of times).
    public var negated: Bool
    /// Intensified by a booster word or by ALL CAPS.
    public var boosted: Bool
    /// Weakened by a dampener word.
    public var dampened: Bool
    /// Written in capitals among lower-case words.
    public var emphasized: Bool
    /// The contrast factor its clause got (0.5 before "but", 1.5 after, else 1).
    public var clauseFactor: Double
    /// Where the negator that flipped it is.
    public var negatorRange: Range<Int>?

    /// The same span as string indices of `text` (the string that was analysed), or nil
    /// when `text` is a different, shorter string.
    public func range(in text: String) -> Range<String.Index>? {
        let scalars = text.unicodeScalars
        guard let lower = scalars.index(scalars.startIndex, offsetBy: range.lowerBound, limitedBy: scalars.endIndex),
            let upper = scalars.index(lower, offsetBy: range.count, limitedBy: scalars.endIndex)
        else { return nil }
        return lower..<upper
    }
}

/// Which lexicon was used for a text, and why.
public struct LanguageDecision: Sendable, Hashable {
    public enum Source: String, Sendable, Hashable {
        /// The item said which language it is.
        case given
        /// Detected with enough confidence.
        case detected
        /// Neither given nor detected with confidence: emoji-only hints.
        case undetermined
    }

    /// The language whose lexicon scored the text; nil means emoji and emoticons only.
    public var language: String?
    /// What the item gave, or what detection guessed (even when not used).
    public var candidate: String?
    /// 1 for a given language; the detector's confidence otherwise.
    public var confidence: Double
    public var source: Source
    /// The script most letters are written in.
    public var script: Script
}

/// The rule-based reading of one text.
public struct Analysis: Sendable {
    public var language: LanguageDecision
    public var hints: [Hint]
    /// Sum of the valences plus punctuation emphasis, before normalisation.
    public var sum: Double
    /// VADER's compound score in [-1, 1].
    public var compound: Double
    /// Proportions of positive, neutral and negative words (VADER's pos/neu/neg).
    public var positive: Double
    public var neutral: Double
    public var negative: Double
    public var label: SentimentLabel
}
