import Foundation
import Testing
@testable import AnnotationStore

@Suite struct AppDatabaseTests {
    let team = [
        AnnotatorProfile(name: "ana", role: .annotator),
        AnnotatorProfile(name: "ben", role: .annotator),
        AnnotatorProfile(name: "cleo", role: .annotator),
        AnnotatorProfile(name: "lea", role: .lead),
    ]

    func database(items: Int = 0) throws -> AppDatabase {
        let database = try AppDatabase.inMemory()
        try database.syncAnnotators(team)
        if items > 0 {
            let rows = (1...items).map { ImportRow(line: $0 + 1, externalId: "i\($0)", text: "text number \($0)") }
            _ = try database.importRows(rows, file: "seed.csv", annotator: nil, splits: SplitFractions())
        }
        return database
    }

    @Test("import stores every row and places each item in a split from its id alone")
    func importSplits() throws {
        // Given
        let db = try database(items: 2000)
        // When
        let counts = try db.counts(overlap: 2)
        let again = try database(items: 2000).itemLabels().map(\.item.split)
        // Then
        #expect(counts.items == 2000)
        #expect(try db.itemLabels().map(\.item.split) == again)
        let train = Double(counts.itemsPerSplit["train"] ?? 0) / 2000
        #expect(abs(train - 0.8) < 0.04)
        #expect((counts.itemsPerSplit["dev"] ?? 0) > 120 && (counts.itemsPerSplit["test"] ?? 0) > 120)
    }

    @Test("repeated ids in a file and texts already stored under another id are skipped and reported")
    func duplicates() throws {
        let db = try database(items: 3)
        let rows = [
            ImportRow(line: 2, externalId: "new1", text: "fresh text"),
            ImportRow(line: 3, externalId: "new1", text: "another text"),
            ImportRow(line: 4, externalId: "copy", text: "text number 2"),
            ImportRow(line: 5, externalId: "twin", text: "fresh text"),
        ]
        let summary = try db.importRows(rows, file: "f.csv", annotator: nil, splits: SplitFractions())
        #expect(summary.itemsAdded == 1)
        #expect(summary.skipped == [
            SkippedRow(line: 3, externalId: "new1", reason: .duplicateId, firstSeen: "line 2"),
            SkippedRow(line: 4, externalId: "copy", reason: .duplicateText, firstSeen: "i2"),
            SkippedRow(line: 5, externalId: "twin", reason: .duplicateText, firstSeen: "new1"),
        ])
    }

    @Test("a known id with the same text adds only its label; importing the round again adds nothing")
    func earlierRound() throws {
        let db = try database(items: 3)
        let round = [ImportRow(line: 2, externalId: "i1", text: "text number 1", label: "positive", flags: ["sarcasm"])]
        let first = try db.importRows(round, file: "ana.csv", annotator: "ana", splits: SplitFractions())
        let second = try db.importRows(round, file: "ana.csv", annotator: "ana", splits: SplitFractions())
        #expect(first.itemsAdded == 0 && first.itemsAlreadyPresent == 1 && first.labelsAdded == 1)
        #expect(second.labelsAdded == 0 && second.labelsUnchanged == 1)
        let labels = try db.itemLabels().first { $0.item.externalId == "i1" }?.labels
        #expect(labels?.map(\.label) == ["positive"])
        #expect(labels?.first?.flags == ["sarcasm"])
    }

    @Test("a known id with another text rejects the whole import and writes nothing")
    func conflictingText() throws {
        let db = try database(items: 3)
        let rows = [
            ImportRow(line: 2, externalId: "new", text: "would be added"),
            ImportRow(line: 3, externalId: "i2", text: "a different text"),
        ]
        #expect(throws: AnnotationStoreError.conflictingText(file: "f.csv", line: 3, id: "i2")) {
            try db.importRows(rows, file: "f.csv", annotator: nil, splits: SplitFractions())
        }
        #expect(try db.counts(overlap: 2).items == 3)
    }

    @Test("the overlap rule refuses a third annotator but lets an annotator change their label")
    func overlap() throws {
        let db = try database(items: 1)
        _ = try db.recordLabel(item: "i1", annotator: "ana", label: "positive", origin: .cli, overlap: 2)
        _ = try db.recordLabel(item: "i1", annotator: "ben", label: "neutral", origin: .cli, overlap: 2)
        #expect(throws: AnnotationStoreError.overlapReached(item: "i1", overlap: 2)) {
            try db.recordLabel(item: "i1", annotator: "cleo", label: "positive", origin: .cli, overlap: 2)
        }
        let change = try db.recordLabel(item: "i1", annotator: "ben", label: "positive", origin: .cli, overlap: 2)
        #expect(change.previousLabel == "neutral")
        #expect(try db.itemLabels()[0].labels.map(\.label) == ["positive", "positive"])
    }

    @Test("undo retracts the latest label, restores the one before, and never undoes an import")
    func undo() throws {
        let db = try database(items: 2)
        _ = try db.importRows([ImportRow(line: 2, externalId: "i2", text: "text number 2", label: "negative")],
                              file: "r.csv", annotator: "ana", splits: SplitFractions())
        _ = try db.recordLabel(item: "i1", annotator: "ana", label: "neutral", origin: .cli, overlap: 2)
        _ = try db.recordLabel(item: "i1", annotator: "ana", label: "positive", origin: .cli, overlap: 2)

        let first = try db.retractLatest(annotator: "ana")
        #expect(first?.label == "positive" && first?.restoredLabel == "neutral")
        let second = try db.retractLatest(annotator: "ana")
        #expect(second?.label == "neutral" && second?.restoredLabel == nil)
        #expect(try db.retractLatest(annotator: "ana") == nil)
        // The imported label on i2 is still there; retracted labels free the overlap slot.
        #expect(try db.counts(overlap: 2).labels == 1)
    }

    @Test("a label records what the model predicted and whether it was shown; retracting it drops it from the anchoring data")
    func exposure() throws {
        let db = try database(items: 3)
        let run = try db.saveRun(RunRecord(encoder: "e", labels: ["negative", "positive"], parametersJSON: "{}",
                                           dataJSON: "{}", metricsJSON: "{}", seconds: 0.1, model: Data([1])))
        _ = try db.recordLabel(item: "i1", annotator: "ana", label: "positive", origin: .screen, overlap: 2,
                               exposure: ModelExposure(run: run, predictedLabel: "positive", shown: true))
        _ = try db.recordLabel(item: "i2", annotator: "ana", label: "negative", origin: .screen, overlap: 2,
                               exposure: ModelExposure(run: run, predictedLabel: "positive", shown: false))
        _ = try db.recordLabel(item: "i3", annotator: "ana", label: "negative", origin: .cli, overlap: 2)
        #expect(try db.exposedLabels() == [
            ExposedLabel(item: "i1", annotator: "ana", label: "positive", exposure: ModelExposure(run: run, predictedLabel: "positive", shown: true)),
            ExposedLabel(item: "i2", annotator: "ana", label: "negative", exposure: ModelExposure(run: run, predictedLabel: "positive", shown: false)),
        ])
        _ = try db.retractLatest(annotator: "ana")
        _ = try db.retractLatest(annotator: "ana")
        #expect(try db.exposedLabels().map(\.item) == ["i1"])
    }

    @Test("the log is append-only: SQLite refuses updates and deletes of labels")
    func appendOnly() throws {
        let db = try database(items: 1)
        _ = try db.recordLabel(item: "i1", annotator: "ana", label: "neutral", origin: .cli, overlap: 2)
        #expect(throws: (any Error).self) { try db.execute(sql: "UPDATE annotation SET label = 'positive'") }
        #expect(throws: (any Error).self) { try db.execute(sql: "DELETE FROM annotation") }
    }

    /// The items of an annotator's queue snapshot, by external id, in order.
    func queue(_ db: AppDatabase, _ annotator: String, overlap: Int) throws -> [String] {
        try db.queueSnapshot(annotator: annotator, overlap: overlap).order.map { try #require(try db.item(rowId: $0)).externalId }
    }

    @Test("the queue snapshot leaves out the annotator's items and full ones, in a seeded order per annotator")
    func queueOrder() throws {
        let db = try database(items: 50)
        let anaOrder = try queue(db, "ana", overlap: 2)
        #expect(try queue(db, "ana", overlap: 2) == anaOrder)  // deterministic
        #expect(anaOrder.count == 50 && anaOrder != (1...50).map { "i\($0)" })  // all of them, shuffled
        for item in anaOrder.prefix(10) {
            _ = try db.recordLabel(item: item, annotator: "ana", label: "neutral", origin: .cli, overlap: 2)
        }
        #expect(try queue(db, "ana", overlap: 2) == Array(anaOrder.dropFirst(10)))
        // With overlap 1, ben is never offered an item ana labelled; his order is his own.
        let benOrder = try queue(db, "ben", overlap: 1)
        #expect(Set(benOrder) == Set(anaOrder.dropFirst(10)))
        #expect(benOrder != Array(anaOrder.dropFirst(10)))
        // Undone, an item comes back in its place.
        _ = try db.retractLatest(annotator: "ana")
        #expect(try queue(db, "ana", overlap: 2) == [anaOrder[9]] + anaOrder.dropFirst(10))
    }

    @Test("the screen's queue snapshot has the eligible items, with counts and slices")
    func queueSnapshot() throws {
        let db = try database(items: 40)
        for index in 1...6 { _ = try db.recordLabel(item: "i\(index)", annotator: "ben", label: "positive", origin: .cli, overlap: 2) }
        for index in 4...8 { _ = try db.recordLabel(item: "i\(index)", annotator: "cleo", label: "negative", origin: .cli, overlap: 2) }
        _ = try db.recordLabel(item: "i9", annotator: "ana", label: "negative", origin: .cli, overlap: 2)
        let snapshot = try db.queueSnapshot(annotator: "ana", overlap: 2, sliceColumn: "lang")
        let eligible = Set((1...40).map { "i\($0)" }).subtracting(["i4", "i5", "i6", "i9"])  // i4…i6 are full, i9 is ana's
        #expect(Set(try snapshot.order.map { try #require(try db.item(rowId: $0)).externalId }) == eligible)
        #expect(snapshot.order.count == eligible.count)
        #expect(snapshot.annotators.values.reduce(0, +) == 3 + 2)  // i1…i3 (ben), i7, i8 (cleo)
        // No item has a language: all labels count for the value-less slice.
        #expect(snapshot.sliceValues.isEmpty && snapshot.labelsPerSlice == ["": 3 + 6 + 2 + 1])
    }

    @Test("only leads adjudicate, and a later adjudication supersedes an earlier one")
    func adjudication() throws {
        let db = try database(items: 1)
        #expect(throws: AnnotationStoreError.notALead("ana")) {
            try db.adjudicate(item: "i1", lead: "ana", label: "positive", reason: "x")
        }
        _ = try db.adjudicate(item: "i1", lead: "lea", label: "positive", reason: "first")
        _ = try db.adjudicate(item: "i1", lead: "lea", label: "negative", reason: "second look")
        #expect(try db.itemLabels()[0].adjudication?.label == "negative")
        #expect(try db.counts(overlap: 2).adjudicatedItems == 1)
    }

    @Test("annotators follow the project file without losing those removed from it")
    func annotatorSync() throws {
        let db = try database(items: 1)
        try db.syncAnnotators([AnnotatorProfile(name: "ana", role: .lead, attributes: ["region": "eu"])])
        // ana is a lead now; ben, gone from the file, keeps his identity and may still be read back.
        #expect(try db.adjudicate(item: "i1", lead: "ana", label: "positive", reason: "r").lead == "ana")
        _ = try db.recordLabel(item: "i1", annotator: "ben", label: "neutral", origin: .cli, overlap: 2)
        #expect(try db.counts(overlap: 2).labelsPerAnnotator["ben"] == 1)
    }
}
