/// The lowest and highest valence a lexicon entry may carry (VADER's scale).
public let valenceRange: ClosedRange<Double> = -4...4

/// One row of `lexicon.tsv`: a word or phrase and how positive or negative it is.
public struct LexiconEntry: Sendable, Hashable {
    /// Lower case; words separated by single spaces; a word ending in `*` after a letter
    /// or digit is a stem (`disappoint*`).
    public var term: String
    public var valence: Double
    public var partOfSpeech: String
    public var note: String
    /// 1-based line in the file it came from; 0 when made in code.
    public var line: Int

    public init(term: String, valence: Double, partOfSpeech: String = "", note: String = "", line: Int = 0) {
        self.term = term
        self.valence = valence
        self.partOfSpeech = partOfSpeech
        self.note = note
        self.line = line
    }
}

/// What a modifier word does to the sentiment words near it.
public enum ModifierKind: String, Sendable, Hashable, CaseIterable {
    /// Flips and shrinks the valence of the next few words (`not`, `n't`, `never`).
    case negator
    /// Adds intensity to the next few words (`very`, `extremely`).
    case booster
    /// Removes intensity from the next few words (`slightly`, `kind of`).
    case dampener
    /// Shifts weight to the clause after it (`but`, `however`).
    case contrast

    /// The weight used when the file leaves the column empty.
    public var defaultWeight: Double {
        switch self {
        case .negator: return VaderConstants.negationScalar
        case .booster: return VaderConstants.boosterIncrement
        case .dampener: return VaderConstants.dampenerDecrement
        case .contrast: return VaderConstants.contrastAfterFactor
        }
    }

    /// The weights a file may give this kind; anything else is a mistake in the file.
    var allowedWeights: ClosedRange<Double> {
        switch self {
        case .negator: return -2...0
        case .booster: return Double.leastNonzeroMagnitude...4
        case .dampener: return -4...(-Double.leastNonzeroMagnitude)
        case .contrast: return Double.leastNonzeroMagnitude...4
        }
    }

    var weightRule: String {
        switch self {
        case .negator: return "a negator's weight must be empty or between -2 and 0"
        case .booster: return "a booster's weight must be positive (at most 4)"
        case .dampener: return "a dampener's weight must be negative (at least -4)"
        case .contrast: return "a contrast weight multiplies the clause after it and must be positive (at most 4)"
        }
    }
}

/// One row of `modifiers.tsv`.
public struct ModifierEntry: Sendable, Hashable {
    /// Lower case word or phrase; `*` at the start or end makes it a suffix or prefix
    /// pattern (`*n't` matches `doesn't`), at both ends a substring pattern.
    public var term: String
    public var kind: ModifierKind
    /// Nil when the file leaves it empty; `effectiveWeight` then gives the kind's default.
    public var weight: Double?
    public var line: Int

    public init(term: String, kind: ModifierKind, weight: Double? = nil, line: Int = 0) {
        self.term = term
        self.kind = kind
        self.weight = weight
        self.line = line
    }

    public var effectiveWeight: Double { weight ?? kind.defaultWeight }
}

/// One row of `emoji.tsv`: an emoji or an emoticon and its valence.
public struct EmojiEntry: Sendable, Hashable {
    public var symbol: String
    public var valence: Double
    public var note: String
    public var line: Int

    public init(symbol: String, valence: Double, note: String = "", line: Int = 0) {
        self.symbol = symbol
        self.valence = valence
        self.note = note
        self.line = line
    }
}

/// The result of reading one file: what could be used, and what is wrong with it.
public struct Parsed<Entry: Sendable>: Sendable {
    public var entries: [Entry]
    public var findings: [Finding]

    public var errors: [Finding] { findings.filter { $0.severity == .error } }

    /// The entries, or the first error (by line) as a thrown `LexiconsError`.
    public func get() throws(LexiconsError) -> [Entry] {
        if let first = errors.sortedForReport().first { throw first.asError }
        return entries
    }
}

/// Readers and writers for the four file kinds. Pure: text in, entries and findings out.
public enum LexiconFormat {
    public static let lexiconHeader = ["term", "valence", "pos", "note"]
    public static let modifiersHeader = ["term", "kind", "weight"]
    public static let emojiHeader = ["symbol", "valence", "note"]

    // MARK: - Reading

    /// Reads `lexicon.tsv`. Duplicates are reported by `LexiconCheck`, not here.
    public static func parseLexicon(_ text: String, file: String) -> Parsed<LexiconEntry> {
        var entries: [LexiconEntry] = []
        var findings: [Finding] = []
        let rows = TSV.rows(text, file: file, header: lexiconHeader, requiredColumns: 2, findings: &findings)
        for row in rows {
            let fields = row.fields
            guard let term = checkedTerm(fields[0], file: file, line: row.line, findings: &findings),
                let valence = checkedValence(fields[1], file: file, line: row.line, findings: &findings)
            else { continue }
            entries.append(LexiconEntry(
                term: term, valence: valence,
                partOfSpeech: fields.count > 2 ? fields[2] : "",
                note: fields.count > 3 ? fields[3] : "",
                line: row.line))
        }
        return Parsed(entries: entries, findings: findings)
    }

    /// Reads `modifiers.tsv`.
    public static func parseModifiers(_ text: String, file: String) -> Parsed<ModifierEntry> {
        var entries: [ModifierEntry] = []
        var findings: [Finding] = []
        let rows = TSV.rows(text, file: file, header: modifiersHeader, requiredColumns: 2, findings: &findings)
        for row in rows {
            let fields = row.fields
            guard let term = checkedTerm(fields[0], file: file, line: row.line, findings: &findings) else { continue }
            guard let kind = ModifierKind(rawValue: fields[1]) else {
                let kinds = ModifierKind.allCases.map(\.rawValue).joined(separator: ", ")
                findings.append(Finding(.error, file: file, line: row.line,
                                        "unknown kind \"\(fields[1])\" (expected one of: \(kinds))"))
                continue
            }
            var weight: Double?
            if fields.count > 2, !fields[2].isEmpty {
                guard let value = Double(fields[2]), value.isFinite else {
                    findings.append(Finding(.error, file: file, line: row.line,
                                            "weight \"\(fields[2])\" is not a number"))
                    continue
                }
                guard kind.allowedWeights.contains(value) else {
                    findings.append(Finding(.error, file: file, line: row.line,
                                            "\(kind.weightRule); found \(fields[2])"))
                    continue
                }
                weight = value
            }
            entries.append(ModifierEntry(term: term, kind: kind, weight: weight, line: row.line))
        }
        return Parsed(entries: entries, findings: findings)
    }

    /// Reads `function-words.txt`: one word per line.
    public static func parseFunctionWords(_ text: String, file: String) -> Parsed<String> {
        var words: [String] = []
        var findings: [Finding] = []
        for (number, raw) in TSV.lines(text) where !TSV.isSkippable(raw) {
            let word = raw.trimmingSpaces()
            if word.contains(where: { $0.isWhitespace }) {
                findings.append(Finding(.error, file: file, line: number,
                                        "one word per line; found \"\(word.replacingTabs())\""))
            } else if word != word.lowercased() {
                findings.append(Finding(.error, file: file, line: number,
                                        "function words must be lower case (\"\(word.lowercased())\")"))
            } else {
                words.append(word)
            }
        }
        return Parsed(entries: words, findings: findings)
    }

    /// Reads `emoji.tsv`.
    public static func parseEmoji(_ text: String, file: String) -> Parsed<EmojiEntry> {
        var entries: [EmojiEntry] = []
        var findings: [Finding] = []
        let rows = TSV.rows(text, file: file, header: emojiHeader, requiredColumns: 2, findings: &findings)
        for row in rows {
            let fields = row.fields
            let symbol = fields[0]
            if symbol.isEmpty || symbol.contains(where: { $0.isWhitespace }) {
                findings.append(Finding(.error, file: file, line: row.line,
                                        "symbol must be non-empty and contain no spaces"))
                continue
            }
            guard let valence = checkedValence(fields[1], file: file, line: row.line, findings: &findings) else {
                continue
            }
            entries.append(EmojiEntry(symbol: symbol, valence: valence,
                                      note: fields.count > 2 ? fields[2] : "", line: row.line))
        }
        return Parsed(entries: entries, findings: findings)
    }

    // MARK: - Writing

    /// Formats a valence the way the shipped files do: up to three decimals, no trailing zeros.
    public static func format(valence: Double) -> String {
        let rounded = (valence * 1000).rounded() / 1000
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        var text = String(rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    /// A whole `lexicon.tsv`, header first, one entry per line, in the order given.
    public static func renderLexicon(_ entries: [LexiconEntry], comments: [String] = []) -> String {
        var out = comments.map { "# \($0)\n" }.joined()
        out += lexiconHeader.joined(separator: "\t") + "\n"
        for entry in entries {
            out += [entry.term, format(valence: entry.valence), entry.partOfSpeech, entry.note]
                .joined(separator: "\t") + "\n"
        }
        return out
    }

    /// Adds (or replaces) one entry in the text of a `lexicon.tsv` — what `opine lexicon add`
    /// writes to a project's overlay. Creates the file text when `existing` is nil. The
    /// result is re-read, so a bad term or score throws and nothing changes.
    public static func adding(_ entry: LexiconEntry, to existing: String?, file: String) throws(LexiconsError) -> String {
        var findings: [Finding] = []
        guard let term = checkedTerm(entry.term, file: file, line: 0, findings: &findings) else {
            throw LexiconsError.badRow(file: file, line: 0, reason: findings.first?.message ?? "bad term")
        }
        guard valenceRange.contains(entry.valence), entry.valence.isFinite else {
            throw LexiconsError.badRow(file: file, line: 0,
                                       reason: "valence \(entry.valence) is outside \(valenceRange)")
        }
        let base = existing ?? lexiconHeader.joined(separator: "\t") + "\n"
        _ = try parseLexicon(base, file: file).get()
        let newLine = [term, format(valence: entry.valence), entry.partOfSpeech, entry.note]
            .joined(separator: "\t")
        var lines = TSV.lines(base).map(\.1)
        if let index = lines.firstIndex(where: { line in
            !TSV.isSkippable(line) && line.split(separator: "\t", omittingEmptySubsequences: false).first
                .map { String($0) == term } == true
        }) {
            lines[index] = newLine
        } else {
            lines.append(newLine)
        }
        let result = lines.joined(separator: "\n") + "\n"
        _ = try parseLexicon(result, file: file).get()
        return result
    }

    // MARK: - Field checks

    static func checkedTerm(_ raw: String, file: String, line: Int, findings: inout [Finding]) -> String? {
        if raw.isEmpty {
            findings.append(Finding(.error, file: file, line: line, "empty term"))
            return nil
        }
        if raw != raw.trimmingSpaces() {
            findings.append(Finding(.error, file: file, line: line,
                                    "term \"\(raw)\" has leading or trailing spaces"))
            return nil
        }
        if raw.contains("  ") {
            findings.append(Finding(.error, file: file, line: line,
                                    "term \"\(raw)\" has a double space; separate words with one space"))
            return nil
        }
        if raw != raw.lowercased() {
            findings.append(Finding(.error, file: file, line: line,
                                    "term \"\(raw)\" must be lower case (\"\(raw.lowercased())\")"))
            return nil
        }
        return raw
    }

    static func checkedValence(_ raw: String, file: String, line: Int, findings: inout [Finding]) -> Double? {
        guard let value = Double(raw), value.isFinite else {
            findings.append(Finding(.error, file: file, line: line, "valence \"\(raw)\" is not a number"))
            return nil
        }
        guard valenceRange.contains(value) else {
            findings.append(Finding(.error, file: file, line: line,
                                    "valence \(raw) is outside -4...4"))
            return nil
        }
        return value
    }
}

/// Tab-separated text as this module writes it: UTF-8, optional BOM, `\n` or `\r\n`,
/// comment lines starting with `#`, blank lines ignored, a header line first.
enum TSV {
    struct Row {
        var line: Int
        var fields: [String]
    }

    /// Lines with their 1-based numbers, BOM and `\r` removed.
    static func lines(_ text: String) -> [(Int, String)] {
        // Split on scalars: as Characters, "\r\n" is one grapheme and never equals "\n".
        var body = Substring(text).unicodeScalars
        if body.first == "\u{FEFF}" { body = body.dropFirst() }
        var result: [(Int, String)] = []
        var number = 0
        for piece in body.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            var scalars = piece
            if scalars.last == "\r" { scalars = scalars.dropLast() }
            result.append((number, String(scalars)))
        }
        if let last = result.last, last.1.isEmpty { result.removeLast() }
        return result
    }

    /// Blank lines and comments. A comment starts with `#` followed by a space, a tab, another
    /// `#` or nothing; a `#` line without a tab is a comment too. So `#️⃣` (keycap) and
    /// `#fail<TAB>-1` are rows, `# note` is not.
    static func isSkippable(_ line: String) -> Bool {
        if line.allSatisfy({ $0 == " " || $0 == "\t" }) { return true }
        guard line.hasPrefix("#") else { return false }
        let rest = line.unicodeScalars.dropFirst()
        guard let next = rest.first else { return true }
        if next == " " || next == "\t" || next == "#" { return true }
        return !line.contains("\t")
    }

    /// The data rows after the header. Each returned row has between `requiredColumns` and
    /// `header.count` fields (trailing empty fields beyond the header are tolerated).
    static func rows(_ text: String, file: String, header: [String], requiredColumns: Int,
                     findings: inout [Finding]) -> [Row] {
        var rows: [Row] = []
        var sawHeader = false
        for (number, line) in lines(text) where !isSkippable(line) {
            var fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if !sawHeader {
                sawHeader = true
                let names = fields.map { $0.trimmingSpaces() }
                let valid = names.count >= requiredColumns && names.count <= header.count
                    && Array(header.prefix(names.count)) == names
                if !valid {
                    findings.append(Finding(.error, file: file, line: number,
                                            "header must be \"\(header.joined(separator: "\t").replacingTabs())\", found \"\(line.replacingTabs())\""))
                    return []
                }
                continue
            }
            while fields.count > header.count, fields.last == "" { fields.removeLast() }
            if fields.count < requiredColumns {
                findings.append(Finding(.error, file: file, line: number,
                                        "expected \(requiredColumns) tab-separated columns (\(header.prefix(requiredColumns).joined(separator: ", "))), found \(fields.count)"))
                continue
            }
            if fields.count > header.count {
                findings.append(Finding(.error, file: file, line: number,
                                        "too many columns (\(fields.count)); expected at most \(header.count): \(header.joined(separator: ", "))"))
                continue
            }
            rows.append(Row(line: number, fields: fields))
        }
        if !sawHeader {
            findings.append(Finding(.error, file: file, line: 0,
                                    "missing header \"\(header.joined(separator: "\t").replacingTabs())\""))
        }
        return rows
    }
}

extension String {
    /// Without leading and trailing spaces and tabs (Foundation-free).
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
