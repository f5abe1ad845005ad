import Testing
@testable import TerminalUI

@Suite struct GuidelinesPageTests {
    static let page = GuidelinesPage(
        labels: [GuidelineEntry(name: "negative", key: "1", definition: "Unhappy on the whole.", examples: ["Broke in two days."]),
                 GuidelineEntry(name: "positive", key: "3", definition: nil, examples: [])],
        flags: [GuidelineEntry(name: "sarcasm", key: "z", definition: "Says the opposite.", examples: [])],
        document: "# Reviews\nLabel the writer's view.\n\n## Doubt\n\u{1B}[31mflag unsure\u{1B}[0m\n" + (1...40).map { "rule \($0)" }.joined(separator: "\n"))

    static func screen(_ page: GuidelinesPage = page, labels: [Choice] = Sample.setup.labels) -> AnnotateState {
        var setup = Sample.setup
        setup.labels = labels
        setup.guidelines = page
        var state = AnnotateState(setup: setup, size: Size(width: 80, height: 24), at: 0)
        _ = state.start()
        _ = state.update(.itemLoaded(Sample.english, at: 0))
        return state
    }

    @Test("the page lists each label's key, definition and examples, then the document with headings unmarked")
    func lines() {
        let text = Self.page.lines(width: 78).map(\.text)
        #expect(Array(text.prefix(7)) == ["Labels", "1  negative", "   Unhappy on the whole.", "     “Broke in two days.”",
                                          "3  positive", "   (no definition in opine.toml)", ""])
        #expect(text.contains("z  sarcasm") && text.contains("Reviews") && text.contains("Doubt"))
        #expect(!text.contains { $0.hasPrefix("#") })
        // Long lines wrap at the width, indented under their entry.
        let narrow = GuidelinesPage(labels: [GuidelineEntry(name: "n", key: "1", definition: "one two three four five six", examples: [])])
        #expect(narrow.lines(width: 13).map(\.text) == ["Labels", "1  n", "   one two", "   three four", "   five six"])
    }

    @Test("g opens the guidelines, ↑/↓ scroll them, any other key goes back without acting")
    func keys() {
        var state = Self.screen()
        #expect(state.update(.keyPressed(.character("g"), at: 1)).isEmpty)
        #expect(state.mode == .guidelines(scroll: 0))
        let first = state.render(state.size)
        #expect(first.text(row: 0).contains("Guidelines"))
        #expect(first.text(row: 2).contains("1  negative"))
        _ = state.update(.keyPressed(.down, at: 2))
        _ = state.update(.keyPressed(.down, at: 2))
        #expect(state.mode == .guidelines(scroll: 2))
        #expect(state.render(state.size).text(row: 1).contains("Unhappy on the whole."))
        _ = state.update(.keyPressed(.up, at: 3))
        #expect(state.mode == .guidelines(scroll: 1))
        // Scrolling stops at the last line.
        for _ in 0..<200 { _ = state.update(.keyPressed(.down, at: 4)) }
        #expect(state.render(state.size).text(row: 22).contains("rule 40"))
        // A label key closes the page and gives no label.
        #expect(state.update(.keyPressed(.character("1"), at: 5)).isEmpty)
        #expect(state.mode == .browsing)
        #expect(state.sessionLabels == 0)
    }

    @Test("the help page gives each label's definition after its name")
    func helpDefinitions() {
        var state = Self.screen()
        _ = state.update(.keyPressed(.character("?"), at: 1))
        let text = state.render(state.size).text
        #expect(text.contains("label negative: Unhappy on the whole."))
        #expect(text.contains("toggle sarcasm: Says the opposite."))
    }

    @Test("escape sequences in the guidelines are shown, not sent")
    func escapes() {
        var state = Self.screen()
        _ = state.update(.keyPressed(.character("g"), at: 1))
        let grid = state.render(state.size)
        let row = (0..<grid.size.height).first { grid.text(row: $0).contains("flag unsure") }
        #expect(row != nil)
        #expect(!grid.text.contains("\u{1B}"))
    }

    @Test("a project whose label uses g keeps it; without guidelines the page says how to add them")
    func keyTaken() {
        var taken = Self.screen(labels: [Choice(name: "good", key: "g"), Choice(name: "bad", key: "b")])
        _ = taken.update(.keyPressed(.character("g"), at: 1))
        #expect(taken.mode == .browsing)
        #expect(taken.pending != nil)  // the label was given
        var empty = Self.screen(GuidelinesPage(labels: [GuidelineEntry(name: "a", key: "1", definition: nil, examples: [])]))
        _ = empty.update(.keyPressed(.character("g"), at: 1))
        #expect(empty.status?.text == AnnotateStrings.noGuidelines)
    }
}
