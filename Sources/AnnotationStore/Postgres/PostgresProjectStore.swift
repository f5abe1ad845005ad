import Digest
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// A project's store on a PostgreSQL server, for teams on several hosts: the same operations and
/// invariants as the SQLite store (`AppDatabase`), with the rules kept by the server.
///
/// One connection per process, used by one thread at a time (a lock), as the SQLite store uses
/// one serial queue. Each operation is one transaction; a serialization failure or a deadlock is
/// retried, and a connection that was lost is opened again before the retry. A label carries a
/// request key, so a label whose commit was acknowledged but whose answer was lost is not
/// stored twice when it is sent again.
public final class PostgresProjectStore: ProjectStore, @unchecked Sendable {
    /// The newest schema this Opine knows (`PostgresSchema.migrations.count`).
    public static var schemaVersion: Int { PostgresSchema.migrations.count }
    /// Retries of a transaction that hit a serialization failure, a deadlock or a lost connection.
    static let maximumAttempts = 12

    /// Where the store connects (again, after a lost connection). Tests move it to a closed
    /// port to play a server that went away for good.
    public internal(set) var address: ServerAddress
    private let lock = NSLock()
    private var connection: PostgresConnection?
    private let logger = Logger(label: "opine.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    private init(address: ServerAddress) {
        self.address = address
    }

    deinit {
        try? connection?.close().wait()
    }

    /// Connects, checks that the database holds this project's store (or none yet) and
    /// migrates it. A wrong URL, a refused connection, a refused password, a newer schema or
    /// another project's database is an error naming the cause, and nothing is written.
    public static func open(_ address: ServerAddress, project: String) throws -> PostgresProjectStore {
        let store = PostgresProjectStore(address: address)
        try store.prepare(project: project)
        return store
    }

    /// Creates an empty database on `server` for a new project (`CREATE DATABASE`, which
    /// PostgreSQL runs outside any transaction). `name` is a plain identifier.
    public static func createDatabase(named name: String, on server: ServerAddress) throws {
        guard !name.isEmpty, name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) else {
            throw AnnotationStoreError.badServerURL(name, reason: "a database name here is lower-case letters, digits and _")
        }
        let store = PostgresProjectStore(address: server)
        store.lock.lock()
        defer { store.lock.unlock() }
        do {
            try Session(connection: try store.connect(), logger: store.logger).execute("CREATE DATABASE \(name)")
        } catch {
            throw describe(error, server: server.description, connecting: false)
        }
    }

    /// Raw SQL in a transaction, for tests that check what the server itself enforces.
    func execute(sql: String) throws {
        try transaction { try $0.execute(sql) }
    }

    // MARK: - Connection and transactions

    private func connect() throws -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        var configuration = PostgresConnection.Configuration(
            host: address.host, port: address.port, username: address.user, password: address.password,
            database: address.database, tls: .disable)
        configuration.options.connectTimeout = .seconds(10)
        do {
            let opened = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: 1, logger: logger).wait()
            connection = opened
            return opened
        } catch {
            throw Self.describe(error, server: address.description, connecting: true)
        }
    }

    /// One transaction on this process's connection: retried whole on a serialization failure,
    /// a deadlock or a lost connection, never shown to the user as an error unless it keeps failing.
    /// `reconnecting: false` (opening): a server that cannot be reached is an error at once.
    /// `autocommit`: the body is one statement, its own transaction: one round trip, no BEGIN.
    func transaction<T>(reconnecting: Bool = true, autocommit: Bool = false, _ body: (Session) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        var attempt = 0
        while true {
            attempt += 1
            let session: Session
            do {
                session = Session(connection: try connect(), logger: logger)
            } catch let error as AnnotationStoreError {
                if reconnecting, attempt < Self.maximumAttempts, case .cannotConnect = error {
                    Thread.sleep(forTimeInterval: 0.25 * Double(attempt))
                    continue
                }
                throw error
            }
            do {
                if !autocommit { try session.execute("BEGIN ISOLATION LEVEL READ COMMITTED") }
                let result = try body(session)
                if !autocommit { try session.execute("COMMIT") }
                return result
            } catch {
                // A server shutting down (a restart) says so before it closes the connection.
                let lost = session.connection.isClosed || Self.isShutdown(error)
                if lost {
                    try? session.connection.close().wait()
                    connection = nil
                } else if !autocommit {
                    try? session.execute("ROLLBACK")
                }
                if attempt < Self.maximumAttempts, lost || Self.isTransient(error) {
                    // A lost server (a restart) takes seconds to come back; a conflict, milliseconds.
                    Thread.sleep(forTimeInterval: lost ? 0.25 * Double(attempt) : 0.02 * Double(attempt * attempt))
                    continue
                }
                if let error = error as? AnnotationStoreError { throw error }
                throw Self.describe(error, server: address.description, connecting: false)
            }
        }
    }

    /// Statements inside one transaction.
    struct Session {
        let connection: PostgresConnection
        let logger: Logger

        /// The query's rows. Collected row by row (`onRow`): postgres-nio's own all-rows result
        /// copies its growing buffer on every network read, quadratic in the rows of a large read.
        @discardableResult
        func query(_ query: PostgresQuery) throws -> [PostgresRow] {
            let rows = RowCollector()
            _ = try connection.query(query, logger: logger) { rows.rows.append($0) }.wait()
            return rows.rows
        }

        func execute(_ sql: String) throws {
            _ = try connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).wait()
        }

        /// `COPY table(columns) FROM STDIN` with the rows `produce` writes (see `CopyIn`).
        func copy(table: String, columns: [String], produce: @escaping (inout ByteBuffer) throws -> Bool) throws {
            try CopyIn.run(connection, table: table, columns: columns, logger: logger, produce: produce)
        }
    }

    /// Rows gathered on the event loop's thread and read after the query's future completes
    /// (`wait()`), so never touched by two threads at once.
    final class RowCollector: @unchecked Sendable {
        var rows: [PostgresRow] = []
    }

    static func sqlState(_ error: Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// The server is shutting down or restarting (admin, crash or starting up).
    static func isShutdown(_ error: Error) -> Bool {
        guard let state = sqlState(error) else { return false }
        return ["57P01", "57P02", "57P03"].contains(state)
    }

    /// Serialization failures, deadlocks and lost connections: worth trying again.
    static func isTransient(_ error: Error) -> Bool {
        if let state = sqlState(error), ["40001", "40P01"].contains(state) { return true }
        guard let error = error as? PSQLError else { return false }
        return [.serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown].contains(error.code)
    }

    static func describe(_ error: Error, server: String, connecting: Bool) -> AnnotationStoreError {
        if let error = error as? AnnotationStoreError { return error }
        guard let psql = error as? PSQLError else {
            return .cannotConnect(server: server, reason: "\(error)")
        }
        let message = psql.serverInfo?[.message]
        switch sqlState(psql) {
        case "28P01", "28000": return .authenticationFailed(server: server, reason: message ?? "wrong user or password")
        case "3D000": return .cannotConnect(server: server, reason: message ?? "no such database")
        // Starting up or shutting down (a restart): worth connecting again.
        case "57P03": return .cannotConnect(server: server, reason: message ?? "the server is starting up")
        default: break
        }
        if psql.code == .authMechanismRequiresPassword {
            return .authenticationFailed(server: server, reason: "the server asks for a password and none was found")
        }
        if psql.code == .connectionError || (connecting && psql.serverInfo == nil) {
            return .cannotConnect(server: server, reason: psql.underlying.map { "\($0)" } ?? "\(psql.code)")
        }
        return .server(message ?? "\(psql.code)")
    }

    // MARK: - Schema

    /// Creates or migrates the schema, one host at a time (an advisory lock), after checking
    /// that the database is this project's.
    private func prepare(project: String) throws {
        try transaction(reconnecting: false) { session in
            try session.execute("SELECT pg_advisory_xact_lock(7700001)")
            try session.execute("""
                CREATE TABLE IF NOT EXISTS opine_store (
                    singleton BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
                    version INTEGER NOT NULL,
                    project TEXT NOT NULL
                )
                """)
            let rows = try session.query("SELECT version, project FROM opine_store")
            var version = 0
            if let row = rows.first {
                let (found, owner) = try row.decode((Int, String).self)
                guard owner == project else {
                    throw AnnotationStoreError.otherProject(server: address.description, found: owner, expected: project)
                }
                guard found <= Self.schemaVersion else {
                    throw AnnotationStoreError.schemaTooNew(server: address.description, found: found, known: Self.schemaVersion)
                }
                version = found
            } else {
                try session.query("INSERT INTO opine_store(version, project) VALUES (0, \(project))")
            }
            for (index, migration) in PostgresSchema.migrations.enumerated() where index + 1 > version {
                for statement in PostgresSchema.statements(migration) { try session.execute(statement) }
                try session.query("UPDATE opine_store SET version = \(index + 1)")
            }
        }
    }

    // MARK: - Annotators and items

    public func syncAnnotators(_ profiles: [AnnotatorProfile]) throws {
        try transaction { session in
            for profile in profiles {
                try session.query("""
                    INSERT INTO annotator(name, role, attributes) VALUES (\(profile.name), \(profile.role.rawValue), \(AppDatabase.encodeObject(profile.attributes)))
                    ON CONFLICT (name) DO UPDATE SET role = excluded.role, attributes = excluded.attributes
                    WHERE annotator.role IS DISTINCT FROM excluded.role OR annotator.attributes IS DISTINCT FROM excluded.attributes
                    """)
            }
        }
    }

    /// Like the SQLite store: the whole file in one transaction, duplicates skipped and counted,
    /// an id already stored with another text refusing the file. New items stream to the server
    /// with `COPY` while the rows are checked (the server parses one piece while the next is
    /// made); into an empty project the item table's secondary indexes are built after the rows,
    /// as the SQLite store does. Labels go in as arrays of columns the server unnests and joins to
    /// their items. Imports take the item table one at a time; labelling goes on meanwhile, except
    /// during a bulk import into an empty project, whose index rebuild holds the table alone.
    public func importRows(_ rows: [ImportRow], file: String, annotator: String?, splits: SplitFractions) throws -> ImportSummary {
        try transaction { session in
            var summary = ImportSummary()
            summary.rows = rows.count
            let now = Date()
            let annotatorId = try annotator.map { try Self.annotatorId(session, name: $0) }
            // One import at a time: what is read next stays what the table holds until commit.
            try session.execute("LOCK TABLE item IN SHARE ROW EXCLUSIVE MODE")
            // What the store already holds, read once: ids with their texts, and text hashes.
            var stored: [String: String] = [:]
            var storedTexts: [Int64: [(externalId: String, text: String)]] = [:]
            for row in try session.query("SELECT external_id, text, text_hash FROM item") {
                let (externalId, text, hash) = try row.decode((String, String, Int64).self)
                stored[externalId] = text
                storedTexts[hash, default: []].append((externalId, text))
            }
            // The annotator's current label per item, by external id.
            var currentLabels: [String: String] = [:]
            if let annotatorId {
                for row in try session.query("""
                    SELECT i.external_id, a.label FROM live_annotation a JOIN item i ON i.id = a.item_id
                    WHERE a.annotator_id = \(annotatorId) ORDER BY a.id
                    """) {
                    let (item, label) = try row.decode((String, String).self)
                    currentLabels[item] = label
                }
            }
            // Labels by named annotators (other tools' files), with their current labels.
            var namedIds: [String: Int64] = [:]
            var namedCurrent: [Int64: [String: String]] = [:]
            for name in Set(rows.flatMap { $0.labels.map(\.annotator) }) {
                let id = try Self.annotatorId(session, name: name)
                namedIds[name] = id
                for row in try session.query("""
                    SELECT i.external_id, a.label FROM live_annotation a JOIN item i ON i.id = a.item_id
                    WHERE a.annotator_id = \(id) ORDER BY a.id
                    """) {
                    let (item, label) = try row.decode((String, String).self)
                    namedCurrent[id, default: [:]][item] = label
                }
            }
            var namedLabels = NamedLabels()
            var lineOfId: [String: Int] = [:]
            lineOfId.reserveCapacity(rows.count)
            var fileTexts: [Int64: [(externalId: String, text: String)]] = [:]
            var labels = NewLabels()
            let rebuildIndexes = stored.isEmpty && rows.count >= Self.rebuildIndexesFrom
            if rebuildIndexes { for statement in PostgresSchema.dropItemIndexes { try session.execute(statement) } }
            let importedAt = Self.copyTimestamp(now)
            var next = 0
            try session.copy(table: "item", columns: ["external_id", "text", "lang", "metadata", "split", "id_hash", "text_hash", "imported_at"]) { buffer in
                while next < rows.count, buffer.readableBytes < CopyIn.pieceBytes {
                    let row = rows[next]
                    next += 1
                    if let firstLine = lineOfId[row.externalId] {
                        summary.skipped.append(SkippedRow(line: row.line, externalId: row.externalId, reason: .duplicateId, firstSeen: "line \(firstLine)"))
                        continue
                    }
                    lineOfId[row.externalId] = row.line
                    if let existing = stored[row.externalId] {
                        guard existing == row.text else {
                            throw AnnotationStoreError.conflictingText(file: file, line: row.line, id: row.externalId)
                        }
                        summary.itemsAlreadyPresent += 1
                    } else {
                        let textHash = Int64(bitPattern: StableHash.of(row.text))
                        if let twin = (fileTexts[textHash] ?? []).first(where: { $0.text == row.text })
                            ?? (storedTexts[textHash] ?? []).first(where: { $0.text == row.text }) {
                            summary.skipped.append(SkippedRow(line: row.line, externalId: row.externalId, reason: .duplicateText, firstSeen: twin.externalId))
                            continue
                        }
                        fileTexts[textHash, default: []].append((row.externalId, row.text))
                        let idHash = StableHash.of(row.externalId)
                        let split = splits.split(at: StableHash.unitInterval(idHash))
                        Self.copyItem(row, split: split, idHash: Int64(bitPattern: idHash), textHash: textHash, importedAt: importedAt, to: &buffer)
                        stored[row.externalId] = row.text
                        summary.itemsAdded += 1
                    }
                    for named in row.labels {
                        guard let who = namedIds[named.annotator] else { continue }
                        if namedCurrent[who]?[row.externalId] == named.label {
                            summary.labelsUnchanged += 1
                            continue
                        }
                        namedLabels.append(named, item: row.externalId, annotator: who, defaultTime: now)
                        namedCurrent[who, default: [:]][row.externalId] = named.label
                        summary.labelsAdded += 1
                    }
                    guard let label = row.label, annotatorId != nil else { continue }
                    if currentLabels[row.externalId] == label {
                        summary.labelsUnchanged += 1
                        continue
                    }
                    labels.externalIds.append(row.externalId)
                    labels.labels.append(label)
                    labels.flags.append(AppDatabase.encodeArray(row.flags))
                    currentLabels[row.externalId] = label
                    summary.labelsAdded += 1
                }
                return next < rows.count
            }
            if rebuildIndexes { for statement in PostgresSchema.itemIndexes { try session.execute(statement) } }
            if let annotatorId {
                for start in stride(from: 0, to: labels.externalIds.count, by: Self.importBatch) {
                    let range = start..<min(labels.externalIds.count, start + Self.importBatch)
                    try session.query("""
                        INSERT INTO annotation(item_id, annotator_id, label, flags, origin, created_at)
                        SELECT i.id, \(annotatorId), n.label, n.flags, 'import', \(now)
                        FROM unnest(\(Array(labels.externalIds[range]))::text[], \(Array(labels.labels[range]))::text[],
                                    \(Array(labels.flags[range]))::text[]) WITH ORDINALITY AS n(external_id, label, flags, position)
                        JOIN item i ON i.external_id = n.external_id ORDER BY n.position
                        """)
                }
            }
            for start in stride(from: 0, to: namedLabels.externalIds.count, by: Self.importBatch) {
                let batch = namedLabels.slice(start..<min(namedLabels.externalIds.count, start + Self.importBatch))
                try session.query("""
                    INSERT INTO annotation(item_id, annotator_id, label, flags, note, origin, created_at)
                    SELECT i.id, n.annotator, n.label, n.flags, CASE WHEN n.has_note THEN n.note END, 'import', n.created
                    FROM unnest(\(batch.externalIds)::text[], \(batch.annotators)::bigint[], \(batch.labels)::text[], \(batch.flags)::text[],
                                \(batch.notes)::text[], \(batch.hasNote)::boolean[], \(batch.created)::timestamptz[])
                         WITH ORDINALITY AS n(external_id, annotator, label, flags, note, has_note, created, position)
                    JOIN item i ON i.external_id = n.external_id ORDER BY n.position
                    """)
            }
            return summary
        }
    }

    /// Labels by named annotators as columns, for `unnest`.
    struct NamedLabels {
        var externalIds: [String] = [], annotators: [Int64] = [], labels: [String] = [], flags: [String] = []
        var notes: [String] = [], hasNote: [Bool] = [], created: [Date] = []

        mutating func append(_ label: ImportedLabel, item: String, annotator: Int64, defaultTime: Date) {
            externalIds.append(item)
            annotators.append(annotator)
            labels.append(label.label)
            flags.append(AppDatabase.encodeArray(label.flags))
            notes.append(label.note ?? "")
            hasNote.append(label.note != nil)
            created.append(label.createdAt ?? defaultTime)
        }

        func slice(_ range: Range<Int>) -> NamedLabels {
            NamedLabels(externalIds: Array(externalIds[range]), annotators: Array(annotators[range]), labels: Array(labels[range]),
                        flags: Array(flags[range]), notes: Array(notes[range]), hasNote: Array(hasNote[range]), created: Array(created[range]))
        }
    }

    /// Rows per statement of an import.
    static let importBatch = 10_000

    /// A bulk import into an empty project at least this large builds the item table's
    /// secondary indexes after its rows (sorted keys, several times faster than a million
    /// random inserts).
    static let rebuildIndexesFrom = 10_000

    /// One item as a line of COPY's text format, in the columns `importRows` names.
    static func copyItem(_ row: ImportRow, split: Split, idHash: Int64, textHash: Int64, importedAt: String, to buffer: inout ByteBuffer) {
        let tab = UInt8(ascii: "\t")
        CopyIn.field(row.externalId, to: &buffer)
        buffer.writeInteger(tab)
        CopyIn.field(row.text, to: &buffer)
        buffer.writeInteger(tab)
        if let lang = row.lang { CopyIn.field(lang, to: &buffer) } else { buffer.writeString(CopyIn.null) }
        buffer.writeInteger(tab)
        CopyIn.field(row.metadataJSON, to: &buffer)
        buffer.writeInteger(tab)
        buffer.writeString(split.rawValue)
        buffer.writeInteger(tab)
        buffer.writeString(String(idHash))
        buffer.writeInteger(tab)
        buffer.writeString(String(textHash))
        buffer.writeInteger(tab)
        buffer.writeString(importedAt)
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    /// `date` as a timestamptz literal in UTC to the microsecond (what a bound `Date` stores).
    static func copyTimestamp(_ date: Date) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded(.down))
        var seconds = time_t(micros.dividedRoundingDown(by: 1_000_000))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let fraction = micros - Int64(seconds) * 1_000_000
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d.%06lld+00", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec, fraction)
    }

    /// New labels as columns, by item external id.
    struct NewLabels {
        var externalIds: [String] = [], labels: [String] = [], flags: [String] = []
    }

    private static let itemColumns = "id, external_id, text, lang, metadata, split"

    private static func item(_ row: PostgresRow) throws -> StoredItem {
        let (id, externalId, text, lang, metadata, split) = try row.decode((Int64, String, String, String?, String, String).self)
        return StoredItem(rowId: id, externalId: externalId, text: text, lang: lang, metadataJSON: metadata, split: Split(rawValue: split) ?? .train)
    }

    public func item(_ externalId: String) throws -> StoredItem? {
        try transaction(autocommit: true) { session in
            try session.query(PostgresQuery(unsafeSQL: "SELECT \(Self.itemColumns) FROM item WHERE external_id = $1", binds: Self.binds(externalId)))
                .first.map(Self.item)
        }
    }

    public func item(rowId: Int64) throws -> StoredItem? {
        try transaction(autocommit: true) { session in
            try session.query(PostgresQuery(unsafeSQL: "SELECT \(Self.itemColumns) FROM item WHERE id = $1", binds: Self.binds(rowId)))
                .first.map(Self.item)
        }
    }

    public func rowId(of externalId: String) throws -> Int64? {
        try transaction { session in try session.query("SELECT id FROM item WHERE external_id = \(externalId)").first?.decode(Int64.self) }
    }

    public func itemValues(column: String) throws -> [Int64: String] {
        try transaction { session in
            let value: String
            switch column {
            case "lang": value = "lang"
            case "split": value = "split"
            default: value = "metadata::jsonb ->> $1"
            }
            let binds = column == "lang" || column == "split" ? PostgresBindings() : Self.binds(column)
            guard let row = try session.query(PostgresQuery(unsafeSQL: """
                SELECT coalesce(array_agg(id), '{}'), coalesce(array_agg(v), '{}')
                FROM (SELECT id, \(value) AS v FROM item) items WHERE v IS NOT NULL
                """, binds: binds)).first else { return [:] }
            let (idColumn, valueColumn) = try row.decode((ByteBuffer, ByteBuffer).self)
            let ids = try BinaryArray.int64s(idColumn), values = try BinaryArray.strings(valueColumn)
            guard ids.count == values.count else { throw BinaryArray.Malformed(reason: "ids and values differ in length") }
            var byId: [Int64: String] = [:]
            byId.reserveCapacity(ids.count)
            for (id, value) in zip(ids, values) where byId[id] == nil { byId[id] = value }
            return byId
        }
    }

    public func itemImportTimes() throws -> [Int64: Date] {
        try transaction { session in
            guard let row = try session.query("SELECT coalesce(array_agg(id), '{}'), coalesce(array_agg(imported_at), '{}') FROM item").first else { return [:] }
            let (ids, times) = try row.decode(([Int64], [Date]).self)
            return Dictionary(zip(ids, times), uniquingKeysWith: { first, _ in first })
        }
    }

    static func binds<Value: PostgresNonThrowingEncodable & Sendable>(_ value: Value) -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(value)
        return bindings
    }

    private static func annotatorId(_ session: Session, name: String) throws -> Int64 {
        guard let id = try session.query("SELECT id FROM annotator WHERE name = \(name)").first?.decode(Int64.self) else {
            throw AnnotationStoreError.unknownAnnotator(name)
        }
        return id
    }

    private static func itemId(_ session: Session, externalId: String) throws -> Int64 {
        guard let id = try session.query("SELECT id FROM item WHERE external_id = \(externalId)").first?.decode(Int64.self) else {
            throw AnnotationStoreError.unknownItem(externalId)
        }
        return id
    }

    private static func currentLabel(_ session: Session, item: Int64, annotator: Int64) throws -> String? {
        try session.query("""
            SELECT label FROM live_annotation WHERE item_id = \(item) AND annotator_id = \(annotator) ORDER BY id DESC LIMIT 1
            """).first?.decode(String.self)
    }

    // MARK: - Labels

    /// One round trip: the server's `opine_record_label` (migration 3) locks the item, finds a
    /// label already stored under the request key, checks the overlap and appends the label.
    public func recordLabel(item externalId: String, annotator: String, label: String, flags: [String], note: String?,
                            seconds: Double?, origin: LabelOrigin, overlap: Int, exposure: ModelExposure?) throws -> RecordedLabel {
        // One key for every attempt: a retry after a lost answer finds the label already stored.
        let requestKey = UUID().uuidString
        let now = Date()
        let (outcome, id, previous) = try transaction(autocommit: true) { session in
            try session.query("""
                SELECT * FROM opine_record_label(\(externalId), \(annotator), \(label), \(AppDatabase.encodeArray(flags)), \(note)::text,
                    \(seconds)::float8, \(origin.rawValue), \(now), \(exposure?.shown)::boolean, \(exposure?.run)::bigint,
                    \(exposure?.predictedLabel)::text, \(requestKey), \(overlap)::integer, \(now.timeIntervalSince1970))
                """).first.map { try $0.decode((String, Int64?, String?).self) } ?? ("", nil, nil)
        }
        switch outcome {
        case "unknown_item": throw AnnotationStoreError.unknownItem(externalId)
        case "unknown_annotator": throw AnnotationStoreError.unknownAnnotator(annotator)
        case "full": throw AnnotationStoreError.overlapReached(item: externalId, overlap: overlap)
        case "recorded", "stored":
            return RecordedLabel(annotationId: id ?? 0, item: externalId, annotator: annotator, label: label, flags: flags, previousLabel: previous)
        default: throw AnnotationStoreError.server("opine_record_label answered '\(outcome)'")
        }
    }

    /// Handing out across hosts, one round trip (`opine_lease`, migration 3): the item's row is
    /// locked with SKIP LOCKED, so a host that finds another host leasing the same item at this
    /// instant moves on instead of waiting.
    public func lease(item rowId: Int64, annotator: String, overlap: Int, seconds: Double, now: Date) throws -> Bool {
        let outcome = try transaction(autocommit: true) { session in
            try session.query("""
                SELECT opine_lease(\(rowId), \(annotator), \(overlap)::integer, \(now.timeIntervalSince1970 + seconds), \(now.timeIntervalSince1970))
                """).first?.decode(String.self)
        }
        switch outcome {
        case "leased": return true
        case "busy", "full": return false
        case "unknown_annotator": throw AnnotationStoreError.unknownAnnotator(annotator)
        default: throw AnnotationStoreError.server("opine_lease answered '\(outcome ?? "nothing")'")
        }
    }

    public func releaseLease(item rowId: Int64, annotator: String) throws {
        _ = try transaction(autocommit: true) { session in
            try session.query("""
                DELETE FROM lease WHERE item_id = \(rowId) AND annotator_id = (SELECT id FROM annotator WHERE name = \(annotator))
                """)
        }
    }

    public func retractLatest(annotator: String) throws -> RetractedLabel? {
        try transaction { session in
            let annotatorId = try Self.annotatorId(session, name: annotator)
            guard let row = try session.query("""
                SELECT a.id, a.item_id, a.label, i.external_id FROM live_annotation a JOIN item i ON i.id = a.item_id
                WHERE a.annotator_id = \(annotatorId) AND a.origin <> 'import' ORDER BY a.id DESC LIMIT 1 FOR UPDATE OF a
                """).first else { return nil }
            let (annotationId, itemId, label, externalId) = try row.decode((Int64, Int64, String, String).self)
            try session.query("INSERT INTO retraction(annotation_id, created_at) VALUES (\(annotationId), \(Date()))")
            let restored = try Self.currentLabel(session, item: itemId, annotator: annotatorId)
            return RetractedLabel(annotationId: annotationId, item: externalId, annotator: annotator, label: label, restoredLabel: restored)
        }
    }

    public func adjudicate(item externalId: String, lead: String, label: String, reason: String) throws -> Adjudication {
        try transaction { session in
            let itemId = try Self.itemId(session, externalId: externalId)
            guard let row = try session.query("SELECT id, role FROM annotator WHERE name = \(lead)").first else {
                throw AnnotationStoreError.unknownAnnotator(lead)
            }
            let (leadId, role) = try row.decode((Int64, String).self)
            guard role == Role.lead.rawValue else { throw AnnotationStoreError.notALead(lead) }
            let now = Date()
            try session.query("""
                INSERT INTO adjudication(item_id, lead_id, label, reason, created_at) VALUES (\(itemId), \(leadId), \(label), \(reason), \(now))
                """)
            return Adjudication(lead: lead, label: label, reason: reason, createdAt: now)
        }
    }

    /// Read as a few rows of whole-column arrays (`array_agg`), which decode several times faster
    /// than a million rows: the items' ids and hashes, and per labelled item its annotators.
    public func queueSnapshot(annotator: String, overlap: Int, sliceColumn: String?) throws -> QueueSnapshot {
        try transaction { session in
            let annotatorId = try Self.annotatorId(session, name: annotator)
            var annotators: [Int64: Int] = [:]
            var mine: Set<Int64> = []
            if let row = try session.query("""
                SELECT coalesce(array_agg(item_id), '{}'), coalesce(array_agg(n), '{}'), coalesce(array_agg(item_id) FILTER (WHERE mine), '{}')
                FROM (SELECT item_id, count(DISTINCT annotator_id)::bigint AS n, bool_or(annotator_id = \(annotatorId)) AS mine
                      FROM live_annotation GROUP BY item_id) per_item
                """).first {
                let (items, counts, own) = try row.decode(([Int64], [Int64], [Int64]).self)
                annotators.reserveCapacity(items.count)
                for (item, count) in zip(items, counts) { annotators[item] = Int(count) }
                mine = Set(own)
            }
            let seed = StableHash.of("queue:" + annotator)
            let slice: String
            switch sliceColumn {
            case "lang"?: slice = "lang"
            case "split"?: slice = "split"
            case nil: slice = "NULL::text"
            default: slice = "metadata::jsonb ->> $1"
            }
            let binds = sliceColumn.flatMap { $0 == "lang" || $0 == "split" ? nil : Self.binds($0) } ?? PostgresBindings()
            var ranked: [(rank: Int64, id: Int64)] = []
            var sliceValues: [Int64: String] = [:]
            var labelsPerSlice: [String: Int] = [:]
            // An empty slice value counts as none, as a missing one does.
            let valueColumn = sliceColumn == nil ? "'{}'::text[]" : "coalesce(array_agg(coalesce(\(slice), '')), '{}')"
            guard let row = try session.query(PostgresQuery(unsafeSQL: """
                SELECT coalesce(array_agg(id), '{}'), coalesce(array_agg(id_hash), '{}'), \(valueColumn) FROM item
                """, binds: binds)).first else { return QueueSnapshot(order: [], annotators: [:], sliceValues: [:], labelsPerSlice: [:]) }
            let (ids, hashes, values) = try row.decode(([Int64], [Int64], [String]).self)
            ranked.reserveCapacity(ids.count)
            for (index, id) in ids.enumerated() {
                let count = annotators[id] ?? 0
                if sliceColumn != nil {
                    let value = values[index]
                    if count > 0 { labelsPerSlice[value, default: 0] += count }
                    if !value.isEmpty { sliceValues[id] = value }
                }
                guard count < overlap, !mine.contains(id) else { continue }
                ranked.append((Int64(bitPattern: StableHash.mix(UInt64(bitPattern: hashes[index]) ^ seed)), id))
            }
            ranked.sort { ($0.rank, $0.id) < ($1.rank, $1.id) }
            return QueueSnapshot(order: ranked.map(\.id), annotators: annotators.filter { $0.value < overlap && !mine.contains($0.key) },
                                 sliceValues: sliceValues, labelsPerSlice: labelsPerSlice)
        }
    }

    // MARK: - Reading it back

    public func changeCounter() throws -> Int64 {
        try transaction { session in
            try session.query("""
                SELECT (SELECT coalesce(max(id), 0) FROM annotation) + (SELECT count(*) FROM retraction)
                     + (SELECT coalesce(max(id), 0) FROM adjudication)
                """).first?.decode(Int64.self) ?? 0
        }
    }

    public func counts(overlap: Int) throws -> ProjectCounts {
        try transaction { session in
            var perSplit: [String: Int] = [:]
            for row in try session.query("SELECT split, count(*)::bigint FROM item GROUP BY split") {
                let (split, count) = try row.decode((String, Int).self)
                perSplit[split] = count
            }
            let labelsPerItem = try session.query("SELECT count(DISTINCT annotator_id)::bigint FROM live_annotation GROUP BY item_id")
                .map { try $0.decode(Int.self) }
            var perAnnotator: [String: Int] = [:]
            for row in try session.query("""
                SELECT n.name, (SELECT count(DISTINCT a.item_id) FROM live_annotation a WHERE a.annotator_id = n.id)::bigint FROM annotator n
                """) {
                let (name, items) = try row.decode((String, Int).self)
                perAnnotator[name] = items
            }
            let adjudicated = try session.query("SELECT count(DISTINCT item_id)::bigint FROM adjudication").first?.decode(Int.self) ?? 0
            return ProjectCounts(
                items: perSplit.values.reduce(0, +), itemsPerSplit: perSplit, labelledItems: labelsPerItem.count,
                completeItems: labelsPerItem.filter { $0 >= overlap }.count, labels: labelsPerItem.reduce(0, +),
                filledSlots: labelsPerItem.reduce(0) { $0 + min($1, overlap) }, adjudicatedItems: adjudicated,
                labelsPerAnnotator: perAnnotator)
        }
    }

    private func annotatorNames(_ session: Session) throws -> [Int64: String] {
        var names: [Int64: String] = [:]
        for row in try session.query("SELECT id, name FROM annotator") {
            let (id, name) = try row.decode((Int64, String).self)
            names[id] = name
        }
        return names
    }

    public func itemLabels() throws -> [ItemLabels] {
        try transaction { session in
            let names = try annotatorNames(session)
            var latest: [Int64: [Int64: CurrentLabel]] = [:]
            for row in try session.query("SELECT item_id, annotator_id, label, flags, note, created_at FROM live_annotation ORDER BY id") {
                let (item, annotator, label, flags, note, created) = try row.decode((Int64, Int64, String, String, String?, Date).self)
                latest[item, default: [:]][annotator] = CurrentLabel(annotator: names[annotator] ?? "?", label: label,
                                                                      flags: AppDatabase.decodeArray(flags), note: note, createdAt: created)
            }
            var adjudications: [Int64: Adjudication] = [:]
            for row in try session.query("SELECT item_id, lead_id, label, reason, created_at FROM adjudication ORDER BY id") {
                let (item, lead, label, reason, created) = try row.decode((Int64, Int64, String, String, Date).self)
                adjudications[item] = Adjudication(lead: names[lead] ?? "?", label: label, reason: reason, createdAt: created)
            }
            return try session.query(PostgresQuery(unsafeSQL: "SELECT \(Self.itemColumns) FROM item ORDER BY id")).map { row in
                let item = try Self.item(row)
                let labels = (latest[item.rowId] ?? [:]).values.sorted { $0.annotator < $1.annotator }
                return ItemLabels(item: item, labels: labels, adjudication: adjudications[item.rowId])
            }
        }
    }

    /// The server picks each annotator's latest live label per item (DISTINCT ON) and sends the
    /// columns as arrays; labels are numbered in the order they first appear in the log, as the
    /// SQLite store numbers them.
    /// The log's columns as arrays in heap order, and the (few) retractions: the latest label
    /// per item and annotator is picked here, since the server's anti-join and sort of every
    /// live label took longer than sending them.
    public func labelTable() throws -> LabelTable {
        try transaction { session in
            try session.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            let names = try annotatorNames(session)
            let annotatorIds = names.keys.sorted()
            let annotatorIndex = Dictionary(uniqueKeysWithValues: annotatorIds.enumerated().map { ($1, Int32($0)) })
            let retracted = try session.query("SELECT coalesce(array_agg(annotation_id), '{}') FROM retraction").first?.decode([Int64].self) ?? []
            let undone = Set(retracted)
            guard let row = try session.query("""
                SELECT coalesce(array_agg(item_id), '{}'), coalesce(array_agg(annotator_id), '{}'), coalesce(array_agg(label), '{}'),
                       coalesce(array_agg(id), '{}'), coalesce(array_agg(created_at), '{}')
                FROM annotation
                """).first else { return LabelTable(annotators: [], labels: [], itemRowIds: [], entries: []) }
            let (itemColumn, coderColumn, labelColumn, sequenceColumn, timeColumn) = try row.decode((ByteBuffer, ByteBuffer, ByteBuffer, ByteBuffer, ByteBuffer).self)
            let items = try BinaryArray.int64s(itemColumn), coders = try BinaryArray.int64s(coderColumn)
            let sequences = try BinaryArray.int64s(sequenceColumn), times = try BinaryArray.epochSeconds(timeColumn)
            var latest = LatestLabels(annotatorCount: annotatorIds.count, capacity: items.count)
            var labels: [Int32] = []
            try BinaryArray.forEach(labelColumn) { bytes in
                guard let bytes else { throw BinaryArray.Malformed(reason: "a text element is NULL") }
                labels.append(latest.code(of: bytes))
            }
            guard [coders.count, labels.count, sequences.count, times.count].allSatisfy({ $0 == items.count }) else {
                throw BinaryArray.Malformed(reason: "the label columns differ in length")
            }
            for index in items.indices where undone.isEmpty || !undone.contains(sequences[index]) {
                guard let coder = annotatorIndex[coders[index]] else { continue }
                latest.add(item: items[index], annotator: coder, label: labels[index], sequence: sequences[index], time: times[index])
            }
            return latest.table(annotators: annotatorIds.compactMap { names[$0] })
        }
    }

    public func adjudicatedLabels() throws -> [Int64: String] {
        try transaction { session in
            var labels: [Int64: String] = [:]
            for row in try session.query("SELECT item_id, label FROM adjudication ORDER BY id") {
                let (item, label) = try row.decode((Int64, String).self)
                labels[item] = label
            }
            return labels
        }
    }

    public func exposedLabels() throws -> [ExposedLabel] {
        try transaction { session in
            try session.query("""
                SELECT i.external_id, n.name, c.label, c.prediction_shown, c.model_run, c.model_label
                FROM current_label c JOIN item i ON i.id = c.item_id JOIN annotator n ON n.id = c.annotator_id
                WHERE c.prediction_shown IS NOT NULL AND c.model_label IS NOT NULL ORDER BY c.id
                """).map { row in
                let (item, annotator, label, shown, run, predicted) = try row.decode((String, String, String, Bool, Int64, String).self)
                return ExposedLabel(item: item, annotator: annotator, label: label, exposure: ModelExposure(run: run, predictedLabel: predicted, shown: shown))
            }
        }
    }

    // MARK: - Embeddings, runs and predictions

    public func itemsWithoutEmbedding(encoder: String) throws -> [PendingText] {
        try transaction { session in
            try session.query("""
                SELECT i.id, i.external_id, i.text FROM item i
                WHERE NOT EXISTS (SELECT 1 FROM embedding e WHERE e.item_id = i.id AND e.encoder = \(encoder)) ORDER BY i.id
                """).map { row in
                let (id, externalId, text) = try row.decode((Int64, String, String).self)
                return PendingText(rowId: id, externalId: externalId, text: text)
            }
        }
    }

    public func storeEmbeddings(_ vectors: [(rowId: Int64, vector: [Float])], encoder: String) throws {
        guard let dimension = vectors.first?.vector.count else { return }
        let now = Date()
        try transaction { session in
            for (rowId, vector) in vectors {
                precondition(vector.count == dimension, "vectors of one batch differ in dimension")
                try session.query("""
                    INSERT INTO embedding(item_id, encoder, dimension, vector, created_at) VALUES (\(rowId), \(encoder), \(dimension), \(Float32Blob.data(vector)), \(now))
                    ON CONFLICT (item_id, encoder) DO UPDATE SET dimension = excluded.dimension, vector = excluded.vector, created_at = excluded.created_at
                    """)
            }
        }
    }

    public func importEmbeddings(_ vectors: [(externalId: String, vector: [Float])], encoder: String) throws {
        var rows: [(rowId: Int64, vector: [Float])] = []
        try transaction { session in
            var ids: [String: Int64] = [:]
            for row in try session.query("SELECT id, external_id FROM item") {
                let (id, externalId) = try row.decode((Int64, String).self)
                ids[externalId] = id
            }
            for (externalId, vector) in vectors {
                guard let id = ids[externalId] else { throw AnnotationStoreError.unknownItem(externalId) }
                rows.append((id, vector))
            }
        }
        try storeEmbeddings(rows, encoder: encoder)
    }

    public func embeddingKeys() throws -> [(key: String, count: Int)] {
        try transaction { session in
            try session.query("SELECT encoder, count(*)::bigint AS n FROM embedding GROUP BY encoder ORDER BY n DESC").map { row in
                let (key, count) = try row.decode((String, Int).self)
                return (key, count)
            }
        }
    }

    public func embeddingCount(encoder: String) throws -> Int {
        try transaction { session in try session.query("SELECT count(*)::bigint FROM embedding WHERE encoder = \(encoder)").first?.decode(Int.self) ?? 0 }
    }

    public func embeddings(encoder: String) throws -> EmbeddingSet {
        try transaction { session in
            var set = EmbeddingSet(externalIds: [], dimension: 0, values: [])
            for row in try session.query("""
                SELECT i.id, i.external_id, e.dimension, e.vector FROM embedding e JOIN item i ON i.id = e.item_id
                WHERE e.encoder = \(encoder) ORDER BY i.id
                """) {
                let (id, externalId, dimension, blob) = try row.decode((Int64, String, Int, Data).self)
                if set.dimension == 0 { set.dimension = dimension }
                guard dimension == set.dimension, blob.count == 4 * dimension else { continue }
                set.rowIds.append(id)
                set.externalIds.append(externalId)
                set.values += Float32Blob.floats(blob)
            }
            return set
        }
    }

    private static let runColumns = "id, created_at, encoder, labels, parameters, data, metrics, seconds"

    private static func run(_ row: PostgresRow, withModel: Bool) throws -> RunRecord {
        let random = row.makeRandomAccess()
        let model = withModel ? try random["model"].decode(Data.self) : Data()
        let (id, created, encoder, labels, parameters, data, metrics, seconds) = try row.decode(
            (Int64, Date, String, String, String, String, String, Double).self)
        return RunRecord(id: id, createdAt: created, encoder: encoder, labels: AppDatabase.decodeArray(labels), parametersJSON: parameters,
                         dataJSON: data, metricsJSON: metrics, seconds: seconds, model: model)
    }

    @discardableResult
    public func saveRun(_ run: RunRecord) throws -> Int64 {
        try transaction { session in
            try session.query("""
                INSERT INTO run(created_at, encoder, labels, parameters, data, metrics, seconds, model)
                VALUES (\(run.createdAt), \(run.encoder), \(AppDatabase.encodeArray(run.labels)), \(run.parametersJSON), \(run.dataJSON),
                        \(run.metricsJSON), \(run.seconds), \(run.model))
                RETURNING id
                """).first?.decode(Int64.self) ?? 0
        }
    }

    public func runs(withModels: Bool) throws -> [RunRecord] {
        try transaction { session in
            try session.query(PostgresQuery(unsafeSQL: "SELECT \(Self.runColumns)\(withModels ? ", model" : "") FROM run ORDER BY id"))
                .map { try Self.run($0, withModel: withModels) }
        }
    }

    public func run(_ id: Int64) throws -> RunRecord? {
        try transaction { session in
            try session.query(PostgresQuery(unsafeSQL: "SELECT \(Self.runColumns), model FROM run WHERE id = $1", binds: Self.binds(id)))
                .first.map { try Self.run($0, withModel: true) }
        }
    }

    public func latestRun() throws -> RunRecord? {
        try transaction { session in
            try session.query(PostgresQuery(unsafeSQL: "SELECT \(Self.runColumns), model FROM run ORDER BY id DESC LIMIT 1"))
                .first.map { try Self.run($0, withModel: true) }
        }
    }

    public func storePredictions(run: Int64, _ rows: [(rowId: Int64, probabilities: [Float])]) throws {
        try transaction { session in
            try session.query("DELETE FROM prediction WHERE run_id = \(run)")
            for (rowId, probabilities) in rows {
                try session.query("INSERT INTO prediction(run_id, item_id, probabilities) VALUES (\(run), \(rowId), \(Float32Blob.data(probabilities)))")
            }
        }
    }

    public func predictions(run: Int64) throws -> [Int64: [Float]] {
        try transaction { session in
            var result: [Int64: [Float]] = [:]
            for row in try session.query("SELECT item_id, probabilities FROM prediction WHERE run_id = \(run)") {
                let (item, blob) = try row.decode((Int64, Data).self)
                result[item] = Float32Blob.floats(blob)
            }
            return result
        }
    }
}
