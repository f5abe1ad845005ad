import Foundation
import Testing
@testable import AnnotationStore

/// The stores every command and screen may sit on.
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    static let team = [
        AnnotatorProfile(name: "ana", role: .annotator),
        AnnotatorProfile(name: "ben", role: .annotator, attributes: ["region": "north"]),
        AnnotatorProfile(name: "cleo", role: .annotator),
        AnnotatorProfile(name: "lea", role: .lead),
    ]

    /// The server the PostgreSQL tests use (`make test` starts one: scripts/with-postgres.sh).
    static var server: ServerAddress? {
        get throws {
            guard let url = ProcessInfo.processInfo.environment["OPINE_TEST_POSTGRES_URL"], !url.isEmpty else { return nil }
            return try ServerAddress(url: url)
        }
    }

    /// Says that a PostgreSQL test did not run; under CI that is a failure.
    static func skipped(_ test: String) {
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            Issue.record("CI=true but OPINE_TEST_POSTGRES_URL is not set: '\(test)' must run against PostgreSQL in CI")
        } else {
            print("skipped: '\(test)' on PostgreSQL (no OPINE_TEST_POSTGRES_URL; `make test` starts a server)")
        }
    }

    /// A new empty database on the test server, for one test.
    static func freshDatabase() throws -> ServerAddress? {
        guard var server = try server else { return nil }
        let name = "opine_t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(24)
        try PostgresProjectStore.createDatabase(named: String(name), on: server)
        server.database = String(name)
        return server
    }

    /// A fresh store with the team and `items` items (i1…iN), or nil when this backend cannot run here.
    func store(items: Int = 0, test: String = #function) throws -> (any ProjectStore)? {
        let store: any ProjectStore
        switch self {
        case .sqlite:
            store = try AppDatabase.inMemory()
        case .postgres:
            guard let address = try Self.freshDatabase() else {
                Self.skipped(test)
                return nil
            }
            store = try PostgresProjectStore.open(address, project: "contract")
        }
        try store.syncAnnotators(Self.team)
        if items > 0 {
            let rows = (1...items).map { ImportRow(line: $0 + 1, externalId: "i\($0)", text: "text number \($0)", lang: $0 % 2 == 0 ? "en" : "fr",
                                                   metadataJSON: "{\"source\":\"s\($0 % 3)\"}") }
            _ = try store.importRows(rows, file: "seed.csv", annotator: nil, splits: SplitFractions())
        }
        return store
    }
}

extension ProjectStore {
    func label(_ item: String, _ annotator: String, _ label: String, overlap: Int = 2, exposure: ModelExposure? = nil) throws -> RecordedLabel {
        try recordLabel(item: item, annotator: annotator, label: label, flags: [], note: nil, seconds: nil, origin: .cli,
                        overlap: overlap, exposure: exposure)
    }

    /// Each item's current labels by annotator, by external id.
    func currentLabels() throws -> [String: [String: String]] {
        var result: [String: [String: String]] = [:]
        for item in try itemLabels() where !item.labels.isEmpty {
            result[item.item.externalId] = Dictionary(uniqueKeysWithValues: item.labels.map { ($0.annotator, $0.label) })
        }
        return result
    }

    /// Raw SQL, to check what the store's database itself refuses.
    func rawSQL(_ sql: String) throws {
        if let sqlite = self as? AppDatabase { try sqlite.execute(sql: sql) }
        if let server = self as? PostgresProjectStore { try server.execute(sql: sql) }
    }
}

@Suite struct StoreContractTests {
    @Test("labels, undo and relabel: the current label is the latest live one, and undo restores the one before", arguments: Backend.allCases)
    func labelsAndUndo(backend: Backend) throws {
        guard let store = try backend.store(items: 3) else { return }
        _ = try store.label("i1", "ana", "neutral")
        let relabel = try store.label("i1", "ana", "positive")
        #expect(relabel.previousLabel == "neutral")
        _ = try store.label("i2", "ana", "negative")
        #expect(try store.currentLabels() == ["i1": ["ana": "positive"], "i2": ["ana": "negative"]])
        let undone = try #require(try store.retractLatest(annotator: "ana"))
        #expect(undone.item == "i2" && undone.restoredLabel == nil)
        let second = try #require(try store.retractLatest(annotator: "ana"))
        #expect(second.item == "i1" && second.label == "positive" && second.restoredLabel == "neutral")
        #expect(try store.currentLabels() == ["i1": ["ana": "neutral"]])
        #expect(try store.counts(overlap: 2).labels == 1)
    }

    @Test("the overlap rule refuses a new annotator on a full item and always lets one relabel", arguments: Backend.allCases)
    func overlap(backend: Backend) throws {
        guard let store = try backend.store(items: 2) else { return }
        _ = try store.label("i1", "ana", "neutral", overlap: 2)
        _ = try store.label("i1", "ben", "positive", overlap: 2)
        #expect(throws: AnnotationStoreError.overlapReached(item: "i1", overlap: 2)) { try store.label("i1", "cleo", "negative", overlap: 2) }
        #expect(try store.label("i1", "ben", "negative", overlap: 2).previousLabel == "positive")
        #expect(throws: AnnotationStoreError.unknownItem("nope")) { try store.label("nope", "ana", "neutral") }
        #expect(throws: AnnotationStoreError.unknownAnnotator("zed")) { try store.label("i2", "zed", "neutral") }
    }

    @Test("only a lead adjudicates, with a reason; the database itself refuses changes to the log and a non-lead's gold", arguments: Backend.allCases)
    func invariantsInTheDatabase(backend: Backend) throws {
        guard let store = try backend.store(items: 1) else { return }
        _ = try store.label("i1", "ana", "neutral")
        #expect(throws: AnnotationStoreError.notALead("ana")) { try store.adjudicate(item: "i1", lead: "ana", label: "positive", reason: "x") }
        let gold = try store.adjudicate(item: "i1", lead: "lea", label: "positive", reason: "sarcasm — 皮肉")
        #expect(gold.lead == "lea" && gold.reason == "sarcasm — 皮肉")
        #expect(try store.itemLabels().first?.adjudication?.label == "positive")
        _ = try store.retractLatest(annotator: "ana")
        // A second client writing SQL by hand cannot break the rules either.
        for sql in ["UPDATE annotation SET label = 'positive'", "DELETE FROM annotation", "DELETE FROM retraction",
                    "UPDATE adjudication SET label = 'negative'", "DELETE FROM adjudication",
                    "INSERT INTO adjudication(item_id, lead_id, label, reason, created_at) SELECT 1, id, 'negative', 'x', '2026-01-01' FROM annotator WHERE name = 'ana'"] {
            #expect(throws: (any Error).self, "\(sql)") { try store.rawSQL(sql) }
        }
        #expect(try store.itemLabels().first?.adjudication?.label == "positive")
        #expect(try store.counts(overlap: 2).labels == 0)
    }

    @Test("an import is all or nothing: an id already stored with another text rejects the file whole", arguments: Backend.allCases)
    func importAllOrNothing(backend: Backend) throws {
        guard let store = try backend.store(items: 3) else { return }
        let rows = [ImportRow(line: 2, externalId: "new1", text: "a new text"),
                    ImportRow(line: 3, externalId: "i2", text: "another text", label: "positive")]
        #expect(throws: AnnotationStoreError.conflictingText(file: "b.csv", line: 3, id: "i2")) {
            try store.importRows(rows, file: "b.csv", annotator: "ana", splits: SplitFractions())
        }
        #expect(try store.counts(overlap: 2).items == 3)
        #expect(try store.item("new1") == nil)
        // Duplicates within a file and texts already present are skipped and counted.
        let summary = try store.importRows([ImportRow(line: 2, externalId: "x1", text: "text number 1"),
                                            ImportRow(line: 3, externalId: "x2", text: "fresh", label: "neutral"),
                                            ImportRow(line: 4, externalId: "x2", text: "fresh")],
                                           file: "c.csv", annotator: "ben", splits: SplitFractions())
        #expect(summary.itemsAdded == 1 && summary.labelsAdded == 1 && summary.skipped.map(\.line) == [2, 4])
    }

    @Test("each item's import time: the rows of one import share it, a later import has a later one", arguments: Backend.allCases)
    func importTimes(backend: Backend) throws {
        guard let store = try backend.store(items: 3) else { return }
        Thread.sleep(forTimeInterval: 0.01)
        _ = try store.importRows([ImportRow(line: 2, externalId: "late", text: "a later text")], file: "b.csv", annotator: nil, splits: SplitFractions())
        let times = try store.itemImportTimes()
        #expect(times.count == 4)
        let first = try #require(try store.rowId(of: "i1")), late = try #require(try store.rowId(of: "late"))
        #expect(Set(["i1", "i2", "i3"].compactMap { try? store.rowId(of: $0) }.compactMap { times[$0] }).count == 1)
        #expect(try #require(times[late]) > #require(times[first]))
    }

    @Test("an import carries several annotators' labels with notes and times, in one transaction", arguments: Backend.allCases)
    func namedLabels(backend: Backend) throws {
        guard let store = try backend.store(items: 1) else { return }
        let given = Date(timeIntervalSince1970: 1_700_000_000.25)
        let rows = [
            ImportRow(line: 1, externalId: "i1", text: "text number 1", labels: [ImportedLabel(annotator: "ana", label: "positive")]),
            ImportRow(line: 2, externalId: "n1", text: "a new text", labels: [
                ImportedLabel(annotator: "ana", label: "negative", flags: ["sarcasm"], note: "ironic — 皮肉", createdAt: given),
                ImportedLabel(annotator: "ben", label: "neutral"),
            ]),
        ]
        let summary = try store.importRows(rows, file: "tool.json", annotator: nil, splits: SplitFractions())
        #expect(summary.itemsAdded == 1 && summary.itemsAlreadyPresent == 1 && summary.labelsAdded == 3)
        #expect(try store.currentLabels() == ["i1": ["ana": "positive"], "n1": ["ana": "negative", "ben": "neutral"]])
        let ana = try #require(try store.itemLabels().first { $0.item.externalId == "n1" }?.labels.first { $0.annotator == "ana" })
        #expect(ana.flags == ["sarcasm"] && ana.note == "ironic — 皮肉" && abs(ana.createdAt.timeIntervalSince(given)) < 0.001)
        // Again: nothing new. With an unknown annotator: refused whole.
        #expect(try store.importRows(rows, file: "tool.json", annotator: nil, splits: SplitFractions()).labelsAdded == 0)
        let unknown = [ImportRow(line: 1, externalId: "n2", text: "another", labels: [ImportedLabel(annotator: "zed", label: "neutral")])]
        #expect(throws: AnnotationStoreError.unknownAnnotator("zed")) {
            try store.importRows(unknown, file: "tool.json", annotator: nil, splits: SplitFractions())
        }
        #expect(try store.item("n2") == nil)
    }

    @Test("imported texts come back byte for byte: tabs, newlines, backslashes, a literal \\N, escapes, CJK, emoji", arguments: Backend.allCases)
    func importedTextsRoundTrip(backend: Backend) throws {
        guard let store = try backend.store() else { return }
        let texts = ["tab\there", "two\nlines\r\n", "back\\slash \\N and \\t", "\u{1B}[31mred\u{1B}[0m\u{7}", "日本語のテキスト", "👨‍👩‍👧 family",
                     "\\", "plain"]
        let rows = texts.enumerated().map { ImportRow(line: $0.offset + 2, externalId: "t\($0.offset)", text: $0.element,
                                                      lang: $0.offset == 0 ? nil : "xx", metadataJSON: "{\"note\":\"a\\tb\"}",
                                                      label: "neutral", flags: $0.offset == 1 ? ["irony"] : []) }
        let summary = try store.importRows(rows, file: "t.csv", annotator: "ana", splits: SplitFractions())
        #expect(summary.itemsAdded == texts.count && summary.labelsAdded == texts.count)
        for (index, text) in texts.enumerated() {
            let item = try #require(try store.item("t\(index)"))
            #expect(item.text == text)
            #expect(item.lang == (index == 0 ? nil : "xx"))
            #expect(item.metadataJSON == "{\"note\":\"a\\tb\"}")
        }
        #expect(try store.itemLabels().first { $0.item.externalId == "t1" }?.labels.first?.flags == ["irony"])
        // Importing the same file again adds nothing.
        let again = try store.importRows(rows, file: "t.csv", annotator: "ana", splits: SplitFractions())
        #expect(again.itemsAdded == 0 && again.itemsAlreadyPresent == texts.count && again.labelsUnchanged == texts.count)
    }

    @Test("a bulk import into an empty project (indexes built after the rows) keeps every rule; one that fails leaves nothing and the indexes", arguments: Backend.allCases)
    func bulkImport(backend: Backend) throws {
        guard let store = try backend.store() else { return }
        let count = 12_000
        var rows = (1...count).map { ImportRow(line: $0 + 1, externalId: "b\($0)", text: "bulk\ttext \\ \($0)\nend", lang: $0 % 5 == 0 ? nil : "en",
                                               metadataJSON: "{\"n\":\"\($0)\"}", label: $0 % 2 == 0 ? "positive" : nil) }
        // A bad row near the end: the server's JSON rule refuses it, and the whole file with it.
        var bad = rows
        bad[11_000].metadataJSON = "{not json"
        #expect(throws: (any Error).self) { try store.importRows(bad, file: "bad.csv", annotator: "ana", splits: SplitFractions()) }
        #expect(try store.counts(overlap: 2).items == 0)

        rows.append(ImportRow(line: count + 2, externalId: "b7", text: "another text under a used id"))
        rows.append(ImportRow(line: count + 3, externalId: "twin", text: rows[41].text))
        let summary = try store.importRows(rows, file: "bulk.csv", annotator: "ana", splits: SplitFractions())
        #expect(summary.itemsAdded == count && summary.labelsAdded == count / 2)
        #expect(summary.skipped.map(\.line) == [count + 2, count + 3])
        let item = try #require(try store.item("b4321"))
        #expect(item.text == "bulk\ttext \\ 4321\nend" && item.lang == "en" && item.metadataJSON == "{\"n\":\"4321\"}")
        #expect(try store.item("b4320")?.lang == nil)
        // The unique id rule is back in force, in the database itself.
        #expect(throws: (any Error).self) {
            try store.rawSQL("INSERT INTO item(external_id, text, metadata, split, id_hash, text_hash, imported_at) VALUES ('b1', 'x', '{}', 'train', 1, 2, '2026-01-01')")
        }
        // A second import finds the first one's items (the text-hash index) and skips them.
        let again = try store.importRows(Array(rows.prefix(100)), file: "bulk.csv", annotator: "ana", splits: SplitFractions())
        #expect(again.itemsAdded == 0 && again.itemsAlreadyPresent == 100)
    }

    @Test("runs, embeddings and predictions round trip", arguments: Backend.allCases)
    func modelData(backend: Backend) throws {
        guard let store = try backend.store(items: 3) else { return }
        try store.importEmbeddings([("i1", [1, 2]), ("i3", [0.5, -1])], encoder: "e")
        #expect(try store.embeddingKeys().map(\.key) == ["e"] && store.embeddingCount(encoder: "e") == 2)
        let set = try store.embeddings(encoder: "e")
        #expect(set.externalIds == ["i1", "i3"] && set.values == [1, 2, 0.5, -1] && set.dimension == 2)
        #expect(try store.itemsWithoutEmbedding(encoder: "e").map(\.externalId) == ["i2"])
        let record = RunRecord(encoder: "e", labels: ["negative", "positive"], parametersJSON: "{\"a\":1}", dataJSON: "{}",
                               metricsJSON: "{\"b\":[1,2]}", seconds: 0.25, model: Data([1, 2, 3]))
        let id = try store.saveRun(record)
        let read = try #require(try store.run(id))
        #expect(read.labels == record.labels && read.parametersJSON == record.parametersJSON && read.model == record.model)
        #expect(try store.latestRun()?.id == id && store.runs(withModels: false).first?.model.isEmpty == true)
        try store.storePredictions(run: id, [(set.rowIds[0], [0.25, 0.75])])
        #expect(try store.predictions(run: id) == [set.rowIds[0]: [0.25, 0.75]])
        _ = try store.label("i1", "ana", "positive", exposure: ModelExposure(run: id, predictedLabel: "positive", shown: false))
        #expect(try store.exposedLabels() == [ExposedLabel(item: "i1", annotator: "ana", label: "positive",
                                                            exposure: ModelExposure(run: id, predictedLabel: "positive", shown: false))])
    }

    @Test("leases: an item handed out is not handed to others while its slots are taken; a vanished session's lease expires", arguments: Backend.allCases)
    func leases(backend: Backend) throws {
        guard let store = try backend.store(items: 4) else { return }
        let i1 = try #require(try store.rowId(of: "i1")), i2 = try #require(try store.rowId(of: "i2"))
        let now = Date()
        // Overlap 1: ana's lease takes the only slot.
        #expect(try store.lease(item: i1, annotator: "ana", overlap: 1, seconds: 600, now: now))
        #expect(try store.lease(item: i1, annotator: "ana", overlap: 1, seconds: 600, now: now))  // renewing is fine
        #expect(try !store.lease(item: i1, annotator: "ben", overlap: 1, seconds: 600, now: now))
        #expect(throws: AnnotationStoreError.overlapReached(item: "i1", overlap: 1)) { try store.label("i1", "ben", "neutral", overlap: 1) }
        // Her label ends her lease; the slot stays hers through the label.
        _ = try store.label("i1", "ana", "positive", overlap: 1)
        #expect(try !store.lease(item: i1, annotator: "ben", overlap: 1, seconds: 600, now: now))
        #expect(try store.lease(item: i1, annotator: "ana", overlap: 1, seconds: 600, now: now))  // her own labelled item
        // Overlap 2: two leases fill it.
        #expect(try store.lease(item: i2, annotator: "ana", overlap: 2, seconds: 600, now: now))
        #expect(try store.lease(item: i2, annotator: "ben", overlap: 2, seconds: 600, now: now))
        #expect(try !store.lease(item: i2, annotator: "cleo", overlap: 2, seconds: 600, now: now))
        // A skip gives the lease back.
        try store.releaseLease(item: i2, annotator: "ben")
        #expect(try store.lease(item: i2, annotator: "cleo", overlap: 2, seconds: 600, now: now))
        // A session that vanished (its lease never given back) frees the item once the lease runs out.
        let i3 = try #require(try store.rowId(of: "i3"))
        #expect(try store.lease(item: i3, annotator: "ana", overlap: 1, seconds: 60, now: now))
        #expect(try !store.lease(item: i3, annotator: "ben", overlap: 1, seconds: 60, now: now.addingTimeInterval(59)))
        #expect(try store.lease(item: i3, annotator: "ben", overlap: 1, seconds: 60, now: now.addingTimeInterval(61)))
        // An expired lease does not hold a label back either.
        let i4 = try #require(try store.rowId(of: "i4"))
        #expect(try store.lease(item: i4, annotator: "cleo", overlap: 1, seconds: 1, now: now.addingTimeInterval(-3600)))
        #expect(try store.label("i4", "lea", "neutral", overlap: 1).item == "i4")
    }

    /// The same script of operations on a store, summed up in values both stores must agree on.
    static func script(_ store: any ProjectStore) throws -> [String] {
        for index in 1...30 {
            let label = ["negative", "neutral", "positive"][index % 3]
            _ = try store.label("i\(index)", "ana", label)
            if index % 2 == 0 { _ = try store.label("i\(index)", "ben", index % 4 == 0 ? label : "neutral") }
        }
        _ = try store.retractLatest(annotator: "ben")
        // A relabel: the label table keeps the latest, and the first label stays in the log.
        _ = try store.label("i3", "ana", "positive")
        _ = try store.adjudicate(item: "i6", lead: "lea", label: "negative", reason: "r")
        let ids = Dictionary(uniqueKeysWithValues: try store.itemLabels().map { ($0.item.rowId, $0.item.externalId) })
        let table = try store.labelTable()
        let snapshot = try store.queueSnapshot(annotator: "cleo", overlap: 2, sliceColumn: "lang")
        let counts = try store.counts(overlap: 2)
        func sorted(_ values: [String: Int]) -> String { "\(values.sorted { $0.key < $1.key })" }
        return [
            "\(counts.items) \(counts.labelledItems) \(counts.completeItems) \(counts.labels) \(counts.filledSlots) \(counts.adjudicatedItems)",
            sorted(counts.itemsPerSplit) + " " + sorted(counts.labelsPerAnnotator),
            "\(try store.currentLabels().sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.sorted { $0.key < $1.key })" })",
            "\(try store.adjudicatedLabels().map { (ids[$0.key] ?? "?", $0.value) }.sorted { $0.0 < $1.0 })",
            "\(table.annotators) \(table.labels) \(table.itemRowIds.map { ids[$0] ?? "?" })",
            "\(table.entries.map { "\($0.item)/\($0.annotator)/\($0.label)" })",
            "\(snapshot.order.map { ids[$0] ?? "?" }) \(snapshot.labelsPerSlice.sorted { $0.key < $1.key })",
            "\(try store.itemValues(column: "source").map { (ids[$0.key] ?? "?", $0.value) }.sorted { $0.0 < $1.0 })",
            "\(try store.itemLabels().map { "\($0.item.externalId) \($0.item.split) \($0.item.metadataJSON)" })",
        ]
    }

    @Test("the same operations give the same answers on SQLite and on PostgreSQL")
    func parity() throws {
        guard let server = try Backend.postgres.store(items: 40) else { return }
        let sqlite = try #require(try Backend.sqlite.store(items: 40))
        let expected = try Self.script(sqlite)
        let found = try Self.script(server)
        for (line, (a, b)) in zip(expected, found).enumerated() {
            #expect(a == b, "summary line \(line) differs")
        }
    }
}

@Suite struct ServerErrorTests {
    @Test("a server that goes away for good: the label is retried, then refused with a clear error; nothing half-written")
    func serverStaysDown() throws {
        guard let address = try Backend.freshDatabase() else { return Backend.skipped("server stays down") }
        let store = try PostgresProjectStore.open(address, project: "contract")
        try store.syncAnnotators(Backend.team)
        _ = try store.importRows([ImportRow(line: 2, externalId: "i1", text: "one")], file: "a.csv", annotator: nil, splits: SplitFractions())
        // The connection drops (killed from the server side) and the server is no longer where it was.
        let killer = try PostgresProjectStore.open(address, project: "contract")
        store.address.port = 1
        try killer.execute(sql: "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
        let started = Date()
        #expect {
            _ = try store.label("i1", "ana", "positive")
        } throws: { error in
            guard case AnnotationStoreError.cannotConnect(let server, _) = error else { return false }
            return server.contains(":1/")
        }
        // It kept trying for a while (a restart takes seconds), then said so.
        #expect(Date().timeIntervalSince(started) > 5)
        #expect(try killer.counts(overlap: 2).labels == 0)
    }

    @Test("a connection the server ends in the middle of an import's COPY: the import starts again on a new one and lands whole")
    func copyInterrupted() throws {
        guard let address = try Backend.freshDatabase() else { return Backend.skipped("copy interrupted") }
        let store = try PostgresProjectStore.open(address, project: "contract")
        try store.syncAnnotators(Backend.team)
        let rows = (1...100_000).map { ImportRow(line: $0 + 1, externalId: "c\($0)", text: "copied text \($0)", label: $0 % 3 == 0 ? "neutral" : nil) }
        let outcome = ImportOutcome()
        let importer = Thread {
            outcome.result = Result { try store.importRows(rows, file: "big.csv", annotator: "ana", splits: SplitFractions()) }
            outcome.done.signal()
        }
        importer.start()
        // Once the COPY is running, the server ends its connection (as a restart does: 57P01).
        let killer = try PostgresProjectStore.open(address, project: "contract")
        func ended() throws -> Int {
            try killer.transaction { session in
                try session.query("""
                    SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity
                    WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'COPY%' AND state = 'active'
                    """).first?.decode(Int.self) ?? 0
            }
        }
        var terminated = 0
        let deadline = Date().addingTimeInterval(60)
        while terminated == 0, Date() < deadline, outcome.done.wait(timeout: .now()) == .timedOut {
            terminated = try ended()
            if terminated == 0 { Thread.sleep(forTimeInterval: 0.005) }
        }
        if terminated > 0 { outcome.done.wait() }
        #expect(terminated == 1, "the COPY was never seen running")
        let summary = try #require(try outcome.result?.get())
        #expect(summary.itemsAdded == rows.count && summary.labelsAdded == rows.count / 3)
        let counts = try killer.counts(overlap: 2)
        #expect(counts.items == rows.count && counts.labels == rows.count / 3)
    }

    @Test("bad database URLs are refused with what is wrong, the password never shown", arguments: [
        ("mysql://u@h/db", "the scheme must be postgres://"), ("postgres://u@/db", "no host"), ("postgres://u@host", "no database name"),
        ("postgres://u:secret@host:99999/db", "port"), ("not a url at all", "not a URL"),
    ])
    func badURLs(url: String, reason: String) {
        do {
            _ = try ServerAddress(url: url, environment: [:])
            Issue.record("accepted \(url)")
        } catch {
            #expect("\(error)".contains(reason), "\(error)")
            #expect(!"\(error)".contains("secret"))
        }
    }

    @Test("the password comes from PGPASSFILE as libpq reads it (wildcards, escapes), else from PGPASSWORD")
    func passwordFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pgpass-\(UUID().uuidString)")
        try "# comment\nother:5432:*:u:no\nhost.example:5433:db:u:first\\:part\n*:*:*:u:fallback\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let environment = ["PGPASSFILE": file.path]
        #expect(try ServerAddress(url: "postgres://u@host.example:5433/db", environment: environment).password == "first:part")
        #expect(try ServerAddress(url: "postgres://u@elsewhere/db", environment: environment).password == "fallback")
        #expect(try ServerAddress(url: "postgres://u@elsewhere/db", environment: ["PGPASSWORD": "env"]).password == "env")
        #expect(try ServerAddress(url: "postgres://u:inline@elsewhere/db", environment: environment).description == "postgres://u@elsewhere:5432/db")
    }

    @Test("a refused connection, a wrong password, another project's database and a newer schema are clear errors")
    func serverErrors() throws {
        guard let address = try Backend.freshDatabase() else { return Backend.skipped("serverErrors") }
        // Nothing listens on port 1.
        var refused = address
        refused.port = 1
        #expect { try PostgresProjectStore.open(refused, project: "p") } throws: { error in
            guard case AnnotationStoreError.cannotConnect(let server, _) = error else { return false }
            return server == "postgres://\(address.user)@\(address.host):1/\(address.database)"
        }
        var wrong = address
        wrong.password = "not-the-password"
        #expect { try PostgresProjectStore.open(wrong, project: "p") } throws: { error in
            guard case AnnotationStoreError.authenticationFailed = error else { return false }
            return !"\(error)".contains("not-the-password")
        }
        // The database now belongs to project p: another project is refused, and nothing is written.
        let store = try PostgresProjectStore.open(address, project: "p")
        try store.syncAnnotators(Backend.team)
        #expect(throws: AnnotationStoreError.otherProject(server: address.description, found: "p", expected: "q")) {
            try PostgresProjectStore.open(address, project: "q")
        }
        // A store written by a newer Opine is not touched.
        try store.execute(sql: "UPDATE opine_store SET version = 99")
        #expect(throws: AnnotationStoreError.schemaTooNew(server: address.description, found: 99, known: PostgresProjectStore.schemaVersion)) {
            try PostgresProjectStore.open(address, project: "p")
        }
        try store.execute(sql: "UPDATE opine_store SET version = \(PostgresProjectStore.schemaVersion)")
        #expect(try PostgresProjectStore.open(address, project: "p").counts(overlap: 2).items == 0)
    }
}

/// An import run on another thread, and its outcome.
final class ImportOutcome: @unchecked Sendable {
    var result: Result<ImportSummary, Error>?
    let done = DispatchSemaphore(value: 0)
}
