/// A one-line text field: typing inserts at the cursor (whole Unicode characters; a combining
/// mark joins the letter before it), backspace and delete remove one character.
public struct NoteEditor: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        case editing
        /// nil when the field was left empty (the note is removed).
        case kept(String?)
        case cancelled
    }

    public private(set) var text: String
    /// In characters from the start.
    public private(set) var cursor: Int

    public init(text: String) {
        self.text = text
        self.cursor = text.count
    }

    public mutating func handle(_ key: Key) -> Outcome {
        switch key {
        case .enter:
            let trimmed = text.trimmingWhitespace
            return .kept(trimmed.isEmpty ? nil : trimmed)
        case .escape:
            return .cancelled
        case .character(let character):
            insert(character)
        case .backspace:
            if cursor > 0 {
                text.remove(at: text.index(text.startIndex, offsetBy: cursor - 1))
                cursor -= 1
            }
        case .delete:
            if cursor < text.count { text.remove(at: text.index(text.startIndex, offsetBy: cursor)) }
        case .left:
            cursor = max(0, cursor - 1)
        case .right:
            cursor = min(text.count, cursor + 1)
        case .home, .control("a"):
            cursor = 0
        case .end, .control("e"):
            cursor = text.count
        case .control("u"):
            text.removeSubrange(text.startIndex..<text.index(text.startIndex, offsetBy: cursor))
            cursor = 0
        default:
            break
        }
        return .editing
    }

    private mutating func insert(_ character: Character) {
        let before = text.count
        text.insert(character, at: text.index(text.startIndex, offsetBy: cursor))
        // A combining mark merges with the letter before it: the count does not grow.
        cursor += text.count - before
    }

    /// The text before the cursor (to place the terminal cursor after it).
    public var beforeCursor: Substring { text.prefix(cursor) }

    /// Draws the field at `point`, `width` columns wide, scrolled so the cursor stays inside,
    /// and places the terminal cursor.
    func draw(in grid: inout Grid, at point: Point, width: Int) {
        guard width > 1 else { return }
        let glyphs = VisibleText.glyphs(of: text)
        let cursorScalars = beforeCursor.unicodeScalars.count
        var start = 0
        func widthBeforeCursor(from index: Int) -> Int {
            glyphs[index...].prefix { $0.scalarOffset < cursorScalars }.reduce(0) { $0 + $1.width }
        }
        while start < glyphs.count && widthBeforeCursor(from: start) >= width - 1 { start += 1 }
        grid.put(Array(glyphs[start...]), at: point, clip: width) { $0.kind == .text ? .plain : .escaped }
        grid.cursor = Point(x: point.x + widthBeforeCursor(from: start), y: point.y)
    }
}

extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
