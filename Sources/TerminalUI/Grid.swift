/// One terminal cell. A double-width grapheme fills its cell and the next one, which holds
/// a width-0 continuation, so a row always has exactly `width` cells.
public struct Cell: Sendable, Hashable {
    public var grapheme: String
    /// 0 (the right half of the wide cell to its left), 1 or 2.
    public var width: Int
    public var style: Style

    public init(grapheme: String, width: Int, style: Style = .plain) {
        self.grapheme = grapheme
        self.width = width
        self.style = style
    }

    public static let blank = Cell(grapheme: " ", width: 1)

    static func continuation(_ style: Style) -> Cell { Cell(grapheme: "", width: 0, style: style) }
}

/// A screen's worth of cells: what a screen renders and the backend draws. The rules follow
/// ratatui's buffer: text is clipped at the area's edge (a wide glyph that does not fit is not
/// drawn), and writing over either half of a wide glyph blanks its other half.
public struct Grid: Sendable, Equatable {
    public let size: Size
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should show (a text field being edited), or nil to hide it.
    public var cursor: Point?

    public init(size: Size) {
        self.size = size
        cells = Array(repeating: .blank, count: size.width * size.height)
    }

    public subscript(x x: Int, y y: Int) -> Cell {
        cells[y * size.width + x]
    }

    /// Writes `text` made visible (see `VisibleText`) from `point` on, no further than
    /// `limit` columns nor past the grid's right edge. Returns the column after the last
    /// glyph written.
    @discardableResult
    public mutating func put(_ text: String, at point: Point, style: Style = .plain, clip limit: Int? = nil) -> Int {
        put(VisibleText.glyphs(of: text), at: point, clip: limit) { glyph in glyph.kind == .text ? style : .escaped }
    }

    /// Writes glyphs, each with the style `styleOf` gives it; same clipping as `put(_:at:)`.
    @discardableResult
    public mutating func put(
        _ glyphs: [Glyph], at point: Point, clip limit: Int? = nil, styleOf: (Glyph) -> Style
    ) -> Int {
        guard point.y >= 0, point.y < size.height, point.x >= 0 else { return point.x }
        let end = min(size.width, limit.map { point.x + max(0, $0) } ?? size.width)
        var x = point.x
        for glyph in glyphs {
            guard x + glyph.width <= end else { break }
            set(Cell(grapheme: glyph.grapheme, width: glyph.width, style: styleOf(glyph)), x: x, y: point.y)
            x += glyph.width
        }
        return x
    }

    /// Blanks `width` cells of row `y` from `x` with a style (a bar's background).
    public mutating func fill(row y: Int, from x: Int = 0, width: Int? = nil, style: Style) {
        guard y >= 0, y < size.height else { return }
        let end = min(size.width, width.map { x + $0 } ?? size.width)
        var column = max(0, x)
        while column < end {
            set(Cell(grapheme: " ", width: 1, style: style), x: column, y: y)
            column += 1
        }
    }

    /// Places one cell, keeping wide glyphs whole: a half left behind is blanked.
    private mutating func set(_ cell: Cell, x: Int, y: Int) {
        let row = y * size.width
        // Writing onto the right half of a wide glyph: blank its left half.
        if cells[row + x].width == 0, x > 0, cells[row + x - 1].width == 2 {
            cells[row + x - 1] = Cell(grapheme: " ", width: 1, style: cells[row + x - 1].style)
        }
        // The last column this cell covers may be the left half of a wide glyph: blank its right half.
        let last = x + cell.width - 1
        if cells[row + last].width == 2, last + 1 < size.width {
            cells[row + last + 1] = Cell(grapheme: " ", width: 1, style: cells[row + last + 1].style)
        }
        cells[row + x] = cell
        if cell.width == 2 { cells[row + x + 1] = .continuation(cell.style) }
    }

    // MARK: - Reading it back (snapshots, tests)

    /// The text of row `y`, one grapheme per cell (continuations add nothing).
    public func text(row y: Int) -> String {
        var text = ""
        for x in 0..<size.width { text += self[x: x, y: y].grapheme }
        return text
    }

    /// Every row's text, joined by newlines: what a person would see.
    public var text: String {
        (0..<size.height).map { text(row: $0) }.joined(separator: "\n")
    }

    /// The runs of non-plain style in row `y`, as column ranges.
    public func styleRuns(row y: Int) -> [(columns: Range<Int>, style: Style)] {
        var runs: [(columns: Range<Int>, style: Style)] = []
        var x = 0
        while x < size.width {
            let style = self[x: x, y: y].style
            var end = x + 1
            while end < size.width && self[x: end, y: y].style == style { end += 1 }
            if style != .plain { runs.append((x..<end, style)) }
            x = end
        }
        return runs
    }

    /// A text rendering for snapshot files: the size, each row quoted, then the style runs
    /// of every row that has any, then the cursor.
    public var snapshot: String {
        var lines = ["size \(size.width)x\(size.height)"]
        for y in 0..<size.height {
            lines.append(pad(y) + " \"" + text(row: y) + "\"")
        }
        lines.append("styles")
        for y in 0..<size.height {
            let runs = styleRuns(row: y)
            guard !runs.isEmpty else { continue }
            lines.append(pad(y) + " " + runs.map { "\($0.columns.lowerBound)..<\($0.columns.upperBound) \($0.style.rawValue)" }
                .joined(separator: ", "))
        }
        if let cursor { lines.append("cursor \(cursor.x),\(cursor.y)") }
        return lines.joined(separator: "\n") + "\n"
    }

    private func pad(_ row: Int) -> String {
        let digits = String(row)
        return String(repeating: " ", count: max(0, 2 - digits.count)) + digits
    }
}
