import Foundation
import TestSupport
import Testing

/// `opine import/export --format prodigy|label-studio|doccano|argilla`: files written the way
/// each tool writes its exports, round trips that keep what each format can hold, and bad files
/// rejected whole with the record named.
@Suite struct InteropTests {
    static let team = ["lea", "ana", "ben"]

    /// A project with three labelled items (two annotators, flags, a note) and one unlabelled.
    static func labelledProject() throws -> TemporaryProject {
        let project = try TemporaryProject(annotators: team, overlap: 2)
        try project.write("items.jsonl", """
            {"id": "r1", "text": "Great, another charger that lasts a week.", "lang": "en", "source": "shop"}
            {"id": "r2", "text": "Funciona muy bien, lo recomiendo — 👍", "lang": "es", "source": "web"}
            {"id": "r3", "text": "Arrived on Tuesday.\\tTracking said Monday.", "lang": "en", "source": "shop"}
            {"id": "r4", "text": "この映画は本当に素晴らしかった", "lang": "ja", "source": "web"}
            """ + "\n")
        for arguments in [["import", project.directory.appendingPathComponent("items.jsonl").path],
                          ["label", "r1", "negative", "--annotator", "ana", "--flag", "sarcasm", "--note", "says \"great\", means it is not"],
                          ["label", "r1", "positive", "--annotator", "ben"],
                          ["label", "r2", "positive", "--annotator", "ana"],
                          ["label", "r3", "neutral", "--annotator", "ben", "--flag", "unsure"]] {
            let result = try project.run(arguments)
            try #require(result.status == 0, "opine \(arguments.joined(separator: " ")): \(result.stderr)")
        }
        return project
    }

    /// Each item's labels as `--with-annotations` exports them, without what `dropping` names.
    static func annotations(_ project: TemporaryProject, dropping: Set<String> = []) throws -> [String: [[String: String]]] {
        let out = project.directory.appendingPathComponent("check-\(UUID().uuidString).jsonl")
        let result = try project.run(["export", out.path, "--with-annotations", "--include-unlabelled", "--include-unresolved"])
        try #require(result.status == 0, "\(result.stderr)")
        var byItem: [String: [[String: String]]] = [:]
        for line in try String(contentsOf: out, encoding: .utf8).split(separator: "\n") {
            let row = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let id = try #require(row["id"] as? String)
            let labels = (row["annotations"] as? [[String: Any]] ?? []).map { annotation in
                annotation.filter { !dropping.contains($0.key) }.mapValues { "\($0)" }
            }
            byItem[id] = labels.sorted { ($0["annotator"] ?? "") < ($1["annotator"] ?? "") }
            byItem[id + " item"] = [row.filter { !["annotations", "label", "gold", "agreement", "votes"].contains($0.key) }.mapValues { "\($0)" }]
        }
        return byItem
    }

    @Test("Opine → format → Opine keeps items, annotators, labels, flags, notes and times where the format holds them",
          arguments: [("prodigy", ["--format", "prodigy"], Set(["created_at"])),
                      ("label-studio", ["--format", "label-studio", "--annotator-map", "1=lea", "--annotator-map", "2=ana", "--annotator-map", "3=ben"], Set<String>()),
                      ("argilla", ["--format", "argilla"], Set(["created_at"]))])
    func roundTrip(format: String, importArguments: [String], notHeld: Set<String>) throws {
        let source = try Self.labelledProject()
        let file = source.directory.appendingPathComponent("out.\(format)")
        let exported = try source.run(["export", file.path, "--format", format])
        try #require(exported.status == 0, "\(exported.stderr)")
        let target = try TemporaryProject(annotators: Self.team, overlap: 2)
        let imported = try target.run(["import", file.path] + importArguments)
        try #require(imported.status == 0, "\(imported.stderr)")
        #expect(try Self.annotations(target, dropping: notHeld) == Self.annotations(source, dropping: notHeld))
        // Prodigy keeps whole seconds.
        if format == "prodigy" {
            let times = try Self.annotations(target)["r1"]?.compactMap { $0["created_at"] } ?? []
            #expect(times.count == 2 && times.allSatisfy { $0.hasSuffix(".000Z") }, "\(times)")
        }
        // A second import of the same file changes nothing.
        let again = try target.run(["import", file.path, "--json"] + importArguments)
        #expect(again.stdout.contains("\"labels_added\" : 0"), "\(again.stdout)")
    }

    @Test("doccano keeps one label list per document: an annotator's, or the gold label; it comes back as --annotator's")
    func doccanoRoundTrip() throws {
        let source = try Self.labelledProject()
        let file = source.directory.appendingPathComponent("ana.jsonl")
        #expect(try source.run(["export", file.path, "--format", "doccano", "--annotator", "ana"]).status == 0)
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[0].contains("\"label\":[\"negative\",\"sarcasm\"]") && lines[0].contains("\"Comments\":[{\"text\":\"says \\\"great\\\", means it is not\"}]"))
        let target = try TemporaryProject(annotators: Self.team, overlap: 2)
        let missing = try target.run(["import", file.path, "--format", "doccano"])
        #expect(missing.status == 65 && missing.stderr.contains("record 1 (id r1)") && missing.stderr.contains("--annotator NAME"))
        #expect(try target.run(["import", file.path, "--format", "doccano", "--annotator", "ana"]).status == 0)
        // ana's labels, flags and notes (the items' gold columns differ: ben's labels stayed behind).
        let ana = try Self.annotations(source, dropping: ["created_at"]).filter { !$0.key.hasSuffix(" item") }
            .mapValues { $0.filter { $0["annotator"] != "ben" } }
        let found = try Self.annotations(target, dropping: ["created_at"]).filter { !$0.key.hasSuffix(" item") }
        #expect(found == ana, "\(found.filter { ana[$0.key] != $0.value })")
    }

    @Test("Prodigy tasks as Prodigy writes them: choice and binary answers, reject and ignore, sessions, hashes")
    func prodigyFile() throws {
        let project = try TemporaryProject(annotators: ["lea", "news-ana", "ben"], overlap: 3)
        try project.write("prodigy.jsonl", """
            {"text":"Love it!","meta":{"id":"p1","source":"app"},"_input_hash":-1205467843,"_task_hash":88101,"options":[{"id":"positive","text":"positive"},{"id":"negative","text":"negative"},{"id":"sarcasm","text":"sarcasm"}],"_view_id":"choice","accept":["positive"],"config":{"choice_style":"multiple"},"answer":"accept","_timestamp":1700000000,"_annotator_id":"news-ana","_session_id":"news-ana"}
            {"text":"Love it!","meta":{"id":"p1","source":"app"},"_input_hash":-1205467843,"_task_hash":88101,"options":[{"id":"positive","text":"positive"}],"_view_id":"choice","accept":["negative","sarcasm"],"answer":"accept","_timestamp":1700000100,"_annotator_id":"news-b","_session_id":"news-b","user_input":"ironic"}
            {"text":"Meh.","_input_hash":42,"_task_hash":43,"label":"neutral","answer":"accept","_timestamp":1700000200,"_annotator_id":"news-ana"}
            {"text":"Broke.","_input_hash":7,"_task_hash":8,"label":"positive","answer":"reject","_annotator_id":"news-ana"}
            {"text":"Skip me.","_input_hash":9,"_task_hash":10,"accept":[],"answer":"ignore","_annotator_id":"news-ana"}
            """ + "\n")
        let result = try project.run(["import", project.directory.appendingPathComponent("prodigy.jsonl").path, "--format", "prodigy", "--annotator-map", "news-b=ben", "--json"])
        try #require(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"items_added\" : 4") && result.stdout.contains("\"labels_added\" : 3"))
        let labels = try Self.annotations(project)
        #expect(labels["p1"]?.map { $0["annotator"] ?? "" } == ["ben", "news-ana"])
        #expect(labels["p1"]?.first?["flags"] == "(\n    sarcasm\n)" || labels["p1"]?.first?["flags"]?.contains("sarcasm") == true)
        #expect(labels["p1"]?.first?["note"] == "ironic")
        #expect(labels["p1"]?.last?["created_at"] == "2023-11-14T22:13:20.000Z")
        #expect(labels["42"]?.first?["label"] == "neutral")  // no meta.id: the input hash is the id
        #expect(labels["7"]?.isEmpty == true && labels["9"]?.isEmpty == true)  // rejected and ignored: items, no labels
    }

    @Test("Label Studio's JSON export: users by number or object, cancelled annotations, flags, a textarea note, predictions")
    func labelStudioFile() throws {
        let project = try TemporaryProject(annotators: ["lea", "ana", "ben"], overlap: 3)
        try project.write("ls.json", """
            [{"id": 17, "data": {"text": "Not bad at all.", "source": "forum"},
              "annotations": [
                {"id": 1, "completed_by": 3, "was_cancelled": false, "created_at": "2024-03-01T10:00:00.123456Z",
                 "result": [{"id": "a", "from_name": "sentiment", "to_name": "text", "type": "choices", "value": {"choices": ["positive"]}},
                            {"id": "b", "from_name": "flags", "to_name": "text", "type": "choices", "value": {"choices": ["mixed"]}},
                            {"id": "c", "from_name": "note", "to_name": "text", "type": "textarea", "value": {"text": ["double negative"]}}]},
                {"id": 2, "completed_by": {"id": 4, "email": "ben"}, "was_cancelled": false, "created_at": "2024-03-01T11:00:00Z",
                 "result": [{"from_name": "label", "to_name": "text", "type": "choices", "value": {"choices": ["neutral"]}}]},
                {"id": 3, "completed_by": 3, "was_cancelled": true, "result": []}],
              "predictions": [{"model_version": "bert-v2", "score": 0.91, "result": [{"from_name": "sentiment", "to_name": "text", "type": "choices", "value": {"choices": ["positive"]}}]}]},
             {"id": 18, "data": {"text": "No annotations yet."}, "annotations": []}]
            """)
        let result = try project.run(["import", project.directory.appendingPathComponent("ls.json").path, "--format", "label-studio", "--annotator-map", "3=ana"])
        try #require(result.status == 0, "\(result.stderr)")
        let labels = try Self.annotations(project)
        #expect(labels["17"]?.map { "\($0["annotator"] ?? "") \($0["label"] ?? "")" } == ["ana positive", "ben neutral"])
        #expect(labels["17"]?.first?["note"] == "double negative" && labels["17"]?.first?["flags"]?.contains("mixed") == true)
        #expect(labels["17"]?.first?["created_at"] == "2024-03-01T10:00:00.123Z")
        // The model's suggestion is kept with the item, and goes out again as a prediction.
        #expect(labels["17 item"]?.first?["metadata"]?.contains("bert") == false)
        let out = project.directory.appendingPathComponent("again.json")
        #expect(try project.run(["export", out.path, "--format", "label-studio"]).status == 0)
        let again = try String(contentsOf: out, encoding: .utf8)
        #expect(again.contains("\"score\" : 0.91") && again.contains("\"model_version\" : \"imported\""))
        #expect(labels["18"]?.isEmpty == true)
        // Questions named otherwise in the labelling config.
        let renamed = try TemporaryProject(annotators: ["lea", "ana", "ben"], overlap: 3)
        let file = try renamed.write("renamed.json", """
            [{"id": 5, "data": {"text": "Fine."}, "annotations": [{"completed_by": 3, "result": [
              {"from_name": "mood", "to_name": "text", "type": "choices", "value": {"choices": ["neutral"]}},
              {"from_name": "tags", "to_name": "text", "type": "choices", "value": {"choices": ["unsure"]}},
              {"from_name": "comment", "to_name": "text", "type": "textarea", "value": {"text": ["hm"]}}]}]}]
            """)
        let read = try renamed.run(["import", file.path, "--format", "label-studio", "--annotator-map", "3=ana", "--questions", "mood,tags,comment"])
        try #require(read.status == 0, "\(read.stderr)")
        let renamedLabels = try Self.annotations(renamed)["5"]?.first
        #expect(renamedLabels?["label"] == "neutral" && renamedLabels?["note"] == "hm" && renamedLabels?["flags"]?.contains("unsure") == true)
        #expect(try renamed.run(["import", file.path, "--format", "label-studio", "--questions", "mood"]).stderr.contains("three names"))
    }

    @Test("Argilla records: responses per user, flags and note questions, suggestions with score and agent")
    func argillaFile() throws {
        let project = try TemporaryProject(annotators: ["lea", "ana", "ben"], overlap: 3)
        try project.write("argilla.json", """
            [{"id": "a1", "status": "completed", "fields": {"text": "Schnell geliefert, aber kaputt."}, "metadata": {"lang": "de", "shop": "x"},
              "responses": {"sentiment": [{"value": "negative", "user_id": "5b7c-ana"}, {"value": "neutral", "user_id": "ben"}],
                            "flags": [{"value": ["mixed"], "user_id": "5b7c-ana"}], "note": [{"value": "aber", "user_id": "ben"}]},
              "suggestions": {"sentiment": {"value": "negative", "score": 0.77, "agent": "setfit"}}, "vectors": {}},
             {"id": "a2", "status": "pending", "fields": {"text": "Noch nicht gelesen."}, "metadata": {}, "responses": {}, "suggestions": {}}]
            """)
        let result = try project.run(["import", project.directory.appendingPathComponent("argilla.json").path, "--format", "argilla", "--annotator-map", "5b7c-ana=ana"])
        try #require(result.status == 0, "\(result.stderr)")
        let labels = try Self.annotations(project)
        #expect(labels["a1"]?.map { "\($0["annotator"] ?? "") \($0["label"] ?? "")" } == ["ana negative", "ben neutral"])
        #expect(labels["a1"]?.first?["flags"]?.contains("mixed") == true && labels["a1"]?.last?["note"] == "aber")
        let out = project.directory.appendingPathComponent("again.json")
        #expect(try project.run(["export", out.path, "--format", "argilla"]).status == 0)
        let again = try String(contentsOf: out, encoding: .utf8)
        #expect(again.contains("\"score\" : 0.77") && again.contains("\"lang\" : \"de\""))
    }

    @Test("a bad record rejects the whole file, naming the record, and the database is unchanged",
          arguments: [
            ("prodigy", "{\"text\":\"ok\",\"meta\":{\"id\":\"x1\"},\"accept\":[\"positive\"],\"answer\":\"accept\",\"_annotator_id\":\"ana\"}\n{\"text\":\"bad\",\"meta\":{\"id\":\"x2\"},\"accept\":[\"furious\"],\"answer\":\"accept\",\"_annotator_id\":\"ana\"}\n", "record 2 (id x2): unknown label 'furious'"),
            ("prodigy", "{\"text\":\"ok\",\"meta\":{\"id\":\"x1\"}}\nnot json\n", "record 2: not a JSON object"),
            ("label-studio", "[{\"id\": 1, \"data\": {\"text\": \"ok\"}, \"annotations\": [{\"completed_by\": 9, \"result\": [{\"from_name\": \"sentiment\", \"type\": \"choices\", \"value\": {\"choices\": [\"positive\"]}}]}]}]", "record 1 (id 1): annotator '9' is not in opine.toml"),
            ("label-studio", "{\"not\": \"an array\"}", "not a JSON array"),
            ("doccano", "{\"id\": 1, \"text\": \"two labels\", \"label\": [\"positive\", \"negative\"]}\n", "record 1 (id 1): has 2 labels"),
            ("argilla", "[{\"id\": \"a\", \"fields\": {}, \"responses\": {}}]", "record 1 (id a): no text"),
            ("argilla", "[{\"id\": \"a\", \"fields\": {\"text\": \"one\"}}, {\"id\": \"a\", \"fields\": {\"text\": \"two\"}}]", "record 2 (id a): id 'a' appears again with another text"),
          ])
    func badFiles(format: String, content: String, message: String) throws {
        let project = try Self.labelledProject()
        let before = try Self.annotations(project)
        try project.write("bad.file", content)
        let result = try project.run(["import", project.directory.appendingPathComponent("bad.file").path, "--format", format, "--annotator", "ana"])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.contains("nothing was changed"))
        #expect(try Self.annotations(project) == before)
    }
}
