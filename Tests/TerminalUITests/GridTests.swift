import Testing
@testable import TerminalUI

@Suite struct GridTests {
    @Test("a wide glyph takes its cell and a width-0 continuation")
    func wideGlyph() {
        var grid = Grid(size: Size(width: 6, height: 1))
        let end = grid.put("a日b", at: Point(x: 0, y: 0))
        #expect(end == 4)
        #expect(grid[x: 1, y: 0] == Cell(grapheme: "日", width: 2))
        #expect(grid[x: 2, y: 0].width == 0)
        #expect(grid.text(row: 0) == "a日b  ")
    }

    @Test("writing over the right half of a wide glyph blanks its left half")
    func overwriteRightHalf() {
        var grid = Grid(size: Size(width: 4, height: 1))
        grid.put("日本", at: Point(x: 0, y: 0))
        grid.put("x", at: Point(x: 1, y: 0))
        #expect(grid.text(row: 0) == " x本")
        #expect(grid[x: 0, y: 0].width == 1)
    }

    @Test("writing over the left half of a wide glyph blanks its right half")
    func overwriteLeftHalf() {
        var grid = Grid(size: Size(width: 4, height: 1))
        grid.put("日本", at: Point(x: 0, y: 0))
        grid.put("x", at: Point(x: 2, y: 0))
        #expect(grid.text(row: 0) == "日x ")
        #expect(grid[x: 3, y: 0].width == 1)
    }

    @Test("a wide glyph written across two wide glyphs blanks both outer halves")
    func wideOverWide() {
        var grid = Grid(size: Size(width: 6, height: 1))
        grid.put("日本語", at: Point(x: 0, y: 0))
        grid.put("中", at: Point(x: 1, y: 0))
        #expect(grid.text(row: 0) == " 中 語")
        #expect((0..<6).map { grid[x: $0, y: 0].width } == [1, 2, 0, 1, 2, 0])
    }

    @Test("text is clipped at the edge; a wide glyph that does not fit is left out")
    func clipping() {
        var grid = Grid(size: Size(width: 5, height: 1))
        let end = grid.put("abcd日", at: Point(x: 0, y: 0))
        #expect(end == 4)
        #expect(grid.text(row: 0) == "abcd ")
        var clipped = Grid(size: Size(width: 10, height: 1))
        #expect(clipped.put("hello world", at: Point(x: 2, y: 0), clip: 5) == 7)
        #expect(clipped.text(row: 0) == "  hello   ")
    }

    @Test("control characters are written as visible escapes in the escaped style")
    func controlsAreEscaped() {
        var grid = Grid(size: Size(width: 12, height: 1))
        grid.put("\u{1B}[31mred", at: Point(x: 0, y: 0))
        #expect(grid.text(row: 0) == "␛[31mred    ")
        #expect(grid[x: 0, y: 0].style == .escaped)
        #expect(grid[x: 1, y: 0].style == .plain)
        #expect(!grid.cells.contains { $0.grapheme.unicodeScalars.contains { $0.value < 0x20 } })
    }

    @Test("writes outside the grid are ignored")
    func outside() {
        var grid = Grid(size: Size(width: 3, height: 2))
        grid.put("abc", at: Point(x: 0, y: 5))
        grid.put("abc", at: Point(x: 9, y: 0))
        #expect(grid == Grid(size: Size(width: 3, height: 2)))
    }

    @Test("truncation ends with an ellipsis and never splits a wide glyph")
    func truncation() {
        var grid = Grid(size: Size(width: 8, height: 1))
        grid.putTruncating("日本語のテキスト", at: Point(x: 0, y: 0), width: 6)
        #expect(grid.text(row: 0) == "日本…   ")
    }

    @Test("style runs list every non-plain run with its columns")
    func styleRuns() {
        var grid = Grid(size: Size(width: 10, height: 1))
        grid.put("ab", at: Point(x: 1, y: 0), style: .positive)
        grid.put("日", at: Point(x: 5, y: 0), style: .negated)
        let runs = grid.styleRuns(row: 0)
        #expect(runs.map(\.columns) == [1..<3, 5..<7])
        #expect(runs.map(\.style) == [.positive, .negated])
    }
}
