/// The annotate screen: its state, `update(message) -> [effect]` (no I/O), and `render`
/// (in AnnotateRender.swift). The runtime in the executable performs the effects against the
/// database and feeds their results back as messages.
public struct AnnotateState: Sendable, Equatable {
    public static let minimumSize = Size.screenMinimum

    public enum Mode: Sendable, Equatable {
        case browsing
        case editingNote(NoteEditor)
        case help
        /// The guidelines page, scrolled down by this many lines.
        case guidelines(scroll: Int)
    }

    /// The item the queue handed out, with what is being given to it.
    public struct Front: Sendable, Equatable {
        public var item: ItemView
        public var shownAt: Double
        public var draft: Draft
    }

    public enum Queue: Sendable, Equatable {
        case loading
        case showing(Front)
        case empty
    }

    /// An item labelled since the screen opened, with its current label.
    public struct LabelledItem: Sendable, Equatable {
        public var item: ItemView
        public var label: String
        public var draft: Draft
    }

    /// Looking back at `history[index]`.
    public struct Revisit: Sendable, Equatable {
        public var index: Int
        public var shownAt: Double
        public var draft: Draft
    }

    /// What the runtime is doing for the screen; keys that would start another write wait.
    public enum Pending: Sendable, Equatable {
        case save(LabelToSave, revisit: Bool)
        case undo
        case load
    }

    public let setup: AnnotateSetup
    public let keys: KeyMap<AnnotateAction>
    public let openedAt: Double
    public private(set) var size: Size
    /// The time of the latest message (for the labels-per-minute figure).
    public private(set) var now: Double
    public private(set) var queue: Queue = .loading
    public private(set) var history: [LabelledItem] = []
    public private(set) var revisit: Revisit?
    public private(set) var skipped: [String] = []
    public private(set) var progress: ProjectProgress?
    public private(set) var pending: Pending?
    public private(set) var mode: Mode = .browsing
    /// Lines of the item's text scrolled out of view above.
    public private(set) var scroll = 0
    public private(set) var status: StatusLine?
    public private(set) var quitting = false
    /// A retrain is running in the background.
    public private(set) var training = false
    /// Labels given since the last retrain started (for `setup.retrainEvery`).
    public private(set) var labelsSinceTraining = 0
    /// What the model panel says when the item has no prediction.
    public var modelStatus = AnnotateStrings.noModel
    /// What the hints panel says when the item has no hint spans.
    public var hintStatus = AnnotateStrings.noHints

    public init(setup: AnnotateSetup, size: Size, at time: Double) {
        self.setup = setup
        self.keys = AnnotateKeys.map(for: setup)
        self.size = size
        self.openedAt = time
        self.now = time
    }

    /// The effects that open the screen: ask for the first item.
    public mutating func start() -> [AnnotateEffect] {
        pending = .load
        return [.loadNext(skipping: skipped)]
    }

    /// The item on screen: a revisited one, else the queue's.
    public var shownItem: ItemView? {
        if let revisit { return history[revisit.index].item }
        if case .showing(let front) = queue { return front.item }
        return nil
    }

    /// The flags and note being given to the item on screen.
    public var draft: Draft? {
        if let revisit { return revisit.draft }
        if case .showing(let front) = queue { return front.draft }
        return nil
    }

    /// Labels given on this screen (changed labels count once per item).
    public var sessionLabels: Int { history.count }

    // MARK: - Update

    public mutating func update(_ message: AnnotateMessage) -> [AnnotateEffect] {
        switch message {
        case .keyPressed(let key, let time):
            now = max(now, time)
            return keyPressed(key)
        case .resized(let newSize):
            size = newSize
            scroll = min(scroll, maxScroll())
            return []
        case .itemLoaded(let item, let time):
            now = max(now, time)
            if pending == .load { pending = nil }
            queue = .showing(Front(item: item, shownAt: time, draft: Draft()))
            if revisit == nil { scroll = 0 }
            return []
        case .queueEmpty(let time):
            now = max(now, time)
            if pending == .load { pending = nil }
            queue = .empty
            return []
        case .progressLoaded(let loaded):
            progress = loaded
            return []
        case .labelSaved(let saved):
            return labelSaved(saved)
        case .itemFull(let item):
            pending = nil
            setStatus(AnnotateStrings.itemFull(item, overlap: setup.overlap), .warning)
            if case .showing(let front) = queue, front.item.id == item { return loadNext() }
            return []
        case .saveFailed(let reason):
            pending = nil
            setStatus(AnnotateStrings.saveFailed(reason), .error)
            return []
        case .labelUndone(let undone):
            pending = nil
            guard let undone else {
                setStatus(AnnotateStrings.nothingToUndo, .muted)
                return []
            }
            labelUndone(undone)
            return []
        case .undoFailed(let reason):
            pending = nil
            setStatus(AnnotateStrings.undoFailed(reason), .error)
            return []
        case .loadFailed(let reason):
            if pending == .load { pending = nil }
            setStatus(AnnotateStrings.loadFailed(reason), .error)
            return []
        case .retrainFinished(let text):
            training = false
            setStatus(text, .warning)
            return []
        case .modelLoaded(let text):
            modelStatus = AnnotateStrings.noModelForItem
            setStatus(text, .muted)
            return []
        case .modelUnavailable(let text):
            modelStatus = AnnotateStrings.noModel
            setStatus(text, .error)
            return []
        }
    }

    private mutating func keyPressed(_ key: Key) -> [AnnotateEffect] {
        switch mode {
        case .help:
            mode = .browsing
            return []
        case .guidelines(let scroll):
            switch key {
            case .up: mode = .guidelines(scroll: max(0, scroll - 1))
            case .down: mode = .guidelines(scroll: min(scroll + 1, guidelinesMaxScroll()))
            case .pageUp: mode = .guidelines(scroll: max(0, scroll - (size.height - 2)))
            case .pageDown, .character(" "): mode = .guidelines(scroll: min(scroll + size.height - 2, guidelinesMaxScroll()))
            default: mode = .browsing
            }
            return []
        case .editingNote(var editor):
            switch editor.handle(key) {
            case .editing:
                mode = .editingNote(editor)
            case .kept(let note):
                mode = .browsing
                updateDraft { $0.note = note }
                setStatus(note == nil ? AnnotateStrings.noteCleared : AnnotateStrings.noteKept, .muted)
            case .cancelled:
                mode = .browsing
                setStatus(AnnotateStrings.noteDiscarded, .muted)
            }
            return []
        case .browsing:
            break
        }
        switch keys.dispatch(key, at: size, minimum: Self.minimumSize, quit: .quit) {
        case .action(let action): return perform(action)
        case .unbound: setStatus(AnnotateStrings.unknownKey(key), .muted)
        case .hidden: break
        }
        return []
    }

    private mutating func perform(_ action: AnnotateAction) -> [AnnotateEffect] {
        switch action {
        case .label(let label):
            return giveLabel(label)
        case .toggleFlag(let flag):
            guard draft != nil else {
                setStatus(AnnotateStrings.nothingToLabel, .muted)
                return []
            }
            var isOn = false
            let order = setup.flags.map(\.name)
            updateDraft { draft in
                if draft.flags.contains(flag) {
                    draft.flags.removeAll { $0 == flag }
                } else {
                    draft.flags.append(flag)
                    draft.flags.sort { (order.firstIndex(of: $0) ?? 0) < (order.firstIndex(of: $1) ?? 0) }
                    isOn = true
                }
            }
            setStatus(isOn ? AnnotateStrings.flagOn(flag) : AnnotateStrings.flagOff(flag), .muted)
            return []
        case .note:
            guard let draft else {
                setStatus(AnnotateStrings.nothingToLabel, .muted)
                return []
            }
            mode = .editingNote(NoteEditor(text: draft.note ?? ""))
            status = StatusLine(text: AnnotateStrings.noteEditorHelp, style: .muted)
            return []
        case .undo:
            guard pending == nil else { return busy() }
            pending = .undo
            return [.undoLast]
        case .skip:
            if revisit != nil {
                revisit = nil
                scroll = 0
                return []
            }
            guard pending == nil else { return busy() }
            guard case .showing(let front) = queue else {
                setStatus(AnnotateStrings.nothingToLabel, .muted)
                return []
            }
            skipped.append(front.item.id)
            setStatus(AnnotateStrings.skipped(front.item.id), .muted)
            return loadNext()
        case .back:
            guard !history.isEmpty else {
                setStatus(AnnotateStrings.nothingLabelledYet, .muted)
                return []
            }
            let index = revisit.map { $0.index - 1 } ?? history.count - 1
            guard index >= 0 else {
                setStatus(AnnotateStrings.firstOfSession, .muted)
                return []
            }
            show(revisitOf: index)
            return []
        case .forward:
            guard let current = revisit else {
                setStatus(AnnotateStrings.newest, .muted)
                return []
            }
            if current.index + 1 < history.count {
                show(revisitOf: current.index + 1)
            } else {
                revisit = nil
                scroll = 0
                status = nil
            }
            return []
        case .scrollUp:
            scroll = max(0, scroll - 1)
            return []
        case .scrollDown:
            scroll = min(scroll + 1, maxScroll())
            return []
        case .retrain:
            guard !training else {
                setStatus(AnnotateStrings.alreadyTraining, .muted)
                return []
            }
            return startTraining()
        case .help:
            mode = .help
            return []
        case .guidelines:
            mode = .guidelines(scroll: 0)
            if setup.guidelines.isEmpty { setStatus(AnnotateStrings.noGuidelines, .muted) }
            return []
        case .quit:
            quitting = true
            return [.quit]
        }
    }

    private mutating func giveLabel(_ label: String) -> [AnnotateEffect] {
        guard pending == nil else { return busy() }
        let save: LabelToSave
        if let revisit {
            let entry = history[revisit.index]
            save = LabelToSave(item: entry.item.id, label: label, flags: revisit.draft.flags, note: revisit.draft.note,
                               seconds: now - revisit.shownAt)
        } else if case .showing(let front) = queue {
            save = LabelToSave(item: front.item.id, label: label, flags: front.draft.flags, note: front.draft.note,
                               seconds: now - front.shownAt)
        } else {
            setStatus(AnnotateStrings.nothingToLabel, .muted)
            return []
        }
        pending = .save(save, revisit: revisit != nil)
        return [.saveLabel(save)]
    }

    private mutating func labelSaved(_ saved: SavedLabel) -> [AnnotateEffect] {
        guard case .save(let save, let wasRevisit)? = pending, save.item == saved.item else { return [] }
        pending = nil
        let draft = Draft(flags: save.flags, note: save.note)
        if wasRevisit, let index = history.firstIndex(where: { $0.item.id == saved.item }) {
            history[index].label = saved.label
            history[index].draft = draft
            // Moves on, as a label does on a new item.
            if index + 1 < history.count {
                show(revisitOf: index + 1)
            } else {
                revisit = nil
                scroll = 0
            }
            setStatus(AnnotateStrings.changed(item: saved.item, label: saved.label, previous: saved.previousLabel), .positive)
            return []
        }
        guard case .showing(let front) = queue, front.item.id == saved.item else { return [] }
        history.append(LabelledItem(item: front.item, label: saved.label, draft: draft))
        if saved.previousLabel == nil, var counts = progress {
            counts.annotatorItems += 1
            counts.filledSlots += 1
            progress = counts
        }
        setStatus(AnnotateStrings.saved(label: saved.label, item: saved.item), .positive)
        labelsSinceTraining += 1
        if setup.retrainEvery > 0, labelsSinceTraining >= setup.retrainEvery, !training {
            return loadNext() + startTraining()
        }
        return loadNext()
    }

    /// Asks for a retrain in the background; typing goes on while it runs.
    private mutating func startTraining() -> [AnnotateEffect] {
        training = true
        labelsSinceTraining = 0
        setStatus(AnnotateStrings.retraining, .muted)
        return [.retrain]
    }

    private mutating func labelUndone(_ undone: UndoneLabel) {
        setStatus(AnnotateStrings.undone(label: undone.label, item: undone.item.id, restored: undone.restoredLabel), .muted)
        let index = history.lastIndex { $0.item.id == undone.item.id }
        if let restored = undone.restoredLabel {
            // An earlier label of the annotator's stands again; the item stays labelled.
            if let index { history[index].label = restored }
            return
        }
        var draft = Draft()
        if let index {
            draft = history[index].draft
            history.remove(at: index)
        }
        if var counts = progress {
            counts.annotatorItems -= 1
            counts.filledSlots -= 1
            progress = counts
        }
        // The item is unlabelled again: it comes back to be labelled. The item it replaces
        // is still first in the queue and comes back after it.
        revisit = nil
        scroll = 0
        queue = .showing(Front(item: undone.item, shownAt: now, draft: draft))
    }

    private mutating func loadNext() -> [AnnotateEffect] {
        pending = .load
        queue = .loading
        return [.loadNext(skipping: skipped)]
    }

    private mutating func show(revisitOf index: Int) {
        let entry = history[index]
        revisit = Revisit(index: index, shownAt: now, draft: entry.draft)
        scroll = 0
        status = nil
    }

    private mutating func updateDraft(_ change: (inout Draft) -> Void) {
        if var current = revisit {
            change(&current.draft)
            revisit = current
        } else if case .showing(var front) = queue {
            change(&front.draft)
            queue = .showing(front)
        }
    }

    private mutating func busy() -> [AnnotateEffect] {
        setStatus(AnnotateStrings.busy, .muted)
        return []
    }

    private mutating func setStatus(_ text: String, _ style: Style) {
        status = StatusLine(text: text, style: style)
    }
}

extension AnnotateState: Screen {}
