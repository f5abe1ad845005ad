import TerminalUI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A terminal that plays a script and keeps every frame drawn: screen runtimes are tested with
/// it key by key, without a terminal or tmux.
public final class FakeTerminal: TerminalDevice {
    public enum Step: Sendable {
        case key(Key)
        /// Each character as a key.
        case type(String)
        case resize(Size)
        /// Idle wake-ups (background work reports on them) until the latest frame's text
        /// contains `text`; after `timeout` seconds the script ends and `timedOut` says why.
        case waitFor(String, timeout: Double)
        /// Runs `action` (another client's work, say) before the next event.
        case perform(@Sendable () throws -> Void)
    }

    public private(set) var size: Size
    /// Every grid drawn, oldest first.
    public private(set) var frames: [Grid] = []
    /// What a `waitFor` step waited for in vain, with the last frame.
    public private(set) var timedOut: String?
    private var steps: [Step]
    private var typing: [Character] = []
    private var waitingSince: Double?

    public init(size: Size = Size(width: 80, height: 24), script: [Step]) {
        self.size = size
        self.steps = script
    }

    /// The latest frame's text, rows joined by newlines.
    public var screen: String { frames.last?.text ?? "" }

    public func draw(_ grid: Grid) {
        frames.append(grid)
    }

    /// The next scripted event; `.closed` once the script has run out (as a terminal that
    /// went away).
    public func readEvent(waitingAtMost milliseconds: Int?) -> TerminalEvent {
        if !typing.isEmpty { return .key(.character(typing.removeFirst())) }
        guard let step = steps.first else { return .closed }
        switch step {
        case .key(let key):
            steps.removeFirst()
            return .key(key)
        case .type(let text):
            steps.removeFirst()
            typing = Array(text)
            return readEvent(waitingAtMost: milliseconds)
        case .perform(let action):
            steps.removeFirst()
            do { try action() } catch { timedOut = "a scripted action failed: \(error)"; steps = []; return .closed }
            return readEvent(waitingAtMost: milliseconds)
        case .resize(let newSize):
            steps.removeFirst()
            size = newSize
            return .resized(newSize)
        case .waitFor(let text, let timeout):
            if screen.contains(text) {
                steps.removeFirst()
                waitingSince = nil
                return readEvent(waitingAtMost: milliseconds)
            }
            let now = Self.clock()
            let started = waitingSince ?? now
            waitingSince = started
            if now - started > timeout {
                timedOut = "'\(text)' never appeared; the last frame was:\n\(screen)"
                steps = []
                return .closed
            }
            usleep(useconds_t(min(milliseconds ?? 10, 10) * 1000))
            return .idle
        }
    }

    private static func clock() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
