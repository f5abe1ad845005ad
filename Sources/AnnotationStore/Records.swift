import Foundation

/// What an annotator may do: every annotator labels; leads also adjudicate.
public enum Role: String, Sendable, Codable, CaseIterable {
    case annotator
    case lead
}

/// An annotator as the project file declares them.
public struct AnnotatorProfile: Sendable, Equatable, Codable {
    public var name: String
    public var role: Role
    /// Free attributes (region, native language…) that define annotator slices.
    public var attributes: [String: String]

    public init(name: String, role: Role, attributes: [String: String] = [:]) {
        self.name = name
        self.role = role
        self.attributes = attributes
    }
}

public enum Split: String, Sendable, Codable, CaseIterable {
    case train, dev, test
}

/// The configured share of items in each split. An item's split follows from its id alone,
/// so re-importing the same data reproduces the same splits.
public struct SplitFractions: Sendable, Equatable, Codable {
    public var train: Double
    public var dev: Double
    public var test: Double

    public init(train: Double = 0.8, dev: Double = 0.1, test: Double = 0.1) {
        self.train = train
        self.dev = dev
        self.test = test
    }

    /// The split for a value drawn uniformly from [0, 1).
    public func split(at unit: Double) -> Split {
        let total = train + dev + test
        if unit * total < train { return .train }
        if unit * total < train + dev { return .dev }
        return .test
    }
}

/// Where a label was given: the command line, an import of an earlier round, or the screen.
public enum LabelOrigin: String, Sendable, Codable {
    case cli, `import`, screen
}

/// One row of a data file, ready to be stored.
public struct ImportRow: Sendable, Equatable {
    /// The row's 1-based line in its file, for messages.
    public var line: Int
    public var externalId: String
    public var text: String
    public var lang: String?
    /// A JSON object holding the row's other columns.
    public var metadataJSON: String
    /// The row's label by the file's annotator (`importRows(annotator:)`).
    public var label: String?
    public var flags: [String]
    /// Labels by named annotators, with their notes and times: files written by other tools,
    /// where one record carries several annotators' answers.
    public var labels: [ImportedLabel]

    public init(line: Int, externalId: String, text: String, lang: String? = nil,
                metadataJSON: String = "{}", label: String? = nil, flags: [String] = [], labels: [ImportedLabel] = []) {
        self.line = line
        self.externalId = externalId
        self.text = text
        self.lang = lang
        self.metadataJSON = metadataJSON
        self.label = label
        self.flags = flags
        self.labels = labels
    }
}

/// One annotator's label in an imported record. Stored like any imported label (origin
/// `import`); an annotator's label equal to their current one on the item is not added again.
public struct ImportedLabel: Sendable, Equatable {
    public var annotator: String
    public var label: String
    public var flags: [String]
    public var note: String?
    /// When it was given (nil: the time of the import).
    public var createdAt: Date?

    public init(annotator: String, label: String, flags: [String] = [], note: String? = nil, createdAt: Date? = nil) {
        self.annotator = annotator
        self.label = label
        self.flags = flags
        self.note = note
        self.createdAt = createdAt
    }
}

/// A row that an import left out, and why.
public struct SkippedRow: Sendable, Equatable, Codable {
    public enum Reason: String, Sendable, Codable {
        /// The id appeared earlier in the same file.
        case duplicateId = "duplicate_id"
        /// The same text is already stored, or appeared earlier in the file, under another id.
        case duplicateText = "duplicate_text"
    }

    public var line: Int
    public var externalId: String
    public var reason: Reason
    /// The id that already holds this text (for duplicate texts) or the line that first used the id.
    public var firstSeen: String
}

public struct ImportSummary: Sendable, Equatable, Codable {
    public var rows = 0
    public var itemsAdded = 0
    /// Rows whose id and text were already stored: only their label (if any) was taken.
    public var itemsAlreadyPresent = 0
    public var labelsAdded = 0
    /// Labels identical to the annotator's current label on the item, so not added again.
    public var labelsUnchanged = 0
    public var skipped: [SkippedRow] = []

    public init() {}

    public var duplicateIds: Int { skipped.filter { $0.reason == .duplicateId }.count }
    public var duplicateTexts: Int { skipped.filter { $0.reason == .duplicateText }.count }
}

/// A label as the store recorded it.
/// What the screen showed of the model when a label was given.
public struct ModelExposure: Sendable, Equatable, Codable {
    /// The run whose prediction it was.
    public var run: Int64
    /// The label that run predicted for the item.
    public var predictedLabel: String
    /// Whether the prediction was on screen (false: held back, the blind fraction).
    public var shown: Bool

    public init(run: Int64, predictedLabel: String, shown: Bool) {
        self.run = run
        self.predictedLabel = predictedLabel
        self.shown = shown
    }
}

/// An annotator's current label with what the model predicted when it was given.
public struct ExposedLabel: Sendable, Equatable, Codable {
    public var item: String
    public var annotator: String
    public var label: String
    public var exposure: ModelExposure
}

public struct RecordedLabel: Sendable, Equatable, Codable {
    public var annotationId: Int64
    public var item: String
    public var annotator: String
    public var label: String
    public var flags: [String]
    /// The annotator's label on this item before this one, if they changed their mind.
    public var previousLabel: String?
}

/// A label that undo took back.
public struct RetractedLabel: Sendable, Equatable, Codable {
    public var annotationId: Int64
    public var item: String
    public var annotator: String
    public var label: String
    /// The annotator's label on the item now that this one is retracted, if any.
    public var restoredLabel: String?
}

/// An item as stored. Its identity: `externalId` is the one users see and files carry;
/// `rowId` is the store's handle on it (queues, embeddings and predictions are keyed by it).
public struct StoredItem: Sendable, Equatable, Codable {
    public var rowId: Int64
    public var externalId: String
    public var text: String
    public var lang: String?
    public var metadataJSON: String
    public var split: Split

    /// `rowId` 0: an item not read from a store (tests, previews).
    public init(rowId: Int64 = 0, externalId: String, text: String, lang: String?, metadataJSON: String, split: Split) {
        self.rowId = rowId
        self.externalId = externalId
        self.text = text
        self.lang = lang
        self.metadataJSON = metadataJSON
        self.split = split
    }

    /// The item's metadata in key order, each value as text (JSON null as "null", numbers
    /// and nested values as their JSON text): what screens and `opine next` show.
    public var metadata: [(key: String, value: String)] {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(metadataJSON.utf8))) as? [String: Any] else { return [] }
        return object.keys.sorted().map { key in
            switch object[key] {
            case let text as String: return (key, text)
            case is NSNull, nil: return (key, "null")
            case let other?: return (key, "\(other)")
            }
        }
    }
}

/// An annotator's current label on an item.
public struct CurrentLabel: Sendable, Equatable, Codable {
    public var annotator: String
    public var label: String
    public var flags: [String]
    public var note: String?
    public var createdAt: Date

    public init(annotator: String, label: String, flags: [String], note: String?, createdAt: Date) {
        self.annotator = annotator
        self.label = label
        self.flags = flags
        self.note = note
        self.createdAt = createdAt
    }
}

public struct Adjudication: Sendable, Equatable, Codable {
    public var lead: String
    public var label: String
    public var reason: String
    public var createdAt: Date

    public init(lead: String, label: String, reason: String, createdAt: Date) {
        self.lead = lead
        self.label = label
        self.reason = reason
        self.createdAt = createdAt
    }
}

/// An item with everything that decides its gold label.
public struct ItemLabels: Sendable, Equatable {
    public var item: StoredItem
    public var labels: [CurrentLabel]
    public var adjudication: Adjudication?

    public init(item: StoredItem, labels: [CurrentLabel], adjudication: Adjudication?) {
        self.item = item
        self.labels = labels
        self.adjudication = adjudication
    }
}

public struct ProjectCounts: Sendable, Equatable, Codable {
    public var items: Int
    public var itemsPerSplit: [String: Int]
    /// Items with at least one current label.
    public var labelledItems: Int
    /// Items whose current labels reach the overlap target.
    public var completeItems: Int
    /// Current labels (retracted and superseded ones excluded).
    public var labels: Int
    /// Sum over items of min(labels, overlap): the progress towards items × overlap.
    public var filledSlots: Int
    public var adjudicatedItems: Int
    public var labelsPerAnnotator: [String: Int]
}
