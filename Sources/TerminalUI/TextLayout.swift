/// A style over part of a text, counted in Unicode scalars of the original text (as the
/// lexicon's hint spans are).
public struct TextMark: Sendable, Hashable {
    public var scalars: Range<Int>
    public var style: Style

    public init(scalars: Range<Int>, style: Style) {
        self.scalars = scalars
        self.style = style
    }
}

/// A glyph with the style it is drawn in.
public struct StyledGlyph: Sendable, Hashable {
    public var glyph: Glyph
    public var style: Style
}

/// Word wrapping by display width.
///
/// Lines break at spaces; wide glyphs (CJK ideographs, kana, emoji) may break anywhere, as
/// CJK text has no spaces; a word longer than the line is cut where the line ends. A line
/// break in the data shows as `⏎` and starts a new line. Right-to-left text keeps its logical
/// order and is measured like any other, so the layout never depends on the terminal's bidi.
public enum TextLayout {
    public static func wrap(
        _ text: String, width: Int, style: Style = .plain, marks: [TextMark] = []
    ) -> [[StyledGlyph]] {
        let glyphs = VisibleText.glyphs(of: text).map { glyph -> StyledGlyph in
            if glyph.kind != .text { return StyledGlyph(glyph: glyph, style: .escaped) }
            let mark = marks.last { $0.scalars.contains(glyph.scalarOffset) }
            return StyledGlyph(glyph: glyph, style: mark?.style ?? style)
        }
        return wrap(glyphs, width: width)
    }

    public static func wrap(_ glyphs: [StyledGlyph], width: Int) -> [[StyledGlyph]] {
        guard width > 0 else { return [] }
        var lines: [[StyledGlyph]] = []
        var paragraph: [StyledGlyph] = []
        for glyph in glyphs {
            paragraph.append(glyph)
            if glyph.glyph.kind == .lineBreak {
                lines += wrapParagraph(paragraph, width: width)
                paragraph = []
            }
        }
        if !paragraph.isEmpty || lines.isEmpty { lines += wrapParagraph(paragraph, width: width) }
        return lines
    }

    /// Greedy filling of one paragraph (no line break inside).
    private static func wrapParagraph(_ glyphs: [StyledGlyph], width: Int) -> [[StyledGlyph]] {
        var lines: [[StyledGlyph]] = []
        var line: [StyledGlyph] = []
        var lineWidth = 0

        func endLine() {
            while let last = line.last, last.glyph.isSpace {
                line.removeLast()
            }
            lines.append(line)
            line = []
            lineWidth = 0
        }

        for token in tokens(glyphs) {
            let tokenWidth = token.reduce(0) { $0 + $1.glyph.width }
            if token.first?.glyph.isSpace == true {
                // Spaces that would end a line are dropped; the next word starts the next line.
                if lineWidth + tokenWidth <= width {
                    line += token
                    lineWidth += tokenWidth
                } else if !line.isEmpty {
                    endLine()
                }
                continue
            }
            if lineWidth + tokenWidth <= width {
                line += token
                lineWidth += tokenWidth
                continue
            }
            if !line.isEmpty { endLine() }
            // A word longer than a line is cut wherever the line ends.
            for glyph in token {
                if lineWidth + glyph.glyph.width > width { endLine() }
                line.append(glyph)
                lineWidth += glyph.glyph.width
            }
        }
        if !line.isEmpty || lines.isEmpty { endLine() }
        return lines
    }

    /// Runs of spaces, runs of narrow non-space glyphs (words), and single wide glyphs.
    private static func tokens(_ glyphs: [StyledGlyph]) -> [[StyledGlyph]] {
        var tokens: [[StyledGlyph]] = []
        var current: [StyledGlyph] = []
        for glyph in glyphs {
            if glyph.glyph.width == 2 {
                if !current.isEmpty { tokens.append(current) }
                tokens.append([glyph])
                current = []
            } else if let last = current.last, last.glyph.isSpace != glyph.glyph.isSpace {
                tokens.append(current)
                current = [glyph]
            } else {
                current.append(glyph)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }
}
