import Foundation
import GRDB

/// The SQLite store's whole-store operations: reading every table (one read transaction, so one
/// consistent moment), loading a snapshot into an empty file, and what the schema holds.
extension AppDatabase {
    /// A stored time (GRDB's "YYYY-MM-DD HH:MM:SS.SSS", UTC) as milliseconds since 1970, and back.
    private static func milliseconds(_ column: String) -> String {
        "CAST(round((julianday(\(column)) - 2440587.5) * 86400000.0) AS INTEGER)"
    }
    private static let storedTime = "strftime('%Y-%m-%d %H:%M:%f', ? / 1000.0, 'unixepoch')"

    public func snapshot() throws -> StoreSnapshot {
        try reader.read { db in
            var snapshot = StoreSnapshot()
            func each(_ sql: String, _ body: (Row) throws -> Void) throws {
                let rows = try Row.fetchCursor(db, sql: sql)
                while let row = try rows.next() { try body(row) }
            }
            try each("SELECT id, name, role, attributes FROM annotator ORDER BY id") {
                snapshot.annotators.append(.init(id: $0[0], name: $0[1], role: $0[2], attributes: $0[3]))
            }
            try each("""
                SELECT id, external_id, text, lang, metadata, split, id_hash, text_hash, \(Self.milliseconds("imported_at"))
                FROM item ORDER BY id
                """) {
                snapshot.items.append(.init(id: $0[0], externalId: $0[1], text: $0[2], lang: $0[3], metadata: $0[4], split: $0[5],
                                            idHash: $0[6], textHash: $0[7], importedAt: $0[8]))
            }
            try each("""
                SELECT id, \(Self.milliseconds("created_at")), encoder, labels, parameters, data, metrics, seconds, model
                FROM run ORDER BY id
                """) {
                snapshot.runs.append(.init(id: $0[0], createdAt: $0[1], encoder: $0[2], labels: $0[3], parameters: $0[4], data: $0[5],
                                           metrics: $0[6], seconds: $0[7], model: $0[8] ?? Data()))
            }
            try each("""
                SELECT id, item_id, annotator_id, label, flags, note, seconds, origin, \(Self.milliseconds("created_at")),
                       prediction_shown, model_run, model_label
                FROM annotation ORDER BY id
                """) {
                snapshot.annotations.append(.init(id: $0[0], item: $0[1], annotator: $0[2], label: $0[3], flags: $0[4], note: $0[5],
                                                  seconds: $0[6], origin: $0[7], createdAt: $0[8], predictionShown: $0[9],
                                                  modelRun: $0[10], modelLabel: $0[11]))
            }
            try each("SELECT annotation_id, \(Self.milliseconds("created_at")) FROM retraction ORDER BY annotation_id") {
                snapshot.retractions.append(.init(annotation: $0[0], createdAt: $0[1]))
            }
            try each("SELECT id, item_id, lead_id, label, reason, \(Self.milliseconds("created_at")) FROM adjudication ORDER BY id") {
                snapshot.adjudications.append(.init(id: $0[0], item: $0[1], lead: $0[2], label: $0[3], reason: $0[4], createdAt: $0[5]))
            }
            try each("""
                SELECT item_id, encoder, dimension, vector, \(Self.milliseconds("created_at")) FROM embedding ORDER BY encoder, item_id
                """) {
                snapshot.embeddings.append(.init(item: $0[0], encoder: $0[1], dimension: $0[2], vector: $0[3] ?? Data(), createdAt: $0[4]))
            }
            try each("SELECT run_id, item_id, probabilities FROM prediction ORDER BY run_id, item_id") {
                snapshot.predictions.append(.init(run: $0[0], item: $0[1], probabilities: $0[2] ?? Data()))
            }
            return snapshot
        }
    }

    public func storeCounts() throws -> StoreCounts {
        try reader.read(Self.counts)
    }

    /// Loads `snapshot` into this store, which must hold no items, labels, runs or vectors: one
    /// transaction, ids kept, the database's own rules (triggers, foreign keys, checks) applied
    /// to every row, and each table's row count compared with the snapshot's before the commit.
    public func load(_ snapshot: StoreSnapshot) throws {
        try writer.writeWithoutTransaction { try $0.execute(sql: "PRAGMA cache_size = -262144") }
        defer { try? writer.writeWithoutTransaction { try $0.execute(sql: "PRAGMA cache_size = -2000") } }
        do {
            try writer.write { db in
                let found = try Self.counts(db)
                guard found.holdsNoProjectData else { throw AnnotationStoreError.destinationNotEmpty(found.description) }
                try db.execute(sql: "DELETE FROM lease; DELETE FROM annotator")
                // Indexes built once from all the keys, as a bulk import does.
                try db.execute(sql: Schema.dropItemIndexes)
                let time = Self.storedTime
                let annotator = try FastInsert(db, sql: "INSERT INTO annotator(id, name, role, attributes) VALUES (?, ?, ?, ?)")
                let leads = snapshot.adjudicationLeads
                for row in snapshot.annotators {
                    try annotator.run(.integer(row.id), .text(row.name), .text(leads.contains(row.id) ? "lead" : row.role), .text(row.attributes))
                }
                let item = try FastInsert(db, sql: """
                    INSERT INTO item(id, external_id, text, lang, metadata, split, id_hash, text_hash, imported_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, \(time))
                    """)
                for row in snapshot.items {
                    try item.run(.integer(row.id), .text(row.externalId), .text(row.text), row.lang.map { .text($0) } ?? .null,
                                 .text(row.metadata), .text(row.split), .integer(row.idHash), .integer(row.textHash), .integer(row.importedAt))
                }
                try db.execute(sql: Schema.itemIndexes)
                let run = try FastInsert(db, sql: """
                    INSERT INTO run(id, created_at, encoder, labels, parameters, data, metrics, seconds, model)
                    VALUES (?, \(time), ?, ?, ?, ?, ?, ?, ?)
                    """)
                for row in snapshot.runs {
                    try run.run(.integer(row.id), .integer(row.createdAt), .text(row.encoder), .text(row.labels), .text(row.parameters),
                                .text(row.data), .text(row.metrics), .real(row.seconds), .blob(row.model))
                }
                let annotation = try FastInsert(db, sql: """
                    INSERT INTO annotation(id, item_id, annotator_id, label, flags, note, seconds, origin, created_at,
                                           prediction_shown, model_run, model_label)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, \(time), ?, ?, ?)
                    """)
                for row in snapshot.annotations {
                    try annotation.run(.integer(row.id), .integer(row.item), .integer(row.annotator), .text(row.label), .text(row.flags),
                                       row.note.map { .text($0) } ?? .null, row.seconds.map { .real($0) } ?? .null, .text(row.origin),
                                       .integer(row.createdAt), row.predictionShown.map { .integer($0 ? 1 : 0) } ?? .null,
                                       row.modelRun.map { .integer($0) } ?? .null, row.modelLabel.map { .text($0) } ?? .null)
                }
                let retraction = try FastInsert(db, sql: "INSERT INTO retraction(annotation_id, created_at) VALUES (?, \(time))")
                for row in snapshot.retractions { try retraction.run(.integer(row.annotation), .integer(row.createdAt)) }
                let adjudication = try FastInsert(db, sql: """
                    INSERT INTO adjudication(id, item_id, lead_id, label, reason, created_at) VALUES (?, ?, ?, ?, ?, \(time))
                    """)
                for row in snapshot.adjudications {
                    try adjudication.run(.integer(row.id), .integer(row.item), .integer(row.lead), .text(row.label), .text(row.reason),
                                         .integer(row.createdAt))
                }
                for row in snapshot.annotators where leads.contains(row.id) && row.role != "lead" {
                    try db.execute(sql: "UPDATE annotator SET role = ? WHERE id = ?", arguments: [row.role, row.id])
                }
                let embedding = try FastInsert(db, sql: """
                    INSERT INTO embedding(item_id, encoder, dimension, vector, created_at) VALUES (?, ?, ?, ?, \(time))
                    """)
                for row in snapshot.embeddings {
                    try embedding.run(.integer(row.item), .text(row.encoder), .integer(Int64(row.dimension)), .blob(row.vector),
                                      .integer(row.createdAt))
                }
                let prediction = try FastInsert(db, sql: "INSERT INTO prediction(run_id, item_id, probabilities) VALUES (?, ?, ?)")
                for row in snapshot.predictions {
                    try prediction.run(.integer(row.run), .integer(row.item), .blob(row.probabilities))
                }
                let loaded = try Self.counts(db)
                guard loaded == snapshot.counts else {
                    throw AnnotationStoreError.copyCountsDiffer(expected: snapshot.counts.description, found: loaded.description)
                }
            }
        } catch let error as DatabaseError {
            throw AnnotationStoreError.loadRefused(error.message ?? error.description)
        }
    }

    private static func counts(_ db: Database) throws -> StoreCounts {
        func count(_ table: String) throws -> Int { try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0 }
        return StoreCounts(annotators: try count("annotator"), items: try count("item"), runs: try count("run"),
                           annotations: try count("annotation"), retractions: try count("retraction"),
                           adjudications: try count("adjudication"), embeddings: try count("embedding"),
                           predictions: try count("prediction"))
    }

    public func schemaFacts() throws -> SchemaFacts {
        try reader.read { db in
            let migrator = Schema.migrator
            let triggers = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'"))
            var guards: Set<StoreGuard> = []
            let required: [StoreGuard: [String]] = [
                .annotationAppendOnly: ["annotation_is_append_only_update", "annotation_is_append_only_delete"],
                .retractionAppendOnly: ["retraction_is_append_only_update", "retraction_is_append_only_delete"],
                .adjudicationAppendOnly: ["adjudication_is_append_only_update", "adjudication_is_append_only_delete"],
                .adjudicationByLead: ["adjudication_by_lead"],
            ]
            for (rule, names) in required where names.allSatisfy(triggers.contains) { guards.insert(rule) }
            return SchemaFacts(backend: "sqlite", version: try migrator.appliedIdentifiers(db).count,
                               latestVersion: migrator.migrations.count, guards: guards)
        }
    }
}
