import Digest
import Foundation
import TestSupport
import Testing

@Suite(.serialized) struct TrainCommandTests {
    let labels = ["negative", "neutral", "positive"]

    /// A project of `count` items whose 8-d embeddings cluster by label, labelled by ana.
    func project(count: Int, flipped: Set<Int> = [], nan: Bool = false, overlap: Int = 1,
                 source: ((Int) -> String)? = nil) throws -> TemporaryProject {
        let project = try TemporaryProject(annotators: ["lea", "ana"], overlap: overlap)
        try project.seed(items: count, source: source)
        var generator = SplitMix64(seed: 9)
        var values: [Float] = []
        var stream = ""
        for index in 0..<count {
            let label = index % 3
            for column in 0..<8 {
                let centre: Float = column == label ? 2 : 0
                values.append(centre + Float(Double(generator.next() % 1000) / 1000 - 0.5))
            }
            let given = flipped.contains(index) ? (label + 1) % 3 : label
            stream += "i\(index + 1)\t\(labels[given])\n"
        }
        if nan { values[13] = .nan }
        try project.write("vectors.npy", bytes: npyBytes(rows: count, columns: 8, values: values))
        try project.write("ids.txt", (1...count).map { "i\($0)" }.joined(separator: "\n") + "\n")
        #expect(try project.run(["label", "--stdin", "--annotator", "ana"], stdin: stream).status == 0)
        return project
    }

    func embed(_ project: TemporaryProject) throws -> OpineResult {
        try project.run(["embed", "--import", project.directory.appendingPathComponent("vectors.npy").path,
                         "--ids", project.directory.appendingPathComponent("ids.txt").path, "--name", "test"])
    }

    @Test("train, runs, predict, compare and suspects work together and find planted label flips")
    func trainingRound() throws {
        let flips: Set<Int> = [3, 10, 20, 31, 47, 60, 72, 85]
        let project = try project(count: 300, flipped: flips)
        #expect(try embed(project).status == 0)

        let first = try #require(try Opine.json(["train", "--project", project.path]) as? [String: Any])
        let metrics = try #require(first["metrics"] as? [String: Any])
        let cv = try #require(metrics["cross_validation"] as? [String: Any])
        #expect((cv["accuracy"] as? Double ?? 0) > 0.9)
        // Determinism: the same data and seed give the same run.
        let second = try #require(try Opine.json(["train", "--project", project.path]) as? [String: Any])
        #expect(NSDictionary(dictionary: metrics) == NSDictionary(dictionary: second["metrics"] as? [String: Any] ?? [:]))

        let runs = try #require(try Opine.json(["runs", "--project", project.path]) as? [[String: Any]])
        #expect(runs.count == 2)
        let predicted = try #require(try Opine.json(["predict", "--project", project.path]) as? [String: Any])
        #expect(predicted["items"] as? Int == 300)
        let comparison = try #require(try Opine.json(["runs", "compare", "1", "2", "--project", project.path]) as? [String: Any])
        #expect(comparison["changed_predictions"] as? Int == 0)

        // Slices and the report pick up the latest run.
        let slices = try #require(try Opine.json(["slices", "--draws", "20", "--min-size", "1", "--slice", "split",
                                                  "--project", project.path]) as? [String: Any])
        let bySplit = try #require((slices["dimensions"] as? [[String: Any]])?.first?["slices"] as? [[String: Any]])
        // The model is judged on held-out items only, unless asked.
        #expect(bySplit.filter { $0["model"] != nil }.compactMap { $0["value"] as? String }.sorted() == ["dev", "test"])
        let withTrain = try #require(try Opine.json(["slices", "--draws", "20", "--min-size", "1", "--slice", "split",
                                                     "--include-train", "--project", project.path]) as? [String: Any])
        let allSplits = try #require((withTrain["dimensions"] as? [[String: Any]])?.first?["slices"] as? [[String: Any]])
        #expect(allSplits.filter { $0["model"] != nil }.count == 3)
        let html = project.directory.appendingPathComponent("report.html")
        #expect(try project.run(["report", html.path, "--draws", "20"]).status == 0)
        #expect(try String(contentsOf: html, encoding: .utf8).contains("Confusion matrix (rows: gold, columns: predicted)"))

        // The planted flips in the train split are what the model doubts.
        let suspects = try #require(try Opine.json(["suspects", "--limit", "100", "--project", project.path]) as? [String: Any])
        let found = Set((suspects["suspects"] as? [[String: Any]] ?? []).compactMap { $0["item"] as? String })
        let plantedInTrain = try plantedTrainItems(project, flips: flips)
        #expect(!plantedInTrain.isEmpty)
        #expect(Double(found.intersection(plantedInTrain).count) >= 0.8 * Double(plantedInTrain.count), "found \(found), planted \(plantedInTrain)")
    }

    @Test("train --reweigh-by records the method; runs compare shows each run's parity and equalized-odds gaps and macro-F1")
    func reweighing() throws {
        // A group that leans on the label: most items of source "a" are positive.
        let project = try project(count: 240) { index in
            let label = (index - 1) % 3
            return (label == 2 ? index % 4 != 0 : index % 4 == 0) ? "a" : "b"
        }
        #expect(try embed(project).status == 0)
        // Some labels carry a flag (the items where annotators' own biases show).
        for index in [3, 6, 9, 12] {
            #expect(try project.run(["label", "i\(index)", "positive", "--annotator", "ana", "--flag", "sarcasm"]).status == 0)
        }
        #expect(try project.run(["train"]).status == 0)
        let reweighed = try #require(try Opine.json(["train", "--reweigh-by", "source", "--project", project.path]) as? [String: Any])
        #expect((reweighed["options"] as? [String: Any])?["reweigh_by"] as? String == "source")
        let comparison = try #require(try Opine.json(["runs", "compare", "1", "2", "--min-group", "5", "--project", project.path]) as? [String: Any])
        let fairness = try #require(comparison["fairness"] as? [String: Any])
        #expect(fairness["column"] as? String == "source")
        #expect((fairness["groups"] as? [String])?.sorted() == ["a", "b"])
        let runs = try #require(fairness["runs"] as? [[String: Any]])
        #expect(runs.map { $0["mitigation"] as? String ?? "" } == ["none", "reweighed by source"])
        for run in runs {
            #expect(run["demographic_parity_gap"] is Double && run["equalized_odds_gap"] is Double && run["macro_f1"] is Double)
            #expect((run["labels"] as? [Any])?.count == 3)
        }
        #expect(comparison["flagged_items"] as? Int == 4)
        for change in comparison["flagged_changed"] as? [[String: Any]] ?? [] {
            #expect(change["flags"] as? [String] == ["sarcasm"] && (change["text"] as? String)?.hasPrefix("text number") == true)
        }
        let text = try project.run(["runs", "compare", "1", "2", "--min-group", "5"]).stdout
        #expect(text.contains("flagged by an annotator (sarcasm, irony…): 4 items"))
        #expect(text.contains("fairness by source on dev and test (a, b):") && text.contains("run 2 (reweighed by source): macro-F1"))
        // Per-group thresholds for one label, fitted on dev and judged on test.
        let equalized = try #require(try Opine.json(["runs", "compare", "1", "2", "--min-group", "5", "--equalize", "positive",
                                                     "--project", project.path]) as? [String: Any])
        let thresholds = try #require((equalized["fairness"] as? [String: Any])?["thresholds"] as? [String: Any])
        #expect(thresholds["label"] as? String == "positive" && (thresholds["dev_items"] as? Int ?? 0) > 0)
        if let rules = thresholds["rules"] as? [String: Any] {
            #expect(Set((rules["rules"] as? [String: Any] ?? [:]).keys) == ["a", "b"])
            #expect(thresholds["before"] is [String: Any] && thresholds["after"] is [String: Any])
        } else {
            #expect((thresholds["note"] as? String)?.contains("dev split") == true)
        }
        #expect(try project.run(["runs", "compare", "1", "2", "--equalize", "furious"]).stderr.contains("unknown label 'furious'"))
        // The same thresholds as an option on predictions: every embedded item's decision.
        let decided = try #require(try Opine.json(["predict", "--equalize", "positive", "--by", "source", "--project", project.path]) as? [String: Any])
        #expect(decided["items"] as? Int == 240)
        let decisions = decided["decisions"] as? [[String: Any]] ?? []
        if (decided["thresholds"] as? [String: Any])?["rules"] != nil {
            #expect(decisions.count == 240)
            #expect(decisions.allSatisfy { (0...1).contains($0["positive_probability"] as? Double ?? -1) })
        }
        #expect(try project.run(["predict", "--equalize", "positive"]).status != 0)
        // A column no item has is refused, naming it.
        let missing = try project.run(["train", "--reweigh-by", "nowhere"])
        #expect(missing.status == 65 && missing.stderr.contains("'nowhere'"))
    }

    private func plantedTrainItems(_ project: TemporaryProject, flips: Set<Int>) throws -> Set<String> {
        let out = project.directory.appendingPathComponent("all.jsonl")
        #expect(try project.run(["export", out.path]).status == 0)
        var result: Set<String> = []
        for line in try String(contentsOf: out, encoding: .utf8).split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            guard let id = object["id"] as? String, object["split"] as? String == "train",
                  let index = Int(id.dropFirst()), flips.contains(index - 1) else { continue }
            result.insert(id)
        }
        return result
    }

    @Test("next --strategy uncertain picks by the model's margin and says why; without a model it says so")
    func uncertainQueue() throws {
        let project = try project(count: 90, overlap: 2)
        #expect(try embed(project).status == 0)
        let before = try #require(try Opine.json(["next", "--annotator", "lea", "--strategy", "uncertain", "--project", project.path]) as? [String: Any])
        #expect((before["reason"] as? String)?.contains("no model yet") == true)
        #expect(try project.run(["train"]).status == 0)
        let after = try #require(try Opine.json(["next", "--annotator", "lea", "--strategy", "uncertain", "--project", project.path]) as? [String: Any])
        #expect((after["reason"] as? String)?.contains("the model is unsure") == true, "\(after)")
        let random = try #require(try Opine.json(["next", "--annotator", "lea", "--project", project.path]) as? [String: Any])
        #expect(random["reason"] as? String == "random order")
    }

    @Test("training with labels of one class says how many more are needed")
    func oneClass() throws {
        let project = try TemporaryProject(annotators: ["lea", "ana"], overlap: 1)
        try project.seed(items: 30)
        let stream = (1...30).map { "i\($0)\tpositive" }.joined(separator: "\n") + "\n"
        #expect(try project.run(["label", "--stdin", "--annotator", "ana"], stdin: stream).status == 0)
        let values = [Float](repeating: 0.5, count: 30 * 4)
        try project.write("vectors.npy", bytes: npyBytes(rows: 30, columns: 4, values: values))
        try project.write("ids.txt", (1...30).map { "i\($0)" }.joined(separator: "\n"))
        #expect(try embed(project).status == 0)
        let result = try project.run(["train"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("negative has 0 (needs 2 more)"), "\(result.stderr)")
    }

    @Test("an imported embedding holding NaN is refused with its row, and nothing is stored")
    func nanEmbedding() throws {
        let project = try project(count: 30, nan: true)
        let result = try embed(project)
        #expect(result.status == 66 || result.status == 65)
        #expect(result.stderr.contains("row 1 holds NaN"), "\(result.stderr)")
        #expect(try project.run(["train"]).stderr.contains("no embeddings yet"))
    }

    @Test("ids that do not match the .npy rows are refused")
    func mismatchedIds() throws {
        let project = try project(count: 30)
        try project.write("ids.txt", "i1\ni2\n")
        let result = try embed(project)
        #expect(result.status != 0)
        #expect(result.stderr.contains("2 ids for 30 rows"), "\(result.stderr)")
    }
}
