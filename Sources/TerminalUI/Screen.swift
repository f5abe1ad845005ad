/// The messages every screen gets from the terminal. A screen's message enum conforms with
/// two of its cases (`case keyPressed(Key, at: Double)`, `case resized(Size)`).
public protocol ScreenMessage: Sendable {
    static func keyPressed(_ key: Key, at time: Double) -> Self
    static func resized(_ size: Size) -> Self
}

/// A screen as the runtime drives it: a pure state machine. `update` answers a message
/// with the effects the runtime should perform (whose results come back as messages), and
/// `render` draws the state at a size. No I/O happens in here.
public protocol Screen: Sendable {
    associatedtype Message: ScreenMessage
    associatedtype Effect: Sendable

    mutating func update(_ message: Message) -> [Effect]
    func render(_ size: Size) -> Grid
    /// The screen asked to close; the runtime stops reading keys.
    var quitting: Bool { get }
}

extension AnnotateMessage: ScreenMessage {}
