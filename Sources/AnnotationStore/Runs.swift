import Foundation
import GRDB

/// A stored training run. The JSON columns are written and read by the training code; the
/// store keeps them opaque.
public struct RunRecord: Sendable, Equatable {
    public var id: Int64
    public var createdAt: Date
    public var encoder: String
    public var labels: [String]
    public var parametersJSON: String
    public var dataJSON: String
    public var metricsJSON: String
    public var seconds: Double
    /// The fitted model, encoded by its owner.
    public var model: Data

    public init(id: Int64 = 0, createdAt: Date = Date(), encoder: String, labels: [String], parametersJSON: String,
                dataJSON: String, metricsJSON: String, seconds: Double, model: Data) {
        self.id = id
        self.createdAt = createdAt
        self.encoder = encoder
        self.labels = labels
        self.parametersJSON = parametersJSON
        self.dataJSON = dataJSON
        self.metricsJSON = metricsJSON
        self.seconds = seconds
        self.model = model
    }
}

extension AppDatabase {
    /// Stores a run; returns its id.
    @discardableResult
    public func saveRun(_ run: RunRecord) throws -> Int64 {
        try writer.write { db in
            try db.execute(sql: """
                INSERT INTO run(created_at, encoder, labels, parameters, data, metrics, seconds, model)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [run.createdAt, run.encoder, Self.encodeArray(run.labels), run.parametersJSON,
                                 run.dataJSON, run.metricsJSON, run.seconds, run.model])
            return db.lastInsertedRowID
        }
    }

    /// Every run, oldest first; `withModels: false` leaves the weights out.
    public func runs(withModels: Bool = false) throws -> [RunRecord] {
        try reader.read { db in
            try RunRecord.fetchAll(db, sql: "SELECT \(RunRecord.columns(withModel: withModels)) FROM run ORDER BY id")
        }
    }

    public func run(_ id: Int64) throws -> RunRecord? {
        try reader.read { db in
            try RunRecord.fetchOne(db, sql: "SELECT \(RunRecord.columns()) FROM run WHERE id = ?", arguments: [id])
        }
    }

    public func latestRun() throws -> RunRecord? {
        try reader.read { db in
            try RunRecord.fetchOne(db, sql: "SELECT \(RunRecord.columns()) FROM run ORDER BY id DESC LIMIT 1")
        }
    }

    /// Replaces a run's stored probabilities, in one transaction.
    public func storePredictions(run: Int64, _ rows: [(rowId: Int64, probabilities: [Float])]) throws {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM prediction WHERE run_id = ?", arguments: [run])
            let insert = try db.makeStatement(sql: "INSERT INTO prediction(run_id, item_id, probabilities) VALUES (?, ?, ?)")
            for (rowId, probabilities) in rows {
                try insert.execute(arguments: [run, rowId, Float32Blob.data(probabilities)])
            }
        }
    }

    /// A run's stored probabilities by item row id.
    public func predictions(run: Int64) throws -> [Int64: [Float]] {
        try reader.read { db in
            var result: [Int64: [Float]] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT item_id, probabilities FROM prediction WHERE run_id = ?", arguments: [run])
            while let row = try rows.next() {
                result[row["item_id"]] = Float32Blob.floats(row["probabilities"])
            }
            return result
        }
    }
}

extension RunRecord: FetchableRecord {
    /// The run table's columns as `RunRecord` reads them; without the weights, an empty blob.
    static func columns(withModel: Bool = true) -> String {
        "id, created_at, encoder, labels, parameters, data, metrics, seconds, " + (withModel ? "model" : "X'' AS model")
    }

    public init(row: Row) {
        self.init(id: row["id"], createdAt: row["created_at"], encoder: row["encoder"],
                  labels: AppDatabase.decodeArray(row["labels"]), parametersJSON: row["parameters"], dataJSON: row["data"],
                  metricsJSON: row["metrics"], seconds: row["seconds"], model: row["model"] ?? Data())
    }
}
