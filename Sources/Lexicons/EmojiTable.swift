/// Emoji and emoticons shared by all languages (`lexicons/emoji.tsv`), plus, when a VADER
/// emoji file was imported, VADER's textual descriptions of emoji.
public struct EmojiTable: Sendable {
    public private(set) var entries: [EmojiEntry]
    /// Emoji → words, as VADER's `emoji_utf8_lexicon.txt` gives them. Only the `.vader`
    /// dialect uses these (it replaces each emoji by its description before scoring).
    public private(set) var descriptions: [Unicode.Scalar: String]

    var byKey: [String: EmojiEntry] = [:]
    /// Emoticons made of punctuation (`:)`, `<3`), for the segmenter.
    private(set) var emoticonPatterns: [String] = []
    /// First bytes of word-shaped emoticons (`xD`), so ordinary words skip the lookup.
    private var wordEmoticonStarts = [Bool](repeating: false, count: 256)

    public init(_ entries: [EmojiEntry] = [], descriptions: [Unicode.Scalar: String] = [:]) {
        self.entries = []
        self.descriptions = descriptions
        for entry in entries { add(entry) }
    }

    /// The table with `overlay`'s entries added; an overlay symbol replaces the shipped one.
    public func merging(_ overlay: EmojiTable) -> EmojiTable {
        var merged = self
        for entry in overlay.entries { merged.add(entry) }
        for (scalar, words) in overlay.descriptions { merged.descriptions[scalar] = words }
        return merged
    }

    private mutating func add(_ entry: EmojiEntry) {
        let key = EmojiTable.key(entry.symbol)
        if let index = entries.firstIndex(where: { EmojiTable.key($0.symbol) == key }) {
            entries[index] = entry
        } else {
            entries.append(entry)
            if EmojiTable.isWordShaped(entry.symbol) {
                if let first = key.utf8.first { wordEmoticonStarts[Int(first)] = true }
            } else if !EmojiTable.isEmoji(entry.symbol) {
                emoticonPatterns.append(entry.symbol)
            }
        }
        byKey[key] = entry
    }

    /// The entry for an emoji grapheme or emoticon as it appears in text: skin tones and
    /// variation selectors are ignored; a ZWJ sequence not in the table falls back to its first emoji.
    public func lookup(_ symbol: String) -> EmojiEntry? {
        let key = EmojiTable.key(symbol)
        if let entry = byKey[key] { return entry }
        if let first = key.unicodeScalars.first, key.unicodeScalars.count > 1, EmojiTable.isEmoji(symbol) {
            return byKey[String(first)]
        }
        return nil
    }

    func lookup(key: String) -> EmojiEntry? { byKey[key] ?? lookup(key) }

    /// False when no word-shaped emoticon starts like `key`.
    func mayBeWordEmoticon(_ key: String) -> Bool {
        guard let first = key.utf8.first else { return false }
        return wordEmoticonStarts[Int(first)]
    }

    /// Skin tones and variation selectors removed; emoticon letters lower-cased.
    static func key(_ symbol: String) -> String {
        var view = String.UnicodeScalarView()
        for scalar in symbol.unicodeScalars {
            if scalar == "\u{FE0F}" || scalar == "\u{FE0E}" || CharacterClass.isSkinTone(scalar) { continue }
            view.append(EmoticonMatcher.fold(scalar))
        }
        return String(view)
    }

    static func isEmoji(_ symbol: String) -> Bool {
        let scalars = Array(symbol.unicodeScalars)
        guard !scalars.isEmpty else { return false }
        return CharacterClass.emojiClusterEnd(scalars, from: 0) != nil
    }

    /// Letters and digits only (`xD`): found as words, not by the emoticon matcher.
    static func isWordShaped(_ symbol: String) -> Bool {
        symbol.unicodeScalars.allSatisfy(CharacterClass.isWordScalar)
    }
}
