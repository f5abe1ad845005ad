import Foundation
import GRDB
import GRDBSQLite

/// Every annotator's current label, compactly: what agreement statistics need, read in one
/// pass over the log without building a record per label.
public struct LabelTable: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        /// Index into `itemRowIds`.
        public var item: Int32
        /// Index into `annotators`.
        public var annotator: Int32
        /// Index into `labels`.
        public var label: Int32
        /// The label's place in the log (its annotation id): a clock that orders an annotator's labels.
        public var sequence: Int64
        /// When the label was given, in seconds since 1970 (UTC).
        public var time: Int64
    }

    public var annotators: [String]
    public var labels: [String]
    /// The items with at least one current label, in import order.
    public var itemRowIds: [Int64]
    public var entries: [Entry]
}

/// Each (item, annotator)'s latest label from the live log, read in any order: the highest
/// sequence wins. Both stores build their `LabelTable` with it.
///
/// Rows are collected as columns, then each (item, annotator) gets a slot in a dense table over
/// the items' row-id range (row ids are dense in practice), which also yields items and entries
/// in order without a sort; sparse ids fall back to sorting the rows.
struct LatestLabels {
    let annotatorCount: Int
    /// Label names by code, and the sequence of each one's first use (the table lists labels
    /// in the order the log first used them, as the log's rows may come in another order).
    private(set) var labels: [String] = []
    private var labelFirstSequence: [Int64] = []
    private var items: [Int64] = [], annotators: [Int32] = [], codes: [Int32] = []
    private var sequences: [Int64] = [], times: [Int64] = []

    init(annotatorCount: Int, capacity: Int = 0) {
        self.annotatorCount = annotatorCount
        items.reserveCapacity(capacity)
        annotators.reserveCapacity(capacity)
        codes.reserveCapacity(capacity)
        sequences.reserveCapacity(capacity)
        times.reserveCapacity(capacity)
    }

    /// The UTF-8 of each label, for `code(of:)`.
    private var labelBytes: [[UInt8]] = []

    /// The code of the label spelled by `bytes` (its index in `labels`), added when new. Labels
    /// are few: they are interned by comparing bytes rather than by making a String per row.
    mutating func code(of bytes: UnsafeRawBufferPointer) -> Int32 {
        if let index = labelBytes.firstIndex(where: { $0.elementsEqual(bytes) }) { return Int32(index) }
        labelBytes.append(Array(bytes))
        labels.append(String(decoding: bytes, as: UTF8.self))
        labelFirstSequence.append(.max)
        return Int32(labels.count - 1)
    }

    /// `annotator` in 0..<annotatorCount, `label` a code from `code(of:)`.
    mutating func add(item: Int64, annotator: Int32, label: Int32, sequence: Int64, time: Int64) {
        if sequence < labelFirstSequence[Int(label)] { labelFirstSequence[Int(label)] = sequence }
        items.append(item)
        annotators.append(annotator)
        codes.append(label)
        sequences.append(sequence)
        times.append(time)
    }

    /// Items by row id, entries by item then annotator, labels by first use.
    func table(annotators names: [String]) -> LabelTable {
        // Labels seen only in rows left out (retracted) are not listed.
        let order = labels.indices.filter { labelFirstSequence[$0] < .max }.sorted { labelFirstSequence[$0] < labelFirstSequence[$1] }
        var recode = [Int32](repeating: 0, count: labels.count)
        for (new, old) in order.enumerated() { recode[old] = Int32(new) }
        var itemRowIds: [Int64] = []
        var entries: [LabelTable.Entry] = []
        func emit(_ row: Int) {
            if itemRowIds.last != items[row] { itemRowIds.append(items[row]) }
            entries.append(LabelTable.Entry(item: Int32(itemRowIds.count - 1), annotator: annotators[row], label: recode[Int(codes[row])],
                                            sequence: sequences[row], time: times[row]))
        }
        for row in latestRows() { emit(row) }
        return LabelTable(annotators: names, labels: order.map { labels[$0] }, itemRowIds: itemRowIds, entries: entries)
    }

    /// The row of each (item, annotator)'s highest sequence, ordered by item then annotator.
    private func latestRows() -> [Int] {
        guard let low = items.min(), let high = items.max() else { return [] }
        let width = annotatorCount
        let (range, wide) = high.subtractingReportingOverflow(low)
        let (span, overflow) = (range &+ 1).multipliedReportingOverflow(by: Int64(width))
        if !wide, !overflow, span > 0, span <= max(4 * Int64(items.count), 1 << 16) {
            var slots = [Int32](repeating: -1, count: Int(span))
            for row in items.indices {
                let slot = Int(items[row] - low) * width + Int(annotators[row])
                let kept = slots[slot]
                if kept < 0 || sequences[Int(kept)] < sequences[row] { slots[slot] = Int32(row) }
            }
            var rows: [Int] = []
            rows.reserveCapacity(items.count)
            for slot in slots where slot >= 0 { rows.append(Int(slot)) }
            return rows
        }
        let sorted = items.indices.sorted {
            (items[$0], annotators[$0], sequences[$0]) < (items[$1], annotators[$1], sequences[$1])
        }
        return sorted.indices.compactMap { position in
            let row = sorted[position]
            guard position + 1 < sorted.count else { return row }
            let next = sorted[position + 1]
            return items[next] == items[row] && annotators[next] == annotators[row] ? nil : row
        }
    }
}

extension AppDatabase {
    public func labelTable() throws -> LabelTable {
        try reader.read { db in
            var names: [Int64: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, name FROM annotator") { names[row["id"]] = row["name"] }
            let annotatorIds = names.keys.sorted()
            let annotatorIndex = Dictionary(uniqueKeysWithValues: annotatorIds.enumerated().map { ($1, Int32($0)) })

            var latest = LatestLabels(annotatorCount: annotatorIds.count)
            let statement = try db.makeStatement(sql: """
                SELECT a.item_id, a.annotator_id, a.label, a.id, CAST(strftime('%s', a.created_at) AS INTEGER) FROM live_annotation a
                ORDER BY a.id
                """)
            let handle = statement.sqliteStatement
            while true {
                let code = sqlite3_step(handle)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else {
                    sqlite3_reset(handle)
                    throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "reading labels failed")
                }
                guard let annotator = annotatorIndex[sqlite3_column_int64(handle, 1)] else { continue }
                guard let text = sqlite3_column_text(handle, 2) else { continue }
                let label = latest.code(of: UnsafeRawBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, 2))))
                latest.add(item: sqlite3_column_int64(handle, 0), annotator: annotator, label: label,
                           sequence: sqlite3_column_int64(handle, 3), time: sqlite3_column_int64(handle, 4))
            }
            sqlite3_reset(handle)
            return latest.table(annotators: annotatorIds.compactMap { names[$0] })
        }
    }

    /// An item column or metadata field's value for every item, by row id ("lang" and "split"
    /// read those columns; anything else is a metadata key).
    public func itemValues(column: String) throws -> [Int64: String] {
        try reader.read { db in
            let builtIn = column == "lang" || column == "split"
            let sql = builtIn
                ? "SELECT id, \(column) FROM item"
                : "SELECT id, json_extract(metadata, '$.' || json_quote(?)) FROM item"
            var values: [Int64: String] = [:]
            let rows = try Row.fetchCursor(db, sql: sql, arguments: builtIn ? [] : [column])
            while let row = try rows.next() {
                if let value = row[1] as String? { values[row[0]] = value }
            }
            return values
        }
    }
}

extension AppDatabase {
    public func itemImportTimes() throws -> [Int64: Date] {
        try reader.read { db in
            var times: [Int64: Date] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT id, imported_at FROM item")
            while let row = try rows.next() {
                if let time = row[1] as Date? { times[row[0]] = time }
            }
            return times
        }
    }

    /// Each adjudicated item's latest gold label, by row id.
    public func adjudicatedLabels() throws -> [Int64: String] {
        try reader.read { db in
            var labels: [Int64: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT item_id, label FROM adjudication ORDER BY id") {
                labels[row["item_id"]] = row["label"]
            }
            return labels
        }
    }
}
