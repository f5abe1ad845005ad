/// Importers for published lexicons, so a team can bring VADER or AFINN
/// (`opine lexicon import`). Each reads the whole file first and throws on the first bad
/// line, so a broken file imports nothing.
public enum LexiconImport {
    /// AFINN scores run from −5 to +5; Opine's scale is −4…+4. Scores are scaled linearly
    /// (×0.8), which keeps zero, signs and order: ±5 → ±4, ±1 → ±0.8.
    public static let afinnScale = 0.8

    // MARK: - VADER

    /// `vader_lexicon.txt`: `token<TAB>mean<TAB>std<TAB>[ten ratings]`. The mean is the valence.
    /// As in `vaderSentiment`, a later duplicate replaces an earlier one (reported as a
    /// warning). Tokens with capitals are skipped with a warning: VADER lower-cases words
    /// before lookup, so it never matches them either.
    public static func vader(_ text: String, file: String) throws(LexiconsError) -> Parsed<LexiconEntry> {
        var entries: [LexiconEntry] = []
        var position: [String: Int] = [:]
        var warnings: [Finding] = []
        for (number, line) in TSV.lines(text) where !line.allSatisfy({ $0 == " " || $0 == "\t" }) {
            let fields = line.trimmingSpaces().split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 2 else {
                throw LexiconsError.badRow(file: file, line: number,
                                           reason: "expected token<TAB>mean<TAB>std<TAB>ratings, found no tab")
            }
            let token = fields[0]
            guard !token.isEmpty else { throw LexiconsError.badRow(file: file, line: number, reason: "empty token") }
            guard let mean = Double(fields[1]), mean.isFinite else {
                throw LexiconsError.badRow(file: file, line: number, reason: "mean \"\(fields[1])\" is not a number")
            }
            guard valenceRange.contains(mean) else {
                throw LexiconsError.badRow(file: file, line: number, reason: "mean \(fields[1]) is outside -4...4")
            }
            if fields.count > 2, !fields[2].isEmpty {
                guard let deviation = Double(fields[2]), deviation.isFinite, deviation >= 0 else {
                    throw LexiconsError.badRow(file: file, line: number,
                                               reason: "standard deviation \"\(fields[2])\" is not a non-negative number")
                }
            }
            if fields.count > 3, !fields[3].isEmpty {
                try checkRatings(fields[3], file: file, line: number)
            }
            if token != token.lowercased() {
                warnings.append(Finding(.warning, file: file, line: number,
                                        "skipped \"\(token)\": VADER lower-cases words before lookup, so it never matches"))
                continue
            }
            let entry = LexiconEntry(term: token, valence: mean, note: "VADER", line: number)
            if let earlier = position[token] {
                warnings.append(Finding(.warning, file: file, line: number,
                                        "\"\(token)\" repeats line \(entries[earlier].line); the later value \(fields[1]) wins, as in vaderSentiment"))
                entries[earlier] = entry
            } else {
                position[token] = entries.count
                entries.append(entry)
            }
        }
        guard !entries.isEmpty else { throw LexiconsError.emptyImport(file: file) }
        return Parsed(entries: entries, findings: warnings)
    }

    private static func checkRatings(_ field: String, file: String, line: Int) throws(LexiconsError) {
        guard field.hasPrefix("["), field.hasSuffix("]") else {
            throw LexiconsError.badRow(file: file, line: line, reason: "ratings \"\(field)\" must be a [..] list")
        }
        let inner = field.dropFirst().dropLast()
        for part in inner.split(separator: ",") {
            let rating = String(part).trimmingSpaces()
            guard let value = Int(rating), (-4...4).contains(value) else {
                throw LexiconsError.badRow(file: file, line: line, reason: "rating \"\(rating)\" is not an integer in -4...4")
            }
        }
    }

    /// VADER's `emoji_utf8_lexicon.txt`: `emoji<TAB>description`. VADER replaces each emoji
    /// character (one Unicode scalar) by its description before scoring; multi-scalar keys
    /// never match there and are skipped here too.
    public static func vaderEmoji(_ text: String, file: String) throws(LexiconsError) -> EmojiTable {
        var descriptions: [Unicode.Scalar: String] = [:]
        for (number, line) in TSV.lines(text) where !line.allSatisfy({ $0 == " " || $0 == "\t" }) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 2, !fields[0].isEmpty, !fields[1].isEmpty else {
                throw LexiconsError.badRow(file: file, line: number, reason: "expected emoji<TAB>description")
            }
            let scalars = Array(fields[0].unicodeScalars)
            if scalars.count == 1 { descriptions[scalars[0]] = fields[1].trimmingSpaces() }
        }
        guard !descriptions.isEmpty else { throw LexiconsError.emptyImport(file: file) }
        return EmojiTable([], descriptions: descriptions)
    }

    /// VADER's modifier lists, which live in its source (`vaderSentiment.py`): `NEGATE`,
    /// `BOOSTER_DICT` (with `B_INCR`/`B_DECR`), `N_SCALAR` and `SPECIAL_CASES`. Adds what the
    /// code hard-codes: `but` as contrast, any word containing `n't` as a negator, and `no`
    /// (a lexicon word that negates the word after it).
    public static func vaderModifiers(pythonSource source: String, file: String) throws(LexiconsError)
        -> (modifiers: [ModifierEntry], idioms: [LexiconEntry]) {
        let constants = try pythonConstants(source, names: ["B_INCR", "B_DECR", "N_SCALAR"], file: file)
        let negationWeight = constants["N_SCALAR"] ?? VaderConstants.negationScalar
        var modifiers: [ModifierEntry] = []
        for (word, _) in try pythonCollection(source, name: "NEGATE", file: file) {
            modifiers.append(ModifierEntry(term: word, kind: .negator, weight: negationWeight))
        }
        for (word, value) in try pythonCollection(source, name: "BOOSTER_DICT", file: file) {
            guard let value, let weight = constants[value] ?? Double(value) else {
                throw LexiconsError.badRow(file: file, line: 0, reason: "BOOSTER_DICT[\"\(word)\"] has no numeric value")
            }
            modifiers.append(ModifierEntry(term: word, kind: weight >= 0 ? .booster : .dampener, weight: weight))
        }
        modifiers.append(ModifierEntry(term: "*n't*", kind: .negator, weight: negationWeight))
        modifiers.append(ModifierEntry(term: "no", kind: .negator, weight: negationWeight))
        modifiers.append(ModifierEntry(term: "but", kind: .contrast, weight: VaderConstants.contrastAfterFactor))
        var idioms: [LexiconEntry] = []
        for (phrase, value) in try pythonCollection(source, name: "SPECIAL_CASES", file: file) {
            guard let value, let number = Double(value), valenceRange.contains(number) else {
                throw LexiconsError.badRow(file: file, line: 0, reason: "SPECIAL_CASES[\"\(phrase)\"] is not a valence")
            }
            idioms.append(LexiconEntry(term: phrase, valence: number, note: "VADER SPECIAL_CASES"))
        }
        return (modifiers, idioms)
    }

    // MARK: - AFINN

    /// AFINN (`AFINN-en-165.txt`, `AFINN-111.txt`): `word<TAB>integer score in -5…5`, scaled
    /// by `afinnScale`. Phrases (`does not work`) are kept as phrases.
    public static func afinn(_ text: String, file: String) throws(LexiconsError) -> Parsed<LexiconEntry> {
        var entries: [LexiconEntry] = []
        var position: [String: Int] = [:]
        var warnings: [Finding] = []
        for (number, line) in TSV.lines(text) where !line.allSatisfy({ $0 == " " || $0 == "\t" }) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 2 else {
                throw LexiconsError.badRow(file: file, line: number,
                                           reason: "expected word<TAB>score, found \(fields.count) column(s)")
            }
            let word = fields[0].trimmingSpaces().lowercased()
            guard !word.isEmpty else { throw LexiconsError.badRow(file: file, line: number, reason: "empty word") }
            guard let score = Int(fields[1].trimmingSpaces()) else {
                throw LexiconsError.badRow(file: file, line: number, reason: "score \"\(fields[1])\" is not an integer")
            }
            guard (-5...5).contains(score) else {
                throw LexiconsError.badRow(file: file, line: number, reason: "score \(score) is outside -5...5")
            }
            let entry = LexiconEntry(term: word, valence: Double(score) * afinnScale, note: "AFINN \(score)", line: number)
            if let earlier = position[word] {
                warnings.append(Finding(.warning, file: file, line: number,
                                        "\"\(word)\" repeats line \(entries[earlier].line); the later score wins"))
                entries[earlier] = entry
            } else {
                position[word] = entries.count
                entries.append(entry)
            }
        }
        guard !entries.isEmpty else { throw LexiconsError.emptyImport(file: file) }
        return Parsed(entries: entries, findings: warnings)
    }

    // MARK: - Python source

    /// `NAME = number` assignments at the start of a line.
    static func pythonConstants(_ source: String, names: [String], file: String) throws(LexiconsError) -> [String: Double] {
        var values: [String: Double] = [:]
        for (_, line) in TSV.lines(source) {
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let name = String(parts[0]).trimmingSpaces()
            guard names.contains(name) else { continue }
            let raw = String(parts[1]).trimmingSpaces()
            let number = raw.split(separator: "#").first.map { String($0).trimmingSpaces() } ?? raw
            guard let value = Double(number) else {
                throw LexiconsError.badRow(file: file, line: 0, reason: "\(name) = \(raw) is not a number")
            }
            values[name] = value
        }
        return values
    }

    /// The string keys (and raw values, for dicts) of a list or dict literal assigned to `name`.
    static func pythonCollection(_ source: String, name: String, file: String) throws(LexiconsError)
        -> [(String, String?)] {
        let scalars = Array(source.unicodeScalars)
        guard let start = assignment(of: name, in: scalars) else {
            throw LexiconsError.badRow(file: file, line: 0, reason: "\(name) not found; is this vaderSentiment.py?")
        }
        var index = start
        while index < scalars.count, scalars[index] != "[" && scalars[index] != "{" { index += 1 }
        guard index < scalars.count else {
            throw LexiconsError.badRow(file: file, line: 0, reason: "\(name) is not a list or dict literal")
        }
        let close: Unicode.Scalar = scalars[index] == "[" ? "]" : "}"
        index += 1
        var items: [(String, String?)] = []
        var pendingKey: String?
        var value = ""
        func flush() {
            if let key = pendingKey {
                let trimmed = value.trimmingSpaces()
                items.append((key, trimmed.isEmpty ? nil : trimmed))
            }
            pendingKey = nil
            value = ""
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == close {
                flush()
                return items
            }
            if scalar == "\"" || scalar == "'" {
                var literal = String.UnicodeScalarView()
                index += 1
                while index < scalars.count, scalars[index] != scalar {
                    if scalars[index] == "\\", index + 1 < scalars.count { index += 1 }
                    literal.append(scalars[index])
                    index += 1
                }
                if pendingKey == nil { pendingKey = String(literal) } else { value += String(literal) }
            } else if scalar == "#" {
                while index < scalars.count, scalars[index] != "\n" { index += 1 }
                continue
            } else if scalar == "," {
                flush()
            } else if scalar == ":" {
                value = ""
            } else if pendingKey != nil, !CharacterClass.isWhitespace(scalar), scalar != "\\" {
                value.unicodeScalars.append(scalar)
            }
            index += 1
        }
        throw LexiconsError.badRow(file: file, line: 0, reason: "\(name) is not closed")
    }

    /// Index just after `name =` at the start of a line.
    private static func assignment(of name: String, in scalars: [Unicode.Scalar]) -> Int? {
        let target = Array(name.unicodeScalars)
        var index = 0
        while index + target.count < scalars.count {
            let atLineStart = index == 0 || scalars[index - 1] == "\n"
            if atLineStart && Array(scalars[index..<(index + target.count)]) == target {
                var after = index + target.count
                while after < scalars.count, scalars[after] == " " { after += 1 }
                if after < scalars.count, scalars[after] == "=" { return after + 1 }
            }
            index += 1
        }
        return nil
    }
}
