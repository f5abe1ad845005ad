import Agreement
import Foundation

/// What `opine agreement` reports, ready for JSON or text.
public struct AgreementReport: Encodable, Sendable {
    public struct Estimate: Encodable, Sendable {
        public var value: Double?
        public var ci95: [Double]?
    }

    public struct Pair: Encodable, Sendable {
        public var a: String
        public var b: String
        public var items: Int
        public var percentAgreement: Estimate
        public var kappa: Estimate
        public var linearKappa: Estimate?
        public var quadraticKappa: Estimate?
        /// Rows: a's label, columns: b's label, on the items both labelled.
        public var confusion: [[Int]]
    }

    public struct Label: Encodable, Sendable {
        public var label: String
        public var ratings: Int
        public var prevalence: Double
        public var specificAgreement: Double?
    }

    public struct Annotator: Encodable, Sendable {
        public var annotator: String
        public var labels: Int
        public var distribution: [String: Int]
        public var agreementWithOthers: Estimate
        public var meanPairwiseKappa: Double?
        public var chiSquare: ChiSquareTest?
        /// Agreement with the others per run of 100 labels, in the order given.
        public var trendByHundredLabels: [TrendStep]
        /// Agreement with the others per calendar day (UTC) the labels were given.
        public var trendByDay: [TrendStep]
    }

    public struct TrendStep: Encodable, Sendable {
        /// The run index, or the day as yyyy-MM-dd.
        public var bucket: String
        public var labels: Int
        public var agreementWithOthers: Double?
    }

    public struct Slice: Encodable, Sendable {
        public var column: String
        public var value: String
        public var items: Int
        public var percentAgreement: Double?
        public var krippendorffAlpha: Double?
        public var gwetAC1: Double?
    }

    public var items: Int
    public var pairableItems: Int
    /// The label names, in the project file's order (the confusion matrices' order).
    public var labelNames: [String]
    public var labels: Int
    public var annotators: [String]
    public var bootstrapDraws: Int
    public var coefficients: [String: Estimate]
    public var pairs: [Pair]
    public var perLabel: [Label]
    public var perAnnotator: [Annotator]
    public var slices: [Slice]
    /// Agreement with the model when its prediction was shown vs held back (set by the caller,
    /// which reads the exposures from the database).
    public var anchoring: AnchoringReport?

    /// - Parameter slices: per slice column, each item's value by row id.
    public init(ratings: ProjectRatings, draws: Int, seed: UInt64, slices sliceColumns: [(column: String, values: [Int64: String])]) {
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
        labelNames = ratings.labels
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
                quadraticKappa: ordinal ? estimate(pair.quadraticKappa, .cohenKappa(coderA: a, coderB: b, weighting: .quadratic)) : nil,
                confusion: pair.confusion)
        }
        perLabel = statistics.categories.map {
            Label(label: ratings.labels[$0.category], ratings: $0.ratings, prevalence: $0.prevalence,
                  specificAgreement: $0.specificAgreement)
        }
        func trend(_ coder: Int, byDay: Bool) -> [TrendStep] {
            let timeline = ratings.timelines[coder].map { (unit: $0.unit, time: byDay ? $0.time : $0.sequence) }
            let points = (try? AnnotatorTrend.points(matrix, coder: coder, timeline: timeline,
                                                     bucketing: byDay ? .timeWidth(86_400) : .everyLabels(100))) ?? []
            return points.map { point in
                let bucket = byDay
                    ? ISO8601DateFormatter.string(from: Date(timeIntervalSince1970: Double(point.bucket * 86_400)), timeZone: TimeZone(identifier: "UTC") ?? .current, formatOptions: [.withFullDate])
                    : String(point.bucket + 1)
                return TrendStep(bucket: bucket, labels: point.labels, agreementWithOthers: point.agreementWithOthers)
            }
        }
        perAnnotator = statistics.annotators.map { annotator in
            Annotator(
                annotator: ratings.annotators[annotator.coder], labels: annotator.ratings,
                distribution: Dictionary(uniqueKeysWithValues: zip(ratings.labels, annotator.categoryCounts)),
                agreementWithOthers: estimate(annotator.agreementWithOthers, .agreementWithOthers(coder: annotator.coder)),
                meanPairwiseKappa: annotator.meanPairwiseKappa, chiSquare: annotator.labelDistributionTest,
                trendByHundredLabels: trend(annotator.coder, byDay: false), trendByDay: trend(annotator.coder, byDay: true))
        }
        var slices: [Slice] = []
        for (column, byRowId) in sliceColumns {
            let values = ratings.sliceValues(byRowId)
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
}
