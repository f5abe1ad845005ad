import Digest
import GRDB

/// What the annotation screen's queue needs, read once when the screen opens, so that moving
/// to the next item never scans the item table (a project may hold millions of items).
public struct QueueSnapshot: Sendable, Equatable {
    /// Items the annotator may label, in their seeded random order (the order `opine next`
    /// uses): no current label of theirs, fewer than `overlap` annotators. Item row ids.
    public var order: [Int64]
    /// Current annotators per item, for the items in `order` that have any.
    public var annotators: [Int64: Int]
    /// Each item's value of the slice column, when one was asked for (items without a
    /// value are absent).
    public var sliceValues: [Int64: String]
    /// Current labels per slice value over the whole project, when a slice column was asked
    /// for ("" for the items without a value).
    public var labelsPerSlice: [String: Int]

    public init(order: [Int64], annotators: [Int64: Int] = [:], sliceValues: [Int64: String] = [:], labelsPerSlice: [String: Int] = [:]) {
        self.order = order
        self.annotators = annotators
        self.sliceValues = sliceValues
        self.labelsPerSlice = labelsPerSlice
    }
}

extension AppDatabase {
    /// The queue snapshot for one annotator. `sliceColumn` is a metadata key or `lang`.
    public func queueSnapshot(annotator: String, overlap: Int, sliceColumn: String? = nil) throws -> QueueSnapshot {
        try writer.read { db in
            guard let annotatorId = try Int64.fetchOne(db, sql: "SELECT id FROM annotator WHERE name = ?", arguments: [annotator]) else {
                throw AnnotationStoreError.unknownAnnotator(annotator)
            }
            var annotators: [Int64: Int] = [:]
            var mine: Set<Int64> = []
            let pairs = try Row.fetchCursor(db, sql: """
                SELECT DISTINCT a.item_id, a.annotator_id FROM live_annotation a
                """)
            while let row = try pairs.next() {
                let item: Int64 = row[0]
                annotators[item, default: 0] += 1
                if row[1] as Int64 == annotatorId { mine.insert(item) }
            }

            let seed = UInt64(bitPattern: Int64(bitPattern: StableHash.of("queue:" + annotator)))
            var ranked: [(rank: Int64, id: Int64)] = []
            var sliceValues: [Int64: String] = [:]
            var labelsPerSlice: [String: Int] = [:]
            // "lang" and "split" are columns of their own; anything else is a metadata key.
            let builtIn = sliceColumn == "lang" || sliceColumn == "split"
            let sliceSQL = sliceColumn.map { builtIn ? $0 : "json_extract(metadata, '$.' || json_quote(?))" }
            let cursor = try Row.fetchCursor(
                db, sql: "SELECT id, id_hash\(sliceSQL.map { ", " + $0 } ?? "") FROM item",
                arguments: sliceColumn.map { builtIn ? [] : [$0] } ?? [])
            while let row = try cursor.next() {
                let id: Int64 = row[0]
                let count = annotators[id] ?? 0
                if sliceColumn != nil {
                    // Items without a value form a slice of their own, keyed "".
                    let value = row[2] as String? ?? ""
                    if count > 0 { labelsPerSlice[value, default: 0] += count }
                    if !value.isEmpty { sliceValues[id] = value }
                }
                guard count < overlap, !mine.contains(id) else { continue }
                let hash: Int64 = row[1]
                ranked.append((Int64(bitPattern: StableHash.mix(UInt64(bitPattern: hash) ^ seed)), id))
            }
            ranked.sort { ($0.rank, $0.id) < ($1.rank, $1.id) }
            let order = ranked.map(\.id)
            return QueueSnapshot(
                order: order, annotators: annotators.filter { $0.value < overlap && !mine.contains($0.key) },
                sliceValues: sliceValues, labelsPerSlice: labelsPerSlice)
        }
    }

    /// The row id of the item `externalId`, nil when there is none.
    public func rowId(of externalId: String) throws -> Int64? {
        try writer.read { db in
            try Int64.fetchOne(db, sql: "SELECT id FROM item WHERE external_id = ?", arguments: [externalId])
        }
    }

    /// One item by its row id (the queue's handle on it).
    public func item(rowId: Int64) throws -> StoredItem? {
        try writer.read { db in
            try StoredItem.fetchOne(db.cachedStatement(sql: "SELECT \(StoredItem.columns) FROM item WHERE id = ?"), arguments: [rowId])
        }
    }
}
