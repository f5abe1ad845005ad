import AnnotationStore
import ArgumentParser
import Classification
import Foundation
import LinearAlgebra
import Workflow

/// Which stored embeddings a command uses: --embeddings KEY, else the project encoder's when it
/// has vectors, else the key with the most vectors in the project.
func resolveEmbeddings(_ given: String?, project: Project) throws -> String {
    if let given { return given }
    let keys = try project.database.embeddingKeys()
    if keys.count > 1, let encoder = try? EncoderLocation.load(given: nil, config: project.config),
       keys.contains(where: { $0.key == encoder.contentHash }) {
        return encoder.contentHash
    }
    guard let best = keys.first else {
        throw CommandError(message: "no embeddings yet: run `opine embed` (or `opine embed --import FILE.npy --ids FILE`)")
    }
    return best.key
}

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the classifier head now on the gold labels of the train split; store the run.",
        discussion: """
            Gold: adjudication, else a majority above half, else the single label (as export). C is \
            chosen by log-loss from a small grid, on the dev split when it has 50 or more gold \
            items, else by cross-validation on train; the test split is held out. \
            Reports test metrics, out-of-fold cross-validation on train, a majority-class and a \
            lexicon-only baseline, and the labels the model most doubts (confident learning).
            """)

    @OptionGroup var options: ProjectOptions

    @Option(help: "The stored embeddings to train on (default: the ones with the most vectors).")
    var embeddings: String?

    @Flag(help: "Weight classes inversely to their frequency (scikit-learn's 'balanced').")
    var balanced = false

    @Option(help: "Cross-validation folds on the train split.")
    var folds: Int = 5

    @Option(help: "Seed for the folds.")
    var seed: UInt64 = 2026

    @Flag(help: "Append the lexicon's compound score to each embedding as a feature.")
    var lexiconFeature = false

    func validate() throws {
        if folds < 2 { throw ValidationError("--folds must be at least 2") }
    }

    func run() throws {
        try reportingErrors {
            let project = try options.open()
            let training = HeadTraining(
                project: project, encoder: try resolveEmbeddings(embeddings, project: project),
                options: .init(classWeighting: balanced ? .balanced : .uniform, folds: folds, seed: seed, lexiconFeature: lexiconFeature))
            let (run, metrics, data) = try training.run()
            if options.json {
                Output.json(TrainResult(run: run.id, encoder: run.encoder, seconds: run.seconds, data: data, metrics: metrics))
                return
            }
            Output.line("Run \(run.id): trained on \(data.train) items (dev \(data.dev), test \(data.test)) in \(String(format: "%.2f", run.seconds)) s, C = \(metrics.chosenC) (chosen by \(metrics.selectedBy)).")
            if let test = metrics.test {
                Output.line(String(format: "  test          accuracy %.3f  macro-F1 %.3f  AUC %@  log-loss %.3f  ECE %.3f  (n=%d)",
                                   test.accuracy, test.macroF1, test.macroAUC.map { String(format: "%.3f", $0) } ?? "—",
                                   test.logLoss, test.expectedCalibrationError, test.count))
            }
            if let cv = metrics.crossValidation {
                Output.line(String(format: "  cross-val     accuracy %.3f  macro-F1 %.3f  (n=%d, out of fold)", cv.accuracy, cv.macroF1, cv.count))
            }
            if let majority = metrics.majorityBaseline {
                Output.line(String(format: "  majority      accuracy %.3f  macro-F1 %.3f", majority.accuracy, majority.macroF1))
            }
            if let lexicon = metrics.lexiconBaseline {
                Output.line(String(format: "  lexicon only  accuracy %.3f  macro-F1 %.3f", lexicon.accuracy, lexicon.macroF1))
            }
            Output.line("  \(metrics.suspects.count) suspect label\(metrics.suspects.count == 1 ? "" : "s"): `opine suspects`")
        }
    }

    private struct TrainResult: Encodable {
        var run: Int64
        var encoder: String
        var seconds: Double
        var data: HeadTraining.DataSnapshot
        var metrics: HeadTraining.Metrics
    }
}

struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List training runs, or compare two.",
        subcommands: [RunsListCommand.self, RunsCompareCommand.self],
        defaultSubcommand: RunsListCommand.self)
}

struct RunsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List training runs, oldest first.")

    @OptionGroup var options: ProjectOptions

    func run() throws {
        try reportingErrors {
            let project = try options.open()
            let decoder = JSONDecoder()
            let runs = try project.database.runs().map { run -> RunSummary in
                let metrics = try? decoder.decode(HeadTraining.Metrics.self, from: Data(run.metricsJSON.utf8))
                let data = try? decoder.decode(HeadTraining.DataSnapshot.self, from: Data(run.dataJSON.utf8))
                return RunSummary(run: run.id, createdAt: run.createdAt, encoder: run.encoder, trainItems: data?.train ?? 0,
                                  c: metrics?.chosenC, testAccuracy: metrics?.test?.accuracy, testMacroF1: metrics?.test?.macroF1,
                                  testAUC: metrics?.test?.macroAUC, seconds: run.seconds, trainingHash: data?.trainingHash)
            }
            if options.json {
                Output.json(runs)
                return
            }
            if runs.isEmpty { Output.line("No runs yet: `opine train`.") }
            let formatter = ISO8601DateFormatter()
            for run in runs {
                Output.line("run \(run.run)  \(formatter.string(from: run.createdAt))  train \(run.trainItems)  C \(run.c.map { "\($0)" } ?? "—")"
                            + "  test acc \(run.testAccuracy.map { String(format: "%.3f", $0) } ?? "—")"
                            + "  macro-F1 \(run.testMacroF1.map { String(format: "%.3f", $0) } ?? "—")"
                            + "  \(String(format: "%.2f", run.seconds)) s")
            }
        }
    }

    struct RunSummary: Encodable {
        var run: Int64
        var createdAt: Date
        var encoder: String
        var trainItems: Int
        var c: Double?
        var testAccuracy: Double?
        var testMacroF1: Double?
        var testAUC: Double?
        var seconds: Double
        var trainingHash: String?
    }
}

struct RunsCompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Metric deltas between two runs and the items whose prediction changed.")

    @OptionGroup var options: ProjectOptions

    @Argument(help: "The earlier run's id.")
    var a: Int64

    @Argument(help: "The later run's id.")
    var b: Int64

    func run() throws {
        try reportingErrors {
            let project = try options.open()
            guard let runA = try project.database.run(a) else { throw CommandError(message: "no run \(a): see `opine runs`") }
            guard let runB = try project.database.run(b) else { throw CommandError(message: "no run \(b): see `opine runs`") }
            let comparison = try Self.compare(runA, runB, project: project)
            let (deltas, changed) = (comparison.deltas, comparison.changed)
            if options.json {
                Output.json(comparison)
                return
            }
            Output.line("run \(a) → run \(b)")
            for d in deltas {
                let text = [d.a, d.b].map { $0.map { String(format: "%.3f", $0) } ?? "—" }
                let change = d.change.map { String(format: "%+.3f", $0) } ?? ""
                Output.line("  \(d.metric.padding(toLength: 16, withPad: " ", startingAt: 0)) \(text[0]) → \(text[1])  \(change)")
            }
            Output.line("  \(changed.count) item\(changed.count == 1 ? "" : "s") changed prediction")
            for change in changed.prefix(20) { Output.line("    \(change.item): \(change.a) → \(change.b)") }
        }
    }

    /// Metric deltas from A to B and the items whose predicted label differs: what `opine runs
    /// compare` prints and the stats screen shows.
    static func compare(_ runA: RunRecord, _ runB: RunRecord, project: Project) throws -> Comparison {
        let decoder = JSONDecoder()
        let metricsA = try decoder.decode(HeadTraining.Metrics.self, from: Data(runA.metricsJSON.utf8))
        let metricsB = try decoder.decode(HeadTraining.Metrics.self, from: Data(runB.metricsJSON.utf8))
        func delta(_ key: String, _ value: (HeadTraining.Metrics) -> Double?) -> Delta {
            Delta(metric: key, a: value(metricsA), b: value(metricsB))
        }
        let deltas = [
            delta("test_accuracy") { $0.test?.accuracy }, delta("test_macro_f1") { $0.test?.macroF1 },
            delta("test_auc") { $0.test?.macroAUC }, delta("test_log_loss") { $0.test?.logLoss },
            delta("test_ece") { $0.test?.expectedCalibrationError }, delta("cv_accuracy") { $0.crossValidation?.accuracy },
            delta("cv_macro_f1") { $0.crossValidation?.macroF1 },
        ]
        // Predictions of both models on the items both can see.
        let (setA, probabilitiesA) = try HeadTraining.predict(run: runA, project: project)
        let (setB, probabilitiesB) = try HeadTraining.predict(run: runB, project: project)
        let rowB = Dictionary(uniqueKeysWithValues: setB.externalIds.enumerated().map { ($1, $0) })
        let predictedA = Classification.Metrics.argmax(probabilitiesA), predictedB = Classification.Metrics.argmax(probabilitiesB)
        var changed: [Change] = []
        var compared = 0
        for (row, id) in setA.externalIds.enumerated() {
            guard let other = rowB[id] else { continue }
            compared += 1
            guard runA.labels[predictedA[row]] != runB.labels[predictedB[other]] else { continue }
            changed.append(Change(item: id, a: runA.labels[predictedA[row]], b: runB.labels[predictedB[other]]))
        }
        return Comparison(a: runA.id, b: runB.id, deltas: deltas, changedPredictions: changed.count, comparedItems: compared,
                          changed: changed)
    }

    struct Delta: Encodable {
        var metric: String
        var a: Double?
        var b: Double?
        var change: Double? { a.flatMap { a in b.map { $0 - a } } }

        enum CodingKeys: String, CodingKey { case metric, a, b, change }
        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(metric, forKey: .metric)
            try container.encode(a, forKey: .a)
            try container.encode(b, forKey: .b)
            try container.encode(change, forKey: .change)
        }
    }

    struct Change: Encodable {
        var item: String
        var a: String
        var b: String
    }

    struct Comparison: Encodable {
        var a: Int64
        var b: Int64
        var deltas: [Delta]
        var changedPredictions: Int
        /// Items both runs predicted (embedded with both runs' encoders).
        var comparedItems: Int
        var changed: [Change]
    }
}

struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Store a run's class probabilities for every embedded item (used by the queue and screens).")

    @OptionGroup var options: ProjectOptions

    @Option(name: .customLong("run"), help: "The run (default: the latest).")
    var runId: Int64?

    func run() throws {
        try reportingErrors {
            let project = try options.open()
            guard let record = try runId.map({ try project.database.run($0) }) ?? project.database.latestRun() else {
                throw CommandError(message: runId.map { "no run \($0): see `opine runs`" } ?? "no runs yet: `opine train` first")
            }
            let (set, probabilities) = try HeadTraining.predict(run: record, project: project)
            try project.database.storePredictions(run: record.id, set.rowIds.enumerated().map { ($1, probabilities.row($0)) })
            let predicted = Classification.Metrics.argmax(probabilities)
            var counts: [String: Int] = [:]
            for label in predicted { counts[record.labels[label], default: 0] += 1 }
            if options.json {
                Output.json(PredictResult(run: record.id, items: set.count, predictedLabels: counts))
            } else {
                Output.line("Stored run \(record.id)'s probabilities for \(set.count) items: "
                            + record.labels.map { "\($0) \(counts[$0] ?? 0)" }.joined(separator: ", ") + ".")
            }
        }
    }

    private struct PredictResult: Encodable {
        var run: Int64
        var items: Int
        var predictedLabels: [String: Int]
    }
}

struct SuspectsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suspects",
        abstract: "Gold labels the latest run strongly doubts (confident learning on out-of-fold probabilities).")

    @OptionGroup var options: ProjectOptions

    @Option(help: "Show at most this many.")
    var limit: Int = 50

    func run() throws {
        try reportingErrors {
            let project = try options.open()
            guard let run = try project.database.latestRun() else { throw CommandError(message: "no runs yet: `opine train` first") }
            let metrics = try JSONDecoder().decode(HeadTraining.Metrics.self, from: Data(run.metricsJSON.utf8))
            let shown = Array(metrics.suspects.prefix(limit))
            if options.json {
                Output.json(SuspectList(run: run.id, total: metrics.suspects.count, suspects: shown))
                return
            }
            Output.line("\(metrics.suspects.count) suspect label\(metrics.suspects.count == 1 ? "" : "s") in run \(run.id) (lowest self-confidence first).")
            for suspect in shown {
                let text = try project.database.item(suspect.item)?.text ?? ""
                Output.line(String(format: "  %@  gold %@, model proposes %@ (p(gold) %.2f)", suspect.item, suspect.given, suspect.proposed, suspect.score))
                Output.line("    " + Output.visible(text))
            }
        }
    }

    private struct SuspectList: Encodable {
        var run: Int64
        var total: Int
        var suspects: [HeadTraining.Suspect]
    }
}
