/// What the rules need to know about a language beyond its files: how loosely accents may
/// match, which clitics are written with an apostrophe, and the few word patterns VADER's
/// rules name literally ("never so good", "without doubt", "least", "no … or").
public struct LanguageTraits: Sendable, Hashable {
    public var looseMatching: LooseMatching
    /// Elided articles and pronouns split off before lookup (`l'amour` → `l'` `amour`).
    public var elisions: Set<String>
    /// A negator from this set followed by a word from `degreeWords` intensifies (×1.25)
    /// instead of negating: "never so good", "never this good".
    public var emphaticNegators: Set<String>
    public var degreeWords: Set<String>
    /// `withoutWords` + `doubtWords` ("without a doubt") cancel the negation of `without`.
    public var withoutWords: Set<String>
    public var doubtWords: Set<String>
    /// "least" right before a sentiment word negates it, unless after "at" or "very".
    public var leastWords: Set<String>
    public var leastExceptions: Set<String>
    /// "no X or Y": the lexical negator reaches three words when joined by these.
    public var alternatives: Set<String>

    public init(looseMatching: LooseMatching = .none, elisions: Set<String> = [],
                emphaticNegators: Set<String> = [], degreeWords: Set<String> = [],
                withoutWords: Set<String> = [], doubtWords: Set<String> = [],
                leastWords: Set<String> = [], leastExceptions: Set<String> = [],
                alternatives: Set<String> = []) {
        self.looseMatching = looseMatching
        self.elisions = elisions
        self.emphaticNegators = emphaticNegators
        self.degreeWords = degreeWords
        self.withoutWords = withoutWords
        self.doubtWords = doubtWords
        self.leastWords = leastWords
        self.leastExceptions = leastExceptions
        self.alternatives = alternatives
    }

    /// The traits of a language code; unknown codes get exact accent matching and no
    /// language-specific patterns.
    public static func of(_ language: String) -> LanguageTraits {
        switch language {
        case "en":
            return LanguageTraits(
                looseMatching: .ignoreMarks,
                emphaticNegators: ["never"], degreeWords: ["so", "this"],
                withoutWords: ["without"], doubtWords: ["doubt"],
                leastWords: ["least"], leastExceptions: ["at", "very"],
                alternatives: ["or", "nor"])
        case "es":
            return LanguageTraits(
                looseMatching: .ignoreMarks,
                emphaticNegators: ["nunca", "jamás"], degreeWords: ["tan"],
                withoutWords: ["sin"], doubtWords: ["duda"],
                alternatives: ["o", "ni"])
        case "pt":
            return LanguageTraits(
                looseMatching: .ignoreMarks,
                emphaticNegators: ["nunca", "jamais"], degreeWords: ["tão"],
                withoutWords: ["sem"], doubtWords: ["dúvida"],
                alternatives: ["ou", "nem"])
        case "fr":
            return LanguageTraits(
                looseMatching: .ignoreMarks,
                elisions: ["l'", "d'", "j'", "m'", "n'", "s'", "t'", "c'", "qu'", "jusqu'", "lorsqu'", "puisqu'"],
                emphaticNegators: ["jamais"], degreeWords: ["aussi", "si"],
                withoutWords: ["sans"], doubtWords: ["doute"],
                alternatives: ["ou", "ni"])
        case "it":
            return LanguageTraits(
                looseMatching: .ignoreMarks,
                elisions: ["l'", "d'", "un'", "dell'", "nell'", "all'", "sull'", "dall'", "quell'", "quest'",
                           "c'", "m'", "t'", "s'", "v'", "n'"],
                emphaticNegators: ["mai"], degreeWords: ["così"],
                withoutWords: ["senza"], doubtWords: ["dubbio"],
                alternatives: ["o", "né"])
        case "de":
            return LanguageTraits(
                looseMatching: .germanDigraphs,
                emphaticNegators: ["nie", "niemals"], degreeWords: ["so"],
                withoutWords: ["ohne"], doubtWords: ["zweifel"],
                alternatives: ["oder", "noch"])
        case "nl", "ca", "el", "ar", "fa", "ur", "he", "ro":
            return LanguageTraits(looseMatching: .ignoreMarks)
        default:
            return LanguageTraits()
        }
    }
}
