import Foundation
import GRDB

/// An item that still needs a vector from some encoder.
public struct PendingText: Sendable, Equatable {
    public var rowId: Int64
    public var externalId: String
    public var text: String
}

/// Every stored vector of one encoder, as one row-major matrix.
public struct EmbeddingSet: Sendable, Equatable {
    public var rowIds: [Int64] = []
    public var externalIds: [String]
    public var dimension: Int
    /// `externalIds.count × dimension` floats, row-major.
    public var values: [Float]

    public var count: Int { externalIds.count }
}

extension AppDatabase {
    /// Items with no vector from `encoder`, in import order.
    public func itemsWithoutEmbedding(encoder: String) throws -> [PendingText] {
        try reader.read { db in
            try Row.fetchAll(db, sql: """
                SELECT i.id, i.external_id, i.text FROM item i
                WHERE NOT EXISTS (SELECT 1 FROM embedding e WHERE e.item_id = i.id AND e.encoder = ?)
                ORDER BY i.id
                """, arguments: [encoder]).map { PendingText(rowId: $0["id"], externalId: $0["external_id"], text: $0["text"]) }
        }
    }

    /// Stores a batch of vectors in one transaction: an interrupted run keeps every batch that
    /// committed and the next run starts after it.
    public func storeEmbeddings(_ vectors: [(rowId: Int64, vector: [Float])], encoder: String) throws {
        guard let dimension = vectors.first?.vector.count else { return }
        let now = Date()
        try writer.write { db in
            let insert = try db.makeStatement(sql: """
                INSERT OR REPLACE INTO embedding(item_id, encoder, dimension, vector, created_at) VALUES (?, ?, ?, ?, ?)
                """)
            for (rowId, vector) in vectors {
                precondition(vector.count == dimension, "vectors of one batch differ in dimension")
                let blob = Float32Blob.data(vector)
                try insert.execute(arguments: [rowId, encoder, dimension, blob, now])
            }
        }
    }

    /// Stores vectors computed elsewhere, by external id, all or nothing.
    public func importEmbeddings(_ vectors: [(externalId: String, vector: [Float])], encoder: String) throws {
        try writer.write { db in
            var rows: [(rowId: Int64, vector: [Float])] = []
            for (externalId, vector) in vectors {
                guard let rowId = try Int64.fetchOne(db, sql: "SELECT id FROM item WHERE external_id = ?", arguments: [externalId]) else {
                    throw AnnotationStoreError.unknownItem(externalId)
                }
                rows.append((rowId, vector))
            }
            let now = Date()
            let insert = try db.makeStatement(sql: """
                INSERT OR REPLACE INTO embedding(item_id, encoder, dimension, vector, created_at) VALUES (?, ?, ?, ?, ?)
                """)
            for (rowId, vector) in rows {
                try insert.execute(arguments: [rowId, encoder, vector.count, Float32Blob.data(vector), now])
            }
        }
    }

    /// Every encoder key with stored vectors, and how many.
    public func embeddingKeys() throws -> [(key: String, count: Int)] {
        try reader.read { db in
            try Row.fetchAll(db, sql: "SELECT encoder, count(*) AS n FROM embedding GROUP BY encoder ORDER BY n DESC")
                .map { (key: $0["encoder"], count: $0["n"]) }
        }
    }

    public func embeddingCount(encoder: String) throws -> Int {
        try reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM embedding WHERE encoder = ?", arguments: [encoder]) ?? 0 }
    }

    /// Every vector of `encoder`, in import order.
    public func embeddings(encoder: String) throws -> EmbeddingSet {
        try reader.read { db in
            var set = EmbeddingSet(externalIds: [], dimension: 0, values: [])
            let rows = try Row.fetchCursor(db, sql: """
                SELECT i.id, i.external_id, e.dimension, e.vector FROM embedding e JOIN item i ON i.id = e.item_id
                WHERE e.encoder = ? ORDER BY i.id
                """, arguments: [encoder])
            while let row = try rows.next() {
                let dimension: Int = row["dimension"]
                if set.dimension == 0 { set.dimension = dimension }
                guard dimension == set.dimension else { continue }
                let blob: Data = row["vector"]
                // A vector of the wrong size is left out whole, so ids and rows stay aligned.
                guard blob.count == 4 * dimension else { continue }
                set.rowIds.append(row["id"])
                set.externalIds.append(row["external_id"])
                let start = set.values.count
                set.values.append(contentsOf: repeatElement(0, count: dimension))
                set.values.withUnsafeMutableBytes { target in
                    blob.withUnsafeBytes { source in
                        UnsafeMutableRawBufferPointer(rebasing: target[(4 * start)...]).copyMemory(from: source)
                    }
                }
            }
            return set
        }
    }
}
