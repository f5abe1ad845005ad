import Agreement
import ArgumentParser
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
            let ratings = try ProjectRatings(items: project.database.itemLabels(), config: project.config)
            let report = AgreementReport(ratings: ratings, draws: draws, seed: seed,
                                         slices: slices.isEmpty ? project.config.sliceColumns : slices)
            if options.json { Output.json(report) } else { report.printText() }
        }
    }
}

/// What `opine agreement` reports, ready for JSON or text.
struct AgreementReport: Encodable {
    struct Estimate: Encodable {
        var value: Double?
        var ci95: [Double]?
    }

    struct Pair: Encodable {
        var a: String
        var b: String
        var items: Int
        var percentAgreement: Estimate
        var kappa: Estimate
        var linearKappa: Estimate?
        var quadraticKappa: Estimate?
    }

    struct Label: Encodable {
        var label: String
        var ratings: Int
        var prevalence: Double
        var specificAgreement: Double?
    }

    struct Annotator: Encodable {
        var annotator: String
        var labels: Int
        var distribution: [String: Int]
        var agreementWithOthers: Estimate
        var meanPairwiseKappa: Double?
        var chiSquare: ChiSquareTest?
    }

    struct Slice: Encodable {
        var column: String
        var value: String
        var items: Int
        var percentAgreement: Double?
        var krippendorffAlpha: Double?
        var gwetAC1: Double?
    }

    var items: Int
    var pairableItems: Int
    var labels: Int
    var annotators: [String]
    var bootstrapDraws: Int
    var coefficients: [String: Estimate]
    var pairs: [Pair]
    var perLabel: [Label]
    var perAnnotator: [Annotator]
    var slices: [Slice]

    init(ratings: ProjectRatings, draws: Int, seed: UInt64, slices sliceColumns: [String]) {
        let matrix = ratings.matrix
        let statistics = AgreementStatistics(matrix)
        let ordinal = matrix.level >= .ordinal
        var wanted = AgreementStatistic.coefficients(for: matrix)
        for pair in statistics.pairs {
            wanted.append(.pairPercentAgreement(coderA: pair.coderA, coderB: pair.coderB))
            wanted.append(.cohenKappa(coderA: pair.coderA, coderB: pair.coderB, weighting: .unweighted))
            if ordinal {
                wanted.append(.cohenKappa(coderA: pair.coderA, coderB: pair.coderB, weighting: .linear))
                wanted.append(.cohenKappa(coderA: pair.coderA, coderB: pair.coderB, weighting: .quadratic))
            }
        }
        wanted += (0..<matrix.coderCount).map { .agreementWithOthers(coder: $0) }
        let intervals = draws > 0
            ? BootstrapIntervals(matrix, statistics: wanted, options: BootstrapOptions(draws: draws, seed: seed)).intervals
            : [:]
        func estimate(_ value: Double?, _ statistic: AgreementStatistic) -> Estimate {
            Estimate(value: value, ci95: intervals[statistic].map { [$0.lower, $0.upper] })
        }

        items = statistics.ratedUnits
        pairableItems = statistics.pairableUnits
        labels = statistics.ratingCount
        annotators = ratings.annotators
        bootstrapDraws = draws
        coefficients = [
            "percent_agreement": estimate(statistics.percentAgreement, .percentAgreement),
            "fleiss_kappa": estimate(statistics.fleissKappa, .fleissKappa),
            "gwet_ac1": estimate(statistics.gwetAC1, .gwetAC1),
        ]
        for (level, value) in statistics.krippendorffAlpha {
            coefficients["krippendorff_alpha_\(level.rawValue)"] = estimate(value, .krippendorffAlpha(level))
        }
        pairs = statistics.pairs.map { pair in
            let (a, b) = (pair.coderA, pair.coderB)
            return Pair(
                a: ratings.annotators[a], b: ratings.annotators[b], items: pair.units,
                percentAgreement: estimate(pair.percentAgreement, .pairPercentAgreement(coderA: a, coderB: b)),
                kappa: estimate(pair.kappa, .cohenKappa(coderA: a, coderB: b, weighting: .unweighted)),
                linearKappa: ordinal ? estimate(pair.linearKappa, .cohenKappa(coderA: a, coderB: b, weighting: .linear)) : nil,
                quadraticKappa: ordinal ? estimate(pair.quadraticKappa, .cohenKappa(coderA: a, coderB: b, weighting: .quadratic)) : nil)
        }
        perLabel = statistics.categories.map {
            Label(label: ratings.labels[$0.category], ratings: $0.ratings, prevalence: $0.prevalence,
                  specificAgreement: $0.specificAgreement)
        }
        perAnnotator = statistics.annotators.map { annotator in
            Annotator(
                annotator: ratings.annotators[annotator.coder], labels: annotator.ratings,
                distribution: Dictionary(uniqueKeysWithValues: zip(ratings.labels, annotator.categoryCounts)),
                agreementWithOthers: estimate(annotator.agreementWithOthers, .agreementWithOthers(coder: annotator.coder)),
                meanPairwiseKappa: annotator.meanPairwiseKappa, chiSquare: annotator.labelDistributionTest)
        }
        var slices: [Slice] = []
        for column in sliceColumns {
            let values = ratings.sliceValues(column: column)
            var unitsOf: [String: [Int]] = [:]
            for (unit, value) in values.enumerated() { unitsOf[value, default: []].append(unit) }
            for (value, units) in unitsOf.sorted(by: { $0.key < $1.key }) {
                guard let subset = try? matrix.restricted(toUnits: units) else { continue }
                let sliceStatistics = AgreementStatistics(subset)
                slices.append(Slice(
                    column: column, value: value, items: units.count,
                    percentAgreement: sliceStatistics.percentAgreement,
                    krippendorffAlpha: sliceStatistics.krippendorffAlpha[matrix.level >= .ordinal ? .ordinal : .nominal],
                    gwetAC1: sliceStatistics.gwetAC1))
            }
        }
        self.slices = slices
    }

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
    }
}
