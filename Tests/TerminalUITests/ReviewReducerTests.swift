import Testing
@testable import TerminalUI

@Suite struct ReviewReducerTests {
    private func press(_ state: inout ReviewState, _ key: Key, at time: Double = 1) -> [ReviewEffect] {
        state.update(.keyPressed(key, at: time))
    }

    private func press(_ state: inout ReviewState, _ character: Character) -> [ReviewEffect] {
        press(&state, .character(character))
    }

    private func type(_ state: inout ReviewState, _ text: String) {
        for character in text { _ = press(&state, character) }
    }

    @Test("opening the screen loads the list and selects its first item; adjudicated items stay hidden")
    func start() {
        var state = ReviewState(setup: ReviewSample.setup, size: Size(width: 80, height: 24), at: 0)
        #expect(state.start() == [.load])
        #expect(state.loading)
        #expect(state.update(.loaded(ReviewSample.data)).isEmpty)
        #expect(!state.loading)
        #expect(state.selected == ReviewSample.english)
        #expect(state.visible.map(\.id) == ["en-0042", "esc-0001", "ja-0007", "em-0099", "ar-0013"])
        #expect(state.model == "run 3")
    }

    @Test("others' changes reload the list, but never while the lead types a reason or a save or load is under way")
    func othersChanged() {
        var state = ReviewSample.screen()
        #expect(state.update(.othersChanged) == [.load])
        #expect(state.update(.othersChanged).isEmpty)  // a load is under way
        _ = state.update(.loaded(ReviewSample.data))
        _ = press(&state, "3")  // the reason editor opens
        #expect(state.update(.othersChanged).isEmpty)
        _ = press(&state, .escape)
        #expect(state.update(.othersChanged) == [.load])
    }

    @Test("ctrl-r loads the list again and keeps the selected item, or its place when it is gone")
    func reload() {
        var state = ReviewSample.screen()
        _ = press(&state, .down)
        _ = press(&state, .down)
        #expect(state.selectedId == "ja-0007")
        #expect(press(&state, .control("r")) == [.load])
        #expect(state.loading)
        _ = state.update(.loaded(ReviewSample.data))
        #expect(!state.loading)
        #expect(state.selectedId == "ja-0007")
        #expect(state.status?.text == "list reloaded: 5 items shown")
        // Someone settled the selected item meanwhile: the one now in its place is selected.
        var data = ReviewSample.data
        data.entries.removeAll { $0.id == "ja-0007" }
        _ = press(&state, .control("r"))
        _ = state.update(.loaded(data))
        #expect(state.selectedId == "em-0099")
    }

    @Test("↓ and j move down, ↑ and k move up, both stop at the ends",
          arguments: [(Key.down, Key.up), (Key.character("j"), Key.character("k"))])
    func movement(down: Key, up: Key) {
        var state = ReviewSample.screen()
        #expect(press(&state, up).isEmpty)
        #expect(state.selectedId == "en-0042")
        _ = press(&state, down)
        _ = press(&state, down)
        #expect(state.selectedId == "ja-0007")
        for _ in 0..<10 { _ = press(&state, down) }
        #expect(state.selectedId == "ar-0013")
        _ = press(&state, up)
        #expect(state.selectedId == "em-0099")
    }

    @Test("pgdn and pgup move a page of items; end and home go to the last and first; the list scrolls to keep the selection in view")
    func paging() {
        // 60×16: ten body rows, five items of two rows a page.
        var data = ReviewSample.data
        data.entries = (1...12).map { index in
            ReviewEntry(id: "i\(index)", text: "item \(index)", reasons: [ReviewSample.opposite],
                        labels: [AnnotatorLabel(annotator: "ana", label: "negative"), AnnotatorLabel(annotator: "ben", label: "positive")])
        }
        var state = ReviewSample.screen(size: ReviewState.minimumSize, data: data)
        _ = press(&state, .pageDown)
        #expect(state.selectedId == "i6")
        #expect(state.listTop == 1)
        _ = press(&state, .pageDown)
        _ = press(&state, .pageDown)
        #expect(state.selectedId == "i12")
        #expect(state.listTop == 7)
        _ = press(&state, .pageUp)
        #expect(state.selectedId == "i7")
        #expect(state.listTop == 6)
        _ = press(&state, .home)
        #expect(state.selectedId == "i1")
        #expect(state.listTop == 0)
        _ = press(&state, .end)
        #expect(state.selectedId == "i12")
        #expect(state.render(state.size).text.contains("▸ i12"))
    }

    @Test("enter or → focuses the detail, where ↑/↓/pgdn/home/end scroll it; ← or esc go back to the list",
          arguments: [(Key.enter, Key.left), (Key.right, Key.escape)])
    func detailFocus(into: Key, back: Key) {
        var long = ReviewSample.english
        long.text = Array(repeating: "A long review that goes on and on about the film.", count: 12).joined(separator: " ")
        var data = ReviewSample.data
        data.entries[0] = long
        var state = ReviewSample.screen(size: ReviewState.minimumSize, data: data)
        let limit = state.maxDetailScroll()
        #expect(limit > 5)

        _ = press(&state, into)
        #expect(state.focus == .detail)
        _ = press(&state, .down)
        _ = press(&state, .character("j"))
        #expect(state.detailScroll == 2)
        #expect(state.selectedId == "en-0042")
        _ = press(&state, .up)
        #expect(state.detailScroll == 1)
        _ = press(&state, .pageDown)
        #expect(state.detailScroll == min(limit, 1 + 9))
        _ = press(&state, .end)
        #expect(state.detailScroll == limit)
        _ = press(&state, .down)
        #expect(state.detailScroll == limit)
        #expect(state.render(state.size).text.contains("line"))
        _ = press(&state, .home)
        #expect(state.detailScroll == 0)
        _ = press(&state, .down)

        _ = press(&state, back)
        #expect(state.focus == .list)
        _ = press(&state, .down)
        #expect(state.selectedId == "esc-0001")
        // A new item's detail starts at its top.
        #expect(state.detailScroll == 0)
    }

    @Test("r cycles the reason kinds found on the list, then back to all")
    func reasonFilter() {
        var state = ReviewSample.screen()
        _ = press(&state, "r")
        #expect(state.filters.reason == .disagreement)
        #expect(state.visible.map(\.id) == ["en-0042", "esc-0001", "ja-0007"])
        _ = press(&state, "r")
        #expect(state.filters.reason == .suspect)
        #expect(state.visible.map(\.id) == ["ja-0007", "em-0099"])
        // The selection was filtered out: the first item shown is selected.
        #expect(state.selectedId == "ja-0007")
        _ = press(&state, "r")
        #expect(state.filters.reason == .conflict)
        #expect(state.visible.map(\.id) == ["esc-0001", "ar-0013"])
        _ = press(&state, "r")
        #expect(state.filters.reason == nil)
        #expect(state.visible.count == 5)
        // The selection stays where it was when it is still shown.
        #expect(state.selectedId == "esc-0001")
    }

    @Test("s cycles languages, then the project's slice columns' values")
    func sliceFilter() {
        var state = ReviewSample.screen()
        var seen: [String] = []
        for _ in 0..<7 {
            _ = press(&state, "s")
            seen.append(state.filters.slice?.description ?? "all")
        }
        #expect(seen == ["lang=ar", "lang=en", "lang=ja", "source=imdb", "source=twitter", "source=متجر", "source=レビューサイト"])
        #expect(state.visible.map(\.id) == ["ja-0007"])
        _ = press(&state, "s")
        #expect(state.filters.slice == nil)
        _ = press(&state, "s")
        _ = press(&state, "s")
        #expect(state.visible.map(\.id) == ["en-0042", "esc-0001", "em-0099"])
    }

    @Test("p cycles the pairs of labels given together; only items with both labels show")
    func pairFilter() {
        var state = ReviewSample.screen()
        #expect(state.pairOptions == [LabelPair("negative", "neutral"), LabelPair("negative", "positive"), LabelPair("neutral", "positive")])
        _ = press(&state, "p")
        // negative+neutral: only the adjudicated item, which is hidden.
        #expect(state.visible.isEmpty)
        #expect(state.selected == nil)
        #expect(state.render(state.size).text.contains("No item matches these filters."))
        _ = press(&state, "p")
        #expect(state.filters.pair == LabelPair("negative", "positive"))
        #expect(state.visible.map(\.id) == ["en-0042", "esc-0001"])
        #expect(state.selectedId == "en-0042")
        _ = press(&state, "p")
        #expect(state.visible.map(\.id) == ["ja-0007"])
        _ = press(&state, "p")
        #expect(state.filters.pair == nil)
    }

    @Test("a cycles the annotators; only items they labelled show")
    func annotatorFilter() {
        var state = ReviewSample.screen()
        _ = press(&state, "a")
        #expect(state.filters.annotator == "ana")
        #expect(state.visible.map(\.id) == ["en-0042", "ja-0007", "ar-0013"])
        _ = press(&state, "a")
        _ = press(&state, "a")
        #expect(state.filters.annotator == "chloe")
        #expect(state.visible.map(\.id) == ["esc-0001", "ja-0007", "ar-0013"])
        _ = press(&state, "a")
        #expect(state.filters.annotator == nil)
    }

    @Test("v shows and hides adjudicated items; c clears every filter but keeps that choice")
    func adjudicatedAndClear() {
        var state = ReviewSample.screen()
        _ = press(&state, "v")
        #expect(state.filters.showAdjudicated)
        #expect(state.visible.map(\.id).contains("en-0100"))
        _ = press(&state, "r")
        _ = press(&state, "s")
        _ = press(&state, "a")
        _ = press(&state, "p")
        #expect(state.filters.isActive)
        _ = press(&state, "c")
        #expect(state.filters == ReviewFilters(showAdjudicated: true))
        #expect(state.status?.text == ReviewStrings.filtersCleared)
        _ = press(&state, "v")
        #expect(!state.visible.map(\.id).contains("en-0100"))
    }

    @Test("a label key opens the reason editor; enter saves label and reason in one effect; the item then leaves the list",
          arguments: [("1", "negative"), ("2", "neutral"), ("3", "positive")])
    func adjudicate(key: String, label: String) throws {
        var state = ReviewSample.screen()
        _ = press(&state, .down)
        #expect(try press(&state, #require(key.first)).isEmpty)
        #expect(state.mode == .reason(item: "esc-0001", label: label, editor: NoteEditor(text: "")))
        // Filter and quit keys are text while typing.
        type(&state, "  q r 1 — 日本 ok ")
        let effects = press(&state, .enter)
        let save = AdjudicationToSave(item: "esc-0001", label: label, reason: "q r 1 — 日本 ok")
        #expect(effects == [.adjudicate(save)])
        #expect(state.mode == .browsing)
        #expect(state.pending == save)
        #expect(!state.quitting)
        // Nothing else is saved until the store answers.
        _ = press(&state, "2")
        #expect(state.mode == .browsing)
        #expect(state.status?.text == ReviewStrings.busy)

        let stored = AdjudicationView(lead: "lea", label: label, reason: save.reason)
        #expect(state.update(.adjudicated(item: "esc-0001", stored)).isEmpty)
        #expect(state.pending == nil)
        #expect(state.entries.first { $0.id == "esc-0001" }?.adjudication == stored)
        #expect(state.entries.first { $0.id == "esc-0001" }?.gold == label)
        #expect(state.visible.map(\.id) == ["en-0042", "ja-0007", "em-0099", "ar-0013"])
        // The next item takes the settled one's place.
        #expect(state.selectedId == "ja-0007")
        #expect(state.adjudicatedHere == ["esc-0001"])
        #expect(state.status?.text == "esc-0001 adjudicated \(label) — reason saved")

        // Shown again with v, marked as settled.
        _ = press(&state, "v")
        #expect(state.render(state.size).text.contains("esc-0001  ✓ \(label)"))
    }

    @Test("an empty reason is refused and the editor stays open; typing clears the message",
          arguments: ["", "   "])
    func emptyReason(reason: String) {
        var state = ReviewSample.screen()
        _ = press(&state, "3")
        type(&state, reason)
        #expect(press(&state, .enter).isEmpty)
        #expect(state.status == StatusLine(text: ReviewStrings.reasonRequired, style: .error))
        guard case .reason(let item, let label, _) = state.mode else {
            Issue.record("the editor closed on an empty reason")
            return
        }
        #expect(item == "en-0042" && label == "positive")
        #expect(state.render(state.size).text.contains(ReviewStrings.reasonRequired))
        type(&state, "x")
        #expect(state.status == nil)
        #expect(press(&state, .enter) == [.adjudicate(AdjudicationToSave(item: "en-0042", label: "positive", reason: "x"))])
    }

    @Test("esc cancels the reason: nothing is saved and the item stays")
    func cancelReason() {
        var state = ReviewSample.screen()
        _ = press(&state, "1")
        type(&state, "half a reason")
        #expect(press(&state, .escape).isEmpty)
        #expect(state.mode == .browsing)
        #expect(state.pending == nil)
        #expect(state.status?.text == ReviewStrings.cancelled)
        #expect(state.selected?.adjudication == nil)
        #expect(state.focus == .list)
    }

    @Test("a failed save says why, keeps the item and lets the lead try again")
    func failedSave() {
        var state = ReviewSample.screen()
        _ = press(&state, "1")
        type(&state, "why")
        _ = press(&state, .enter)
        _ = state.update(.adjudicationFailed(item: "en-0042", reason: "database is locked"))
        #expect(state.pending == nil)
        #expect(state.status == StatusLine(text: "en-0042 not adjudicated: database is locked", style: .error))
        #expect(state.selectedId == "en-0042")
        _ = press(&state, "1")
        #expect(state.mode != .browsing)
    }

    @Test("with adjudicated items shown, a settled item stays selected and shows its new gold")
    func adjudicateWhileShown() {
        var state = ReviewSample.screen()
        _ = press(&state, "v")
        _ = press(&state, "2")
        type(&state, "neither side wins")
        _ = press(&state, .enter)
        _ = state.update(.adjudicated(item: "en-0042", AdjudicationView(lead: "lea", label: "neutral", reason: "neither side wins")))
        #expect(state.selectedId == "en-0042")
        #expect(state.selected?.goldMethod == "adjudicated")
    }

    @Test("a label key with nothing selected says so")
    func nothingSelected() {
        var state = ReviewSample.screen(data: ReviewData(entries: [], model: nil))
        #expect(press(&state, "1").isEmpty)
        #expect(state.mode == .browsing)
        #expect(state.status?.text == ReviewStrings.nothingSelected)
        #expect(state.render(state.size).text.contains(ReviewStrings.nothingToReview))
    }

    @Test("? opens the help screen from the key table; any key closes it")
    func help() {
        var state = ReviewSample.screen()
        _ = press(&state, "?")
        #expect(state.mode == .help)
        let text = state.render(state.size).text
        for binding in state.keys.bindings { #expect(text.contains(binding.detail), "\(binding.key) is missing from the help") }
        #expect(press(&state, "q").isEmpty)
        #expect(state.mode == .browsing)
        #expect(!state.quitting)
    }

    @Test("q and ctrl-c quit", arguments: [Key.character("q"), Key.control("c")])
    func quit(key: Key) {
        var state = ReviewSample.screen()
        #expect(press(&state, key) == [.quit])
        #expect(state.quitting)
    }

    @Test("a key that does nothing says so")
    func unknownKey() {
        var state = ReviewSample.screen()
        #expect(press(&state, "w").isEmpty)
        #expect(state.status?.text == "w does nothing here — ? lists the keys")
    }

    @Test("below the minimum size only q works")
    func tooSmall() {
        var state = ReviewSample.screen(size: Size(width: 59, height: 16))
        #expect(press(&state, "1").isEmpty)
        #expect(press(&state, .down).isEmpty)
        #expect(press(&state, "r").isEmpty)
        #expect(state.mode == .browsing)
        #expect(state.selectedId == "en-0042")
        #expect(state.filters == ReviewFilters())
        #expect(state.status == nil)
        #expect(state.render(state.size).text.contains("needs at least 60×16"))
        #expect(press(&state, "q") == [.quit])
    }

    @Test("a resize keeps the selection in view")
    func resize() {
        var state = ReviewSample.screen()
        _ = press(&state, .end)
        #expect(state.listTop == 0)
        _ = state.update(.resized(ReviewState.minimumSize))
        #expect(state.listTop == 0)
        _ = state.update(.resized(Size(width: 60, height: 12)))
        #expect(state.listTop == 2)
    }

    @Test("a project label key wins over a fixed key it shares, and the help does not list the shadowed one")
    func labelKeysWin() {
        let setup = ReviewSetup(projectName: "p", lead: "lea",
                                labels: [Choice(name: "bad", key: "j"), Choice(name: "good", key: "a")])
        let keys = ReviewKeys.map(for: setup)
        #expect(keys.action(for: .character("j")) == .adjudicate("bad"))
        #expect(keys.action(for: .character("a")) == .adjudicate("good"))
        #expect(keys.bindings.filter { $0.key == .character("j") }.count == 1)
        #expect(keys.action(for: .down) == .down)
        #expect(keys.action(for: .character("r")) == .cycleReason)
    }

    @Test("a failed load says why")
    func loadFailed() {
        var state = ReviewState(setup: ReviewSample.setup, size: Size(width: 80, height: 24), at: 0)
        _ = state.start()
        _ = state.update(.loadFailed("no such table"))
        #expect(!state.loading)
        #expect(state.status == StatusLine(text: "could not load the review list: no such table", style: .error))
    }
}
