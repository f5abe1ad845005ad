import Testing
@testable import TerminalUI

@Suite struct StatsReducerTests {
    private func key(_ character: Character) -> StatsMessage { .keyPressed(.character(character), at: 1) }
    private func press(_ key: Key) -> StatsMessage { .keyPressed(key, at: 1) }

    @Test("others' changes recompute the numbers, once at a time")
    func othersChanged() {
        var state = StatsSample.screen()
        #expect(state.update(.othersChanged) == [.load])
        #expect(state.update(.othersChanged).isEmpty)
    }

    @Test("opening the screen asks for the numbers; they select the newest run")
    func start() {
        var state = StatsState(projectName: "demo", size: Size(width: 80, height: 24))
        #expect(state.start() == [.load])
        #expect(state.loading)
        #expect(state.update(.loaded(StatsSample.view)).isEmpty)
        #expect(!state.loading)
        #expect(state.selectedRun == 3)
        #expect(state.status == nil)
    }

    @Test("drift is computed when its page is first shown, kept across reloads and asked for again on its page")
    func lazyDrift() {
        var view = StatsSample.view
        view.drift = nil
        var state = StatsSample.screen(view: view)
        #expect(state.update(key("2")).isEmpty)
        #expect(state.update(key("3")) == [.loadDrift])
        #expect(state.render(state.size).text.contains("computing each import's drift"))
        #expect(state.update(press(.tab)).isEmpty)
        #expect(state.update(key("3")).isEmpty)  // already on its way
        _ = state.update(.driftLoaded(StatsSample.drift))
        #expect(state.render(state.size).text.contains("0.993"))
        // A reload brings numbers without drift: the old drift stays shown, and is asked for again.
        #expect(state.update(.loaded(view)) == [.loadDrift])
        #expect(state.view?.drift == StatsSample.drift)
        _ = state.update(.driftFailed("disk full"))
        #expect(state.status?.text.contains("disk full") == true)
    }

    @Test("tab goes through the pages in turn; 1, 2 and 3 open one page")
    func pages() {
        var state = StatsSample.screen()
        #expect(state.page == .agreement)
        #expect(state.update(press(.tab)).isEmpty)
        #expect(state.page == .model)
        _ = state.update(press(.tab))
        #expect(state.page == .drift)
        _ = state.update(key("3"))
        #expect(state.page == .drift)
        _ = state.update(press(.tab))
        #expect(state.page == .agreement)
        _ = state.update(key("2"))
        #expect(state.page == .model)
        _ = state.update(key("2"))
        #expect(state.page == .model)
        _ = state.update(key("1"))
        #expect(state.page == .agreement)
        #expect(StatsSample.screen(page: .model).page == .model)
    }

    @Test("↑ ↓ pgup pgdn scroll the agreement page within its length")
    func scrolling() {
        var state = StatsSample.screen(size: StatsState.minimumSize)
        let limit = state.maxScroll()
        #expect(limit > 0)
        _ = state.update(press(.up))
        #expect(state.scroll == 0)
        _ = state.update(press(.down))
        #expect(state.scroll == 1)
        _ = state.update(press(.pageDown))
        #expect(state.scroll == min(limit, 1 + StatsState.minimumSize.height - StatsState.chromeRows - 1))
        for _ in 0..<100 { _ = state.update(press(.down)) }
        #expect(state.scroll == limit)
        _ = state.update(press(.pageUp))
        #expect(state.scroll == limit - (StatsState.minimumSize.height - StatsState.chromeRows - 1))
        // A larger terminal shows more: the scroll shrinks to fit.
        _ = state.update(.resized(Size(width: 200, height: 80)))
        #expect(state.scroll == 0)
    }

    @Test("↑ ↓ select runs on the model page, newest first, stopping at either end")
    func selectingRuns() {
        var state = StatsSample.screen(page: .model)
        _ = state.update(press(.up))
        #expect(state.selectedRun == 3)
        _ = state.update(press(.down))
        #expect(state.selectedRun == 2)
        _ = state.update(press(.down))
        _ = state.update(press(.down))
        #expect(state.selectedRun == 1)
        _ = state.update(press(.pageUp))
        #expect(state.selectedRun == 3)
        _ = state.update(press(.pageDown))
        #expect(state.selectedRun == 1)
        #expect(state.scroll == 0)
    }

    @Test("space marks A, a second run marked B asks for the comparison, and its result is shown")
    func markingAB() {
        // Given the model page on run 3
        var state = StatsSample.screen(page: .model)

        // When run 3 is marked, then run 2
        #expect(state.update(key(" ")).isEmpty)
        #expect(state.markA == 3)
        #expect(state.status?.text == StatsStrings.markedA(3))
        _ = state.update(press(.down))
        let effects = state.update(press(.enter))

        // Then A → B is compared
        #expect(effects == [.compareRuns(a: 3, b: 2)])
        #expect(state.markB == 2)
        #expect(state.comparison == .loading(a: 3, b: 2))
        let result = RunComparisonView(a: 3, b: 2, deltas: [], changedPredictions: 4, comparedItems: 10)
        _ = state.update(.comparisonLoaded(result))
        #expect(state.comparison == .loaded(result))

        // A third mark starts over with a new A
        _ = state.update(press(.down))
        #expect(state.update(key(" ")).isEmpty)
        #expect(state.markA == 1 && state.markB == nil && state.comparison == .none)
        // Marking A again unmarks it
        _ = state.update(key(" "))
        #expect(state.markA == nil)
        #expect(state.status?.text == StatsStrings.unmarked(1))
    }

    @Test("a comparison result for other runs than the marked ones is ignored; a failure is reported")
    func staleAndFailedComparisons() {
        var state = StatsSample.screen(page: .model)
        _ = state.update(key("c"))
        #expect(state.comparison == .loading(a: 2, b: 3))
        _ = state.update(.comparisonLoaded(RunComparisonView(a: 1, b: 3, deltas: [], changedPredictions: 0, comparedItems: 0)))
        #expect(state.comparison == .loading(a: 2, b: 3))
        _ = state.update(.comparisonFailed(a: 2, b: 3, reason: "no embeddings"))
        #expect(state.comparison == .failed(a: 2, b: 3, reason: "no embeddings"))
        #expect(state.status == StatusLine(text: StatsStrings.compareFailed("no embeddings"), style: .error))
    }

    @Test("with more runs than fit, the list shrinks so the comparison's last line still shows")
    func manyRuns() {
        var view = StatsSample.view
        view.runs = (1...30).map { StatsSample.run(Int64($0), macroF1: 0.5 + Double($0) / 100) }
        var state = StatsSample.screen(page: .model, view: view)
        _ = state.update(key("c"))
        _ = state.update(.comparisonLoaded(RunComparisonView(
            a: 29, b: 30, deltas: StatsSample.comparison.deltas, changedPredictions: 37, comparedItems: 412)))
        let screen = state.render(state.size).text
        #expect(screen.contains(StatsStrings.changed(37, of: 412)))
        #expect(screen.contains("▸ run 30"))
    }

    @Test("c compares the selected run with the one before it; the oldest has none")
    func compareWithPrevious() {
        var state = StatsSample.screen(page: .model)
        #expect(state.update(key("c")) == [.compareRuns(a: 2, b: 3)])
        #expect(state.markA == 2 && state.markB == 3)
        _ = state.update(press(.down))
        _ = state.update(press(.down))
        #expect(state.update(key("c")).isEmpty)
        #expect(state.status?.text == StatsStrings.noPrevious)
    }

    @Test("x clears the marks and the comparison")
    func clearMarks() {
        var state = StatsSample.screen(page: .model)
        _ = state.update(key("x"))
        #expect(state.status?.text == StatsStrings.nothingMarked)
        _ = state.update(key("c"))
        _ = state.update(key("x"))
        #expect(state.markA == nil && state.markB == nil && state.comparison == .none)
        #expect(state.status?.text == StatsStrings.marksCleared)
    }

    @Test("r reloads the numbers; a standing comparison is asked for again with them")
    func reload() {
        var state = StatsSample.screen(page: .model)
        #expect(state.update(key("r")) == [.load])
        #expect(state.loading)
        #expect(state.status?.text == StatsStrings.reloading)
        #expect(state.update(.loaded(StatsSample.view)).isEmpty)
        #expect(state.status?.text == StatsStrings.reloaded)

        _ = state.update(key("c"))
        _ = state.update(key("r"))
        #expect(state.update(.loaded(StatsSample.view)) == [.compareRuns(a: 2, b: 3)])

        // A run that disappeared loses its mark and the selection moves to the newest.
        var fewer = StatsSample.view
        fewer.runs.removeLast()
        _ = state.update(key("r"))
        #expect(state.update(.loaded(fewer)).isEmpty)
        #expect(state.markB == nil && state.selectedRun == 2 && state.comparison == .none)

        _ = state.update(key("r"))
        _ = state.update(.loadFailed("disk I/O error"))
        #expect(!state.loading)
        #expect(state.status?.style == .error)
        #expect(state.view == fewer)
    }

    @Test("? opens the help screen; any key closes it and does nothing else")
    func help() {
        var state = StatsSample.screen()
        #expect(state.update(key("?")).isEmpty)
        #expect(state.mode == .help)
        #expect(state.update(key("q")).isEmpty)
        #expect(state.mode == .browsing)
        #expect(!state.quitting)
    }

    @Test("q and ctrl-c quit", arguments: [Key.character("q"), .control("c")])
    func quit(key: Key) {
        var state = StatsSample.screen()
        #expect(state.update(press(key)) == [.quit])
        #expect(state.quitting)
    }

    @Test("below the minimum size only quitting works")
    func tooSmall() {
        var state = StatsSample.screen(size: Size(width: 59, height: 16))
        for pressed in [Key.tab, .character("2"), .down, .character("r"), .character("?"), .character(" ")] {
            #expect(state.update(press(pressed)).isEmpty)
        }
        #expect(state.page == .agreement && state.mode == .browsing && state.status == nil && !state.loading)
        #expect(state.update(key("q")) == [.quit])
    }

    @Test("a key of the other page, or no key at all, says so")
    func otherPageKeys() {
        var state = StatsSample.screen()
        #expect(state.update(key(" ")).isEmpty)
        #expect(state.markA == nil)
        #expect(state.status?.text == StatsStrings.unknownKey(.character(" "), page: .agreement))
        _ = state.update(key("z"))
        #expect(state.status?.text == StatsStrings.unknownKey(.character("z"), page: .agreement))
    }

    @Test("without runs, the model page's keys say there are none")
    func noRuns() {
        var empty = StatsSample.view
        empty.runs = []
        var state = StatsSample.screen(page: .model, view: empty)
        #expect(state.selectedRun == nil)
        for pressed in [Key.character(" "), .character("c"), .down] {
            #expect(state.update(press(pressed)).isEmpty)
            #expect(state.status?.text == StatsStrings.noRuns)
        }
    }

    @Test("the help bar and help screen come from the dispatch table")
    func keyTable() {
        let agreementKeys = StatsKeys.map(for: .agreement), modelKeys = StatsKeys.map(for: .model)
        #expect(agreementKeys.action(for: .character(" ")) == nil)
        #expect(modelKeys.action(for: .character(" ")) == .mark)
        #expect(agreementKeys.action(for: .down) == .down && modelKeys.action(for: .down) == .down)
        let help = StatsKeys.all.helpLines()
        for binding in StatsKeys.all.bindings {
            #expect(help.contains { $0.text == binding.detail }, "\(binding.key) is missing from the help screen")
        }
    }
}
