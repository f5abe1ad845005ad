import Foundation

/// Every row of a project's store, table by table, ids kept: what `opine db copy` moves from one
/// store to another and `opine db check` reads. JSON columns are the text the store holds, so a
/// copy changes no byte of them. Times are whole milliseconds since 1970, the finest both stores
/// hold (SQLite keeps milliseconds, PostgreSQL microseconds).
///
/// Leases are left out: they are a running session's reservations, not the project's data, and
/// a copy is made while nobody is annotating. So is the server's per-label request key, which
/// only matters to a retry in flight.
public struct StoreSnapshot: Equatable, Sendable {
    public struct Annotator: Equatable, Sendable {
        public var id: Int64, name: String, role: String, attributes: String
    }
    public struct Item: Equatable, Sendable {
        public var id: Int64, externalId: String, text: String, lang: String?, metadata: String, split: String
        public var idHash: Int64, textHash: Int64, importedAt: Int64
    }
    public struct Run: Equatable, Sendable {
        public var id: Int64, createdAt: Int64, encoder: String, labels: String, parameters: String, data: String
        public var metrics: String, seconds: Double, model: Data
    }
    public struct Annotation: Equatable, Sendable {
        public var id: Int64, item: Int64, annotator: Int64, label: String, flags: String, note: String?, seconds: Double?
        public var origin: String, createdAt: Int64, predictionShown: Bool?, modelRun: Int64?, modelLabel: String?
    }
    public struct Retraction: Equatable, Sendable {
        public var annotation: Int64, createdAt: Int64
    }
    public struct Adjudication: Equatable, Sendable {
        public var id: Int64, item: Int64, lead: Int64, label: String, reason: String, createdAt: Int64
    }
    public struct Embedding: Equatable, Sendable {
        public var item: Int64, encoder: String, dimension: Int, vector: Data, createdAt: Int64
    }
    public struct Prediction: Equatable, Sendable {
        public var run: Int64, item: Int64, probabilities: Data
    }

    public var annotators: [Annotator] = []
    public var items: [Item] = []
    public var runs: [Run] = []
    public var annotations: [Annotation] = []
    public var retractions: [Retraction] = []
    public var adjudications: [Adjudication] = []
    public var embeddings: [Embedding] = []
    public var predictions: [Prediction] = []

    public init() {}

    /// Everyone who gave a gold label. A load stores them as leads until their adjudications are
    /// in, then gives them their roles of today: a lead demoted since adjudicating is not a forgery
    /// (the source's trigger checked the role when the gold label was given), and the copy keeps it.
    public var adjudicationLeads: Set<Int64> { Set(adjudications.map(\.lead)) }

    /// Rows per table, in the order a load inserts them (each table after those it refers to).
    public var counts: StoreCounts {
        StoreCounts(annotators: annotators.count, items: items.count, runs: runs.count, annotations: annotations.count,
                    retractions: retractions.count, adjudications: adjudications.count, embeddings: embeddings.count,
                    predictions: predictions.count)
    }
}

/// How many rows each table of a store holds.
public struct StoreCounts: Equatable, Sendable, Codable, CustomStringConvertible {
    public var annotators = 0, items = 0, runs = 0, annotations = 0, retractions = 0, adjudications = 0
    public var embeddings = 0, predictions = 0

    public init(annotators: Int = 0, items: Int = 0, runs: Int = 0, annotations: Int = 0, retractions: Int = 0,
                adjudications: Int = 0, embeddings: Int = 0, predictions: Int = 0) {
        self.annotators = annotators
        self.items = items
        self.runs = runs
        self.annotations = annotations
        self.retractions = retractions
        self.adjudications = adjudications
        self.embeddings = embeddings
        self.predictions = predictions
    }

    /// The tables by name, in load order.
    public var tables: [(name: String, rows: Int)] {
        [("annotator", annotators), ("item", items), ("run", runs), ("annotation", annotations), ("retraction", retractions),
         ("adjudication", adjudications), ("embedding", embeddings), ("prediction", predictions)]
    }

    /// Nothing but (perhaps) annotators: a store a copy may load into. Annotators alone are what
    /// opening a project writes; a load replaces them with the source's.
    public var holdsNoProjectData: Bool { tables.dropFirst().allSatisfy { $0.rows == 0 } }

    public var description: String { tables.map { "\($0.name) \($0.rows)" }.joined(separator: ", ") }
}

/// A rule the database itself enforces (a trigger), so that no client can break it.
public enum StoreGuard: String, CaseIterable, Sendable, Codable {
    case annotationAppendOnly = "annotation_append_only"
    case retractionAppendOnly = "retraction_append_only"
    case adjudicationAppendOnly = "adjudication_append_only"
    case adjudicationByLead = "adjudication_by_lead"
}

/// What a store says about its own schema: the migrations applied and the guards in place.
public struct SchemaFacts: Equatable, Sendable {
    /// "sqlite" or "postgresql".
    public var backend: String
    public var version: Int
    public var latestVersion: Int
    public var guards: Set<StoreGuard>

    public init(backend: String, version: Int, latestVersion: Int, guards: Set<StoreGuard>) {
        self.backend = backend
        self.version = version
        self.latestVersion = latestVersion
        self.guards = guards
    }
}
