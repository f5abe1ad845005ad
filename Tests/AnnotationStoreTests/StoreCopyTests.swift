import Foundation
import Testing
@testable import AnnotationStore

/// `opine db copy` and `opine db check` at the store level: a whole store moves between the
/// backends with every row, id and time kept, or not at all; the check finds what breaks the rules.
@Suite struct StoreCopyTests {
    /// A store with something in every table: labels with notes, seconds and model exposure, a
    /// retraction, an adjudication, vectors, a run and its predictions.
    static func populated(_ backend: Backend, test: String = #function) throws -> (any ProjectStore)? {
        guard let store = try backend.store(items: 6, test: test) else { return nil }
        try store.importEmbeddings([("i1", [1, 2]), ("i2", [0.5, -1]), ("i3", [0, 0.25])], encoder: "enc")
        let run = try store.saveRun(RunRecord(encoder: "enc", labels: ["negative", "positive"], parametersJSON: "{\"c\":1}",
                                              dataJSON: "{}", metricsJSON: "{\"f1\":0.5}", seconds: 0.5, model: Data([9, 8, 7])))
        let rows = try store.embeddings(encoder: "enc").rowIds
        try store.storePredictions(run: run, rows.map { ($0, [0.25, 0.75]) })
        _ = try store.recordLabel(item: "i1", annotator: "ana", label: "positive", flags: ["sarcasm"], note: "tab\there, 日本語 🙂",
                                  seconds: 2.5, origin: .screen, overlap: 2,
                                  exposure: ModelExposure(run: run, predictedLabel: "positive", shown: true))
        _ = try store.label("i1", "ben", "negative")
        _ = try store.label("i2", "ana", "neutral")
        _ = try store.retractLatest(annotator: "ana")
        _ = try store.adjudicate(item: "i1", lead: "lea", label: "positive", reason: "the sarcasm reads positive")
        return store
    }

    @Test("SQLite → PostgreSQL → SQLite keeps every row, id and time", arguments: [(Backend.sqlite, Backend.postgres), (.postgres, .sqlite)])
    func roundTrip(from: Backend, to: Backend) throws {
        guard let source = try Self.populated(from), let destination = try to.store() else { return }
        let snapshot = try source.snapshot()
        #expect(snapshot.counts == StoreCounts(annotators: 4, items: 6, runs: 1, annotations: 3, retractions: 1, adjudications: 1,
                                               embeddings: 3, predictions: 3))
        try destination.load(snapshot)
        #expect(try destination.snapshot() == snapshot)
        #expect(try destination.storeCounts() == snapshot.counts)
        // The copy is a working store: the same answers, and new rows get new ids.
        #expect(try destination.currentLabels() == source.currentLabels())
        #expect(try destination.adjudicatedLabels().values.sorted() == ["positive"])
        let next = try destination.label("i3", "cleo", "neutral")
        #expect(next.annotationId == (snapshot.annotations.last?.id ?? 0) + 1)
        _ = try destination.saveRun(RunRecord(encoder: "enc", labels: ["a", "b"], parametersJSON: "{}", dataJSON: "{}", metricsJSON: "{}",
                                              seconds: 0, model: Data()))
        #expect(try destination.runs().map(\.id) == [1, 2])
        // And back again into a fresh store of the first kind: the same rows as the original plus the new ones.
        guard let back = try from.store() else { return }
        try back.load(try destination.snapshot())
        #expect(try back.snapshot() == destination.snapshot())
    }

    @Test("a destination that holds a project is refused and left as it was", arguments: Backend.allCases)
    func refusesNonEmpty(backend: Backend) throws {
        guard let source = try Self.populated(.sqlite), let destination = try backend.store(items: 1) else { return }
        let before = try destination.snapshot()
        #expect(throws: AnnotationStoreError.destinationNotEmpty(before.counts.description)) { try destination.load(try source.snapshot()) }
        #expect(try destination.snapshot() == before)
    }

    @Test("a row the destination's schema refuses rolls the whole load back", arguments: Backend.allCases)
    func refusedRowRollsBack(backend: Backend) throws {
        guard let source = try Self.populated(.sqlite), let destination = try backend.store() else { return }
        var broken = try source.snapshot()
        // An empty label, the last of the labels: its CHECK refuses it after the rows before it went in.
        broken.annotations[broken.annotations.count - 1].label = ""
        #expect {
            try destination.load(broken)
        } throws: { error in
            guard case AnnotationStoreError.loadRefused = error else { return false }
            return true
        }
        #expect(try destination.storeCounts().holdsNoProjectData)
        var dangling = try source.snapshot()
        dangling.annotations[0].item = 999
        #expect(throws: (any Error).self) { try destination.load(dangling) }
        #expect(try destination.storeCounts().holdsNoProjectData)
        // Still loadable afterwards: nothing half-written is in the way.
        try destination.load(try source.snapshot())
        #expect(try destination.storeCounts() == source.storeCounts())
    }

    @Test("a lead demoted since adjudicating is copied with the gold label and today's role", arguments: Backend.allCases)
    func demotedLead(backend: Backend) throws {
        guard let source = try Self.populated(.sqlite), let destination = try backend.store() else { return }
        try source.syncAnnotators(Backend.team.map { AnnotatorProfile(name: $0.name, role: .annotator, attributes: $0.attributes) })
        let snapshot = try source.snapshot()
        try destination.load(snapshot)
        #expect(try destination.snapshot() == snapshot)
        let findings = StoreCheck(labels: ["negative", "neutral", "positive"], overlap: 2).run(snapshot, facts: try destination.schemaFacts())
        #expect(findings.first { $0.check == "adjudicated_by_lead" }?.severity == .warning)
        // The trigger still holds for new gold labels.
        #expect(throws: (any Error).self) { try destination.adjudicate(item: "i2", lead: "lea", label: "neutral", reason: "r") }
    }

    @Test("the check passes a sound store and names what breaks the rules", arguments: Backend.allCases)
    func check(backend: Backend) throws {
        guard let store = try Self.populated(backend) else { return }
        let check = StoreCheck(labels: ["negative", "neutral", "positive"], overlap: 2)
        let sound = check.run(try store.snapshot(), facts: try store.schemaFacts())
        #expect(sound.allSatisfy { $0.severity == .ok }, "\(sound.filter { $0.severity != .ok })")
        #expect(Set(sound.map(\.check)).isSuperset(of: StoreGuard.allCases.map { "guard.\($0.rawValue)" }))

        // Another client removes a guard and writes an item whose hashes do not match it.
        switch backend {
        case .sqlite: try store.rawSQL("DROP TRIGGER adjudication_by_lead")
        case .postgres: try store.rawSQL("ALTER TABLE adjudication DISABLE TRIGGER adjudication_by_lead")
        }
        try store.rawSQL("""
            INSERT INTO item(external_id, text, metadata, split, id_hash, text_hash, imported_at)
            VALUES ('forged', 'a text', '{}', 'train', 1, 2, '2026-01-01 00:00:00')
            """)
        let narrow = StoreCheck(labels: ["negative"], overlap: 1)
        let findings = Dictionary(uniqueKeysWithValues: narrow.run(try store.snapshot(), facts: try store.schemaFacts()).map { ($0.check, $0) })
        #expect(findings["guard.adjudication_by_lead"]?.severity == .failed)
        #expect(findings["guard.annotation_append_only"]?.severity == .ok)
        #expect(findings["item_hashes"]?.severity == .failed && findings["item_hashes"]?.examples == ["forged"])
        // Allowed but worth a look: a label no longer in the set, an item past a lowered overlap.
        #expect(findings["labels_in_project"]?.severity == .warning)
        #expect(findings["overlap"]?.severity == .warning && findings["overlap"]?.examples == ["i1 (2 annotators)"])
        #expect(findings["references"]?.severity == .ok)
    }

    @Test("the check reads dangling references, bad vectors and predictions from a snapshot")
    func checkRows() throws {
        let store = try #require(try Self.populated(.sqlite))
        var snapshot = try store.snapshot()
        snapshot.embeddings[0].vector = Float32Blob.data([1, .nan])
        snapshot.predictions[0].probabilities = Float32Blob.data([0.9, 0.9])
        snapshot.retractions.append(.init(annotation: 404, createdAt: 0))
        snapshot.annotations[0].flags = "not json"
        let findings = Dictionary(uniqueKeysWithValues: StoreCheck(labels: ["negative", "neutral", "positive"], overlap: 2)
            .run(snapshot, facts: try store.schemaFacts()).map { ($0.check, $0) })
        #expect(findings["embeddings"]?.count == 1)
        #expect(findings["predictions"]?.count == 1)
        #expect(findings["references"]?.examples == ["retraction of 404"])
        #expect(findings["json_columns"]?.examples == ["annotation 1"])
        #expect(findings.values.filter { $0.severity == .failed }.count == 4)
    }
}
