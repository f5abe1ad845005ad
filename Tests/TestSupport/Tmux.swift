import Foundation
import Testing

/// A private tmux server with one detached session running a plain shell.
public struct Tmux: Sendable {
    public static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return (path.split(separator: ":") + ["/usr/bin", "/usr/local/bin"])
            .map { "\($0)/tmux" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()
    public static var isInstalled: Bool { executable != nil }

    private let socket = "opine-e2e-\(UUID().uuidString.prefix(8))"
    private let target = "screen"

    public init(width: Int, height: Int) throws {
        // -f /dev/null: none of the machine's tmux settings; -u: UTF-8 whatever the locale says.
        try startServer(["-u", "new-session", "-d", "-s", target, "-x", String(width), "-y", String(height),
                         "-e", "LANG=C.UTF-8", "env PS1='e2e$ ' bash --norc --noprofile"])
        _ = try waitFor("e2e$")
    }

    /// Ends the session, its shell and the server, and removes the server's socket file.
    public func close() {
        let info = (try? run(["display-message", "-p", "-t", target, "#{pane_pid} #{socket_path}"], check: false)) ?? ""
        let fields = info.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ", maxSplits: 1)
        _ = try? run(["kill-session", "-t", target], check: false)
        _ = try? run(["kill-server"], check: false)
        if let shell = fields.first.flatMap({ Int32($0) }) { kill(shell, SIGKILL) }
        if fields.count == 2 { try? FileManager.default.removeItem(atPath: String(fields[1])) }
    }

    private var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["TMUX"] = nil
        environment["LANG"] = "C.UTF-8"
        return environment
    }

    /// Starts the tmux server (through its first command) as a shell would: with no signal
    /// blocked and every handler at its default, since the server passes its mask on to the
    /// pane (this test's threads block most signals, and Foundation's Process keeps that
    /// mask), and with every descriptor above stderr closed by bash before tmux runs, since
    /// the long-lived server would keep any it inherited open.
    private func startServer(_ arguments: [String]) throws {
        let tmux = try #require(Self.executable)
        let closeInherited = "for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ \"$fd\" -gt 2 ] && eval \"exec $fd>&-\"; done; exec \"$@\""
        let argv = ["/bin/bash", "-c", closeInherited, "bash", tmux, "-L", socket, "-f", "/dev/null"] + arguments
        let envp = environment.map { "\($0.key)=\($0.value)" }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = envp.map { strdup($0) } + [nil]
        defer { (cArguments + cEnvironment).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/bash", &actions, &attributes, cArguments, cEnvironment)
        try #require(spawned == 0, "cannot start tmux: error \(spawned)")
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        try #require(status == 0, "tmux \(arguments.joined(separator: " ")) failed (status \(status))")
    }

    /// Runs a tmux command against the running server and returns its output; `check`: a
    /// failing command fails the test.
    @discardableResult
    private func run(_ arguments: [String], check: Bool = true) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.executable))
        process.arguments = ["-L", socket, "-f", "/dev/null"] + arguments
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if check { try #require(process.terminationStatus == 0, "tmux \(arguments.joined(separator: " ")) failed") }
        return String(decoding: data, as: UTF8.self)
    }

    /// Types text literally (UTF-8 included).
    public func type(_ text: String) throws { try run(["send-keys", "-t", target, "-l", text]) }

    /// Presses a key by tmux's name for it (`Enter`, `Left`, `Escape`, `q`).
    public func press(_ key: String) throws { try run(["send-keys", "-t", target, key]) }

    public func resize(width: Int, height: Int) throws {
        try run(["resize-window", "-t", target, "-x", String(width), "-y", String(height)])
    }

    public func capture() throws -> String { try run(["capture-pane", "-p", "-t", target]) }

    public func waitFor(_ text: String, timeout: Double = 20) throws -> String {
        try waitUntil("'\(text)' on the screen", timeout: timeout) { $0.contains(text) }
    }

    /// Polls the pane until `condition` holds; fails with the last screen after `timeout` seconds.
    public func waitUntil(_ what: String, timeout: Double = 20, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if condition(screen) { return screen }
            usleep(20_000)
        }
        let size = (try? run(["display-message", "-p", "-t", target, "#{pane_width}x#{pane_height}"], check: false)) ?? "?"
        Issue.record("timed out waiting for \(what); the screen (\(size.trimmingCharacters(in: .whitespacesAndNewlines))) was:\n\(screen)")
        throw TimedOut()
    }

    public struct TimedOut: Error {}

    /// The process the pane's shell is running (`opine annotate`), found through /proc.
    public func childOfShell() throws -> Int32? {
        let shell = try run(["display-message", "-p", "-t", target, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let children = try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        return children?.split(separator: " ").first.flatMap { Int32($0) }
    }
}
