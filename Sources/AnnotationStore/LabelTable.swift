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

extension AppDatabase {
    public func labelTable() throws -> LabelTable {
        try reader.read { db in
            var names: [Int64: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, name FROM annotator") { names[row["id"]] = row["name"] }
            let annotatorIds = names.keys.sorted()
            let annotatorIndex = Dictionary(uniqueKeysWithValues: annotatorIds.enumerated().map { ($1, Int32($0)) })

            // (item, annotator) → label index, latest wins; items in first-seen order are
            // re-sorted by row id below.
            var latest: [Int64: (label: Int32, sequence: Int64, time: Int64)] = [:]
            var labels: [String] = []
            var labelBytes: [[UInt8]] = []
            let statement = try db.makeStatement(sql: """
                SELECT a.item_id, a.annotator_id, a.label, a.id, CAST(strftime('%s', a.created_at) AS INTEGER) FROM live_annotation a
                ORDER BY a.id
                """)
            let handle = statement.sqliteStatement
            let stride = Int64(annotatorIds.count + 1)
            while true {
                let code = sqlite3_step(handle)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else {
                    sqlite3_reset(handle)
                    throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "reading labels failed")
                }
                let item = sqlite3_column_int64(handle, 0)
                guard let annotator = annotatorIndex[sqlite3_column_int64(handle, 1)] else { continue }
                // Labels are few: intern them by comparing bytes instead of making a String per row.
                let count = Int(sqlite3_column_bytes(handle, 2))
                guard let text = sqlite3_column_text(handle, 2) else { continue }
                let bytes = UnsafeBufferPointer(start: text, count: count)
                var label = labelBytes.firstIndex { $0.elementsEqual(bytes) }
                if label == nil {
                    labelBytes.append(Array(bytes))
                    labels.append(String(decoding: bytes, as: UTF8.self))
                    label = labelBytes.count - 1
                }
                latest[item * stride + Int64(annotator)] = (Int32(label ?? 0), sqlite3_column_int64(handle, 3), sqlite3_column_int64(handle, 4))
            }
            sqlite3_reset(handle)

            var itemIndex: [Int64: Int32] = [:]
            let itemRowIds = Set(latest.keys.map { $0 / stride }).sorted()
            for (index, rowId) in itemRowIds.enumerated() { itemIndex[rowId] = Int32(index) }
            var entries: [LabelTable.Entry] = []
            entries.reserveCapacity(latest.count)
            for (key, value) in latest {
                guard let item = itemIndex[key / stride] else { continue }
                entries.append(LabelTable.Entry(item: item, annotator: Int32(key % stride), label: value.label,
                                                sequence: value.sequence, time: value.time))
            }
            entries.sort { ($0.item, $0.annotator) < ($1.item, $1.annotator) }
            return LabelTable(annotators: annotatorIds.compactMap { names[$0] }, labels: labels,
                              itemRowIds: itemRowIds, entries: entries)
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
