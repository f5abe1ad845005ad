import AnnotationStore
import ArgumentParser
import Classification
import Foundation
import LinearAlgebra
import ModelLoop
import Reporting
import Workflow

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the classifier head now on the gold labels of the train split; store the run.",
        discussion: """
            Gold: adjudication, else a majority above half, else the single label (as export). C is \
            chosen by log-loss from a small grid, on the dev split when it has 50 or more gold \
            items, else by cross-validation on train; the test split is held out. [train] in \
            opine.toml sets the defaults (the screen's retrain uses them too); flags override them. \
            Reports test metrics, out-of-fold cross-validation on train, a majority-class and a \
            lexicon-only baseline, and the labels the model most doubts (confident learning).
            """)

    @OptionGroup var options: ProjectOptions

    @Option(help: "The stored embeddings to train on (default: the ones with the most vectors).")
    var embeddings: String?

    @Flag(inversion: .prefixedNo, help: "Weight classes inversely to their frequency (scikit-learn's 'balanced'); default: [train] balanced.")
    var balanced: Bool?

    @Option(help: "Cross-validation folds on the train split (default: [train] folds, else 5).")
    var folds: Int?

    @Option(help: "Seed for the folds (default: [train] seed, else 2026).")
    var seed: UInt64?

    @Flag(inversion: .prefixedNo, help: "Append the lexicon's compound score to each embedding as a feature; default: [train] lexicon_feature.")
    var lexiconFeature: Bool?

    @Option(name: .customLong("c"), help: "Use this C (the inverse of the L2 penalty) instead of choosing one; default: [train] c.")
    var fixedC: Double?

    @Option(help: "auto, select or train: how the dev split takes part (default: [train] dev_split, else auto).")
    var devSplit: DevSplitUse?

    @Option(help: ArgumentHelp(
        "Reweigh training items by this item column (Kamiran & Calders: P(y)·P(g)/P(g,y)) so the head cannot use the group as a proxy for the label; default: [train] reweigh_by.",
        valueName: "SLICE"))
    var reweighBy: String?

    func validate() throws {
        if let folds, folds < 2 { throw ValidationError("--folds must be at least 2") }
        if let fixedC, !(fixedC > 0 && fixedC.isFinite) { throw ValidationError("--c must be a number above 0") }
    }

    /// The project's `[train]` options with this command's flags laid over them.
    func trainingOptions(_ settings: TrainSettings) -> TrainingOptions {
        var settings = settings
        if let balanced { settings.balanced = balanced }
        if let folds { settings.folds = folds }
        if let seed { settings.seed = seed }
        if let lexiconFeature { settings.lexiconFeature = lexiconFeature }
        if let fixedC {
            settings.c = fixedC
            settings.grid = nil
        }
        if let devSplit { settings.devSplit = devSplit }
        if let reweighBy { settings.reweighBy = reweighBy.isEmpty ? nil : reweighBy }
        return TrainingOptions(settings)
    }

    func run() throws {
        try reportingErrors {
            let project = try options.open()
            let run = try HeadTrainer(
                project: project, encoder: try EncoderLocation.embeddingKey(embeddings, project: project),
                options: trainingOptions(project.config.train)).run()
            let (metrics, data) = (run.metrics, run.data)
            if options.json {
                Output.json(TrainResult(run: run.id, encoder: run.encoder, seconds: run.seconds, options: run.options, data: data, metrics: metrics))
                return
            }
            Output.line("Run \(run.id): trained on \(data.train) items (dev \(data.dev), test \(data.test)) in \(String(format: "%.2f", run.seconds)) s, C = \(metrics.chosenC) (chosen by \(metrics.selectedBy)).")
            if let column = run.options.reweighBy { Output.line("  reweighed by \(column) (Kamiran & Calders); `opine runs compare` shows the gaps") }
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
        var options: TrainingOptions
        var data: TrainingRun.DataSnapshot
        var metrics: TrainingRun.Metrics
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
            let runs = try project.database.trainingRuns().map { run in
                RunSummary(run: run.id, createdAt: run.createdAt, encoder: run.encoder, trainItems: run.data.train,
                           c: run.metrics.chosenC, cChosenBy: run.metrics.selectedBy, options: run.options,
                           testAccuracy: run.metrics.test?.accuracy, testMacroF1: run.metrics.test?.macroF1,
                           testAUC: run.metrics.test?.macroAUC, seconds: run.seconds, trainingHash: run.data.trainingHash)
            }
            if options.json {
                Output.json(runs)
                return
            }
            if runs.isEmpty { Output.line("No runs yet: `opine train`.") }
            let formatter = ISO8601DateFormatter()
            for run in runs {
                Output.line("run \(run.run)  \(formatter.string(from: run.createdAt))  train \(run.trainItems)  C \(run.c) (\(run.cChosenBy))"
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
        var c: Double
        var cChosenBy: String
        var options: TrainingOptions
        var testAccuracy: Double?
        var testMacroF1: Double?
        var testAUC: Double?
        var seconds: Double
        var trainingHash: String
    }
}

struct RunsCompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Metric deltas between two runs, their fairness gaps across a slice, and the items whose prediction changed.")

    @OptionGroup var options: ProjectOptions

    @Argument(help: "The earlier run's id.")
    var a: Int64

    @Argument(help: "The later run's id.")
    var b: Int64

    @Option(help: ArgumentHelp(
        "The item column whose groups the fairness gaps compare (default: the column a run was reweighed by, else the first of slices in opine.toml).",
        valueName: "SLICE"))
    var fairnessBy: String?

    @Option(help: "Groups with fewer test and dev items than this are left out of the gaps.")
    var minGroup: Int = 10

    @Option(help: ArgumentHelp(
        "Fit per-group decision thresholds for this label (equalized odds, as fairlearn's ThresholdOptimizer) on the later run's dev predictions and show the gaps before and after on test.",
        valueName: "LABEL"))
    var equalize: String?

    func run() throws {
        try reportingErrors {
            let project = try options.open()
            guard let runA = try project.database.trainingRun(a) else { throw ModelLoopError.noSuchRun(a) }
            guard let runB = try project.database.trainingRun(b) else { throw ModelLoopError.noSuchRun(b) }
            let comparison = try RunComparison(runA, runB, project: project, flagged: true)
            let (deltas, changed) = (comparison.deltas, comparison.changed)
            let column = fairnessBy ?? runB.options.reweighBy ?? runA.options.reweighBy ?? project.config.sliceColumns.first
            if let equalize, project.config.label(equalize) == nil {
                throw WorkflowError.unknownLabel(equalize, known: project.config.labelNames)
            }
            let fairness = try column.map {
                try RunFairness([runA, runB], column: $0, project: project, minimumGroupSize: max(1, minGroup),
                                equalize: equalize.flatMap(project.config.label))
            }
            if options.json {
                Output.json(Comparison(comparison: comparison, fairness: fairness))
                return
            }
            Output.line("run \(a) → run \(b)")
            for d in deltas {
                let text = [d.a, d.b].map { $0.map { String(format: "%.3f", $0) } ?? "—" }
                let change = d.change.map { String(format: "%+.3f", $0) } ?? ""
                Output.line("  \(d.metric.padding(toLength: 16, withPad: " ", startingAt: 0)) \(text[0]) → \(text[1])  \(change)")
            }
            if let fairness {
                let groups = fairness.groups.isEmpty ? "fewer than two groups with \(fairness.minimumGroupSize)+ items"
                    : fairness.groups.map(Output.visible).joined(separator: ", ")
                Output.line("  fairness by \(Output.visible(fairness.column)) on dev and test (\(groups)):")
                let number = { (value: Double?) in value.map { String(format: "%.3f", $0) } ?? "—" }
                for entry in fairness.runs {
                    Output.line("    run \(entry.run) (\(entry.mitigation)): macro-F1 \(number(entry.macroF1))  parity gap \(number(entry.demographicParityGap))  equalized-odds gap \(number(entry.equalizedOddsGap))  (\(entry.items) items)")
                }
                if let thresholds = fairness.thresholds {
                    Output.line("  per-group thresholds for \(thresholds.label) (equalized odds, fitted on \(thresholds.devItems) dev items of run \(b), judged on \(thresholds.testItems) test items):")
                    if let note = thresholds.note { Output.line("    not fitted: \(note)") }
                    for (name, gaps) in [("top label", thresholds.before), ("thresholds", thresholds.after)] {
                        guard let gaps else { continue }
                        Output.line("    \(name.padding(toLength: 10, withPad: " ", startingAt: 0)) accuracy \(number(gaps.accuracy))  parity gap \(number(gaps.demographicParityGap))  equalized-odds gap \(number(gaps.equalizedOddsGap))")
                    }
                }
            }
            if comparison.flaggedItems > 0 {
                Output.line("  flagged by an annotator (sarcasm, irony…): \(comparison.flaggedItems) items, \(comparison.flaggedChanged.count) changed prediction")
                for change in comparison.flaggedChanged.prefix(10) {
                    let text = change.text.count > 70 ? String(change.text.prefix(69)) + "…" : change.text
                    Output.line("    \(Output.visible(change.item)) [\(change.flags.joined(separator: ", "))] \(change.a) → \(change.b)\(change.gold.map { " (gold \($0))" } ?? ""): \(Output.visible(text))")
                }
            }
            Output.line("  \(changed.count) item\(changed.count == 1 ? "" : "s") changed prediction")
            for change in changed.prefix(20) { Output.line("    \(change.item): \(change.a) → \(change.b)") }
        }
    }
}

/// `runs compare --json`: the deltas and changed items, and the fairness gaps of both runs.
private struct Comparison: Encodable {
    var comparison: RunComparison
    var fairness: RunFairness?

    func encode(to encoder: Encoder) throws {
        try comparison.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encodeIfPresent(fairness, forKey: .fairness)
    }

    private enum Key: String, CodingKey { case fairness }
}

struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Store a run's class probabilities for every embedded item (used by the queue and screens).")

    @OptionGroup var options: ProjectOptions

    @Option(name: .customLong("run"), help: "The run (default: the latest).")
    var runId: Int64?

    @Option(help: ArgumentHelp(
        "Also decide this label per group with equalized-odds thresholds (fairlearn's ThresholdOptimizer) fitted on the run's dev predictions; needs --by.",
        valueName: "LABEL"))
    var equalize: String?

    @Option(help: ArgumentHelp("The item column whose groups get their own thresholds (with --equalize).", valueName: "SLICE"))
    var by: String?

    func validate() throws {
        if (equalize == nil) != (by == nil) { throw ValidationError("--equalize LABEL and --by SLICE go together") }
    }

    func run() throws {
        try reportingErrors {
            let project = try options.open()
            guard let record = try runId.map({ try project.database.trainingRun($0) }) ?? project.database.latestTrainingRun() else {
                throw runId.map(ModelLoopError.noSuchRun) ?? ModelLoopError.noRuns
            }
            let (set, probabilities) = try record.predict(project: project)
            try project.database.storePredictions(run: record.id, set.rowIds.enumerated().map { ($1, probabilities.row($0)) })
            let predicted = Classification.Metrics.argmax(probabilities)
            var counts: [String: Int] = [:]
            for label in predicted { counts[record.labels[label], default: 0] += 1 }
            if let equalize, let by {
                guard let label = project.config.label(equalize) else { throw WorkflowError.unknownLabel(equalize, known: project.config.labelNames) }
                let (thresholds, decisions) = try RunFairness.decisions(label: label, column: by, run: record, project: project)
                if options.json {
                    Output.json(EqualizedResult(run: record.id, items: set.count, predictedLabels: counts, by: by, thresholds: thresholds, decisions: decisions))
                    return
                }
                Output.line("Stored run \(record.id)'s probabilities for \(set.count) items.")
                Output.line("Run \(record.id), \(label) against the rest, thresholds per \(Output.visible(by)) (fitted on \(thresholds.devItems) dev items):")
                if let note = thresholds.note { Output.line("  not fitted: \(note)") }
                for (group, rule) in (thresholds.rules?.rules ?? [:]).sorted(by: { $0.key < $1.key }) {
                    let items = decisions.filter { $0.group == group }
                    let share = items.isEmpty ? 0 : items.reduce(0) { $0 + $1.positiveProbability } / Double(items.count)
                    Output.line("  \(Output.visible(group)): above \(String(format: "%.3f", rule.threshold0)) with p \(String(format: "%.3f", rule.p0)), above \(String(format: "%.3f", rule.threshold1)) with p \(String(format: "%.3f", rule.p1)); decides \(label) for \(String(format: "%.1f", share * 100))% of \(items.count) items")
                }
                return
            }
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

    private struct EqualizedResult: Encodable {
        var run: Int64
        var items: Int
        var predictedLabels: [String: Int]
        var by: String
        var thresholds: RunFairness.Thresholds
        var decisions: [RunFairness.Decision]
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
            guard let run = try project.database.latestTrainingRun() else { throw ModelLoopError.noRuns }
            let metrics = run.metrics
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
        var suspects: [TrainingRun.Suspect]
    }
}
