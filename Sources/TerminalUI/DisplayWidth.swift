/// How many terminal columns text takes, from the project's one width table
/// (`WidthTable`, generated from the Unicode Character Database). Layout, snapshots and the
/// ncurses backend all measure with it, so they agree on where every cell goes.
public enum DisplayWidth {
    public static var unicodeVersion: String { WidthTable.unicodeVersion }

    /// The columns one scalar takes on its own: 0, 1 or 2; nil for a control character
    /// (C0, DEL, C1), which is never sent to the terminal as such.
    public static func of(_ scalar: Unicode.Scalar) -> Int? {
        let value = scalar.value
        if value >= 0x20 && value < 0x7F { return 1 }
        if isControl(value) { return nil }
        if contains(WidthTable.zero, value) { return 0 }
        if contains(WidthTable.wide, value) { return 2 }
        return 1
    }

    /// The columns a string takes once made visible (`VisibleText.glyphs`).
    public static func of(_ text: String) -> Int {
        VisibleText.glyphs(of: text).reduce(0) { $0 + $1.width }
    }

    /// The columns one grapheme cluster takes when it is drawn as one cell; nil when the
    /// cluster holds a control character, or is drawn as several cells (see `VisibleText`).
    public static func ofCluster(_ cluster: Character) -> Int? {
        VisibleText.cell(for: cluster)?.width
    }

    /// Whether the scalar is a strong right-to-left letter (Hebrew, Arabic, Syriac, Thaana…).
    public static func isRightToLeft(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x0590 && contains(WidthTable.rightToLeft, scalar.value)
    }

    /// Whether the text holds any right-to-left letter.
    public static func containsRightToLeft(_ text: String) -> Bool {
        text.unicodeScalars.contains(where: isRightToLeft)
    }

    static func isControl(_ value: UInt32) -> Bool {
        value < 0x20 || (value >= 0x7F && value < 0xA0)
    }

    static func isPictographic(_ value: UInt32) -> Bool {
        contains(WidthTable.narrowPictographic, value) || contains(WidthTable.wide, value)
    }

    static func isRegionalIndicator(_ value: UInt32) -> Bool {
        (0x1F1E6...0x1F1FF).contains(value)
    }

    /// Binary search in a flat `[low, high, low, high…]` list of inclusive ranges.
    static func contains(_ table: [UInt32], _ value: UInt32) -> Bool {
        var low = 0
        var high = table.count / 2 - 1
        while low <= high {
            let middle = (low + high) / 2
            if value < table[2 * middle] {
                high = middle - 1
            } else if value > table[2 * middle + 1] {
                low = middle + 1
            } else {
                return true
            }
        }
        return false
    }
}

/// One terminal cell's worth of text: a grapheme (or a part of one) and its width.
public struct Glyph: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case text
        /// A visible stand-in for a control character, invisible format character or escape.
        case escape
        /// The visible mark of a line break in the data (`⏎`); layout breaks the line after it.
        case lineBreak
    }

    public var grapheme: String
    /// 1 or 2.
    public var width: Int
    public var kind: Kind
    /// Where the glyph's text starts in the source, in Unicode scalars (as lexicon hint
    /// ranges count), so a span of the source can be styled after layout.
    public var scalarOffset: Int

    public init(grapheme: String, width: Int, kind: Kind = .text, scalarOffset: Int = 0) {
        self.grapheme = grapheme
        self.width = width
        self.kind = kind
        self.scalarOffset = scalarOffset
    }

    public var isSpace: Bool { kind == .text && grapheme == " " }
}

extension Glyph {
    /// The longest prefix of `glyphs` within `width` columns, and the columns it takes.
    static func prefix(_ glyphs: [Glyph], fitting width: Int) -> (glyphs: [Glyph], width: Int) {
        var kept: [Glyph] = []
        var used = 0
        for glyph in glyphs {
            if used + glyph.width > width { break }
            kept.append(glyph)
            used += glyph.width
        }
        return (kept, used)
    }
}

/// Turns text from the data into glyphs that are safe to draw and measured by `DisplayWidth`.
///
/// - Control characters never reach the terminal: ESC becomes `␛` (so `\u{1B}[31m` shows as
///   `␛[31m`), the other C0 codes their Control Pictures (`␀…␟`), a line break `⏎`, a tab
///   `⇥`, DEL `␡`, C1 codes and the invisible or reordering format characters (bidi
///   overrides and isolates, zero-width spaces, line separators) `\u{…}`.
/// - An emoji sequence (ZWJ family, flag, keycap, skin tone, U+FE0F presentation) is one
///   glyph two columns wide.
/// - Any other cluster is split at each spacing scalar, so each glyph is one spacing scalar
///   with its combining marks: that is what a terminal draws in one cell. A combining mark
///   with nothing to sit on is shown on a dotted circle (`◌́`).
/// - Right-to-left letters stay in logical order, one column each.
public enum VisibleText {
    public static func glyphs(of text: String) -> [Glyph] {
        var glyphs: [Glyph] = []
        glyphs.reserveCapacity(text.utf8.count)
        var offset = 0
        for cluster in text {
            let count = cluster.unicodeScalars.count
            if let single = cell(for: cluster) {
                glyphs.append(Glyph(grapheme: single.grapheme, width: single.width, kind: single.kind, scalarOffset: offset))
            } else {
                appendParts(of: cluster, startingAt: offset, to: &glyphs)
            }
            offset += count
        }
        return glyphs
    }

    /// The glyph for a cluster drawn whole, or nil when it must be split or escaped.
    static func cell(for cluster: Character) -> Glyph? {
        let scalars = cluster.unicodeScalars
        guard let first = scalars.first else { return nil }
        if scalars.count == 1 {
            guard let width = DisplayWidth.of(first), width > 0, !isHazard(first.value) else { return nil }
            return Glyph(grapheme: String(cluster), width: width)
        }
        if scalars.contains(where: { DisplayWidth.isControl($0.value) || isHazard($0.value) }) { return nil }
        if isEmojiSequence(scalars) { return Glyph(grapheme: String(cluster), width: 2) }
        // One spacing scalar and its marks (e + ◌́, a Hangul syllable in jamo) is one cell.
        var width = 0
        var spacing = 0
        for scalar in scalars {
            guard let scalarWidth = DisplayWidth.of(scalar) else { return nil }
            if scalarWidth > 0 {
                spacing += 1
                width = scalarWidth
            }
        }
        guard spacing == 1, DisplayWidth.of(first).map({ $0 > 0 }) == true else { return nil }
        return Glyph(grapheme: String(cluster), width: width)
    }

    /// Characters with no control code that still must not reach the terminal raw: they are
    /// invisible, reorder the line (bidi overrides and isolates) or break it.
    static func isHazard(_ value: UInt32) -> Bool {
        (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) || value == 0x2028 || value == 0x2029
    }

    private static func isEmojiSequence(_ scalars: Character.UnicodeScalarView) -> Bool {
        guard let first = scalars.first else { return false }
        let rest = scalars.dropFirst()
        if DisplayWidth.isRegionalIndicator(first.value) {
            return rest.first.map { DisplayWidth.isRegionalIndicator($0.value) } ?? false
        }
        guard DisplayWidth.isPictographic(first.value) || first.value == 0x23 || first.value == 0x2A
            || (0x30...0x39).contains(first.value)
        else { return false }
        let presentation = rest.contains { $0.value == 0xFE0F }
        let joined = rest.contains { $0.value == 0x200D } && DisplayWidth.isPictographic(first.value)
        let wideBase = DisplayWidth.of(first) == 2 && DisplayWidth.isPictographic(first.value)
        return presentation || joined || wideBase
    }

    /// Splits a cluster that is not one cell: escapes what must not be drawn, gives each
    /// spacing scalar its own glyph with the marks that follow it.
    private static func appendParts(of cluster: Character, startingAt start: Int, to glyphs: inout [Glyph]) {
        var offset = start
        var current: (text: String.UnicodeScalarView, width: Int, offset: Int)?
        func flush() {
            if let part = current {
                glyphs.append(Glyph(grapheme: String(part.text), width: part.width, scalarOffset: part.offset))
            }
            current = nil
        }
        for scalar in cluster.unicodeScalars {
            defer { offset += 1 }
            let width = DisplayWidth.of(scalar)
            if let escape = escape(for: scalar) {
                flush()
                let kind: Glyph.Kind = scalar.value == 0x0A ? .lineBreak : .escape
                for character in escape {
                    glyphs.append(Glyph(grapheme: String(character), width: 1, kind: kind, scalarOffset: offset))
                }
                continue
            }
            if let width, width > 0 {
                flush()
                var text = String.UnicodeScalarView()
                text.append(scalar)
                current = (text, width, offset)
            } else if current != nil {
                current?.text.append(scalar)
            } else if scalar.properties.generalCategory == .format {
                // A lone format character (zero width space, a bidi mark, a stray joiner)
                // would be invisible: name it.
                for character in hexEscape(scalar.value) {
                    glyphs.append(Glyph(grapheme: String(character), width: 1, kind: .escape, scalarOffset: offset))
                }
            } else {
                // A mark with no base: show it on a dotted circle rather than on the cell before.
                var text = String.UnicodeScalarView()
                text.append("\u{25CC}")
                text.append(scalar)
                current = (text, 1, offset)
            }
        }
        flush()
    }

    /// The visible stand-in for a scalar that must not be drawn as itself, or nil.
    private static func escape(for scalar: Unicode.Scalar) -> String? {
        let value = scalar.value
        switch value {
        case 0x0A: return "⏎"
        case 0x09: return "⇥"
        case 0x00..<0x20: return Unicode.Scalar(0x2400 + value).map { String(Character($0)) }  // ␀…␟, ␛ for ESC
        case 0x7F: return "\u{2421}"  // ␡
        case 0x80..<0xA0: return hexEscape(value)
        default: break
        }
        return isHazard(value) ? hexEscape(value) : nil
    }

    private static func hexEscape(_ value: UInt32) -> String {
        "\\u{" + String(value, radix: 16) + "}"
    }
}
