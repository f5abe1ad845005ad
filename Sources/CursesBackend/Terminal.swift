// ncurses' globals (stdscr) are plain C variables; this type is used from one thread only.
@preconcurrency import CNCursesW
import TerminalUI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum CursesBackendError: Error, CustomStringConvertible, Equatable {
    case notATerminal
    case cannotStart(term: String)

    public var description: String {
        switch self {
        case .notATerminal:
            return "this screen needs a terminal on standard input and output (for scripts, use opine next and opine label)"
        case .cannotStart(let term):
            return "ncurses cannot drive the terminal type '\(term)': set TERM to one this machine knows (e.g. xterm-256color)"
        }
    }
}

/// The ncurses backend: the only code that talks to ncurses. It draws a `Grid` cell by cell at
/// the columns the project's width table computed, reads keys (arrows, resize, UTF-8 text), and
/// always gives the terminal back: on `stop()`, and on SIGINT, SIGTERM, SIGHUP, SIGQUIT and the
/// signals of a crash, whose handlers end curses mode and then let the signal do its work.
///
/// Not thread-safe: one screen, driven from one thread.
public final class Terminal: TerminalDevice {
    /// ncurses' own version string, e.g. "ncurses 6.4.20221231".
    public static var libraryVersion: String {
        guard let version = curses_version() else { return "unknown" }
        return String(cString: version)
    }

    private let colors: Bool
    private var lastGrid: Grid?
    private var stopped = false
    private var failedReads = 0

    /// Enters curses mode. Colours are used when the terminal has them and `NO_COLOR` is not
    /// set (https://no-color.org); otherwise styles become bold, reverse and underline.
    public static func start() throws -> Terminal {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw CursesBackendError.notATerminal }
        // Before anything else: ncurses reads the locale to decide whether bytes are UTF-8.
        setlocale(LC_ALL, "")
        if !localeIsUTF8() {
            // A bare environment (LANG unset) means the C locale; wide characters need UTF-8.
            _ = setlocale(LC_CTYPE, "C.UTF-8") ?? setlocale(LC_CTYPE, "en_US.UTF-8")
        }
        SignalGuard.install()
        guard let output = fdopen(STDOUT_FILENO, "w"), let input = fdopen(STDIN_FILENO, "r"),
            newterm(nil, output, input) != nil
        else {
            SignalGuard.uninstall()
            throw CursesBackendError.cannotStart(term: getenv("TERM").map { String(cString: $0) } ?? "")
        }
        raw()
        noecho()
        nonl()
        keypad(stdscr, true)
        // Esc must answer at once; the default waits a second for an escape sequence.
        set_escdelay(25)
        curs_set(0)
        let noColor = getenv("NO_COLOR").map { $0.pointee != 0 } ?? false
        let colors = has_colors() && !noColor
        if colors {
            start_color()
            use_default_colors()
            for (pair, colour) in Palette.pairs { init_pair(pair, colour, -1) }
        }
        return Terminal(colors: colors)
    }

    private init(colors: Bool) {
        self.colors = colors
    }

    deinit { stop() }

    public var size: Size {
        Size(width: Int(getmaxx(stdscr)), height: Int(getmaxy(stdscr)))
    }

    /// Draws the cells that changed since the last draw, then places or hides the cursor.
    public func draw(_ grid: Grid) {
        if lastGrid?.size != grid.size {
            erase()
            lastGrid = nil
        }
        let width = min(grid.size.width, size.width)
        let height = min(grid.size.height, size.height)
        for y in 0..<height {
            for x in 0..<width {
                let cell = grid[x: x, y: y]
                guard cell.width > 0, x + cell.width <= width else { continue }
                if let lastGrid, lastGrid[x: x, y: y] == cell, cell.width == 1 || lastGrid[x: x + 1, y: y].width == 0 {
                    continue
                }
                drawCell(cell, x: x, y: y)
            }
        }
        if let cursor = grid.cursor, cursor.x < width, cursor.y < height {
            curs_set(1)
            move(Int32(cursor.y), Int32(cursor.x))
        } else {
            curs_set(0)
        }
        refresh()
        lastGrid = grid
    }

    /// Waits for a key or a resize, at most `milliseconds` when given (then `.idle`).
    public func readEvent(waitingAtMost milliseconds: Int?) -> TerminalEvent {
        timeout(Int32(milliseconds ?? -1))
        while true {
            var character: wint_t = 0
            let started = Self.clock()
            let result = get_wch(&character)
            if result == ERR {
                // A wait that ran its course is a timeout; an early error is an interrupted
                // read (a signal), and endless ones mean input is gone.
                if let milliseconds, Self.clock() - started >= Double(milliseconds) / 2000 {
                    failedReads = 0
                    return .idle
                }
                failedReads += 1
                if failedReads > 100 { return .closed }
                continue
            }
            failedReads = 0
            let code = Int32(bitPattern: character)
            if result == KEY_CODE_YES {
                if code == KEY_RESIZE {
                    lastGrid = nil
                    return .resized(size)
                }
                return .key(Self.functionKey(code))
            }
            return .key(Self.textKey(UInt32(character)))
        }
    }

    /// Seconds on a monotonic clock.
    private static func clock() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Leaves curses mode and gives the terminal back as it was. Safe to call twice.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        endwin()
        SignalGuard.uninstall()
    }

    // MARK: - Keys

    private static func functionKey(_ code: Int32) -> Key {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_ENTER: return .enter
        default: return .other(Int(code))
        }
    }

    private static func textKey(_ value: UInt32) -> Key {
        switch value {
        case 0x0A, 0x0D: return .enter
        case 0x1B: return .escape
        case 0x7F, 0x08: return .backspace
        case 0x09: return .tab
        case 0x01...0x1A: return .control(Character(Unicode.Scalar(UInt8(0x60 + value))))
        default:
            guard let scalar = Unicode.Scalar(value), value >= 0x20 else { return .other(Int(value)) }
            return .character(Character(scalar))
        }
    }

    // MARK: - Drawing

    /// Draws one cell at its column. The grapheme is cut into a spacing character with its
    /// combining marks per terminal cell, measured by the C library (which ncurses uses); parts
    /// that would spill past the cell's width are left out and a short cell is padded with
    /// spaces, so every other cell stays at the column the width table gave it. A ZWJ emoji
    /// sequence thus shows as its first emoji on terminals that cannot join it.
    private func drawCell(_ cell: Cell, x: Int, y: Int) {
        let (attributes, pair) = Palette.look(cell.style, colors: colors)
        let end = x + cell.width
        var column = x
        var parts: [[wchar_t]] = []
        // Joiners are left out: one ncurses cell holds one spacing character, so the join
        // cannot happen, and a stray joiner makes some terminals misplace what follows.
        for scalar in cell.grapheme.unicodeScalars where scalar.value != 0x200D {
            let value = wchar_t(bitPattern: scalar.value)
            if CLibrary.width(value) == 0, !parts.isEmpty {
                if parts[parts.count - 1].count < Int(CCHARW_MAX) { parts[parts.count - 1].append(value) }
            } else {
                parts.append([value])
            }
        }
        for part in parts {
            guard let first = part.first else { continue }
            let width = Int(CLibrary.width(first))
            if width <= 0 {
                // Unknown to this C library: a replacement character keeps the columns right.
                guard column < end else { break }
                put([0xFFFD], y: y, x: column, attributes: attributes, pair: pair)
                column += 1
                continue
            }
            guard column + width <= end else { break }
            put(part, y: y, x: column, attributes: attributes, pair: pair)
            column += width
        }
        while column < end {
            put([0x20], y: y, x: column, attributes: attributes, pair: pair)
            column += 1
        }
    }

    private func put(_ characters: [wchar_t], y: Int, x: Int, attributes: attr_t, pair: Int16) {
        var cell = cchar_t()
        let terminated = characters + [0]
        setcchar(&cell, terminated, attributes, pair, nil)
        mvadd_wch(Int32(y), Int32(x), &cell)
    }

    private static func localeIsUTF8() -> Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }
}

/// How each semantic style looks.
enum Palette {
    // ncurses' attribute bits (NCURSES_BITS(1, n) with the 8-bit shift): the C macros do not
    // reach Swift.
    static let underline = attr_t(1) << (9 + 8)
    static let reverse = attr_t(1) << (10 + 8)
    static let dim = attr_t(1) << (12 + 8)
    static let bold = attr_t(1) << (13 + 8)

    static let green: Int16 = 1, red: Int16 = 2, magenta: Int16 = 3, yellow: Int16 = 4, cyan: Int16 = 5
    static let pairs: [(Int16, Int16)] = [
        (green, Int16(COLOR_GREEN)), (red, Int16(COLOR_RED)), (magenta, Int16(COLOR_MAGENTA)),
        (yellow, Int16(COLOR_YELLOW)), (cyan, Int16(COLOR_CYAN)),
    ]

    static func look(_ style: Style, colors: Bool) -> (attr_t, Int16) {
        if colors {
            switch style {
            case .plain: return (0, 0)
            case .title: return (bold | reverse, 0)
            case .muted: return (dim, 0)
            case .key: return (bold, cyan)
            case .positive: return (0, green)
            case .negative: return (0, red)
            case .negated: return (underline, magenta)
            case .boosted: return (bold, yellow)
            case .selection: return (reverse, 0)
            case .error: return (bold, red)
            case .warning: return (0, yellow)
            case .escaped: return (0, cyan)
            }
        }
        switch style {
        case .plain: return (0, 0)
        case .title: return (bold | reverse, 0)
        case .muted: return (dim, 0)
        case .key, .positive, .boosted, .warning: return (bold, 0)
        case .negative, .escaped: return (underline, 0)
        case .negated: return (underline | bold, 0)
        case .selection: return (reverse, 0)
        case .error: return (bold | reverse, 0)
        }
    }
}

/// Signal handlers that end curses mode before the signal takes the process, so a kill, a
/// hang-up or a crash never leaves the terminal raw, without echo, on the alternate screen.
enum SignalGuard {
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE]

    nonisolated(unsafe) private static var previous: [Int32: sighandler_t?] = [:]

    static func install() {
        for number in signals {
            previous[number] = signal(number, restoreTerminalAndReraise)
        }
        // A blocked signal mask is inherited across exec (a parent running on a worker thread
        // passes its own): unblock what the screen depends on, or a resize would never be
        // seen and a SIGTERM would wait forever.
        var wanted = sigset_t()
        sigemptyset(&wanted)
        for number in signals + [SIGWINCH, SIGCONT] { sigaddset(&wanted, number) }
        pthread_sigmask(SIG_UNBLOCK, &wanted, nil)
    }

    static func uninstall() {
        for (number, handler) in previous {
            signal(number, handler ?? SIG_DFL)
        }
        previous = [:]
    }
}

/// Runs in a signal handler: gives the terminal back, then lets the signal do what it
/// would have done (terminate, dump core) with its default action.
private func restoreTerminalAndReraise(_ number: Int32) {
    endwin()
    signal(number, SIG_DFL)
    raise(number)
}

/// The C library's `wcwidth`, which ncurses measures with. Glibc declares it only for
/// X/Open builds, so Swift's Glibc module does not show it: it is looked up at run time.
enum CLibrary {
    private typealias WidthFunction = @convention(c) (wchar_t) -> Int32

    private static let wcwidth: WidthFunction? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "wcwidth") else { return nil }
        return unsafeBitCast(symbol, to: WidthFunction.self)
    }()

    /// Columns the terminal gives the character: -1 when the C library does not know it.
    static func width(_ character: wchar_t) -> Int32 {
        if let wcwidth { return wcwidth(character) }
        return Unicode.Scalar(UInt32(bitPattern: character)).flatMap(DisplayWidth.of).map(Int32.init) ?? -1
    }
}
