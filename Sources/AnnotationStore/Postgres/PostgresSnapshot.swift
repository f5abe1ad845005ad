import Foundation
import NIOCore
import PostgresNIO

/// The server store's whole-store operations, the twins of the SQLite store's: every table read
/// in one snapshot (REPEATABLE READ), a snapshot loaded into an empty database in one
/// transaction (arrays of columns unnested by the server), and what the schema holds.
extension PostgresProjectStore {
    private static func milliseconds(_ column: String) -> String { "round(extract(epoch FROM \(column)) * 1000)::bigint" }
    /// Milliseconds since 1970 back to a time, exactly (integer arithmetic on an interval).
    private static func time(_ column: String) -> String { "('epoch'::timestamptz + \(column) * interval '1 millisecond')" }

    public func snapshot() throws -> StoreSnapshot {
        try transaction { session in
            try session.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            var snapshot = StoreSnapshot()
            for row in try session.query("SELECT id, name, role, attributes FROM annotator ORDER BY id") {
                let (id, name, role, attributes) = try row.decode((Int64, String, String, String).self)
                snapshot.annotators.append(.init(id: id, name: name, role: role, attributes: attributes))
            }
            for row in try session.query(PostgresQuery(unsafeSQL: """
                SELECT id, external_id, text, lang, metadata, split, id_hash, text_hash, \(Self.milliseconds("imported_at"))
                FROM item ORDER BY id
                """)) {
                let (id, externalId, text, lang, metadata, split, idHash, textHash, imported) =
                    try row.decode((Int64, String, String, String?, String, String, Int64, Int64, Int64).self)
                snapshot.items.append(.init(id: id, externalId: externalId, text: text, lang: lang, metadata: metadata, split: split,
                                            idHash: idHash, textHash: textHash, importedAt: imported))
            }
            for row in try session.query(PostgresQuery(unsafeSQL: """
                SELECT id, \(Self.milliseconds("created_at")), encoder, labels, parameters, data, metrics, seconds, model
                FROM run ORDER BY id
                """)) {
                let (id, created, encoder, labels, parameters, data, metrics, seconds, model) =
                    try row.decode((Int64, Int64, String, String, String, String, String, Double, Data).self)
                snapshot.runs.append(.init(id: id, createdAt: created, encoder: encoder, labels: labels, parameters: parameters,
                                           data: data, metrics: metrics, seconds: seconds, model: model))
            }
            for row in try session.query(PostgresQuery(unsafeSQL: """
                SELECT id, item_id, annotator_id, label, flags, note, seconds, origin, \(Self.milliseconds("created_at")),
                       prediction_shown, model_run, model_label
                FROM annotation ORDER BY id
                """)) {
                let random = row.makeRandomAccess()
                let (id, item, annotator, label, flags, note, seconds, origin, created) =
                    try row.decode((Int64, Int64, Int64, String, String, String?, Double?, String, Int64).self)
                snapshot.annotations.append(.init(
                    id: id, item: item, annotator: annotator, label: label, flags: flags, note: note, seconds: seconds, origin: origin,
                    createdAt: created, predictionShown: try random[9].decode(Bool?.self), modelRun: try random[10].decode(Int64?.self),
                    modelLabel: try random[11].decode(String?.self)))
            }
            for row in try session.query(PostgresQuery(unsafeSQL: """
                SELECT annotation_id, \(Self.milliseconds("created_at")) FROM retraction ORDER BY annotation_id
                """)) {
                let (annotation, created) = try row.decode((Int64, Int64).self)
                snapshot.retractions.append(.init(annotation: annotation, createdAt: created))
            }
            for row in try session.query(PostgresQuery(unsafeSQL: """
                SELECT id, item_id, lead_id, label, reason, \(Self.milliseconds("created_at")) FROM adjudication ORDER BY id
                """)) {
                let (id, item, lead, label, reason, created) = try row.decode((Int64, Int64, Int64, String, String, Int64).self)
                snapshot.adjudications.append(.init(id: id, item: item, lead: lead, label: label, reason: reason, createdAt: created))
            }
            for row in try session.query(PostgresQuery(unsafeSQL: """
                SELECT item_id, encoder, dimension, vector, \(Self.milliseconds("created_at")) FROM embedding
                ORDER BY encoder COLLATE "C", item_id
                """)) {
                let (item, encoder, dimension, vector, created) = try row.decode((Int64, String, Int, Data, Int64).self)
                snapshot.embeddings.append(.init(item: item, encoder: encoder, dimension: dimension, vector: vector, createdAt: created))
            }
            for row in try session.query("SELECT run_id, item_id, probabilities FROM prediction ORDER BY run_id, item_id") {
                let (run, item, probabilities) = try row.decode((Int64, Int64, Data).self)
                snapshot.predictions.append(.init(run: run, item: item, probabilities: probabilities))
            }
            return snapshot
        }
    }

    public func storeCounts() throws -> StoreCounts {
        try transaction { try Self.counts($0) }
    }

    private static func counts(_ session: Session) throws -> StoreCounts {
        let tables = StoreCounts().tables.map { "(SELECT count(*) FROM \($0.name))::bigint" }.joined(separator: ", ")
        guard let row = try session.query(PostgresQuery(unsafeSQL: "SELECT \(tables)")).first else { return StoreCounts() }
        let (a, i, r, n, t, d, e, p) = try row.decode((Int, Int, Int, Int, Int, Int, Int, Int).self)
        return StoreCounts(annotators: a, items: i, runs: r, annotations: n, retractions: t, adjudications: d, embeddings: e, predictions: p)
    }

    /// Loads `snapshot` into this database, which must hold no items, labels, runs or vectors:
    /// one transaction, ids kept (the id sequences moved past them), the server's own rules
    /// applied to every row, and each table's row count compared with the snapshot's before the
    /// commit. A row the schema refuses is an error naming the rule; nothing is written.
    public func load(_ snapshot: StoreSnapshot) throws {
        try transaction { session in
            let found = try Self.counts(session)
            guard found.holdsNoProjectData else { throw AnnotationStoreError.destinationNotEmpty(found.description) }
            do {
                try Self.insert(snapshot, session)
            } catch let error as PSQLError {
                // Integrity (23), data (22) and raised (P0001) errors are the schema refusing a row;
                // anything else (a lost connection) goes to the transaction's retry.
                if let state = Self.sqlState(error), ["22", "23", "P0"].contains(String(state.prefix(2))) {
                    throw AnnotationStoreError.loadRefused(error.serverInfo?[.message] ?? state)
                }
                throw error
            }
            for table in ["annotator", "item", "run", "annotation", "adjudication"] {
                try session.execute("""
                    SELECT setval(pg_get_serial_sequence('\(table)', 'id'), (SELECT COALESCE(max(id), 0) + 1 FROM \(table)), false)
                    """)
            }
            let loaded = try Self.counts(session)
            guard loaded == snapshot.counts else {
                throw AnnotationStoreError.copyCountsDiffer(expected: snapshot.counts.description, found: loaded.description)
            }
        }
    }

    /// Rows per statement of a load; vectors are larger, so fewer of them.
    private static let loadBatch = 10_000
    private static let vectorBatch = 2_000

    private static func batches<Row>(_ rows: [Row], size: Int = loadBatch, _ body: (ArraySlice<Row>) throws -> Void) rethrows {
        for start in stride(from: 0, to: rows.count, by: size) { try body(rows[start..<min(rows.count, start + size)]) }
    }

    private static func buffers(_ values: [Data]) -> [ByteBuffer] { values.map { ByteBuffer(bytes: $0) } }

    private static func insert(_ snapshot: StoreSnapshot, _ session: Session) throws {
        try session.execute("DELETE FROM lease")
        try session.execute("DELETE FROM annotator")
        let time = Self.time
        let leads = snapshot.adjudicationLeads
        try batches(snapshot.annotators) { rows in
            let roles = rows.map { leads.contains($0.id) ? "lead" : $0.role }
            try session.query("""
                INSERT INTO annotator(id, name, role, attributes)
                SELECT * FROM unnest(\(rows.map(\.id))::bigint[], \(rows.map(\.name))::text[], \(roles)::text[],
                                     \(rows.map(\.attributes))::text[])
                """)
        }
        try batches(snapshot.items) { rows in
            try session.query(PostgresQuery(unsafeSQL: """
                INSERT INTO item(id, external_id, text, lang, metadata, split, id_hash, text_hash, imported_at)
                SELECT id, e, t, CASE WHEN has_lang THEN l END, m, s, h, th, \(time("at"))
                FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::text[], $7::text[], $8::bigint[],
                            $9::bigint[], $10::bigint[]) AS n(id, e, t, l, has_lang, m, s, h, th, at)
                """, binds: try bindings(rows.map(\.id), rows.map(\.externalId), rows.map(\.text), rows.map { $0.lang ?? "" },
                                     rows.map { $0.lang != nil }, rows.map(\.metadata), rows.map(\.split), rows.map(\.idHash),
                                     rows.map(\.textHash), rows.map(\.importedAt))))
        }
        try batches(snapshot.runs, size: 100) { rows in
            try session.query(PostgresQuery(unsafeSQL: """
                INSERT INTO run(id, created_at, encoder, labels, parameters, data, metrics, seconds, model)
                SELECT id, \(time("at")), e, l, p, d, m, s, b
                FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                            $8::float8[], $9::bytea[]) AS n(id, at, e, l, p, d, m, s, b)
                """, binds: try bindings(rows.map(\.id), rows.map(\.createdAt), rows.map(\.encoder), rows.map(\.labels),
                                     rows.map(\.parameters), rows.map(\.data), rows.map(\.metrics), rows.map(\.seconds),
                                     buffers(rows.map(\.model)))))
        }
        try batches(snapshot.annotations) { rows in
            try session.query(PostgresQuery(unsafeSQL: """
                INSERT INTO annotation(id, item_id, annotator_id, label, flags, note, seconds, origin, created_at,
                                       prediction_shown, model_run, model_label)
                SELECT id, i, a, l, f, CASE WHEN has_note THEN nt END, CASE WHEN has_seconds THEN s END, o, \(time("at")),
                       CASE shown WHEN 1 THEN true WHEN 0 THEN false END, CASE WHEN has_run THEN r END,
                       CASE WHEN has_model_label THEN ml END
                FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::boolean[],
                            $8::float8[], $9::boolean[], $10::text[], $11::bigint[], $12::smallint[], $13::bigint[], $14::boolean[],
                            $15::text[], $16::boolean[])
                     AS n(id, i, a, l, f, nt, has_note, s, has_seconds, o, at, shown, r, has_run, ml, has_model_label)
                """, binds: try bindings(
                    rows.map(\.id), rows.map(\.item), rows.map(\.annotator), rows.map(\.label), rows.map(\.flags),
                    rows.map { $0.note ?? "" }, rows.map { $0.note != nil }, rows.map { $0.seconds ?? 0 }, rows.map { $0.seconds != nil },
                    rows.map(\.origin), rows.map(\.createdAt), rows.map { Int16($0.predictionShown.map { $0 ? 1 : 0 } ?? -1) },
                    rows.map { $0.modelRun ?? 0 }, rows.map { $0.modelRun != nil }, rows.map { $0.modelLabel ?? "" },
                    rows.map { $0.modelLabel != nil })))
        }
        try batches(snapshot.retractions) { rows in
            try session.query(PostgresQuery(unsafeSQL: """
                INSERT INTO retraction(annotation_id, created_at)
                SELECT a, \(time("at")) FROM unnest($1::bigint[], $2::bigint[]) AS n(a, at)
                """, binds: try bindings(rows.map(\.annotation), rows.map(\.createdAt))))
        }
        try batches(snapshot.adjudications) { rows in
            try session.query(PostgresQuery(unsafeSQL: """
                INSERT INTO adjudication(id, item_id, lead_id, label, reason, created_at)
                SELECT id, i, w, l, r, \(time("at"))
                FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::bigint[]) AS n(id, i, w, l, r, at)
                """, binds: try bindings(rows.map(\.id), rows.map(\.item), rows.map(\.lead), rows.map(\.label), rows.map(\.reason),
                                     rows.map(\.createdAt))))
        }
        for row in snapshot.annotators where leads.contains(row.id) && row.role != "lead" {
            try session.query("UPDATE annotator SET role = \(row.role) WHERE id = \(row.id)")
        }
        try batches(snapshot.embeddings, size: vectorBatch) { rows in
            try session.query(PostgresQuery(unsafeSQL: """
                INSERT INTO embedding(item_id, encoder, dimension, vector, created_at)
                SELECT i, e, d, v, \(time("at"))
                FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bytea[], $5::bigint[]) AS n(i, e, d, v, at)
                """, binds: try bindings(rows.map(\.item), rows.map(\.encoder), rows.map { Int64($0.dimension) },
                                     buffers(rows.map(\.vector)), rows.map(\.createdAt))))
        }
        try batches(snapshot.predictions) { rows in
            try session.query(PostgresQuery(unsafeSQL: """
                INSERT INTO prediction(run_id, item_id, probabilities)
                SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bytea[])
                """, binds: try bindings(rows.map(\.run), rows.map(\.item), buffers(rows.map(\.probabilities)))))
        }
    }

    /// Columns of values, each bound as one array parameter.
    private static func bindings<each Column: PostgresArrayEncodable & Sendable>(_ columns: repeat [each Column]) throws -> PostgresBindings {
        var bindings = PostgresBindings()
        repeat try bindings.append(each columns)
        return bindings
    }

    public func schemaFacts() throws -> SchemaFacts {
        try transaction { session in
            let version = try session.query("SELECT version FROM opine_store").first?.decode(Int.self) ?? 0
            // Row triggers, enabled, firing on the events each rule needs (tgtype bits: 4 INSERT,
            // 8 DELETE, 16 UPDATE).
            var events: [String: Int] = [:]
            for row in try session.query("""
                SELECT t.tgname::text, c.relname::text, t.tgtype::int FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' AND c.relnamespace = 'public'::regnamespace
                """) {
                let (name, table, type) = try row.decode((String, String, Int).self)
                events["\(table).\(name)", default: 0] |= type
            }
            var guards: Set<StoreGuard> = []
            let required: [StoreGuard: (trigger: String, events: Int)] = [
                .annotationAppendOnly: ("annotation.annotation_append_only", 8 | 16),
                .retractionAppendOnly: ("retraction.retraction_append_only", 8 | 16),
                .adjudicationAppendOnly: ("adjudication.adjudication_append_only", 8 | 16),
                .adjudicationByLead: ("adjudication.adjudication_by_lead", 4),
            ]
            for (rule, need) in required where (events[need.trigger] ?? 0) & need.events == need.events { guards.insert(rule) }
            return SchemaFacts(backend: "postgresql", version: version, latestVersion: Self.schemaVersion, guards: guards)
        }
    }
}
