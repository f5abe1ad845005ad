/// A terminal size in columns and rows.
public struct Size: Sendable, Hashable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public var description: String { "\(width)×\(height)" }

    /// The smallest terminal every screen draws in; below it a screen shows a notice and only
    /// quitting works.
    public static let screenMinimum = Size(width: 60, height: 16)

    /// Whether this size is at least `minimum` both ways.
    public func fits(_ minimum: Size) -> Bool { width >= minimum.width && height >= minimum.height }
}

/// The one-line message a screen shows under its content, in a semantic style.
public struct StatusLine: Sendable, Equatable {
    public var text: String
    public var style: Style

    public init(text: String, style: Style) {
        self.text = text
        self.style = style
    }
}

/// A cell position: column `x`, row `y`, both from 0 at the top left.
public struct Point: Sendable, Hashable {
    public var x: Int
    public var y: Int

    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}
