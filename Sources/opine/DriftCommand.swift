import ArgumentParser
import Drift
import Foundation
import Reporting
import Workflow

struct DriftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "How a batch of items differs from a reference batch: embeddings, the model's predictions, the labels.",
        discussion: """
            A batch is import:N (the Nth import; -1 the latest), COLUMN=VALUE (lang, split or a metadata column), \
            FROM..TO (import dates, either end open) or rest (everything not in the other batch). Default: the \
            latest import against everything before it.

            Embedding drift is a domain classifier (the head told to tell the batches apart): its 5-fold \
            cross-validated ROC AUC, drifted above 0.55 and, for small batches, above its AUC with the batches \
            shuffled; beside it the distance between the batches' mean vectors and MMD² (RBF kernel, median \
            width), as Evidently measures them. Predicted and given labels use the chi-square test for small \
            batches and the Jensen–Shannon distance for large ones, with PSI and a z-test per class.
            """)

    @OptionGroup var options: ProjectOptions

    @Option(help: ArgumentHelp("The reference batch (default: rest).", valueName: "BATCH"))
    var reference: String?

    @Option(help: ArgumentHelp("The current batch (default: import:-1, the latest import).", valueName: "BATCH"))
    var current: String?

    @Option(help: "The stored embeddings to compare (default: the latest run's, else the ones with the most vectors).")
    var embeddings: String?

    @Option(help: "How many of the current batch's most unusual texts to show.")
    var separating: Int = 5

    @Option(help: "Seed for the classifier's folds and samples.")
    var seed: UInt64 = 2026

    func run() throws {
        try reportingErrors {
            let project = try options.open()
            var driftOptions = EmbeddingDrift.Options()
            driftOptions.seed = seed
            let drift: ProjectDrift
            do {
                drift = try ProjectDrift(project: project, reference: try reference.map(DriftBatch.init), current: try current.map(DriftBatch.init),
                                         encoder: embeddings, options: driftOptions, separatingCount: max(0, separating))
            } catch let error as ProjectDriftError {
                throw CommandError(message: error.description)
            }
            if options.json {
                Output.json(drift)
                return
            }
            print(drift)
        }
    }

    private func print(_ drift: ProjectDrift) {
        let f = { (value: Double) in String(format: "%.3f", value) }
        func batch(_ b: ProjectDrift.Batch) -> String { "\(Output.visible(b.batch)) (\(b.items) items, \(b.embedded) embedded, \(b.labelled) labelled)" }
        Output.line("Current \(batch(drift.current)) against reference \(batch(drift.reference)): \(drift.drifted ? "DRIFTED" : "no drift found").")
        if let e = drift.embedding {
            let c = e.classifier
            var line = "  embeddings   domain classifier AUC \(f(c.auc)) (\(c.folds)-fold, \(c.referenceRows) + \(c.currentRows) rows; drifted above \(f(c.threshold))"
            if let p = c.pValue, let q = c.nullQuantile95 { line += "; shuffled 95% \(f(q)), p \(f(p))" }
            Output.line(line + "): \(c.drifted ? "DRIFTED" : "no drift")")
            Output.line("               distance between means \(f(e.meanDistance)) (Evidently's threshold \(f(e.meanDistanceThreshold))), MMD² \(String(format: "%.4f", e.mmd)) (threshold \(e.mmdThreshold), \(e.mmdRows.map(String.init).joined(separator: " + ")) rows)")
        } else if let note = drift.embeddingNote {
            Output.line("  embeddings   not compared: \(note)")
        }
        func categorical(_ name: String, _ d: CategoricalDrift?, _ detail: String) {
            guard let d else {
                Output.line("  \(name.padding(toLength: 12, withPad: " ", startingAt: 0)) not compared: \(detail)")
                return
            }
            let test = d.test == "chi-square" ? "chi-square \(f(d.statistic)), p \(d.pValue.map(f) ?? "—")" : "Jensen–Shannon \(f(d.statistic))"
            Output.line("  \(name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(test), PSI \(f(d.psi)) (\(d.referenceCount) → \(d.currentCount)): \(d.drifted ? "DRIFTED" : "no drift")")
            let shares = d.classes.map { "\($0.label) \(Int(($0.referenceShare * 100).rounded()))% → \(Int(($0.currentShare * 100).rounded()))%\($0.zPValue.map { " (z p \(f($0)))" } ?? "")" }
            Output.line("               " + shares.joined(separator: ", "))
        }
        categorical("predictions", drift.predictions, "no run on these embeddings yet (`opine train`)")
        categorical("labels", drift.labels, "one batch has no labelled items")
        if !drift.separating.isEmpty {
            Output.line("  least like the reference (P(current) out of fold):")
            for text in drift.separating {
                let shown = text.text.count > 90 ? String(text.text.prefix(89)) + "…" : text.text
                Output.line("    \(Output.visible(text.item)) \(f(text.score))  \(Output.visible(shown))")
            }
        }
    }
}
