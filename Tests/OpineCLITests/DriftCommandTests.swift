import Digest
import Foundation
import TestSupport
import Testing

/// `opine drift` on a project of two imports: the second's vectors shifted (and labelled
/// differently), or not.
@Suite struct DriftCommandTests {
    /// 120 items in two imports of 60; the second import's vectors moved by `shift` in 4 of 8
    /// dimensions; labels by ana, mostly negative in the second import when `labelShift`.
    func project(shift: Float, labelShift: Bool) throws -> TemporaryProject {
        let project = try TemporaryProject(annotators: ["lea", "ana"], overlap: 1)
        let labels = ["negative", "neutral", "positive"]
        var generator = SplitMix64(seed: 4)
        var values: [Float] = []
        var stream = ""
        for batch in 0..<2 {
            let rows = (1...60).map { index in "b\(batch)-\(index),review \(index) of batch \(batch),\(batch == 0 ? "shop" : "app")" }
            try project.write("batch\(batch).csv", "id,text,source\n" + rows.joined(separator: "\n") + "\n")
            let imported = try project.run(["import", project.directory.appendingPathComponent("batch\(batch).csv").path])
            try #require(imported.status == 0, "\(imported.stderr)")
            Thread.sleep(forTimeInterval: 0.01)  // two imports, two import times
            for index in 1...60 {
                for column in 0..<8 {
                    let noise = Float(Double(generator.next() % 10_000) / 10_000 - 0.5) * 2
                    values.append(noise + (batch == 1 && column < 4 ? shift : 0))
                }
                let label = batch == 1 && labelShift ? (index % 4 == 0 ? 2 : 0) : index % 3
                stream += "b\(batch)-\(index)\t\(labels[label])\n"
            }
        }
        try project.write("vectors.npy", bytes: npyBytes(rows: 120, columns: 8, values: values))
        try project.write("ids.txt", (0..<2).flatMap { batch in (1...60).map { "b\(batch)-\($0)" } }.joined(separator: "\n") + "\n")
        #expect(try project.run(["label", "--stdin", "--annotator", "ana"], stdin: stream).status == 0)
        let embedded = try project.run(["embed", "--import", project.directory.appendingPathComponent("vectors.npy").path,
                                        "--ids", project.directory.appendingPathComponent("ids.txt").path, "--name", "test"])
        try #require(embedded.status == 0, "\(embedded.stderr)")
        return project
    }

    @Test("the latest import against the rest: a shifted batch reads as drifted, with the tests named and the texts that separate it")
    func shifted() throws {
        let project = try project(shift: 1.5, labelShift: true)
        let drift = try #require(try Opine.json(["drift", "--project", project.path]) as? [String: Any])
        #expect(drift["drifted"] as? Bool == true)
        #expect((drift["current"] as? [String: Any])?["batch"] as? String == "import:-1")
        #expect((drift["current"] as? [String: Any])?["embedded"] as? Int == 60)
        let embedding = try #require(drift["embedding"] as? [String: Any])
        let classifier = try #require(embedding["classifier"] as? [String: Any])
        #expect((classifier["auc"] as? Double ?? 0) > 0.9 && classifier["drifted"] as? Bool == true)
        #expect((classifier["p_value"] as? Double ?? 1) < 0.05)
        #expect((embedding["mean_distance"] as? Double ?? 0) > 1 && (embedding["mmd"] as? Double ?? 0) > 0.015)
        let labels = try #require(drift["labels"] as? [String: Any])
        #expect(labels["test"] as? String == "chi-square" && labels["drifted"] as? Bool == true)
        let separating = try #require(drift["separating"] as? [[String: Any]])
        #expect(separating.count == 5 && separating.allSatisfy { ($0["item"] as? String)?.hasPrefix("b1-") == true })
        // The same batches named by a column, in text.
        let text = try project.run(["drift", "--reference", "source=shop", "--current", "source=app"])
        #expect(text.status == 0 && text.stdout.contains("domain classifier AUC") && text.stdout.contains("DRIFTED"))
        #expect(text.stdout.contains("labels       chi-square"))
    }

    @Test("the stats screen's numbers and the report show drift per import against the imports before it")
    func timeline() throws {
        let project = try project(shift: 1.5, labelShift: true)
        let stats = try #require(try Opine.json(["stats", "--draws", "0", "--project", project.path]) as? [String: Any])
        let windows = try #require((stats["drift"] as? [String: Any])?["windows"] as? [[String: Any]])
        #expect(windows.count == 2)
        #expect(windows[0]["auc"] == nil && windows[0]["items"] as? Int == 60)
        #expect((windows[1]["auc"] as? Double ?? 0) > 0.9 && windows[1]["drifted"] as? Bool == true && windows[1]["labels_drifted"] as? Bool == true)
        let html = project.directory.appendingPathComponent("report.html")
        #expect(try project.run(["report", html.path, "--draws", "0"]).status == 0)
        let page = try String(contentsOf: html, encoding: .utf8)
        #expect(page.contains("<section id=drift><h2>Drift between imports</h2>") && page.contains("aria-label=\"drift per import\""))
        #expect(page.contains("<td>baseline</td>") && page.contains("fill=\"#d73\""))
    }

    @Test("two batches of one distribution do not read as drifted")
    func same() throws {
        let project = try project(shift: 0, labelShift: false)
        let drift = try #require(try Opine.json(["drift", "--reference", "import:1", "--current", "import:2", "--project", project.path]) as? [String: Any])
        let classifier = try #require((drift["embedding"] as? [String: Any])?["classifier"] as? [String: Any])
        #expect(classifier["drifted"] as? Bool == false, "\(classifier)")
        #expect((drift["labels"] as? [String: Any])?["drifted"] as? Bool == false)
    }

    @Test("bad batches are clear errors: a malformed spec, an empty batch, overlapping batches, a project of one import")
    func badBatches() throws {
        let project = try project(shift: 0, labelShift: false)
        for (arguments, message) in [(["--current", "nonsense"], "batch 'nonsense'"), (["--current", "source=none"], "batch 'source=none' has no items"),
                                     (["--reference", "source=shop", "--current", "import:1"], "share 60 items"),
                                     (["--current", "import:7"], "has 2 imports"), (["--current", "2026-13-01.."], "not a date")] {
            let result = try project.run(["drift"] + arguments)
            #expect(result.status == 65 && result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        let single = try TemporaryProject(annotators: ["lea"])
        try single.seed(items: 10)
        let one = try single.run(["drift"])
        #expect(one.status == 65 && one.stderr.contains("1 import"))
    }
}
