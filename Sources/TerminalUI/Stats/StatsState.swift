/// The stats screen, for leads: an agreement page and a model page. Its state,
/// `update(message) -> [effect]` (no I/O) and `render` (in StatsRender.swift); the runtime in
/// the executable computes the numbers and compares runs when asked.
public struct StatsState: Sendable, Equatable {
    public static let minimumSize = Size.screenMinimum

    public enum Page: String, Sendable, Equatable, CaseIterable, Codable {
        case agreement, model, drift
    }

    public enum Mode: Sendable, Equatable {
        case browsing
        case help
    }

    /// Runs A and B of a comparison and where it stands.
    public enum Comparison: Sendable, Equatable {
        case none
        case loading(a: Int64, b: Int64)
        case loaded(RunComparisonView)
        case failed(a: Int64, b: Int64, reason: String)
    }

    public let projectName: String
    public private(set) var size: Size
    public private(set) var page: Page
    public private(set) var mode: Mode = .browsing
    /// nil until the first numbers arrive.
    public private(set) var view: StatsView?
    public private(set) var loading = false
    /// Lines of the agreement page scrolled out of view above.
    public private(set) var scroll = 0
    /// The selected run, by id (the newest when the numbers first arrive).
    public private(set) var selectedRun: Int64?
    public private(set) var markA: Int64?
    public private(set) var markB: Int64?
    public private(set) var comparison: Comparison = .none
    public private(set) var loadingDrift = false
    public private(set) var status: StatusLine?
    public private(set) var quitting = false

    public init(projectName: String, page: Page = .agreement, size: Size) {
        self.projectName = projectName
        self.page = page
        self.size = size
    }

    /// The keys that work on the page shown.
    public var keys: KeyMap<StatsAction> { StatsKeys.map(for: page) }

    /// The effects that open the screen: compute the numbers.
    public mutating func start() -> [StatsEffect] {
        loading = true
        return [.load]
    }

    /// Runs newest first, as the list shows them.
    public var runsNewestFirst: [RunView] { (view?.runs ?? []).reversed() }

    public var selectedRunView: RunView? {
        guard let selectedRun else { return nil }
        return view?.runs.first { $0.id == selectedRun }
    }

    // MARK: - Update

    public mutating func update(_ message: StatsMessage) -> [StatsEffect] {
        switch message {
        case .othersChanged:
            guard !loading else { return [] }
            loading = true
            return [.load]
        case .keyPressed(let key, _):
            return keyPressed(key)
        case .resized(let newSize):
            size = newSize
            scroll = min(scroll, maxScroll())
            return []
        case .loaded(var loaded):
            let wasReload = view != nil
            // Drift is computed apart: a reload asks for it again when its page is shown.
            let staleDrift = loaded.drift == nil && view?.drift != nil
            if loaded.drift == nil { loaded.drift = view?.drift }
            view = loaded
            loading = false
            let ids = Set(loaded.runs.map(\.id))
            if selectedRun.map({ !ids.contains($0) }) ?? true { selectedRun = loaded.runs.last?.id }
            if let a = markA, !ids.contains(a) { markA = nil }
            if let b = markB, !ids.contains(b) { markB = nil }
            scroll = min(scroll, maxScroll())
            if wasReload { setStatus(StatsStrings.reloaded, .muted) }
            var effects: [StatsEffect] = []
            if page == .drift, staleDrift || loaded.drift == nil, !loadingDrift {
                loadingDrift = true
                effects.append(.loadDrift)
            }
            // A comparison shown before the reload is asked for again with the new numbers.
            if let a = markA, let b = markB {
                comparison = .loading(a: a, b: b)
                return effects + [.compareRuns(a: a, b: b)]
            }
            comparison = .none
            return effects
        case .driftLoaded(let drift):
            loadingDrift = false
            view?.drift = drift
            return []
        case .driftFailed(let reason):
            loadingDrift = false
            setStatus(StatsStrings.loadFailed(reason), .error)
            return []
        case .loadFailed(let reason):
            loading = false
            setStatus(StatsStrings.loadFailed(reason), .error)
            return []
        case .comparisonLoaded(let result):
            guard comparison == .loading(a: result.a, b: result.b) else { return [] }
            comparison = .loaded(result)
            if status?.text == StatsStrings.comparing { status = nil }
            return []
        case .comparisonFailed(let a, let b, let reason):
            guard comparison == .loading(a: a, b: b) else { return [] }
            comparison = .failed(a: a, b: b, reason: reason)
            setStatus(StatsStrings.compareFailed(reason), .error)
            return []
        }
    }

    private mutating func keyPressed(_ key: Key) -> [StatsEffect] {
        if mode == .help {
            mode = .browsing
            return []
        }
        switch keys.dispatch(key, at: size, minimum: Self.minimumSize, quit: .quit) {
        case .action(let action): return perform(action)
        case .unbound: setStatus(StatsStrings.unknownKey(key, page: page), .muted)
        case .hidden: break
        }
        return []
    }

    private mutating func perform(_ action: StatsAction) -> [StatsEffect] {
        switch action {
        case .show(let target):
            return show(target)
        case .nextPage:
            let pages = Page.allCases
            return show(pages[((pages.firstIndex(of: page) ?? 0) + 1) % pages.count])
        case .up, .down, .pageUp, .pageDown:
            move(action)
            return []
        case .mark:
            return mark()
        case .compareWithPrevious:
            guard let selected = selectedRun, let runs = view?.runs, let index = runs.firstIndex(where: { $0.id == selected }) else {
                setStatus(StatsStrings.noRuns, .muted)
                return []
            }
            guard index > 0 else {
                setStatus(StatsStrings.noPrevious, .muted)
                return []
            }
            return compare(a: runs[index - 1].id, b: selected)
        case .clearMarks:
            if markA == nil && markB == nil {
                setStatus(StatsStrings.nothingMarked, .muted)
            } else {
                setStatus(StatsStrings.marksCleared, .muted)
            }
            markA = nil
            markB = nil
            comparison = .none
            return []
        case .reload:
            loading = true
            setStatus(StatsStrings.reloading, .muted)
            return [.load]
        case .help:
            mode = .help
            return []
        case .quit:
            quitting = true
            return [.quit]
        }
    }

    private mutating func show(_ target: Page) -> [StatsEffect] {
        page = target
        status = nil
        guard target == .drift, let view, view.drift == nil, !loadingDrift else { return [] }
        loadingDrift = true
        return [.loadDrift]
    }

    private mutating func move(_ action: StatsAction) {
        let step = max(1, size.height - Self.chromeRows - 1)
        switch page {
        case .drift:
            break  // one row per import: it fits
        case .agreement:
            switch action {
            case .up: scroll = max(0, scroll - 1)
            case .down: scroll = min(scroll + 1, maxScroll())
            case .pageUp: scroll = max(0, scroll - step)
            case .pageDown: scroll = min(scroll + step, maxScroll())
            default: break
            }
        case .model:
            let runs = runsNewestFirst
            guard !runs.isEmpty else {
                setStatus(StatsStrings.noRuns, .muted)
                return
            }
            let current = runs.firstIndex { $0.id == selectedRun } ?? 0
            let next: Int
            switch action {
            case .up: next = current - 1
            case .down: next = current + 1
            case .pageUp: next = current - step
            case .pageDown: next = current + step
            default: next = current
            }
            selectedRun = runs[max(0, min(runs.count - 1, next))].id
        }
    }

    /// Space or enter on a run: the first mark is A, the next (another run) B, which asks for
    /// the comparison; marking again starts over with a new A. Marking A again unmarks it.
    private mutating func mark() -> [StatsEffect] {
        guard let selected = selectedRun else {
            setStatus(StatsStrings.noRuns, .muted)
            return []
        }
        switch (markA, markB) {
        case (selected?, nil):
            markA = nil
            setStatus(StatsStrings.unmarked(selected), .muted)
            return []
        case (let a?, nil):
            return compare(a: a, b: selected)
        default:
            markA = selected
            markB = nil
            comparison = .none
            setStatus(StatsStrings.markedA(selected), .muted)
            return []
        }
    }

    private mutating func compare(a: Int64, b: Int64) -> [StatsEffect] {
        markA = a
        markB = b
        comparison = .loading(a: a, b: b)
        setStatus(StatsStrings.comparing, .muted)
        return [.compareRuns(a: a, b: b)]
    }

    private mutating func setStatus(_ text: String, _ style: Style) {
        status = StatusLine(text: text, style: style)
    }
}

extension StatsState: Screen {}
