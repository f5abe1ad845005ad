/// What the review screen needs to know about the project and who is reviewing.
public struct ReviewSetup: Sendable, Equatable {
    public var projectName: String
    public var lead: String
    /// The project's labels and their keys (the same keys as on the annotate screen).
    public var labels: [Choice]
    /// The metadata columns that define slices (opine.toml's `slices`); `lang` means the
    /// item's language.
    public var sliceColumns: [String]

    public init(projectName: String, lead: String, labels: [Choice], sliceColumns: [String] = []) {
        self.projectName = projectName
        self.lead = lead
        self.labels = labels
        self.sliceColumns = sliceColumns
    }
}

/// The three reasons an item is in the review list.
public enum ReviewReasonKind: String, Sendable, Hashable, CaseIterable {
    /// Annotators gave different labels.
    case disagreement
    /// The latest model strongly doubts the gold label.
    case suspect
    /// The lexicon's reading and the model's prediction differ.
    case conflict
}

/// One reason an item is in the list, with the sentence that explains it.
public struct ReviewReasonView: Sendable, Hashable {
    public var kind: ReviewReasonKind
    /// "annotators disagree (vote entropy 0.92, opposite labels)".
    public var summary: String

    public init(kind: ReviewReasonKind, summary: String) {
        self.kind = kind
        self.summary = summary
    }
}

/// An annotator's current label on an item.
public struct AnnotatorLabel: Sendable, Hashable {
    public var annotator: String
    public var label: String
    public var flags: [String]
    public var note: String?

    public init(annotator: String, label: String, flags: [String] = [], note: String? = nil) {
        self.annotator = annotator
        self.label = label
        self.flags = flags
        self.note = note
    }
}

/// A lead's gold label on an item, with the reason they gave.
public struct AdjudicationView: Sendable, Hashable {
    public var lead: String
    public var label: String
    public var reason: String

    public init(lead: String, label: String, reason: String) {
        self.lead = lead
        self.label = label
        self.reason = reason
    }
}

/// An item on the review list, with everything the lead weighs.
public struct ReviewEntry: Sendable, Equatable {
    public var id: String
    public var text: String
    public var language: String?
    public var split: String
    public var metadata: [MetadataField]
    /// Why the item is here, most important first.
    public var reasons: [ReviewReasonView]
    public var labels: [AnnotatorLabel]
    /// The latest adjudication, if a lead settled the item.
    public var adjudication: AdjudicationView?
    /// The gold label by the project's rule (adjudication, else majority), nil when split.
    public var gold: String?
    /// How `gold` was chosen, as `opine export` names it ("majority", "no_majority"…).
    public var goldMethod: String
    /// The latest run's probabilities, when a run exists and the item was embedded.
    public var prediction: [LabelProbability]?

    public init(
        id: String, text: String, language: String? = nil, split: String = "train", metadata: [MetadataField] = [],
        reasons: [ReviewReasonView], labels: [AnnotatorLabel], adjudication: AdjudicationView? = nil,
        gold: String? = nil, goldMethod: String = "no_majority", prediction: [LabelProbability]? = nil
    ) {
        self.id = id
        self.text = text
        self.language = language
        self.split = split
        self.metadata = metadata
        self.reasons = reasons
        self.labels = labels
        self.adjudication = adjudication
        self.gold = gold
        self.goldMethod = goldMethod
        self.prediction = prediction
    }

    /// The distinct labels annotators gave, in the order given.
    public var givenLabels: [String] {
        var seen: Set<String> = []
        return labels.map(\.label).filter { seen.insert($0).inserted }
    }

    /// The value of a slice column: `lang` (or `language`) is the item's language, any other
    /// column a metadata field.
    public func sliceValue(_ column: String) -> String? {
        if column == "lang" || column == "language" { return language }
        return metadata.first { $0.key == column }?.value
    }
}

/// The review list as the runtime loaded it.
public struct ReviewData: Sendable, Equatable {
    public var entries: [ReviewEntry]
    /// The latest training run ("run 4"), or nil before the first `opine train`.
    public var model: String?

    public init(entries: [ReviewEntry], model: String?) {
        self.entries = entries
        self.model = model
    }
}

/// A slice of the items: a column and one of its values (`lang` = `ja`).
public struct SliceFilter: Sendable, Hashable, CustomStringConvertible {
    public var column: String
    public var value: String

    public init(column: String, value: String) {
        self.column = column
        self.value = value
    }

    public var description: String { "\(column)=\(value)" }
}

/// Two labels that were both given to an item (`negative+positive`), in the project's order.
public struct LabelPair: Sendable, Hashable, CustomStringConvertible {
    public var first: String
    public var second: String

    public init(_ first: String, _ second: String) {
        self.first = first
        self.second = second
    }

    public var description: String { "\(first)+\(second)" }
}

/// Which items the list shows. nil: no filter of that kind.
public struct ReviewFilters: Sendable, Equatable {
    public var reason: ReviewReasonKind?
    public var slice: SliceFilter?
    public var pair: LabelPair?
    public var annotator: String?
    /// Whether adjudicated items stay on the list.
    public var showAdjudicated: Bool

    public init(reason: ReviewReasonKind? = nil, slice: SliceFilter? = nil, pair: LabelPair? = nil,
                annotator: String? = nil, showAdjudicated: Bool = false) {
        self.reason = reason
        self.slice = slice
        self.pair = pair
        self.annotator = annotator
        self.showAdjudicated = showAdjudicated
    }

    /// Whether any filter narrows the list (showing adjudicated items widens it).
    public var isActive: Bool { reason != nil || slice != nil || pair != nil || annotator != nil }

    public func admits(_ entry: ReviewEntry) -> Bool {
        if entry.adjudication != nil && !showAdjudicated { return false }
        if let reason, !entry.reasons.contains(where: { $0.kind == reason }) { return false }
        if let slice, entry.sliceValue(slice.column) != slice.value { return false }
        if let pair {
            let given = Set(entry.labels.map(\.label))
            if !given.contains(pair.first) || !given.contains(pair.second) { return false }
        }
        if let annotator, !entry.labels.contains(where: { $0.annotator == annotator }) { return false }
        return true
    }
}

/// What the screen asks the runtime to store: one adjudication, one transaction.
public struct AdjudicationToSave: Sendable, Equatable {
    public var item: String
    public var label: String
    public var reason: String

    public init(item: String, label: String, reason: String) {
        self.item = item
        self.label = label
        self.reason = reason
    }
}

/// Events the review screen reacts to.
public enum ReviewMessage: Sendable, Equatable {
    case keyPressed(Key, at: Double)
    case resized(Size)
    case loaded(ReviewData)
    case loadFailed(String)
    /// The store committed the adjudication of `item`.
    case adjudicated(item: String, AdjudicationView)
    case adjudicationFailed(item: String, reason: String)
    /// Others labelled or adjudicated since the list was loaded (the runtime watches the store).
    case othersChanged
}

extension ReviewMessage: ScreenMessage {}

/// What the runtime is asked to do for the review screen.
public enum ReviewEffect: Sendable, Equatable {
    case load
    case adjudicate(AdjudicationToSave)
    case quit
}

/// What a key does on the review screen.
public enum ReviewAction: Sendable, Equatable {
    case adjudicate(String)
    case up
    case down
    case pageUp
    case pageDown
    case first
    case last
    case focusDetail
    case focusList
    case cycleReason
    case cycleSlice
    case cyclePair
    case cycleAnnotator
    case toggleAdjudicated
    case clearFilters
    case reload
    case help
    case quit
}
