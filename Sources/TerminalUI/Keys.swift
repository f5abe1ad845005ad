/// A key the user pressed, as the backend decoded it.
public enum Key: Sendable, Hashable, CustomStringConvertible {
    /// Text: a letter, a digit, any Unicode character typed or pasted.
    case character(Character)
    /// Ctrl with a letter (`control("c")` for Ctrl-C).
    case control(Character)
    case up, down, left, right
    case enter, escape, backspace, delete, tab
    case home, end, pageUp, pageDown
    /// A function key the screens do not use (its ncurses code).
    case other(Int)

    /// How keys are written in the help bar and help screen.
    public var description: String {
        switch self {
        case .character(" "): return "space"
        case .character(let character): return String(character)
        case .control(let letter): return "ctrl-\(letter)"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .enter: return "enter"
        case .escape: return "esc"
        case .backspace: return "backspace"
        case .delete: return "delete"
        case .tab: return "tab"
        case .home: return "home"
        case .end: return "end"
        case .pageUp: return "pgup"
        case .pageDown: return "pgdn"
        case .other(let code): return "key \(code)"
        }
    }
}

/// One key, what it does, and the words that explain it. A screen's bindings are one list
/// that dispatches keys, fills the help bar and writes the help screen, so they cannot drift.
public struct KeyBinding<Action: Sendable & Equatable>: Sendable, Equatable {
    public var key: Key
    public var action: Action
    /// A few words for the help bar ("undo", "positive").
    public var help: String
    /// A sentence for the help screen.
    public var detail: String
    /// The heading it is listed under on the help screen.
    public var section: String
    /// Which bindings the help bar keeps when space is short: 0 always, then 1, 2… while
    /// they fit; nil never (the help screen lists every binding).
    public var barPriority: Int?

    public init(
        _ key: Key, _ action: Action, help: String, detail: String, section: String, barPriority: Int? = 1
    ) {
        self.key = key
        self.action = action
        self.help = help
        self.detail = detail
        self.section = section
        self.barPriority = barPriority
    }
}

public struct KeyMap<Action: Sendable & Equatable>: Sendable, Equatable {
    public var bindings: [KeyBinding<Action>]

    public init(_ bindings: [KeyBinding<Action>]) {
        self.bindings = bindings
    }

    /// What the key does, or nil.
    public func action(for key: Key) -> Action? {
        bindings.first { $0.key == key }?.action
    }

    /// What a key does on a screen: its action; `unbound` when it has none (worth saying);
    /// `hidden` below the screen's minimum size, where only `quit` works because nothing else
    /// can be seen.
    public enum Dispatch: Sendable, Equatable {
        case action(Action)
        case unbound
        case hidden
    }

    public func dispatch(_ key: Key, at size: Size, minimum: Size, quit: Action) -> Dispatch {
        let action = action(for: key)
        if !size.fits(minimum) { return action == quit ? .action(quit) : .hidden }
        return action.map(Dispatch.action) ?? .unbound
    }

    /// The bindings the help bar shows within `width` columns, in table order: priority 0
    /// always, then by priority (and table order) while they fit.
    public func barItems(width: Int) -> [KeyBinding<Action>] {
        func itemWidth(_ binding: KeyBinding<Action>) -> Int {
            DisplayWidth.of(binding.key.description) + 1 + DisplayWidth.of(binding.help) + 2
        }
        let ranked = bindings.indices.compactMap { index in bindings[index].barPriority.map { (index, $0) } }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        var used = 0
        var chosen = Set<Int>()
        for (index, priority) in ranked {
            let needed = itemWidth(bindings[index])
            if priority == 0 || used + needed <= width {
                chosen.insert(index)
                used += needed
            }
        }
        return bindings.indices.filter(chosen.contains).map { bindings[$0] }
    }

    /// Draws the help bar in row `y`: each key in `.key`, its words in `.muted`.
    public func drawBar(in grid: inout Grid, row y: Int, width: Int) {
        var x = 1
        for binding in barItems(width: width - 1) {
            x = grid.put(binding.key.description, at: Point(x: x, y: y), style: .key, clip: width - x)
            x = grid.put(" " + binding.help, at: Point(x: x, y: y), style: .muted, clip: width - x) + 2
            if x >= width { break }
        }
    }

    /// The help screen's lines: section headings and one line per binding; neighbouring
    /// bindings that do the same thing (↑ and ↓ scroll, q and ctrl-c quit) share a line.
    public func helpLines() -> [(key: String, text: String, isHeading: Bool)] {
        var lines: [(key: String, text: String, isHeading: Bool)] = []
        var previous: KeyBinding<Action>?
        for binding in bindings {
            if binding.section != previous?.section {
                lines.append(("", binding.section, true))
            } else if let previous, previous.detail == binding.detail, let last = lines.last, !last.isHeading {
                lines[lines.count - 1].key = last.key + " " + binding.key.description
                continue
            }
            lines.append((binding.key.description, binding.detail, false))
            previous = binding
        }
        return lines
    }
}
