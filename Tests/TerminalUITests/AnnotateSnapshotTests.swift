import Testing
@testable import TerminalUI

@Suite struct AnnotateSnapshotTests {
    static let sizes = [Size(width: 80, height: 24), AnnotateState.minimumSize]
    static let items: [(name: String, item: ItemView)] = [
        ("english", Sample.english), ("cjk", Sample.japanese), ("arabic", Sample.arabic),
        ("emoji", Sample.emoji), ("escapes", Sample.escapes),
    ]

    /// A screen two labels into the session, one minute after it opened, showing `item`.
    private func screen(_ item: ItemView, size: Size) -> AnnotateState {
        var state = Sample.screen(showing: Sample.item("warm-up-1"), size: size)
        Sample.label(&state, key: "1", at: 20, then: Sample.item("warm-up-2"))
        Sample.label(&state, key: "3", at: 40, then: item)
        _ = state.update(.keyPressed(.character("z"), at: 60))
        return state
    }

    @Test("each script renders at 80×24 and at the minimum size", arguments: items.indices, sizes)
    func scripts(index: Int, size: Size) {
        let (name, item) = Self.items[index]
        let state = screen(item, size: size)
        let grid = state.render(size)
        // Every row is exactly as wide as the screen, whatever the script.
        for y in 0..<size.height {
            for x in 0..<size.width {
                let width = grid[x: x, y: y].width
                if width == 2 { #expect(x + 1 < size.width && grid[x: x + 1, y: y].width == 0, "\(name) row \(y) column \(x)") }
                if width == 0 { #expect(x > 0 && grid[x: x - 1, y: y].width == 2, "\(name) row \(y) column \(x)") }
            }
        }
        #expect(!grid.cells.contains { $0.grapheme.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) } })
        Snapshot.check(grid, named: "annotate-\(name)-\(size.width)x\(size.height)")
    }

    @Test("the help screen lists every key from the same table")
    func helpScreen() {
        var state = screen(Sample.english, size: Size(width: 80, height: 24))
        _ = state.update(.keyPressed(.character("?"), at: 61))
        Snapshot.check(state.render(state.size), named: "annotate-help-80x24")
        var small = screen(Sample.english, size: AnnotateState.minimumSize)
        _ = small.update(.keyPressed(.character("?"), at: 61))
        Snapshot.check(small.render(small.size), named: "annotate-help-60x16")
    }

    @Test("the note editor shows the draft and the cursor after it")
    func noteEditor() {
        var state = screen(Sample.english, size: Size(width: 80, height: 24))
        _ = state.update(.keyPressed(.character("n"), at: 61))
        for character in "ending feels rushed — 結末" { _ = state.update(.keyPressed(.character(character), at: 62)) }
        let grid = state.render(state.size)
        #expect(grid.cursor == Point(x: 9 + DisplayWidth.of("ending feels rushed — 結末"), y: 17))
        Snapshot.check(grid, named: "annotate-note-80x24")
    }

    @Test("a revisited item shows its label in a banner")
    func revisit() {
        var state = screen(Sample.english, size: Size(width: 80, height: 24))
        _ = state.update(.keyPressed(.left, at: 61))
        Snapshot.check(state.render(state.size), named: "annotate-revisit-80x24")
    }

    @Test("an empty queue says why and what still works")
    func emptyQueue() {
        var state = Sample.screen(showing: Sample.item("last"))
        Sample.label(&state, key: "2", at: 30, then: nil)
        _ = state.update(.queueEmpty(at: 30))
        Snapshot.check(state.render(state.size), named: "annotate-empty-80x24")
    }

    @Test("below the minimum size the screen says so")
    func tooSmall() {
        let state = screen(Sample.english, size: Size(width: 59, height: 16))
        Snapshot.check(state.render(Size(width: 59, height: 16)), named: "annotate-too-small-59x16")
        let tiny = state.render(Size(width: 20, height: 5))
        #expect(tiny.text.contains("20×5"))
    }

    @Test("the model and hint slots show probabilities and coloured spans when they exist")
    func modelSlots() {
        var item = Sample.english
        item.prediction = [LabelProbability(label: "negative", probability: 0.62),
                           LabelProbability(label: "neutral", probability: 0.13),
                           LabelProbability(label: "positive", probability: 0.25)]
        // "loved" positive, "not great" negated, spans in Unicode scalars of the text.
        item.hints = [TextMark(scalars: 2..<7, style: .positive), TextMark(scalars: 56..<65, style: .negated)]
        let state = screen(item, size: Size(width: 80, height: 24))
        let grid = state.render(state.size)
        #expect(grid.styleRuns(row: 3).contains { $0.style == .positive && $0.columns == 4..<9 })
        Snapshot.check(grid, named: "annotate-model-80x24")
    }
}
