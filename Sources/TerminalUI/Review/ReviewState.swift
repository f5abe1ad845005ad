/// The lead's review screen: its state, `update(message) -> [effect]` (no I/O), and `render`
/// (in ReviewRender.swift). The runtime in the executable loads the list and stores each
/// adjudication, feeding the results back as messages.
public struct ReviewState: Sendable, Equatable {
    public static let minimumSize = Size.screenMinimum

    public enum Mode: Sendable, Equatable {
        case browsing
        /// Typing the reason for making `label` gold on `item`.
        case reason(item: String, label: String, editor: NoteEditor)
        case help
    }

    /// Which pane the movement keys act on.
    public enum Focus: Sendable, Equatable {
        case list
        case detail
    }

    public let setup: ReviewSetup
    public let keys: KeyMap<ReviewAction>
    public private(set) var size: Size
    public private(set) var now: Double
    /// Every item loaded, adjudicated ones included; the filters choose what shows.
    public private(set) var entries: [ReviewEntry] = []
    public private(set) var loading = true
    /// The latest run, or nil before the first training (the detail says so).
    public private(set) var model: String?
    public private(set) var filters: ReviewFilters
    /// The selected item's id (kept across filter changes when it stays visible).
    public private(set) var selectedId: String?
    /// The first visible item of the list (its scroll position).
    public private(set) var listTop = 0
    /// Lines of the detail scrolled out of view above.
    public private(set) var detailScroll = 0
    public private(set) var focus: Focus = .list
    public private(set) var mode: Mode = .browsing
    /// The adjudication the runtime is storing; other saves wait for it.
    public private(set) var pending: AdjudicationToSave?
    public private(set) var status: StatusLine?
    /// Items adjudicated on this screen.
    public private(set) var adjudicatedHere: [String] = []
    public private(set) var quitting = false

    public init(setup: ReviewSetup, size: Size, at time: Double, showAdjudicated: Bool = false) {
        self.setup = setup
        self.keys = ReviewKeys.map(for: setup)
        self.size = size
        self.now = time
        self.filters = ReviewFilters(showAdjudicated: showAdjudicated)
    }

    /// The effects that open the screen: load the list.
    public mutating func start() -> [ReviewEffect] {
        loading = true
        return [.load]
    }

    /// The items the filters let through, in the queue's order.
    public var visible: [ReviewEntry] { entries.filter(filters.admits) }

    public var selectedIndex: Int? {
        guard let selectedId else { return nil }
        return visible.firstIndex { $0.id == selectedId }
    }

    public var selected: ReviewEntry? {
        guard let selectedId else { return nil }
        return entries.first { $0.id == selectedId && filters.admits($0) }
    }


    // MARK: - Update

    public mutating func update(_ message: ReviewMessage) -> [ReviewEffect] {
        switch message {
        case .keyPressed(let key, let time):
            now = max(now, time)
            return keyPressed(key)
        case .othersChanged:
            // Reloaded as ctrl-r would, but never under the lead's hands: not while a reason is
            // being typed, an adjudication saves, or a load is under way (the next change will do).
            guard mode == .browsing, pending == nil, !loading else { return [] }
            loading = true
            return [.load]
        case .resized(let newSize):
            size = newSize
            keepSelectionInView()
            detailScroll = min(detailScroll, maxDetailScroll())
            return []
        case .loaded(let data):
            // A reload keeps the selected item when it is still listed, else its place.
            let previous = selectedIndex ?? 0
            let wasLoaded = !entries.isEmpty
            loading = false
            entries = data.entries
            model = data.model
            if let index = selectedIndex {
                reselect(near: index)
            } else {
                reselect(near: wasLoaded ? previous : 0)
            }
            if wasLoaded { setStatus(ReviewStrings.reloaded(visible.count), .muted) }
            return []
        case .loadFailed(let reason):
            loading = false
            setStatus(ReviewStrings.loadFailed(reason), .error)
            return []
        case .adjudicated(let item, let adjudication):
            return adjudicated(item: item, adjudication)
        case .adjudicationFailed(let item, let reason):
            if pending?.item == item { pending = nil }
            setStatus(ReviewStrings.saveFailed(item: item, reason: reason), .error)
            return []
        }
    }

    private mutating func keyPressed(_ key: Key) -> [ReviewEffect] {
        switch mode {
        case .help:
            mode = .browsing
            return []
        case .reason(let item, let label, var editor):
            switch editor.handle(key) {
            case .editing:
                mode = .reason(item: item, label: label, editor: editor)
                status = nil
            case .kept(nil):
                // Adjudication needs a reason: the editor stays open.
                mode = .reason(item: item, label: label, editor: editor)
                setStatus(ReviewStrings.reasonRequired, .error)
            case .kept(let reason?):
                mode = .browsing
                let save = AdjudicationToSave(item: item, label: label, reason: reason)
                pending = save
                status = nil
                return [.adjudicate(save)]
            case .cancelled:
                mode = .browsing
                setStatus(ReviewStrings.cancelled, .muted)
            }
            return []
        case .browsing:
            break
        }
        switch keys.dispatch(key, at: size, minimum: Self.minimumSize, quit: .quit) {
        case .action(let action): return perform(action)
        case .unbound: setStatus(ReviewStrings.unknownKey(key), .muted)
        case .hidden: break
        }
        return []
    }

    private mutating func perform(_ action: ReviewAction) -> [ReviewEffect] {
        switch action {
        case .adjudicate(let label):
            guard pending == nil else {
                setStatus(ReviewStrings.busy, .muted)
                return []
            }
            guard let entry = selected else {
                setStatus(ReviewStrings.nothingSelected, .muted)
                return []
            }
            mode = .reason(item: entry.id, label: label, editor: NoteEditor(text: ""))
            status = nil
        case .up:
            if focus == .detail { scrollDetail(by: -1) } else { move(by: -1) }
        case .down:
            if focus == .detail { scrollDetail(by: 1) } else { move(by: 1) }
        case .pageUp:
            if focus == .detail { scrollDetail(by: -max(1, Self.bodyRows(size) - 1)) } else { move(by: -Self.itemsPerPage(size)) }
        case .pageDown:
            if focus == .detail { scrollDetail(by: max(1, Self.bodyRows(size) - 1)) } else { move(by: Self.itemsPerPage(size)) }
        case .first:
            if focus == .detail { detailScroll = 0 } else { move(by: -visible.count) }
        case .last:
            if focus == .detail { detailScroll = maxDetailScroll() } else { move(by: visible.count) }
        case .focusDetail:
            focus = .detail
        case .focusList:
            focus = .list
        case .cycleReason:
            filters.reason = Self.next(after: filters.reason, in: reasonOptions)
            filtersChanged()
        case .cycleSlice:
            filters.slice = Self.next(after: filters.slice, in: sliceOptions)
            filtersChanged()
        case .cyclePair:
            filters.pair = Self.next(after: filters.pair, in: pairOptions)
            filtersChanged()
        case .cycleAnnotator:
            filters.annotator = Self.next(after: filters.annotator, in: annotatorOptions)
            filtersChanged()
        case .toggleAdjudicated:
            filters.showAdjudicated.toggle()
            filtersChanged()
        case .clearFilters:
            filters = ReviewFilters(showAdjudicated: filters.showAdjudicated)
            filtersChanged()
            setStatus(ReviewStrings.filtersCleared, .muted)
        case .reload:
            loading = true
            return [.load]
        case .help:
            mode = .help
        case .quit:
            quitting = true
            return [.quit]
        }
        return []
    }

    private mutating func adjudicated(item: String, _ adjudication: AdjudicationView) -> [ReviewEffect] {
        if pending?.item == item { pending = nil }
        guard let index = entries.firstIndex(where: { $0.id == item }) else { return [] }
        let position = selectedIndex ?? 0
        entries[index].adjudication = adjudication
        entries[index].gold = adjudication.label
        entries[index].goldMethod = "adjudicated"
        if !adjudicatedHere.contains(item) { adjudicatedHere.append(item) }
        setStatus(ReviewStrings.adjudicated(item: item, label: adjudication.label), .positive)
        // The item leaves the list unless adjudicated items show; the next one takes its place.
        if selectedId == item && !filters.admits(entries[index]) {
            focus = .list
            reselect(near: position)
        }
        return []
    }

    // MARK: - Filters

    /// Reason kinds present on the loaded items, in a fixed order.
    public var reasonOptions: [ReviewReasonKind] {
        ReviewReasonKind.allCases.filter { kind in entries.contains { $0.reasons.contains { $0.kind == kind } } }
    }

    /// Languages, then each slice column's values, as found on the loaded items.
    public var sliceOptions: [SliceFilter] {
        var columns = ["lang"]
        for column in setup.sliceColumns where column != "lang" && column != "language" { columns.append(column) }
        var options: [SliceFilter] = []
        for column in columns {
            let values = Set(entries.compactMap { $0.sliceValue(column) })
            options += values.sorted().map { SliceFilter(column: column, value: $0) }
        }
        return options
    }

    /// Pairs of labels given together to an item, in the project's label order.
    public var pairOptions: [LabelPair] {
        let order = setup.labels.map(\.name)
        var present: Set<LabelPair> = []
        for entry in entries {
            let given = Set(entry.labels.map(\.label))
            for (i, first) in order.enumerated() where given.contains(first) {
                for second in order[(i + 1)...] where given.contains(second) { present.insert(LabelPair(first, second)) }
            }
        }
        var options: [LabelPair] = []
        for (i, first) in order.enumerated() {
            for second in order[(i + 1)...] where present.contains(LabelPair(first, second)) { options.append(LabelPair(first, second)) }
        }
        return options
    }

    /// Annotators with a label on a loaded item, by name.
    public var annotatorOptions: [String] {
        Set(entries.flatMap { $0.labels.map(\.annotator) }).sorted()
    }

    /// nil → first → … → last → nil.
    static func next<T: Equatable>(after current: T?, in options: [T]) -> T? {
        guard let current else { return options.first }
        guard let index = options.firstIndex(of: current), index + 1 < options.count else { return nil }
        return options[index + 1]
    }

    private mutating func filtersChanged() {
        status = nil
        if selected == nil {
            reselect(near: 0)
        } else {
            keepSelectionInView()
        }
    }

    // MARK: - Selection and scrolling

    static func bodyRows(_ size: Size) -> Int { max(0, size.height - headerRows - footerRows) }
    static func itemsPerPage(_ size: Size) -> Int { max(1, bodyRows(size) / rowsPerItem) }

    private mutating func move(by offset: Int) {
        let list = visible
        guard !list.isEmpty else { return }
        let index = min(max(0, (selectedIndex ?? 0) + offset), list.count - 1)
        if list[index].id != selectedId {
            selectedId = list[index].id
            detailScroll = 0
        }
        keepSelectionInView()
    }

    /// Selects the visible item at `position` (or the last one), or nothing when none shows.
    private mutating func reselect(near position: Int) {
        let list = visible
        let id = list.isEmpty ? nil : list[min(position, list.count - 1)].id
        if id != selectedId { detailScroll = 0 }
        selectedId = id
        keepSelectionInView()
    }

    private mutating func keepSelectionInView() {
        let count = visible.count
        let page = Self.itemsPerPage(size)
        let index = selectedIndex ?? 0
        if index < listTop { listTop = index }
        if index >= listTop + page { listTop = index - page + 1 }
        listTop = max(0, min(listTop, count - page))
    }

    private mutating func scrollDetail(by offset: Int) {
        detailScroll = max(0, min(detailScroll + offset, maxDetailScroll()))
    }

    /// How far the detail can scroll: until its last line shows above the bottom row.
    func maxDetailScroll() -> Int {
        let lines = detailLines(width: Self.detailWidth(size)).count
        let height = Self.bodyRows(size)
        return lines <= height ? 0 : lines - height + 1
    }

    private mutating func setStatus(_ text: String, _ style: Style) {
        status = StatusLine(text: text, style: style)
    }
}

extension ReviewState: Screen {}
