import CursesBackend
import Dispatch
import Foundation
import TerminalUI

/// Drives one screen on the terminal: draws the state, reads a key, turns it into a message,
/// and performs the effects the screen asks for, feeding their results back in order before
/// the next key is read (so a label is committed before the screen moves on). Work that runs
/// in the background reports through `poll`, which the loop calls whenever it is idle.
final class ScreenLoop<S: Screen> {
    var state: S
    /// Performs one effect (on this thread) and answers with the messages it produced.
    var perform: (S.Effect) -> [S.Message] = { _ in [] }
    /// Messages from background work that finished; nil when the screen has none.
    var poll: (() -> [S.Message])?
    /// Each key's time until the next screen was drawn, in seconds.
    private(set) var latencies: [Double] = []

    init(_ state: S) {
        self.state = state
    }

    /// Updates the screen with a message and everything its effects answer, in order.
    func dispatch(_ message: S.Message) {
        run(state.update(message))
    }

    func run(_ effects: [S.Effect]) {
        var queue = effects
        while !queue.isEmpty {
            let effect = queue.removeFirst()
            for message in perform(effect) {
                queue += state.update(message)
            }
        }
    }

    /// Runs until the screen quits or the terminal goes away.
    func run(on terminal: some TerminalDevice) {
        dispatch(.resized(terminal.size))
        var keyTime: Double?
        var changed = true
        while !state.quitting {
            // An idle wake-up that brought nothing leaves the screen as it was: no redraw.
            if changed { terminal.draw(state.render(terminal.size)) }
            if let start = keyTime {
                latencies.append(Self.now() - start)
                keyTime = nil
            }
            changed = true
            // With background work, wake up now and then to collect its results.
            switch terminal.readEvent(waitingAtMost: poll == nil ? nil : 100) {
            case .key(let key):
                let time = Self.now()
                keyTime = time
                dispatch(.keyPressed(key, at: time))
            case .resized(let size):
                dispatch(.resized(size))
            case .idle:
                changed = false
            case .closed:
                return
            }
            if let poll {
                let messages = poll()
                for message in messages { dispatch(message) }
                if !messages.isEmpty { changed = true }
            }
        }
    }

    /// Seconds on a monotonic clock.
    static func now() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }

    /// With OPINE_LATENCY_LOG set, appends each key's time to the next drawn screen, in µs.
    func writeLatencies() {
        guard let path = ProcessInfo.processInfo.environment["OPINE_LATENCY_LOG"], !path.isEmpty else { return }
        let lines = latencies.map { String(Int(($0 * 1e6).rounded())) }.joined(separator: "\n") + "\n"
        if let handle = FileHandle(forWritingAtPath: path) {
            handle.seekToEndOfFile()
            handle.write(Data(lines.utf8))
            handle.closeFile()
        } else {
            _ = FileManager.default.createFile(atPath: path, contents: Data(lines.utf8))
        }
    }
}
