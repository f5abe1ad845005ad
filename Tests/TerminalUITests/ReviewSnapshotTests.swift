import Testing
@testable import TerminalUI

@Suite struct ReviewSnapshotTests {
    static let sizes = [Size(width: 80, height: 24), ReviewState.minimumSize]
    static let items: [(name: String, entry: ReviewEntry)] = [
        ("english", ReviewSample.english), ("cjk", ReviewSample.japanese), ("arabic", ReviewSample.arabic),
        ("emoji", ReviewSample.emoji), ("escapes", ReviewSample.escapes),
    ]

    /// The sample list with `entry` selected.
    private func screen(selecting entry: ReviewEntry, size: Size) -> ReviewState {
        var state = ReviewSample.screen(size: size)
        while state.selectedId != entry.id {
            let before = state.selectedId
            _ = state.update(.keyPressed(.down, at: 1))
            if state.selectedId == before { break }
        }
        return state
    }

    /// Every row is exactly as wide as the screen, and no control character reaches it.
    private func checkCells(_ grid: Grid, _ name: String) {
        for y in 0..<grid.size.height {
            for x in 0..<grid.size.width {
                let width = grid[x: x, y: y].width
                if width == 2 { #expect(x + 1 < grid.size.width && grid[x: x + 1, y: y].width == 0, "\(name) row \(y) column \(x)") }
                if width == 0 { #expect(x > 0 && grid[x: x - 1, y: y].width == 2, "\(name) row \(y) column \(x)") }
            }
        }
        #expect(!grid.cells.contains { $0.grapheme.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) } })
    }

    @Test("each script renders at 80×24 and at the minimum size", arguments: items.indices, sizes)
    func scripts(index: Int, size: Size) {
        let (name, entry) = Self.items[index]
        let state = screen(selecting: entry, size: size)
        #expect(state.selectedId == entry.id)
        let grid = state.render(size)
        checkCells(grid, name)
        Snapshot.check(grid, named: "review-\(name)-\(size.width)x\(size.height)")
    }

    @Test("escapes in the text and in a note are shown, never sent")
    func escapesVisible() {
        let state = screen(selecting: ReviewSample.escapes, size: Size(width: 80, height: 24))
        let text = state.render(state.size).text
        #expect(text.contains("␛[31mALERT␛[0m"))
        #expect(text.contains("“␛[2Jcleared?”"))
    }

    @Test("the detail pane focused and scrolled")
    func detailScrolled() {
        var state = screen(selecting: ReviewSample.japanese, size: ReviewState.minimumSize)
        _ = state.update(.keyPressed(.enter, at: 1))
        _ = state.update(.keyPressed(.down, at: 1))
        _ = state.update(.keyPressed(.down, at: 1))
        Snapshot.check(state.render(state.size), named: "review-detail-60x16")
    }

    @Test("the help screen lists every key from the same table")
    func helpScreen() {
        for size in Self.sizes {
            var state = ReviewSample.screen(size: size)
            _ = state.update(.keyPressed(.character("?"), at: 1))
            Snapshot.check(state.render(size), named: "review-help-\(size.width)x\(size.height)")
        }
    }

    @Test("the reason editor shows the label, the reason being typed and the cursor after it")
    func reasonEditor() {
        var state = ReviewSample.screen()
        _ = state.update(.keyPressed(.character("3"), at: 1))
        for character in "irony — 皮肉" { _ = state.update(.keyPressed(.character(character), at: 1)) }
        let grid = state.render(state.size)
        let prompt = DisplayWidth.of(" " + ReviewStrings.reasonPrompt(label: "positive"))
        #expect(grid.cursor == Point(x: prompt + DisplayWidth.of("irony — 皮肉"), y: 22))
        Snapshot.check(grid, named: "review-reason-80x24")
    }

    @Test("active filters and an adjudicated item, with counts")
    func filtered() {
        var state = ReviewSample.screen()
        _ = state.update(.keyPressed(.character("v"), at: 1))
        _ = state.update(.keyPressed(.character("r"), at: 1))
        _ = state.update(.keyPressed(.character("s"), at: 1))
        _ = state.update(.keyPressed(.character("s"), at: 1))
        _ = state.update(.keyPressed(.down, at: 1))
        _ = state.update(.keyPressed(.down, at: 1))
        #expect(state.selectedId == "en-0100")
        Snapshot.check(state.render(state.size), named: "review-filtered-80x24")
    }

    @Test("before the first training run the detail says how to get a model")
    func noModel() {
        var data = ReviewSample.data
        data.model = nil
        for index in data.entries.indices { data.entries[index].prediction = nil }
        let state = ReviewSample.screen(data: data)
        let grid = state.render(state.size)
        #expect(grid.text.contains("no model yet — run opine train"))
        Snapshot.check(grid, named: "review-no-model-80x24")
    }

    @Test("an empty list says there is nothing to review")
    func empty() {
        let state = ReviewSample.screen(data: ReviewData(entries: [ReviewSample.settled], model: nil))
        Snapshot.check(state.render(state.size), named: "review-empty-80x24")
    }

    @Test("below the minimum size the screen says so")
    func tooSmall() {
        let state = ReviewSample.screen(size: Size(width: 59, height: 16))
        Snapshot.check(state.render(Size(width: 59, height: 16)), named: "review-too-small-59x16")
        #expect(state.render(Size(width: 20, height: 5)).text.contains("20×5"))
    }
}
