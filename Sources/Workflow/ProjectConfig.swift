import AnnotationStore

/// A label or flag and the key that gives it on the annotation screen.
public struct KeyedChoice: Sendable, Equatable, Codable {
    public var name: String
    public var key: String
    /// What the label means, for annotators (`definition = "…"`): the guidelines page and help.
    public var definition: String?
    /// Texts that carry the label (`examples = ["…"]`).
    public var examples: [String]

    public init(name: String, key: String, definition: String? = nil, examples: [String] = []) {
        self.name = name
        self.key = key
        self.definition = definition
        self.examples = examples
    }
}

/// How the queue orders the items an annotator may label next.
public enum QueueStrategy: String, Sendable, CaseIterable, Codable {
    /// The annotator's own seeded random order.
    case random
    /// Smallest margin between the model's top two labels first.
    case uncertain
    /// Items where the lexicon's label and the model's differ, most confident disagreement first.
    case conflict
    /// Conflicts and uncertainty together: both scores added.
    case blend
    /// Items from the slice (the first slice column) with the fewest labels so far first.
    case sliceBalanced = "slice-balanced"

    /// The order comes from the latest model's predictions.
    public var usesModel: Bool { self == .uncertain || self == .conflict || self == .blend }
}

/// The `[annotate]` section: how the annotation screen runs.
public struct AnnotateSettings: Sendable, Equatable {
    public var queue: QueueStrategy = .random
    /// Retrain the head in the background after this many labels given on the screen
    /// (0: only when `t` is pressed).
    public var retrainEvery = 50
    /// The share of items shown without the model's prediction, chosen at random per item
    /// and recorded with the label, so the stats can measure anchoring.
    public var blindFraction = 0.1
    /// How long an item handed out on the screen (or by `opine next`) stays reserved for its
    /// annotator; a session that vanished gives its items back when this runs out.
    public var leaseMinutes = 10.0

    public init() {}
}

/// How the dev split takes part in training the head.
public enum DevSplitUse: String, Sendable, CaseIterable, Codable {
    /// Choose C on dev when it holds enough gold items, else by cross-validation on train.
    case auto
    /// Always choose C on dev (training refuses a dev split with fewer than two labels).
    case select
    /// Train on dev too; C by cross-validation.
    case train
}

/// The `[train]` section: how the classifier head is trained, by `opine train` and by the
/// screen's background retrain alike.
public struct TrainSettings: Sendable, Equatable {
    /// A fixed C (no search), or nil to choose it from `grid`.
    public var c: Double?
    /// The candidate Cs, or nil for the built-in grid.
    public var grid: [Double]?
    /// Weight classes inversely to their frequency.
    public var balanced = false
    /// Append the lexicon's compound score to each embedding.
    public var lexiconFeature = false
    public var devSplit: DevSplitUse = .auto
    /// Cross-validation folds on train.
    public var folds = 5
    public var seed: UInt64 = 2026
    /// Reweigh training items by this slice column (Kamiran & Calders), or nil for none.
    public var reweighBy: String?

    public init() {}
}

/// Everything `opine.toml` says, validated. Built only by `ProjectConfig.parse`.
public struct ProjectConfig: Sendable, Equatable {
    public var name: String
    public var labels: [KeyedChoice]
    /// Whether the labels are ordered as listed (weighted κ, ordinal α).
    public var ordinal: Bool
    public var flags: [KeyedChoice]
    /// How many annotators label each item.
    public var overlap: Int
    public var annotators: [AnnotatorProfile]
    /// A model name in Opine's model cache, or nil when `encoderPath` is set.
    public var encoderName: String?
    public var encoderPath: String?
    public var lexiconLanguages: [String]
    /// Metadata columns whose values define bias slices.
    public var sliceColumns: [String]
    public var splits: SplitFractions
    public var annotate = AnnotateSettings()
    public var train = TrainSettings()
    /// `[store] url`: the project's PostgreSQL store (`postgres://user@host:5432/db`); nil for
    /// the SQLite file beside opine.toml.
    public var storeURL: String?
    /// `[guidelines] file`: a markdown file of annotation guidelines, relative to opine.toml.
    public var guidelinesFile: String?

    public static let defaultLabels = [
        KeyedChoice(name: "negative", key: "1"),
        KeyedChoice(name: "neutral", key: "2"),
        KeyedChoice(name: "positive", key: "3"),
    ]
    public static let defaultFlags = [
        KeyedChoice(name: "sarcasm", key: "z"),
        KeyedChoice(name: "irony", key: "i"),
        KeyedChoice(name: "mixed", key: "m"),
        KeyedChoice(name: "unsure", key: "x"),
    ]
    public static let defaultEncoder = "all-MiniLM-L6-v2"

    /// Keys the annotation screen keeps for itself: undo, skip, note, train, quit, help, space.
    public static let reservedKeys: Set<String> = ["u", "s", "n", "t", "q", "?", " "]

    public var labelNames: [String] { labels.map(\.name) }
    public var flagNames: [String] { flags.map(\.name) }

    /// The label named `nameOrKey`, accepting its key too (`1` for `negative`).
    public func label(_ nameOrKey: String) -> String? {
        labels.first { $0.name == nameOrKey || $0.key == nameOrKey }?.name
    }

    public func flag(_ nameOrKey: String) -> String? {
        flags.first { $0.name == nameOrKey || $0.key == nameOrKey }?.name
    }

    public func annotator(_ name: String) -> AnnotatorProfile? {
        annotators.first { $0.name == name }
    }
}
