import Foundation
import GRDB
import Digest

/// The project database: the only owner of the SQLite connection. Callers use intention-named
/// methods; each user action is one write transaction (IMMEDIATE, so two processes never
/// both think they may write and one of them fails on upgrade).
public struct AppDatabase: Sendable {
    let writer: any DatabaseWriter
    var reader: any DatabaseReader { writer }

    private init(writer: any DatabaseWriter) throws {
        self.writer = writer
        try migrate()
    }

    /// Opens (creating if needed) the database at `path` in WAL mode. Several processes may
    /// hold it open and write at once: writers queue on SQLite's lock for up to `busyTimeout`
    /// seconds instead of failing with "database is locked".
    ///
    /// One serial connection per process (a `DatabaseQueue`) with WAL set by hand, rather than
    /// a `DatabasePool`: the pool writes a scratch table on every open that finds no WAL file,
    /// which would change the file under read-only commands and rejected imports.
    public static func open(path: String, busyTimeout: TimeInterval = 60) throws -> AppDatabase {
        var config = configuration(busyTimeout: busyTimeout)
        config.prepareDatabase { db in
            // Persistent in the file; a no-op once set. FULL sync: a label that was
            // acknowledged survives a power cut, not only a crash.
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            return try AppDatabase(writer: DatabaseQueue(path: path, configuration: config))
        } catch let error as DatabaseError {
            throw AnnotationStoreError.cannotOpen(path: path, reason: error.message ?? error.description)
        }
    }

    /// An empty database in memory, configured as a real one: for tests.
    public static func inMemory() throws -> AppDatabase {
        try AppDatabase(writer: DatabaseQueue(configuration: configuration(busyTimeout: 1)))
    }

    private static func configuration(busyTimeout: TimeInterval) -> Configuration {
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        return config
    }

    private func migrate() throws {
        let migrator = Schema.migrator
        // A second process may migrate the same new file at the same moment; whoever loses
        // the race finds the work done.
        if try writer.read({ try migrator.hasCompletedMigrations($0) }) { return }
        do {
            try migrator.migrate(writer)
        } catch {
            if try writer.read({ try migrator.hasCompletedMigrations($0) }) { return }
            throw error
        }
    }

    // MARK: - Annotators

    /// Makes the annotator table match the project file. Annotators removed from the file stay
    /// (their labels remain theirs); nothing is written when everything already matches.
    public func syncAnnotators(_ profiles: [AnnotatorProfile]) throws {
        let stored = try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT name, role, attributes FROM annotator").map { row -> AnnotatorProfile in
                let attributes = Self.decodeObject(row["attributes"])
                return AnnotatorProfile(name: row["name"], role: Role(rawValue: row["role"]) ?? .annotator, attributes: attributes)
            }
        }
        let byName = Dictionary(stored.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let changed = profiles.filter { byName[$0.name] != $0 }
        guard !changed.isEmpty else { return }
        try writer.write { db in
            for profile in changed {
                try db.execute(sql: """
                    INSERT INTO annotator(name, role, attributes) VALUES (?, ?, ?)
                    ON CONFLICT(name) DO UPDATE SET role = excluded.role, attributes = excluded.attributes
                    """, arguments: [profile.name, profile.role.rawValue, Self.encodeObject(profile.attributes)])
            }
        }
    }

    // MARK: - Import

    /// Stores a whole file's rows in one transaction: either every row lands or none does.
    ///
    /// A row whose id is already stored with the same text adds only its label (so earlier
    /// rounds come in one file per annotator); the same id with another text aborts the import.
    /// Repeated ids within the file and texts already stored under another id are skipped and
    /// reported.
    public func importRows(
        _ rows: [ImportRow], file: String, annotator: String?, splits: SplitFractions
    ) throws -> ImportSummary {
        // A large page cache keeps the indexes' random inserts in memory instead of spilling
        // pages to the WAL again and again; it is reset after the import.
        try writer.writeWithoutTransaction { try $0.execute(sql: "PRAGMA cache_size = -262144") }
        defer { try? writer.writeWithoutTransaction { try $0.execute(sql: "PRAGMA cache_size = -2000") } }
        return try writer.write { db in
            var summary = ImportSummary()
            summary.rows = rows.count
            // Formatted once: formatting a Date per row costs more than the insert.
            let now = String.fromDatabaseValue(Date().databaseValue) ?? ""
            let annotatorId = try annotator.map { try Self.annotatorId(db, name: $0) }
            let projectWasEmpty = try Int.fetchOne(db, sql: "SELECT count(*) FROM item") == 0
            let rebuildIndexes = projectWasEmpty && rows.count >= 10_000
            if rebuildIndexes { try db.execute(sql: Schema.dropItemIndexes) }

            let insertItem = try FastInsert(db, sql: """
                INSERT INTO item(external_id, text, lang, metadata, split, id_hash, text_hash, imported_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let findById = try db.makeStatement(sql: "SELECT id, text FROM item WHERE external_id = ?")
            let findByTextHash = try db.makeStatement(sql: "SELECT external_id, text FROM item WHERE text_hash = ?")
            let insertLabel = try FastInsert(db, sql: """
                INSERT INTO annotation(item_id, annotator_id, label, flags, note, seconds, origin, created_at)
                VALUES (?, ?, ?, ?, NULL, NULL, 'import', ?)
                """)
            // The annotator's current labels, read once instead of queried per row.
            var currentLabels: [Int64: String] = [:]
            if let annotatorId {
                for row in try Row.fetchAll(db, sql: """
                    SELECT a.item_id, a.label FROM live_annotation a WHERE a.annotator_id = ?
                    ORDER BY a.id
                    """, arguments: [annotatorId]) {
                    currentLabels[row["item_id"]] = row["label"]
                }
            }

            // Labels by named annotators (other tools' files): their ids and current labels, read
            // once for the annotators the file names.
            let named = Set(rows.flatMap { $0.labels.map(\.annotator) })
            var namedIds: [String: Int64] = [:]
            var namedCurrent: [Int64: [Int64: String]] = [:]
            for name in named {
                let id = try Self.annotatorId(db, name: name)
                namedIds[name] = id
                for row in try Row.fetchAll(db, sql: "SELECT item_id, label FROM live_annotation WHERE annotator_id = ? ORDER BY id",
                                            arguments: [id]) {
                    namedCurrent[id, default: [:]][row["item_id"]] = row["label"]
                }
            }
            let insertNamedLabel = try FastInsert(db, sql: """
                INSERT INTO annotation(item_id, annotator_id, label, flags, note, seconds, origin, created_at)
                VALUES (?, ?, ?, ?, ?, NULL, 'import', ?)
                """)

            var lineOfId: [String: Int] = [:]
            lineOfId.reserveCapacity(rows.count)
            // Text hash → index of the first row stored with it; rows whose different texts
            // share a hash (rare) are listed in `hashCollisions`.
            var rowOfTextHash: [Int64: Int] = [:]
            rowOfTextHash.reserveCapacity(rows.count)
            var hashCollisions: [Int64: [Int]] = [:]

            for (index, row) in rows.enumerated() {
                if let firstLine = lineOfId[row.externalId] {
                    summary.skipped.append(SkippedRow(line: row.line, externalId: row.externalId, reason: .duplicateId, firstSeen: "line \(firstLine)"))
                    continue
                }
                lineOfId[row.externalId] = row.line

                let textHash = Int64(bitPattern: StableHash.of(row.text))
                var itemId: Int64?
                if !projectWasEmpty, let existing = try Row.fetchOne(findById, arguments: [row.externalId]) {
                    guard (existing["text"] as String) == row.text else {
                        throw AnnotationStoreError.conflictingText(file: file, line: row.line, id: row.externalId)
                    }
                    itemId = existing["id"]
                    summary.itemsAlreadyPresent += 1
                } else {
                    let twin = rowOfTextHash[textHash].flatMap { first in
                        rows[first].text == row.text ? first : hashCollisions[textHash]?.first { rows[$0].text == row.text }
                    }
                    if let twin {
                        summary.skipped.append(SkippedRow(line: row.line, externalId: row.externalId, reason: .duplicateText, firstSeen: rows[twin].externalId))
                        continue
                    }
                    if !projectWasEmpty {
                        let stored = try Row.fetchAll(findByTextHash, arguments: [textHash])
                        if let twin = stored.first(where: { ($0["text"] as String) == row.text }) {
                            summary.skipped.append(SkippedRow(line: row.line, externalId: row.externalId, reason: .duplicateText, firstSeen: twin["external_id"]))
                            continue
                        }
                    }
                    if rowOfTextHash[textHash] == nil {
                        rowOfTextHash[textHash] = index
                    } else {
                        hashCollisions[textHash, default: []].append(index)
                    }
                    let idHash = StableHash.of(row.externalId)
                    let split = splits.split(at: StableHash.unitInterval(idHash))
                    try insertItem.run(
                        .text(row.externalId), .text(row.text), row.lang.map { .text($0) } ?? .null,
                        .text(row.metadataJSON), .text(split.rawValue), .integer(Int64(bitPattern: idHash)),
                        .integer(textHash), .text(now))
                    itemId = db.lastInsertedRowID
                    summary.itemsAdded += 1
                }

                if let itemId {
                    for named in row.labels {
                        guard let who = namedIds[named.annotator] else { continue }
                        if namedCurrent[who]?[itemId] == named.label {
                            summary.labelsUnchanged += 1
                            continue
                        }
                        let time = named.createdAt.flatMap { String.fromDatabaseValue($0.databaseValue) } ?? now
                        try insertNamedLabel.run(.integer(itemId), .integer(who), .text(named.label), .text(Self.encodeArray(named.flags)),
                                                 named.note.map { .text($0) } ?? .null, .text(time))
                        namedCurrent[who, default: [:]][itemId] = named.label
                        summary.labelsAdded += 1
                    }
                }
                guard let label = row.label, let annotatorId, let itemId else { continue }
                if currentLabels[itemId] == label {
                    summary.labelsUnchanged += 1
                    continue
                }
                try insertLabel.run(.integer(itemId), .integer(annotatorId), .text(label),
                                    .text(Self.encodeArray(row.flags)), .text(now))
                currentLabels[itemId] = label
                summary.labelsAdded += 1
            }
            if rebuildIndexes { try db.execute(sql: Schema.itemIndexes) }
            return summary
        }
    }

    // MARK: - Labelling

    /// Appends one label. An annotator who has not yet labelled the item may do so only while
    /// fewer than `overlap` annotators have; relabelling an item one already labelled is always
    /// allowed (the latest label counts). Its statements are prepared once per connection: the
    /// screen runs them on every key.
    public func recordLabel(
        item externalId: String, annotator: String, label: String, flags: [String] = [],
        note: String? = nil, seconds: Double? = nil, origin: LabelOrigin, overlap: Int, exposure: ModelExposure? = nil
    ) throws -> RecordedLabel {
        try writer.write { db in
            let itemId = try Self.itemId(db, externalId: externalId)
            let annotatorId = try Self.annotatorId(db, name: annotator)
            let previous = try Self.currentLabel(db, itemId: itemId, annotatorId: annotatorId)
            if previous == nil, try Self.othersHolding(db, item: itemId, annotator: annotatorId, now: Date()) >= overlap {
                throw AnnotationStoreError.overlapReached(item: externalId, overlap: overlap)
            }
            try db.cachedStatement(sql: """
                INSERT INTO annotation(item_id, annotator_id, label, flags, note, seconds, origin, created_at,
                                       prediction_shown, model_run, model_label)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [itemId, annotatorId, label, Self.encodeArray(flags), note, seconds, origin.rawValue, Date(),
                                 exposure?.shown, exposure?.run, exposure?.predictedLabel])
            let annotationId = db.lastInsertedRowID
            try db.cachedStatement(sql: "DELETE FROM lease WHERE item_id = ? AND annotator_id = ?").execute(arguments: [itemId, annotatorId])
            return RecordedLabel(
                annotationId: annotationId, item: externalId, annotator: annotator,
                label: label, flags: flags, previousLabel: previous?.label)
        }
    }

    /// Other annotators who hold a slot of the item: a current label, or a lease not yet expired.
    private static func othersHolding(_ db: Database, item: Int64, annotator: Int64, now: Date) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: """
            SELECT count(*) FROM (
                SELECT a.annotator_id FROM live_annotation a WHERE a.item_id = ?
                UNION SELECT l.annotator_id FROM lease l WHERE l.item_id = ? AND l.expires_at > ?
            ) WHERE annotator_id <> ?
            """), arguments: [item, item, now.timeIntervalSince1970, annotator]) ?? 0
    }

    /// A lease lost in a power cut only lets another annotator have the item, so its commit
    /// skips the fsync a label pays for (`synchronous = NORMAL` for this write alone): the screen
    /// leases on every key.
    private func unsyncedWrite<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            defer { try? db.execute(sql: "PRAGMA synchronous = FULL") }
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(db)
                return .commit
            }
            guard let result else { throw AnnotationStoreError.cannotOpen(path: "", reason: "the lease transaction returned nothing") }
            return result
        }
    }

    public func lease(item rowId: Int64, annotator: String, overlap: Int, seconds: Double, now: Date) throws -> Bool {
        try unsyncedWrite { db in
            let annotatorId = try Self.annotatorId(db, name: annotator)
            if try Self.currentLabel(db, itemId: rowId, annotatorId: annotatorId) == nil,
               try Self.othersHolding(db, item: rowId, annotator: annotatorId, now: now) >= overlap {
                return false
            }
            try db.cachedStatement(sql: """
                INSERT INTO lease(item_id, annotator_id, expires_at) VALUES (?, ?, ?)
                ON CONFLICT(item_id, annotator_id) DO UPDATE SET expires_at = excluded.expires_at
                """).execute(arguments: [rowId, annotatorId, now.timeIntervalSince1970 + seconds])
            return true
        }
    }

    public func releaseLease(item rowId: Int64, annotator: String) throws {
        try unsyncedWrite { db in
            let annotatorId = try Self.annotatorId(db, name: annotator)
            try db.execute(sql: "DELETE FROM lease WHERE item_id = ? AND annotator_id = ?", arguments: [rowId, annotatorId])
        }
    }

    /// Retracts the annotator's latest label given by hand (imported rounds are not undone).
    /// Returns nil when there is nothing left to undo.
    public func retractLatest(annotator: String) throws -> RetractedLabel? {
        try writer.write { db in
            let annotatorId = try Self.annotatorId(db, name: annotator)
            guard let row = try Row.fetchOne(db, sql: """
                SELECT a.id, a.item_id, a.label, i.external_id FROM live_annotation a JOIN item i ON i.id = a.item_id
                WHERE a.annotator_id = ? AND a.origin <> 'import'
                ORDER BY a.id DESC LIMIT 1
                """, arguments: [annotatorId])
            else { return nil }
            let annotationId: Int64 = row["id"]
            try db.execute(sql: "INSERT INTO retraction(annotation_id, created_at) VALUES (?, ?)", arguments: [annotationId, Date()])
            let restored = try Self.currentLabel(db, itemId: row["item_id"], annotatorId: annotatorId)
            return RetractedLabel(
                annotationId: annotationId, item: row["external_id"], annotator: annotator,
                label: row["label"], restoredLabel: restored?.label)
        }
    }

    /// Appends a lead's gold label for an item; a later adjudication supersedes it.
    public func adjudicate(item externalId: String, lead: String, label: String, reason: String) throws -> Adjudication {
        try writer.write { db in
            let itemId = try Self.itemId(db, externalId: externalId)
            guard let row = try Row.fetchOne(db, sql: "SELECT id, role FROM annotator WHERE name = ?", arguments: [lead]) else {
                throw AnnotationStoreError.unknownAnnotator(lead)
            }
            guard (row["role"] as String) == Role.lead.rawValue else { throw AnnotationStoreError.notALead(lead) }
            let now = Date()
            try db.execute(sql: """
                INSERT INTO adjudication(item_id, lead_id, label, reason, created_at) VALUES (?, ?, ?, ?, ?)
                """, arguments: [itemId, row["id"] as Int64, label, reason, now])
            return Adjudication(lead: lead, label: label, reason: reason, createdAt: now)
        }
    }

    /// Current labels given while a model's prediction was known, shown or held back: the
    /// data behind the anchoring measurement.
    public func exposedLabels() throws -> [ExposedLabel] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT i.external_id, n.name, c.label, c.prediction_shown, c.model_run, c.model_label
                FROM current_label c JOIN item i ON i.id = c.item_id JOIN annotator n ON n.id = c.annotator_id
                WHERE c.prediction_shown IS NOT NULL AND c.model_label IS NOT NULL
                ORDER BY c.id
                """).map { row in
                ExposedLabel(item: row[0], annotator: row[1], label: row[2],
                             exposure: ModelExposure(run: row[4], predictedLabel: row[5], shown: row[3]))
            }
        }
    }

    public func item(_ externalId: String) throws -> StoredItem? {
        try writer.read { db in
            try StoredItem.fetchOne(db, sql: "SELECT \(StoredItem.columns) FROM item WHERE external_id = ?", arguments: [externalId])
        }
    }

    // MARK: - Reading it all back

    public func changeCounter() throws -> Int64 {
        try writer.read { db in
            try Int64.fetchOne(db.cachedStatement(sql: """
                SELECT (SELECT coalesce(max(id), 0) FROM annotation) + (SELECT count(*) FROM retraction)
                     + (SELECT coalesce(max(id), 0) FROM adjudication)
                """)) ?? 0
        }
    }

    public func counts(overlap: Int) throws -> ProjectCounts {
        try writer.read { db in
            var perSplit: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT split, count(*) AS n FROM item GROUP BY split") {
                perSplit[row["split"]] = row["n"]
            }
            let labelsPerItem = try Int.fetchAll(db, sql: """
                SELECT count(DISTINCT a.annotator_id) FROM live_annotation a
                GROUP BY a.item_id
                """)
            var perAnnotator: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT n.name, (SELECT count(DISTINCT a.item_id) FROM live_annotation a WHERE a.annotator_id = n.id) AS items
                FROM annotator n
                """) {
                perAnnotator[row["name"]] = row["items"]
            }
            return ProjectCounts(
                items: perSplit.values.reduce(0, +),
                itemsPerSplit: perSplit,
                labelledItems: labelsPerItem.count,
                completeItems: labelsPerItem.filter { $0 >= overlap }.count,
                labels: labelsPerItem.reduce(0, +),
                filledSlots: labelsPerItem.reduce(0) { $0 + min($1, overlap) },
                adjudicatedItems: try Int.fetchOne(db, sql: "SELECT count(DISTINCT item_id) FROM adjudication") ?? 0,
                labelsPerAnnotator: perAnnotator)
        }
    }

    /// Every item with its annotators' current labels and its latest adjudication, in import
    /// order. Reads the log once and folds it, rather than asking per item.
    public func itemLabels() throws -> [ItemLabels] {
        try writer.read { db in
            var names: [Int64: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, name FROM annotator") { names[row["id"]] = row["name"] }

            var latest: [Int64: [Int64: CurrentLabel]] = [:]  // item → annotator → label
            let annotations = try Row.fetchCursor(db, sql: """
                SELECT a.item_id, a.annotator_id, a.label, a.flags, a.note, a.created_at FROM live_annotation a
                ORDER BY a.id
                """)
            while let row = try annotations.next() {
                let annotatorId: Int64 = row["annotator_id"]
                latest[row["item_id"], default: [:]][annotatorId] = CurrentLabel(
                    annotator: names[annotatorId] ?? "?", label: row["label"],
                    flags: Self.decodeArray(row["flags"]), note: row["note"], createdAt: row["created_at"])
            }
            var adjudications: [Int64: Adjudication] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT item_id, lead_id, label, reason, created_at FROM adjudication ORDER BY id") {
                adjudications[row["item_id"]] = Adjudication(
                    lead: names[row["lead_id"]] ?? "?", label: row["label"], reason: row["reason"], createdAt: row["created_at"])
            }
            var result: [ItemLabels] = []
            let items = try StoredItem.fetchCursor(db, sql: "SELECT \(StoredItem.columns) FROM item ORDER BY id")
            while let item = try items.next() {
                let labels = (latest[item.rowId] ?? [:]).values.sorted { $0.annotator < $1.annotator }
                result.append(ItemLabels(item: item, labels: labels, adjudication: adjudications[item.rowId]))
            }
            return result
        }
    }

    // MARK: - Helpers

    /// Raw SQL, for tests that check what SQLite itself enforces.
    func execute(sql: String) throws {
        try writer.write { try $0.execute(sql: sql) }
    }

    private static func itemId(_ db: Database, externalId: String) throws -> Int64 {
        guard let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM item WHERE external_id = ?"), arguments: [externalId]) else {
            throw AnnotationStoreError.unknownItem(externalId)
        }
        return id
    }

    private static func annotatorId(_ db: Database, name: String) throws -> Int64 {
        guard let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM annotator WHERE name = ?"), arguments: [name]) else {
            throw AnnotationStoreError.unknownAnnotator(name)
        }
        return id
    }

    private static func currentLabel(_ db: Database, itemId: Int64, annotatorId: Int64) throws -> (label: String, id: Int64)? {
        try Row.fetchOne(db.cachedStatement(sql: """
            SELECT a.id, a.label FROM live_annotation a
            WHERE a.item_id = ? AND a.annotator_id = ?
            ORDER BY a.id DESC LIMIT 1
            """), arguments: [itemId, annotatorId]).map { (label: $0["label"], id: $0["id"]) }
    }

    static func encodeArray(_ values: [String]) -> String {
        if values.isEmpty { return "[]" }
        return (try? String(decoding: JSONEncoder().encode(values), as: UTF8.self)) ?? "[]"
    }

    static func decodeArray(_ json: String?) -> [String] {
        guard let json else { return [] }
        return (try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? []
    }

    static func encodeObject(_ values: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? String(decoding: encoder.encode(values), as: UTF8.self)) ?? "{}"
    }

    static func decodeObject(_ json: String?) -> [String: String] {
        guard let json else { return [:] }
        return (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:]
    }
}
