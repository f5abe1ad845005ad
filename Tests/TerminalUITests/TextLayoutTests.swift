import Testing
@testable import TerminalUI

@Suite struct TextLayoutTests {
    private func lines(_ text: String, width: Int) -> [String] {
        TextLayout.wrap(text, width: width).map { $0.map(\.glyph.grapheme).joined() }
    }

    private func widths(_ text: String, width: Int) -> [Int] {
        TextLayout.wrap(text, width: width).map { $0.reduce(0) { $0 + $1.glyph.width } }
    }

    @Test("English wraps at spaces and drops the space at the break")
    func words() {
        #expect(lines("the quick brown fox jumps", width: 10) == ["the quick", "brown fox", "jumps"])
    }

    @Test("a word longer than the line is cut where the line ends")
    func longWord() {
        #expect(lines("abcdefghijkl xy", width: 5) == ["abcde", "fghij", "kl xy"])
    }

    @Test("CJK breaks between any two characters and never exceeds the width")
    func cjk() {
        let text = "この映画は本当に素晴らしかった。"
        #expect(lines(text, width: 9) == ["この映画", "は本当に", "素晴らし", "かった。"])
        #expect(widths(text, width: 9).allSatisfy { $0 <= 9 })
    }

    @Test("an emoji sequence is never split across lines")
    func emoji() {
        let wrapped = lines("ok 👨‍👩‍👧 🇫🇷 yes", width: 4)
        #expect(wrapped == ["ok", "👨‍👩‍👧", "🇫🇷", "yes"])
    }

    @Test("Arabic keeps its logical order and wraps by width like any text")
    func arabic() {
        let text = "هذا المنتج رائع جدا"
        let wrapped = lines(text, width: 10)
        #expect(wrapped == ["هذا المنتج", "رائع جدا"])
        #expect(wrapped.joined(separator: " ") == text)
    }

    @Test("a line break in the data shows as ⏎ and starts a new line")
    func lineBreaks() {
        #expect(lines("first\nsecond", width: 20) == ["first⏎", "second"])
        #expect(lines("", width: 5) == [""])
    }

    @Test("marks style the glyphs of their scalar range; escapes keep the escaped style")
    func marks() {
        let text = "not good \u{1B}"
        let wrapped = TextLayout.wrap(text, width: 20, marks: [TextMark(scalars: 4..<8, style: .positive)])
        let styles = wrapped[0].map(\.style)
        #expect(styles == [.plain, .plain, .plain, .plain, .positive, .positive, .positive, .positive, .plain, .escaped])
    }
}
