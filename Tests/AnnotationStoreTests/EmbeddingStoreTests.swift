import Foundation
import Testing
@testable import AnnotationStore

@Suite struct EmbeddingStoreTests {
    func database() throws -> AppDatabase {
        let database = try AppDatabase.inMemory()
        let rows = (1...4).map { ImportRow(line: $0 + 1, externalId: "i\($0)", text: "text \($0)") }
        _ = try database.importRows(rows, file: "seed.csv", annotator: nil, splits: SplitFractions())
        return database
    }

    @Test("vectors are stored per encoder; a second encoder's vectors never mix with the first's")
    func perEncoder() throws {
        let db = try database()
        let pending = try db.itemsWithoutEmbedding(encoder: "hash-a")
        #expect(pending.map(\.externalId) == ["i1", "i2", "i3", "i4"])
        try db.storeEmbeddings([(pending[0].rowId, [1, 2, 3]), (pending[2].rowId, [4, 5, 6])], encoder: "hash-a")
        try db.storeEmbeddings([(pending[1].rowId, [9, 9])], encoder: "hash-b")

        #expect(try db.itemsWithoutEmbedding(encoder: "hash-a").map(\.externalId) == ["i2", "i4"])
        let set = try db.embeddings(encoder: "hash-a")
        #expect(set.externalIds == ["i1", "i3"])
        #expect(set.dimension == 3)
        #expect(set.values == [1, 2, 3, 4, 5, 6])
        #expect(try db.embeddingCount(encoder: "hash-b") == 1)
    }

    @Test("imported vectors are matched by id, all or nothing")
    func importById() throws {
        let db = try database()
        #expect(throws: AnnotationStoreError.unknownItem("nope")) {
            try db.importEmbeddings([("i1", [1, 0]), ("nope", [0, 1])], encoder: "ext")
        }
        #expect(try db.embeddingCount(encoder: "ext") == 0)
        try db.importEmbeddings([("i1", [1, 0]), ("i4", [0, 1])], encoder: "ext")
        #expect(try db.embeddings(encoder: "ext").externalIds == ["i1", "i4"])
    }

    @Test("a stored vector of the wrong size is left out whole: ids and rows stay aligned")
    func wrongSize() throws {
        let db = try database()
        let pending = try db.itemsWithoutEmbedding(encoder: "e")
        try db.storeEmbeddings(pending.map { ($0.rowId, [Float($0.rowId), 0, 1]) }, encoder: "e")
        // A damaged blob, 2 floats where the dimension says 3 (the schema's CHECK refuses one,
        // so only a file damaged outside Opine can hold it).
        try db.execute(sql: """
            PRAGMA ignore_check_constraints = ON;
            UPDATE embedding SET vector = zeroblob(8) WHERE item_id = \(pending[1].rowId);
            PRAGMA ignore_check_constraints = OFF;
            """)
        let set = try db.embeddings(encoder: "e")
        #expect(set.externalIds == ["i1", "i3", "i4"])
        #expect(set.rowIds == [pending[0].rowId, pending[2].rowId, pending[3].rowId])
        #expect(set.values == [Float(pending[0].rowId), 0, 1, Float(pending[2].rowId), 0, 1, Float(pending[3].rowId), 0, 1])
    }
}
