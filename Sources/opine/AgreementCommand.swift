import AnnotationStore
import Agreement
import ArgumentParser
import Reporting
import Foundation
import Workflow

struct AgreementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agreement",
        abstract: "Inter-annotator agreement: overall, per pair, per label, per annotator and per slice.",
        discussion: """
            Percent agreement, Fleiss' kappa, Gwet's AC1 and Krippendorff's alpha (nominal; with \
            ordered labels also ordinal and interval), Cohen's kappa per pair (linear and quadratic \
            weighted too when labels are ordered), each with a bootstrap confidence interval \
            (items resampled). Per annotator: agreement with the others and a chi-square test of \
            their label distribution against everyone else's.
            """)

    @OptionGroup var options: ProjectOptions

    @Option(help: "Bootstrap draws for the confidence intervals (0: none).")
    var draws: Int = 1_000

    @Option(help: "Seed for the bootstrap.")
    var seed: UInt64 = 2026

    @Option(name: .customLong("slice"), help: "A metadata column to break agreement down by (repeatable; default: the project's slices).")
    var slices: [String] = []

    func validate() throws {
        if draws < 0 { throw ValidationError("--draws must be 0 or more") }
    }

    func run() throws {
        try reportingErrors {
            let project = try options.open()
            let columns = slices.isEmpty ? project.config.sliceColumns : slices
            // The slice columns and the exposed labels are read on a second connection while the
            // label table is read on this one: on a server the two reads then overlap.
            let side = SideReads()
            let second = try project.reopen()
            let thread = Thread {
                side.result = Result { (try columns.map { ($0, try second.database.itemValues(column: $0)) }, try second.database.exposedLabels()) }
                side.done.signal()
            }
            thread.start()
            let ratings = try ProjectRatings(table: project.database.labelTable(), config: project.config)
            side.done.wait()
            let (sliceValues, exposed) = try side.result!.get()
            var report = AgreementReport(ratings: ratings, draws: draws, seed: seed, slices: sliceValues)
            report.anchoring = AnchoringReport(exposed)
            if options.json { Output.json(report) } else { report.printText() }
        }
    }
}

extension AgreementReport {
    func printText() {
        func show(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "  —  " }
        func show(_ estimate: Estimate?) -> String {
            guard let estimate else { return "" }
            let interval = estimate.ci95.map { String(format: "  [%.3f, %.3f]", $0[0], $0[1]) } ?? ""
            return show(estimate.value) + interval
        }
        Output.line("Agreement over \(items) labelled items (\(pairableItems) with 2+ labels), \(labels) labels by \(annotators.count) annotators.")
        if bootstrapDraws > 0 { Output.line("95% intervals from \(bootstrapDraws) bootstrap draws over items.") }
        Output.line("")
        let order = ["percent_agreement", "fleiss_kappa", "gwet_ac1", "krippendorff_alpha_nominal",
                     "krippendorff_alpha_ordinal", "krippendorff_alpha_interval"]
        for key in order {
            guard let estimate = coefficients[key] else { continue }
            Output.line("  \(key.replacingOccurrences(of: "_", with: " ").padding(toLength: 30, withPad: " ", startingAt: 0)) \(show(estimate))")
        }
        if !pairs.isEmpty {
            Output.line("")
            Output.line("Pairs (Cohen's kappa)")
            for pair in pairs {
                var line = "  \(pair.a)–\(pair.b)".padding(toLength: 22, withPad: " ", startingAt: 0)
                line += " n=\(pair.items)  κ \(show(pair.kappa))"
                if let linear = pair.quadraticKappa { line += "  quadratic \(show(linear.value))" }
                Output.line(line)
            }
        }
        Output.line("")
        Output.line("Per label (specific agreement)")
        for label in perLabel {
            Output.line("  \(label.label.padding(toLength: 12, withPad: " ", startingAt: 0)) \(show(label.specificAgreement))  (\(label.ratings) labels, \(String(format: "%.0f", label.prevalence * 100))%)")
        }
        Output.line("")
        Output.line("Per annotator (agreement with the others; label distribution vs. the pool)")
        for annotator in perAnnotator {
            let test = annotator.chiSquare.map { String(format: "χ² %.1f, p %.3g", $0.statistic, $0.pValue) } ?? ""
            Output.line("  \(annotator.annotator.padding(toLength: 12, withPad: " ", startingAt: 0)) \(show(annotator.agreementWithOthers))  \(annotator.labels) labels  \(test)")
            if annotator.trendByHundredLabels.count > 1 {
                let recent = annotator.trendByHundredLabels.suffix(12)
                let steps = recent.map { $0.agreementWithOthers.map { String(format: "%.2f", $0) } ?? "—" }
                let label = recent.count < annotator.trendByHundredLabels.count ? "last \(recent.count) × 100 labels" : "per 100 labels"
                Output.line("               \(label): " + steps.joined(separator: " "))
            }
        }
        if !slices.isEmpty {
            Output.line("")
            Output.line("Per slice (percent agreement, Krippendorff's alpha)")
            for slice in slices {
                Output.line("  \(slice.column)=\(slice.value)".padding(toLength: 28, withPad: " ", startingAt: 0)
                            + " n=\(slice.items)".padding(toLength: 8, withPad: " ", startingAt: 0)
                            + " \(show(slice.percentAgreement))  α \(show(slice.krippendorffAlpha))")
            }
        }
        if let anchoring { anchoring.printText() }
    }
}

extension AnchoringReport {
    func printText() {
        func show(_ group: Group) -> String {
            guard let rate = group.rate, let ci = group.ci95 else { return "n=0" }
            return String(format: "n=%d  %.3f  [%.3f, %.3f]", group.labels, rate, ci[0], ci[1])
        }
        Output.line("")
        Output.line("Anchoring (labels equal to the model's prediction)")
        Output.line("  prediction shown   " + show(shown))
        Output.line("  prediction hidden  " + show(hidden))
        if let difference {
            Output.line(String(format: "  shown − hidden     %+.3f  [%+.3f, %+.3f] (Newcombe)", difference.value, difference.ci95[0], difference.ci95[1]))
        }
        if !note.isEmpty { Output.line("  " + note) }
    }
}

/// What the second connection read, handed over once `done` is signalled.
private final class SideReads: @unchecked Sendable {
    let done = DispatchSemaphore(value: 0)
    var result: Result<([(column: String, values: [Int64: String])], [ExposedLabel]), any Error>?
}
