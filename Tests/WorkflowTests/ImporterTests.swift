import AnnotationStore
import Testing
@testable import Workflow

@Suite struct ImporterTests {
    let config: ProjectConfig

    init() throws {
        config = try ProjectConfig.parse("", file: "opine.toml", defaultName: "p")
    }

    func table(_ header: [String], _ rows: [[String?]]) -> DataTable {
        var columns = [[String?]](repeating: [], count: header.count)
        for row in rows { for (index, value) in row.enumerated() { columns[index].append(value) } }
        return DataTable(header: header, columns: columns, lines: rows.indices.map { $0 + 2 })
    }

    func problems(_ table: DataTable, _ mapping: ImportMapping = ImportMapping()) -> [RowProblem] {
        do {
            _ = try Importer.rows(from: table, file: "f.csv", mapping: mapping, config: config)
            return []
        } catch WorkflowError.badRows(_, let problems, _) {
            return problems
        } catch {
            return [RowProblem(line: -1, reason: "\(error)")]
        }
    }

    @Test("unmapped columns become metadata; ids and languages come from their columns")
    func mapping() throws {
        let rows = try Importer.rows(
            from: table(["id", "text", "lang", "source", "note"], [["a1", "Great \"stuff\"", "en", "web", "x\ny"]]),
            file: "f.csv", mapping: ImportMapping(), config: config)
        #expect(rows == [ImportRow(line: 2, externalId: "a1", text: "Great \"stuff\"", lang: "en",
                                   metadataJSON: "{\"source\":\"web\",\"note\":\"x\\ny\"}")])
    }

    @Test("rows without ids get one derived from the text, the same every time")
    func derivedIds() throws {
        let rows = try Importer.rows(from: table(["text"], [["hello"], ["world"]]), file: "f.csv", mapping: ImportMapping(), config: config)
        #expect(rows[0].externalId == Importer.derivedId(for: "hello"))
        // The first 16 hex digits of SHA-256("hello").
        #expect(rows[0].externalId == "t2cf24dba5fb0a30e")
        #expect(rows[0].externalId != rows[1].externalId)
    }

    @Test("labels and flags are checked against the project file; keys are accepted")
    func labels() throws {
        let mapping = ImportMapping(labelColumn: "label", flagsColumn: "flags", annotator: "ana")
        let rows = try Importer.rows(
            from: table(["text", "label", "flags"], [["a", "3", "z;mixed"], ["b", "", ""]]),
            file: "f.csv", mapping: mapping, config: config)
        #expect(rows[0].label == "positive" && rows[0].flags == ["sarcasm", "mixed"])
        #expect(rows[1].label == nil)
        let labelOnly = ImportMapping(labelColumn: "label", annotator: "ana")
        #expect(problems(table(["text", "label"], [["a", "great"]]), labelOnly)[0].reason.contains("unknown label 'great'"))
        #expect(problems(table(["text", "label", "flags"], [["a", "1", "funny"]]), mapping)[0].reason.contains("unknown flag 'funny'"))
    }

    @Test("empty texts and empty ids reject the file with their lines")
    func emptyFields() {
        let found = problems(table(["id", "text"], [["a", "fine"], ["b", "   "], ["", "no id"]]))
        #expect(found.map(\.line) == [3, 4])
        #expect(found[0].reason.contains("empty text"))
        #expect(found[1].reason.contains("empty id"))
    }

    @Test("a column named in the mapping must exist")
    func missingColumn() {
        #expect(throws: WorkflowError.missingColumn(file: "f.csv", column: "body", available: ["id", "text"])) {
            try Importer.rows(from: table(["id", "text"], [["a", "b"]]), file: "f.csv",
                              mapping: ImportMapping(textColumn: "body"), config: config)
        }
    }
}
