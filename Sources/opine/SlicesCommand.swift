import Agreement
import AnnotationStore
import ArgumentParser
import Foundation
import Reporting
import Slices
import Workflow

struct SlicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slices",
        abstract: "Bias slices: labels, agreement and model quality per slice, gaps between slices.",
        discussion: """
            Item slices come from metadata columns (the project's `slices`, or --slice); annotator \
            slices from annotator attributes in opine.toml (or --annotator-attribute). Per slice: \
            label distribution, agreement, annotators' labels and (once a model is trained) the \
            model's accuracy, macro-F1 and per-label rates against gold, with bootstrap intervals. \
            Model metrics use the latest run's predictions on the held-out items (dev and test \
            splits): the model never trained on them. --include-train adds the train items (more \
            items, but metrics that flatter the model where it was trained). \
            Gaps: demographic parity and equalized odds differences (fairlearn's definitions). \
            Slices that differ from the rest by more than their interval allows are ranked; slices \
            below --min-size items are reported as too small.
            """)

    @OptionGroup var options: ProjectOptions

    @Option(name: .customLong("slice"), help: "An item metadata column (repeatable; default: the project's slices).")
    var itemColumns: [String] = []

    @Option(name: .customLong("annotator-attribute"), help: "An annotator attribute (repeatable; default: all of them).")
    var annotatorAttributes: [String] = []

    @Option(help: "Bootstrap draws.")
    var draws: Int = 1_000

    @Option(help: "Seed for the bootstrap.")
    var seed: UInt64 = 2026

    @Option(help: "Slices with fewer items are reported as too small and not ranked.")
    var minSize: Int = 20

    @Flag(help: "Judge the model on train items too (default: dev and test items only).")
    var includeTrain = false

    func validate() throws {
        if draws < 0 { throw ValidationError("--draws must be 0 or more") }
        if minSize < 1 { throw ValidationError("--min-size must be at least 1") }
    }

    func run() throws {
        try reportingErrors {
            let project = try options.open()
            let config = project.config
            let ratings = try ProjectRatings(table: project.database.labelTable(), config: config)
            let data = try ProjectSlices.data(project: project, ratings: ratings, itemColumns: itemColumns,
                                          annotatorAttributes: annotatorAttributes, modelOnTrain: includeTrain)
            let analysis = try SliceAnalysis(data, options: SliceOptions(
                draws: draws, seed: seed, minimumSliceSize: minSize,
                alphaLevel: config.ordinal ? .ordinal : .nominal))
            if options.json {
                Output.json(analysis)
            } else {
                printText(analysis)
            }
        }
    }

    private func printText(_ analysis: SliceAnalysis) {
        func show(_ estimate: Estimate?) -> String {
            guard let estimate else { return "  —  " }
            return String(format: "%.3f", estimate.value)
        }
        Output.line("Slices over \(analysis.items) labelled items; intervals from \(analysis.options.draws) bootstrap draws.")
        if !analysis.dimensions.contains(where: { $0.slices.contains { $0.model != nil } }) {
            Output.line("No model predictions yet (run opine train): model metrics and model gaps appear once there are.")
        }
        for dimension in analysis.dimensions {
            Output.line("")
            Output.line("\(dimension.name) (\(dimension.kind.rawValue))")
            let shares = analysis.labels.map { String($0.prefix(8)).padding(toLength: 9, withPad: " ", startingAt: 0) }.joined()
            Output.line("  slice".padding(toLength: 22, withPad: " ", startingAt: 0) + "n      α      acc.   " + shares)
            for slice in dimension.slices {
                var line = "  \(slice.value)".padding(toLength: 22, withPad: " ", startingAt: 0)
                line += "\(slice.items)".padding(toLength: 7, withPad: " ", startingAt: 0)
                line += show(slice.agreement.krippendorffAlpha) + "  "
                line += show(slice.annotatorLabels?.accuracy) + "  "
                line += (slice.annotatorLabels?.selectionRate ?? []).map { String(format: "%.2f", $0.value).padding(toLength: 9, withPad: " ", startingAt: 0) }.joined()
                if slice.tooSmall { line += " (too small)" }
                Output.line(line)
            }
            for (source, gaps) in [("labels", dimension.gaps.annotatorLabels), ("model", dimension.gaps.model)] {
                for gap in gaps?.labels ?? [] {
                    let name = analysis.labels[gap.label]
                    let eod = gap.equalizedOddsDifference.map { String(format: "%.3f", $0) } ?? "—"
                    Output.line("  \(source) gap on \(name): demographic parity \(String(format: "%.3f", gap.demographicParityDifference)), equalized odds \(eod)")
                }
            }
            for slice in dimension.slices {
                guard let model = slice.model, let accuracy = model.accuracy else { continue }
                Output.line("  model on \(slice.value): accuracy \(String(format: "%.3f", accuracy.value)), macro-F1 \(show(model.macroF1)) (n=\(model.scoredUnits))")
            }
        }
        Output.line("")
        if analysis.findings.isEmpty {
            Output.line("No slice differs from the rest beyond its 95% interval.")
        } else {
            Output.line("Slices that differ from the rest (95% interval of the difference excludes 0):")
            for finding in analysis.findings {
                Output.line(String(format: "  %@=%@ (n=%d): %@ %.3f vs %.3f (%+.3f, [%+.3f, %+.3f])",
                                   finding.dimension, finding.slice, finding.items, finding.metric.describe(labels: analysis.labels),
                                   finding.sliceValue, finding.complementValue, finding.difference,
                                   finding.differenceInterval.lower, finding.differenceInterval.upper))
            }
        }
        if !analysis.tooSmall.isEmpty {
            Output.line("Too small to rank (< \(analysis.options.minimumSliceSize) items): "
                        + analysis.tooSmall.map { "\($0.dimension)=\($0.slice) (\($0.items))" }.joined(separator: ", "))
        }
    }
}
