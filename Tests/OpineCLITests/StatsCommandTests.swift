import AnnotationStore
import Digest
import Foundation
import TestSupport
import Testing

/// A project for the stats commands: 90 items whose 8-d embeddings cluster by label, labelled
/// by ana and bo (bo disagrees on every tenth item), with slices by `source`; with `runs`,
/// trained that many times; with `exposure`, cy's labels given while run 1's prediction was
/// shown (40, 36 of them agreeing with it) or hidden (31, 20 agreeing).
enum StatsProject {
    static let labels = ["negative", "neutral", "positive"]

    static func make(runs: Int, exposure: Bool) throws -> TemporaryProject {
        let project = try TemporaryProject(toml: """
            name = "stats"
            overlap = 3
            slices = ["source"]

            [[annotators]]
            name = "lea"
            role = "lead"

            [[annotators]]
            name = "ana"
            role = "annotator"

            [[annotators]]
            name = "bo"
            role = "annotator"

            [[annotators]]
            name = "cy"
            role = "annotator"
            """)
        let count = 90
        let sources = ["レビュー", "متجر", "shop 🛒"]
        let rows = (1...count).map { "i\($0),text number \($0),\(sources[$0 % 3])" }.joined(separator: "\n")
        try project.write("seed.csv", "id,text,source\n" + rows + "\n")
        let imported = try project.run(["import", project.directory.appendingPathComponent("seed.csv").path])
        try #require(imported.status == 0, "import failed: \(imported.stderr)")

        var generator = SplitMix64(seed: 11)
        var values: [Float] = []
        var ana = "", bo = ""
        for index in 0..<count {
            let label = index % 3
            for column in 0..<8 {
                values.append((column == label ? 2 : 0) + Float(Double(generator.next() % 1000) / 1000 - 0.5))
            }
            ana += "i\(index + 1)\t\(labels[label])\n"
            bo += "i\(index + 1)\t\(labels[index % 10 == 0 ? (label + 1) % 3 : label])\n"
        }
        for (annotator, stream) in [("ana", ana), ("bo", bo)] {
            let labelled = try project.run(["label", "--stdin", "--annotator", annotator], stdin: stream)
            try #require(labelled.status == 0, "labelling failed: \(labelled.stderr)")
        }
        guard runs > 0 else { return project }
        try project.write("vectors.npy", bytes: npyBytes(rows: count, columns: 8, values: values))
        try project.write("ids.txt", (1...count).map { "i\($0)" }.joined(separator: "\n") + "\n")
        let embedded = try project.run(["embed", "--import", project.directory.appendingPathComponent("vectors.npy").path,
                                        "--ids", project.directory.appendingPathComponent("ids.txt").path, "--name", "test"])
        try #require(embedded.status == 0, "embed failed: \(embedded.stderr)")
        for run in 0..<runs {
            let trained = try project.run(["train", "--folds", "3"] + (run % 2 == 1 ? ["--balanced"] : []))
            try #require(trained.status == 0, "train failed: \(trained.stderr)")
        }
        if exposure {
            // No command records exposure (only the annotate screen does), so the store is used directly.
            let database = try AppDatabase.open(path: project.database.path)
            for index in 0..<71 {
                let shown = index < 40
                let agrees = shown ? index < 36 : index - 40 < 20
                _ = try database.recordLabel(
                    item: "i\(index + 1)", annotator: "cy", label: "positive", origin: .screen, overlap: 3,
                    exposure: ModelExposure(run: 1, predictedLabel: agrees ? "positive" : "negative", shown: shown))
            }
        }
        return project
    }
}

@Suite(.serialized) struct StatsCommandTests {
    /// statsmodels 0.15: proportion_confint(36, 40, method='wilson'), (20, 31), and
    /// confint_proportions_2indep(36, 40, 20, 31, method='newcomb').
    static let shownInterval = [0.769482247724777, 0.9604204713173937]
    static let hiddenInterval = [0.4694795406436887, 0.788833409061346]
    static let differenceInterval = [0.060734198236128106, 0.4406200610678451]

    private func close(_ got: Any?, _ want: [Double], _ what: String) {
        let values = got as? [Double] ?? []
        #expect(values.count == want.count && zip(values, want).allSatisfy { abs($0 - $1) < 1e-9 }, "\(what): \(values) vs \(want)")
    }

    @Test("opine agreement carries the anchoring measurement in JSON and in text")
    func agreementAnchoring() throws {
        let project = try StatsProject.make(runs: 1, exposure: true)
        let report = try #require(try Opine.json(["agreement", "--draws", "50", "--project", project.path]) as? [String: Any])
        let anchoring = try #require(report["anchoring"] as? [String: Any])
        let shown = try #require(anchoring["shown"] as? [String: Any])
        let hidden = try #require(anchoring["hidden"] as? [String: Any])
        #expect(shown["labels"] as? Int == 40 && shown["agree_with_model"] as? Int == 36)
        #expect(hidden["labels"] as? Int == 31 && hidden["agree_with_model"] as? Int == 20)
        #expect(abs((shown["rate"] as? Double ?? 0) - 0.9) < 1e-12)
        close(shown["ci95"], Self.shownInterval, "shown")
        close(hidden["ci95"], Self.hiddenInterval, "hidden")
        let difference = try #require(anchoring["difference"] as? [String: Any])
        #expect(abs((difference["value"] as? Double ?? 0) - (0.9 - 20.0 / 31)) < 1e-12)
        close(difference["ci95"], Self.differenceInterval, "difference")
        #expect((anchoring["note"] as? String ?? "").contains("anchoring"))
        let perAnnotator = try #require(anchoring["per_annotator"] as? [[String: Any]])
        #expect(perAnnotator.map { $0["annotator"] as? String } == ["cy"])

        let text = try project.run(["agreement", "--draws", "0"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("Anchoring (labels equal to the model's prediction)"))
        #expect(text.stdout.contains("prediction shown   n=40  0.900  [0.769, 0.960]"))
        #expect(text.stdout.contains("prediction hidden  n=31  0.645  [0.469, 0.789]"))
        #expect(text.stdout.contains("shown − hidden     +0.255  [+0.061, +0.441] (Newcombe)"))
    }

    @Test("opine stats --json prints what both pages show")
    func statsJSON() throws {
        let project = try StatsProject.make(runs: 2, exposure: true)
        let stats = try #require(try Opine.json(["stats", "--draws", "50", "--project", project.path]) as? [String: Any])
        #expect(stats["project"] as? String == "stats")

        let agreement = try #require(stats["agreement"] as? [String: Any])
        #expect(agreement["annotators"] as? [String] == ["ana", "bo", "cy"])
        #expect(agreement["items"] as? Int == 90)
        #expect(agreement["bootstrap_draws"] as? Int == 50)
        let coefficients = try #require(agreement["coefficients"] as? [[String: Any]])
        #expect(coefficients.compactMap { $0["name"] as? String } == ["% agreement", "Fleiss κ", "Gwet AC1", "Kripp. α nominal", "Kripp. α ordinal", "Kripp. α interval"])
        // The same numbers as opine agreement, with the same draws and seed.
        let headless = try #require(try Opine.json(["agreement", "--draws", "50", "--project", project.path]) as? [String: Any])
        let fleiss = try #require((headless["coefficients"] as? [String: Any])?["fleiss_kappa"] as? [String: Any])
        let shownFleiss = try #require(coefficients[1]["estimate"] as? [String: Any])
        #expect(shownFleiss["value"] as? Double == fleiss["value"] as? Double)
        #expect(shownFleiss["lower"] as? Double == (fleiss["ci95"] as? [Double])?.first)
        let pairs = try #require(agreement["pairs"] as? [[String: Any]])
        #expect(pairs.count == 3)
        let gaps = try #require(agreement["slice_gaps"] as? [[String: Any]])
        #expect(!gaps.isEmpty && gaps.allSatisfy { $0["dimension"] as? String == "source" })
        #expect(Set(gaps.flatMap { [$0["low"] as? String, $0["high"] as? String] }).isSubset(of: ["レビュー", "متجر", "shop 🛒"]))

        let anchoring = try #require(stats["anchoring"] as? [String: Any])
        #expect((anchoring["shown"] as? [String: Any])?["labels"] as? Int == 40)
        let difference = try #require(anchoring["difference"] as? [String: Any])
        #expect(abs((difference["lower"] as? Double ?? 0) - Self.differenceInterval[0]) < 1e-9)

        let runs = try #require(stats["runs"] as? [[String: Any]])
        #expect(runs.compactMap { $0["id"] as? Int } == [1, 2])
        let evaluation = try #require(runs[1]["evaluation"] as? [String: Any])
        let perClass = try #require(evaluation["per_class"] as? [[String: Any]])
        #expect(perClass.compactMap { $0["label"] as? String } == StatsProject.labels)
        let confusion = try #require(evaluation["confusion"] as? [[Int]])
        #expect(confusion.flatMap { $0 }.reduce(0, +) == evaluation["count"] as? Int)
        #expect(perClass.compactMap { $0["support"] as? Int } == confusion.map { $0.reduce(0, +) })
    }

    @Test("without runs or exposure, stats and agreement say so")
    func empty() throws {
        let project = try StatsProject.make(runs: 0, exposure: false)
        let stats = try #require(try Opine.json(["stats", "--draws", "0", "--project", project.path]) as? [String: Any])
        #expect((stats["runs"] as? [Any])?.isEmpty == true)
        let anchoring = try #require(stats["anchoring"] as? [String: Any])
        #expect((anchoring["shown"] as? [String: Any])?["labels"] as? Int == 0)
        #expect(anchoring["difference"] == nil)
        let report = try #require(try Opine.json(["agreement", "--draws", "0", "--project", project.path]) as? [String: Any])
        #expect(((report["anchoring"] as? [String: Any])?["note"] as? String ?? "").hasPrefix("no labels with a model prediction yet"))
    }

    @Test("a bad page or negative draws is a usage error")
    func badArguments() throws {
        let project = try StatsProject.make(runs: 0, exposure: false)
        let page = try project.run(["stats", "--page", "people"])
        #expect(page.status == 64)
        #expect(page.stderr.contains("agreement") && page.stderr.contains("model"))
        #expect(try project.run(["stats", "--draws", "-1", "--json"]).status == 64)
    }
}
