/// The whole-screen frames every screen shares: the `?` help screen and the notice shown
/// below a screen's minimum size.
enum Frames {
    /// Every screen's frame at `size`: the too-small notice below `minimum`, else the help
    /// screen while it is open, else the screen's own drawing.
    static func screen(_ size: Size, minimum: Size, showingHelp: Bool, tooSmall: (inout Grid) -> Void,
                       help: (inout Grid) -> Void, body: (inout Grid) -> Void) -> Grid {
        var grid = Grid(size: size)
        if !size.fits(minimum) {
            tooSmall(&grid)
        } else if showingHelp {
            help(&grid)
        } else {
            body(&grid)
        }
        return grid
    }

    /// The help screen: a title bar, the key table's lines in up to two columns (whole
    /// sections per column where they fit), a note and how to go back.
    static func help(_ lines: [(key: String, text: String, isHeading: Bool)], title: String, note: String, footer: String,
                     into grid: inout Grid) {
        let size = grid.size
        grid.fill(row: 0, style: .title)
        grid.put(" " + title, at: Point(x: 0, y: 0), style: .title)
        let rows = size.height - 3
        var placed: [(index: Int, column: Int, row: Int)] = []
        var column = 0
        var row = 0
        for (index, line) in lines.enumerated() {
            if line.isHeading && row > 0 {
                let sectionLength = lines[(index + 1)...].prefix { !$0.isHeading }.count + 1
                if row + sectionLength > rows && sectionLength <= rows {
                    column += 1
                    row = 0
                }
            }
            if row >= rows {
                column += 1
                row = 0
            }
            placed.append((index, column, row))
            row += 1
        }
        let columns = min(2, column + 1)
        let columnWidth = size.width / columns
        let keyWidth = lines.map { DisplayWidth.of($0.key) }.max().map { $0 + 2 } ?? 10
        for entry in placed where entry.column < columns {
            let line = lines[entry.index]
            let x = entry.column * columnWidth + 1
            let y = 1 + entry.row
            let available = columnWidth - 2
            if line.isHeading {
                grid.putTruncating(line.text, at: Point(x: x, y: y), style: .title, width: available)
            } else {
                grid.put(line.key, at: Point(x: x + 1, y: y), style: .key, clip: keyWidth)
                grid.putTruncating(line.text, at: Point(x: x + 1 + keyWidth, y: y), width: available - 1 - keyWidth)
            }
        }
        grid.putTruncating(note, at: Point(x: 1, y: size.height - 2), style: .muted, width: size.width - 2)
        grid.put(footer, at: Point(x: 1, y: size.height - 1), style: .muted)
    }

    /// The sentences saying the terminal is too small, wrapped and centred vertically.
    static func tooSmall(_ sentences: [String], into grid: inout Grid) {
        let size = grid.size
        var lines: [[StyledGlyph]] = []
        for sentence in sentences {
            lines += TextLayout.wrap(sentence, width: max(1, size.width - 2), style: .warning)
        }
        var y = max(0, (size.height - lines.count) / 2)
        for line in lines where y < size.height {
            grid.put(line.map(\.glyph), at: Point(x: 1, y: y)) { _ in .warning }
            y += 1
        }
    }

    /// The window of a scrolled text: which of `count` lines fit in `rows` rows from `top`
    /// when scrolled `scroll` lines down, with "↑ N lines above" on the first row and "↓ N more
    /// lines" on the last drawn at column `x` when lines are cut off. Returns the lines to draw
    /// and the row the first of them goes on.
    static func scrollWindow(count: Int, scroll: Int, top: Int, rows: Int, x: Int,
                             into grid: inout Grid) -> (lines: Range<Int>, firstRow: Int) {
        guard count > rows else { return (0..<count, top) }
        let first = min(scroll, count - rows + 1)
        var available = rows
        var y = top
        if first > 0 {
            grid.put(moreAbove(first), at: Point(x: x, y: y), style: .muted)
            y += 1
            available -= 1
        }
        if count - first > available {
            available -= 1
            grid.put(moreBelow(count - first - available), at: Point(x: x, y: top + rows - 1), style: .muted)
        }
        return (first..<min(count, first + max(0, available)), y)
    }

    /// Styled lines in a scroll window (`scrollWindow`), from column `x`.
    static func scrolledLines(_ lines: [[StyledGlyph]], scroll: Int, top: Int, rows: Int, x: Int, into grid: inout Grid) {
        let window = scrollWindow(count: lines.count, scroll: scroll, top: top, rows: rows, x: x, into: &grid)
        var y = window.firstRow
        for line in lines[window.lines] {
            var column = x
            for styled in line {
                column = grid.put([styled.glyph], at: Point(x: column, y: y)) { _ in styled.style }
            }
            y += 1
        }
    }

    static func moreBelow(_ count: Int) -> String { "↓ \(count) more line\(count == 1 ? "" : "s")" }
    static func moreAbove(_ count: Int) -> String { "↑ \(count) line\(count == 1 ? "" : "s") above" }
}
