import Foundation

/// What every command and screen asks of a project's store, by intention. `AppDatabase`
/// (SQLite, the embedded default) and `PostgresProjectStore` (a team's server) implement it,
/// with the same invariants kept in the database itself:
/// an append-only label log, undo as a retraction, adjudication by leads only with a reason.
public protocol ProjectStore: Sendable {
    // MARK: - Project and items

    /// Makes the annotator table match the project file (names, roles, attributes).
    func syncAnnotators(_ profiles: [AnnotatorProfile]) throws
    /// Stores a whole file's rows in one transaction: every row or none.
    func importRows(_ rows: [ImportRow], file: String, annotator: String?, splits: SplitFractions) throws -> ImportSummary
    func item(_ externalId: String) throws -> StoredItem?
    func item(rowId: Int64) throws -> StoredItem?
    func rowId(of externalId: String) throws -> Int64?
    /// Each item's value of a column (`lang`, `split` or a metadata key), by row id.
    func itemValues(column: String) throws -> [Int64: String]
    /// When each item was imported, by row id: the rows of one import share a time.
    func itemImportTimes() throws -> [Int64: Date]

    // MARK: - Labels

    /// Appends one label, refusing a new annotator on an item that already has `overlap`.
    func recordLabel(item externalId: String, annotator: String, label: String, flags: [String], note: String?,
                     seconds: Double?, origin: LabelOrigin, overlap: Int, exposure: ModelExposure?) throws -> RecordedLabel
    /// Retracts the annotator's latest label given by hand; nil when there is nothing to undo.
    func retractLatest(annotator: String) throws -> RetractedLabel?
    /// A lead's gold label with its reason, in one transaction; anyone else is refused.
    func adjudicate(item externalId: String, lead: String, label: String, reason: String) throws -> Adjudication
    /// Reserves the item (a row id) for the annotator until `now + seconds`, if it still has
    /// room: its annotators and others' unexpired leases are fewer than `overlap` (an item the
    /// annotator already labelled or leased is theirs). false: hand out another item. A lease
    /// of a session that vanished simply expires; a label ends its annotator's lease.
    func lease(item rowId: Int64, annotator: String, overlap: Int, seconds: Double, now: Date) throws -> Bool
    /// Gives a lease back (a skip).
    func releaseLease(item rowId: Int64, annotator: String) throws
    /// The annotator's queue as the screen and `opine next` read it.
    func queueSnapshot(annotator: String, overlap: Int, sliceColumn: String?) throws -> QueueSnapshot

    // MARK: - Reading it back

    func counts(overlap: Int) throws -> ProjectCounts
    /// A number that grows whenever a label, an undo or an adjudication is stored, by anyone:
    /// the review and stats screens poll it to see others' work without a restart.
    func changeCounter() throws -> Int64
    func itemLabels() throws -> [ItemLabels]
    func labelTable() throws -> LabelTable
    func adjudicatedLabels() throws -> [Int64: String]
    func exposedLabels() throws -> [ExposedLabel]

    // MARK: - Embeddings, runs and predictions

    func itemsWithoutEmbedding(encoder: String) throws -> [PendingText]
    func storeEmbeddings(_ vectors: [(rowId: Int64, vector: [Float])], encoder: String) throws
    func importEmbeddings(_ vectors: [(externalId: String, vector: [Float])], encoder: String) throws
    func embeddingKeys() throws -> [(key: String, count: Int)]
    func embeddingCount(encoder: String) throws -> Int
    func embeddings(encoder: String) throws -> EmbeddingSet
    @discardableResult func saveRun(_ run: RunRecord) throws -> Int64
    func runs(withModels: Bool) throws -> [RunRecord]
    func run(_ id: Int64) throws -> RunRecord?
    func latestRun() throws -> RunRecord?
    func storePredictions(run: Int64, _ rows: [(rowId: Int64, probabilities: [Float])]) throws
    func predictions(run: Int64) throws -> [Int64: [Float]]

    // MARK: - The whole store (`opine db copy`, `opine db check`)

    /// Every table's rows (leases aside), read at one moment.
    func snapshot() throws -> StoreSnapshot
    func storeCounts() throws -> StoreCounts
    /// Loads a snapshot into this store, which holds no project data yet: all or nothing, ids
    /// kept, the store's own rules applied, row counts checked before the commit.
    func load(_ snapshot: StoreSnapshot) throws
    /// The schema's migrations and the rules (triggers) the database enforces.
    func schemaFacts() throws -> SchemaFacts
}

extension AppDatabase: ProjectStore {}

extension ProjectStore {
    public func queueSnapshot(annotator: String, overlap: Int) throws -> QueueSnapshot {
        try queueSnapshot(annotator: annotator, overlap: overlap, sliceColumn: nil)
    }

    /// Every run, oldest first, without the weights.
    public func runs() throws -> [RunRecord] { try runs(withModels: false) }
}
