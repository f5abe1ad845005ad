import Testing
@testable import TerminalUI

@Suite struct StatsSnapshotTests {
    static let sizes = [Size(width: 80, height: 24), StatsState.minimumSize]

    /// Every row exactly as wide as the screen and no control character in any cell.
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

    /// The agreement page's text at every scroll position.
    private func wholePage(_ state: StatsState) -> String {
        var state = state
        var text = state.render(state.size).text
        for _ in 0..<state.maxScroll() {
            _ = state.update(.keyPressed(.down, at: 1))
            text += "\n" + state.render(state.size).text
        }
        return text
    }

    @Test("the agreement page renders at 80×24 and at the minimum size", arguments: sizes)
    func agreementPage(size: Size) {
        let state = StatsSample.screen(size: size)
        let grid = state.render(size)
        checkCells(grid, "agreement")
        // Names and slice values are user data: their escapes show as text.
        let page = wholePage(state)
        for shown in ["␛[31mred", "李小龍", "مريم", "🦊fox", "レビュー", "متجر", "twitter 🐦", "␛]0;pwned␇", "░-.29"] {
            #expect(page.contains(shown), "\(shown) is not on the page")
        }
        Snapshot.check(grid, named: "stats-agreement-\(size.width)x\(size.height)")
    }

    @Test("the agreement page scrolled to its end shows slices and trends", arguments: sizes)
    func agreementScrolled(size: Size) {
        var state = StatsSample.screen(size: size)
        for _ in 0..<60 { _ = state.update(.keyPressed(.down, at: 1)) }
        let grid = state.render(size)
        checkCells(grid, "agreement scrolled")
        #expect(state.scroll == state.maxScroll())
        #expect(grid.text.contains("↑") == (state.scroll > 0))
        #expect(!grid.text.contains("more line"))
        Snapshot.check(grid, named: "stats-agreement-end-\(size.width)x\(size.height)")
    }

    @Test("the model page shows runs, the selected run and a comparison", arguments: sizes)
    func modelPage(size: Size) {
        var state = StatsSample.screen(page: .model, size: size)
        _ = state.update(.keyPressed(.character("c"), at: 1))
        _ = state.update(.comparisonLoaded(StatsSample.comparison))
        let grid = state.render(size)
        checkCells(grid, "model")
        #expect(grid.text.contains("37 of 412 predictions"))
        #expect(grid.text.contains("A run 2 → B run 3"))
        Snapshot.check(grid, named: "stats-model-\(size.width)x\(size.height)")
    }

    @Test("the drift page shows each import's AUC against the earlier ones, drifted ones marked", arguments: [Size(width: 80, height: 24), Size(width: 60, height: 16)])
    func driftPage(size: Size) {
        let state = StatsSample.screen(page: .drift, size: size)
        let grid = state.render(size)
        #expect(grid.text.contains("baseline") && grid.text.contains("0.993") && grid.text.contains("0.531"))
        let drifted = (0..<size.height).first { grid.text(row: $0).contains("0.993") }
        #expect(drifted.map { row in (0..<size.width).contains { grid[x: $0, y: row].style == .warning } } == true)
        Snapshot.check(grid, named: "stats-drift-\(size.width)x\(size.height)")
        var empty = StatsSample.view
        empty.drift = DriftView(windows: [], note: "one import so far")
        #expect(StatsSample.screen(page: .drift, view: empty).render(Size(width: 80, height: 24)).text.contains("one import so far"))
    }

    @Test("without runs the model page says how to get one")
    func noRuns() {
        var view = StatsSample.view
        view.runs = []
        let state = StatsSample.screen(page: .model, view: view)
        let grid = state.render(state.size)
        #expect(grid.text.contains(StatsStrings.noRuns))
        Snapshot.check(grid, named: "stats-model-no-runs-80x24")
    }

    @Test("with fewer than two annotators overlapping the agreement page says how to get there")
    func noOverlap() {
        var view = StatsSample.view
        view.agreement = AgreementView(items: 40, pairableItems: 0, labels: 40, annotators: ["ana"], bootstrapDraws: 1_000,
                                       coefficients: [], pairs: [], perLabel: [], sliceGaps: [], trends: [])
        view.anchoring = AnchoringView(shown: .init(labels: 0, agreeing: 0, rate: nil), hidden: .init(labels: 0, agreeing: 0, rate: nil),
                                       difference: nil, minimumGroupSize: 30)
        let state = StatsSample.screen(view: view)
        let grid = state.render(state.size)
        #expect(grid.text.contains("overlap = 2"))
        Snapshot.check(grid, named: "stats-agreement-no-overlap-80x24")
    }

    @Test("an anchoring difference shows with its interval and what it means")
    func anchoringDifference() {
        var view = StatsSample.view
        view.anchoring = AnchoringView(
            shown: .init(labels: 120, agreeing: 96, rate: StatValue(0.8, lower: 0.72, upper: 0.86)),
            hidden: .init(labels: 60, agreeing: 33, rate: StatValue(0.55, lower: 0.42, upper: 0.67)),
            difference: StatValue(0.25, lower: 0.1, upper: 0.39), minimumGroupSize: 30)
        let state = StatsSample.screen(view: view)
        let grid = state.render(state.size)
        #expect(grid.text.contains("+0.25 [+0.10, +0.39]"))
        #expect(grid.text.contains("more agreement when shown"))
        Snapshot.check(grid, named: "stats-agreement-anchoring-80x24")
    }

    @Test("the help screen lists every key from the same table")
    func helpScreen() {
        for size in Self.sizes {
            var state = StatsSample.screen(size: size)
            _ = state.update(.keyPressed(.character("?"), at: 1))
            Snapshot.check(state.render(size), named: "stats-help-\(size.width)x\(size.height)")
        }
    }

    @Test("below the minimum size the screen says so")
    func tooSmall() {
        let state = StatsSample.screen(size: Size(width: 59, height: 16))
        Snapshot.check(state.render(Size(width: 59, height: 16)), named: "stats-too-small-59x16")
        #expect(state.render(Size(width: 20, height: 5)).text.contains("20×5"))
    }

    @Test("charts: sparkline heights, eighth-block bars and banded heat cells")
    func charts() {
        #expect(Charts.sparkline([0, 0.5, 1, nil], range: 0...1) == "▁▅█·")
        #expect(Charts.sparkline([2, 2]) == "▅▅")
        #expect(Charts.sparkline([]) == "")
        #expect(Charts.bar(0.5, width: 4) == "██  ")
        #expect(Charts.bar(0.53, width: 4) == "██▏ ")
        #expect(Charts.bar(2, width: 3) == "███")
        #expect(Charts.heatCell(0.61, width: 5) == ("▓ .61", .plain))
        #expect(Charts.heatCell(-0.12, width: 5) == ("░-.12", .error))
        #expect(Charts.heatCell(0.85, width: 5).style == .positive)
        #expect(Charts.heatCell(nil, width: 5) == ("    –", .muted))
        #expect(Charts.compact(1) == "1.00")
        #expect(StatsStrings.fixed(-0.0004) == "0.000")
        #expect(StatsStrings.fixed(0.05, 2, sign: true) == "+0.05")
        #expect(StatsStrings.fixed(-1.5, 1) == "-1.5")
    }
}
