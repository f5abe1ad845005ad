import Testing
@testable import TerminalUI

@Suite struct DisplayWidthTests {
    @Test("single scalars: ASCII 1, CJK and fullwidth 2, combining marks and joiners 0, controls none", arguments: [
        ("a", 1 as Int?), ("é", 1), ("中", 2), ("あ", 2), ("한", 2), ("Ａ", 2), ("😀", 2),
        ("\u{301}", 0), ("\u{200D}", 0), ("\u{FE0F}", 0), ("\u{1160}", 0),
        ("\u{1B}", nil), ("\u{7F}", nil), ("\u{9B}", nil), ("\u{0}", nil),
        ("ا", 1), ("א", 1), ("❤", 1), ("🇫", 1),
    ])
    func scalarWidths(text: String, expected: Int?) throws {
        let scalar = try #require(text.unicodeScalars.first)
        #expect(DisplayWidth.of(scalar) == expected)
    }

    @Test("strings: each grapheme measured once, emoji sequences two columns", arguments: [
        ("hello", 5), ("日本語", 6), ("e\u{301}", 1), ("한국어", 6),
        ("👨‍👩‍👧", 2), ("👩🏽‍💻", 2), ("🇫🇷", 2), ("❤️", 2), ("❤︎", 1), ("1️⃣", 2), ("👍🏽", 2),
        ("🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}", 2),
        ("مرحبا بالعالم", 13), ("שלום", 4), ("", 0),
    ])
    func stringWidths(text: String, expected: Int) {
        #expect(DisplayWidth.of(text) == expected)
    }

    @Test("a Hangul syllable written as jamo is one two-column cell")
    func hangulJamo() {
        let glyphs = VisibleText.glyphs(of: "\u{1112}\u{1161}\u{11AB}")
        #expect(glyphs.count == 1)
        #expect(glyphs.first?.width == 2)
    }

    @Test("escape sequences are shown as visible escapes, never as control characters")
    func escapeSequences() {
        let glyphs = VisibleText.glyphs(of: "\u{1B}[31mred\u{1B}[0m\u{7}")
        let shown = glyphs.map(\.grapheme).joined()
        #expect(shown == "␛[31mred␛[0m␇")
        #expect(glyphs.first?.kind == .escape)
        #expect(!shown.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) })
    }

    @Test("line breaks, tabs, C1 codes and bidi overrides become visible", arguments: [
        ("a\nb", "a⏎b"), ("a\tb", "a⇥b"), ("a\r\nb", "a␍⏎b"), ("x\u{9B}y", "x\\u{9b}y"),
        ("\u{202E}evil", "\\u{202e}evil"), ("a\u{200B}b", "a\\u{200b}b"), ("\u{7F}", "␡"),
    ])
    func visibleControls(text: String, shown: String) {
        #expect(VisibleText.glyphs(of: text).map(\.grapheme).joined() == shown)
    }

    @Test("a combining mark with nothing before it sits on a dotted circle")
    func loneCombiningMark() {
        let glyphs = VisibleText.glyphs(of: "\u{301}a")
        #expect(glyphs.map(\.grapheme) == ["\u{25CC}\u{301}", "a"])
        #expect(glyphs.map(\.width) == [1, 1])
    }

    @Test("a cluster of several spacing letters becomes one glyph per letter, marks attached")
    func indicConjunct() {
        // क्ष: KA, VIRAMA, SSA form one extended grapheme cluster but take two columns.
        let glyphs = VisibleText.glyphs(of: "क्ष")
        #expect(glyphs.map(\.grapheme) == ["क्", "ष"])
        #expect(DisplayWidth.of("क्ष") == 2)
    }

    @Test("glyphs remember where they start in the text, in Unicode scalars")
    func scalarOffsets() {
        let glyphs = VisibleText.glyphs(of: "e\u{301}x👨‍👩‍👧y")
        #expect(glyphs.map(\.scalarOffset) == [0, 2, 3, 8])
    }

    @Test("right-to-left letters are detected; Latin text is not")
    func rightToLeft() {
        #expect(DisplayWidth.containsRightToLeft("price مرتفع"))
        #expect(DisplayWidth.containsRightToLeft("שלום"))
        #expect(!DisplayWidth.containsRightToLeft("plain text 日本"))
    }

    @Test("the table is generated from a stated Unicode version")
    func tableVersion() {
        #expect(DisplayWidth.unicodeVersion.hasPrefix("15."))
    }
}
