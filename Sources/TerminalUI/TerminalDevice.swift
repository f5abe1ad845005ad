/// What the terminal reports between two draws.
public enum TerminalEvent: Sendable, Equatable {
    case key(Key)
    case resized(Size)
    /// Input ended (the terminal went away): the screen should close.
    case closed
    /// Nothing arrived within the wait asked for: time to look at background work.
    case idle
}

/// What a screen runtime needs of a terminal: its size, drawing a grid, reading the next event.
/// CursesBackend's `Terminal` is the real one; `FakeTerminal` plays a script for tests.
public protocol TerminalDevice: AnyObject {
    var size: Size { get }
    func draw(_ grid: Grid)
    /// Waits for a key or a resize, at most `milliseconds` when given (then `.idle`).
    func readEvent(waitingAtMost milliseconds: Int?) -> TerminalEvent
}
