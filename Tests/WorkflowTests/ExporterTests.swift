import AnnotationStore
import Foundation
import Testing
@testable import Workflow

@Suite struct ExporterTests {
    let config: ProjectConfig
    let directory: URL

    init() throws {
        config = try ProjectConfig.parse("[[annotators]]\nname = \"ana\"\n[[annotators]]\nname = \"ben\"",
                                         file: "opine.toml", defaultName: "p")
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("opine-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func item(_ id: String, _ text: String, _ labels: [(String, String)], adjudicated: String? = nil) -> ItemLabels {
        ItemLabels(
            item: StoredItem(externalId: id, text: text, lang: "en", metadataJSON: "{\"source\":\"web, app\"}", split: .train),
            labels: labels.map { CurrentLabel(annotator: $0.0, label: $0.1, flags: [], note: nil, createdAt: Date()) },
            adjudication: adjudicated.map { Adjudication(lead: "lea", label: $0, reason: "r", createdAt: Date()) })
    }

    var items: [ItemLabels] {
        [
            item("a", "agreed, \"quoted\"\nand two lines", [("ana", "positive"), ("ben", "positive")]),
            item("b", "split", [("ana", "positive"), ("ben", "negative")]),
            item("c", "settled", [("ana", "positive"), ("ben", "negative")], adjudicated: "negative"),
            item("d", "nobody", []),
            item("e", "one", [("ana", "neutral")]),
        ]
    }

    @Test("CSV export round-trips through the importer's parser and leaves out what it should")
    func csv() throws {
        let url = directory.appendingPathComponent("out.csv")
        let report = try Exporter.export(items, config: config, options: ExportOptions(format: .csv, withAnnotations: true), to: url)
        #expect(report.items == 3)
        #expect(report.dropped == ["no_majority": 1, "unlabelled": 1])
        #expect(report.goldMethods == ["unanimous": 1, "adjudicated": 1, "single": 1])
        let table = try DataTable.read(path: url.path, format: .csv, encoding: .utf8)
        #expect(table.header == ["id", "text", "lang", "split", "label", "gold_method", "agreement", "n_labels", "source",
                                 "label_ana", "flags_ana", "label_ben", "flags_ben"])
        #expect(table.columns[1][0] == "agreed, \"quoted\"\nand two lines")
        #expect(table.columns[4] == ["positive", "negative", "neutral"])
        #expect(table.columns[8][0] == "web, app")
    }

    @Test("JSONL export writes one object per item; min-agreement drops weak majorities but not adjudications")
    func jsonl() throws {
        let url = directory.appendingPathComponent("out.jsonl")
        let report = try Exporter.export(
            items + [item("f", "two to one", [("ana", "positive"), ("ben", "positive"), ("cy", "neutral")])],
            config: config, options: ExportOptions(format: .jsonl, minAgreement: 0.7, includeUnlabelled: true), to: url)
        #expect(report.dropped == ["no_majority": 1, "below_min_agreement": 1])
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4)
        let objects = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.map { $0?["id"] as? String } == ["a", "c", "d", "e"])
        #expect(objects[2]?["label"] is NSNull)
        #expect((objects[0]?["metadata"] as? [String: String]) == ["source": "web, app"])
    }

    @Test("the dataset card reports counts, gold methods, annotators and what was left out")
    func card() throws {
        let url = directory.appendingPathComponent("data.jsonl")
        let report = try Exporter.export(items, config: config, options: ExportOptions(format: .jsonl), to: url)
        let card = try String(contentsOfFile: report.cardPath, encoding: .utf8)
        #expect(card.contains("| **all** | **3** |"))
        #expect(card.contains("| adjudicated | 1 |"))
        #expect(card.contains("| ana | annotator | 3 |"))
        #expect(card.contains("| no_majority | 1 |"))
        #expect(card.contains("| negative | 1 | 0 | 0 | 1 |"))
    }
}
