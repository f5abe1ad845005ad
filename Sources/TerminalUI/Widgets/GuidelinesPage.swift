/// A label's or flag's entry in the guidelines: what it means and texts that carry it.
public struct GuidelineEntry: Sendable, Equatable {
    public var name: String
    public var key: Character
    public var definition: String?
    public var examples: [String]

    public init(name: String, key: Character, definition: String?, examples: [String]) {
        self.name = name
        self.key = key
        self.definition = definition
        self.examples = examples
    }
}

/// The annotation guidelines as the screen shows them on `g`: the labels' and flags' definitions
/// and examples, then the project's guidelines document (markdown, shown as text: headings in
/// the title style, everything else as written). User text is data: escapes are shown, not sent.
public struct GuidelinesPage: Sendable, Equatable {
    public var labels: [GuidelineEntry]
    public var flags: [GuidelineEntry]
    public var document: String?

    public init(labels: [GuidelineEntry] = [], flags: [GuidelineEntry] = [], document: String? = nil) {
        self.labels = labels
        self.flags = flags
        self.document = document
    }

    public var isEmpty: Bool {
        document == nil && (labels + flags).allSatisfy { $0.definition == nil && $0.examples.isEmpty }
    }

    /// One line of the page: glyphs after `indent` blank columns.
    public struct Line: Sendable, Equatable {
        public var indent: Int
        public var glyphs: [StyledGlyph]

        /// The line as text (for tests and logs).
        public var text: String { String(repeating: " ", count: indent) + glyphs.map(\.glyph.grapheme).joined() }
    }

    /// The page's lines at `width` columns.
    public func lines(width: Int) -> [Line] {
        var lines: [Line] = []
        func add(_ text: String, style: Style = .plain, indent: Int = 0) {
            for glyphs in TextLayout.wrap(text, width: max(1, width - indent), style: style) {
                lines.append(Line(indent: indent, glyphs: glyphs))
            }
        }
        let blank = Line(indent: 0, glyphs: [])
        for (heading, entries) in [("Labels", labels), ("Flags", flags)] where !entries.isEmpty {
            if !lines.isEmpty { lines.append(blank) }
            add(heading, style: .title)
            for entry in entries {
                add("\(entry.key)  \(entry.name)", style: .key)
                add(entry.definition ?? "(no definition in opine.toml)", style: entry.definition == nil ? .muted : .plain, indent: 3)
                for example in entry.examples { add("“\(example)”", style: .muted, indent: 5) }
            }
        }
        if let document {
            if !lines.isEmpty { lines.append(blank) }
            for line in document.split(separator: "\n", omittingEmptySubsequences: false) {
                let text = String(line.hasSuffix("\r") ? line.dropLast() : line)
                if text.isEmpty {
                    lines.append(blank)
                } else if text.hasPrefix("#") {
                    add(String(text.drop { $0 == "#" || $0 == " " }), style: .title)
                } else {
                    add(text)
                }
            }
        }
        return lines
    }

    /// The page in a frame: a title bar, the lines from `scroll`, and how to move and go back.
    func draw(into grid: inout Grid, scroll: Int, title: String, footer: String) {
        let size = grid.size
        grid.fill(row: 0, style: .title)
        grid.put(" " + title, at: Point(x: 0, y: 0), style: .title)
        let all = lines(width: size.width - 2)
        let rows = size.height - 2
        let first = min(max(0, scroll), Self.maxScroll(lines: all.count, rows: rows))
        for (offset, line) in all.dropFirst(first).prefix(rows).enumerated() {
            var x = 1 + line.indent
            for styled in line.glyphs { x = grid.put([styled.glyph], at: Point(x: x, y: 1 + offset)) { _ in styled.style } }
        }
        let position = all.count > rows ? "  (\(first + 1)–\(min(all.count, first + rows)) of \(all.count) lines, ↑/↓ scroll)" : ""
        grid.putTruncating(footer + position, at: Point(x: 1, y: size.height - 1), style: .muted, width: size.width - 2)
    }

    static func maxScroll(lines: Int, rows: Int) -> Int { max(0, lines - rows) }
}
