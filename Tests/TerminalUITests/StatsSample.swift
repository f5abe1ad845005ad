@testable import TerminalUI

/// Numbers for the stats screen's tests: annotators and slice values in several scripts, one
/// name carrying an escape sequence (user data that must show as text, never reach the terminal).
enum StatsSample {
    static let annotators = ["ana", "李小龍", "مريم", "🦊fox", "\u{1B}[31mred"]

    static func pairs(_ names: [String]) -> [AgreementView.Pair] {
        var pairs: [AgreementView.Pair] = []
        for (i, a) in names.enumerated() {
            for (j, b) in names.enumerated() where j > i {
                let kappa = 0.9 - 0.17 * Double(i + j)
                pairs.append(.init(a: a, b: b, items: 40 + i + j, kappa: StatValue(kappa, lower: kappa - 0.1, upper: kappa + 0.08)))
            }
        }
        return pairs
    }

    static let agreement = AgreementView(
        items: 412, pairableItems: 300, labels: 900, annotators: annotators, bootstrapDraws: 1_000,
        coefficients: [
            .init(name: "% agreement", estimate: StatValue(0.812, lower: 0.781, upper: 0.840)),
            .init(name: "Fleiss κ", estimate: StatValue(0.655, lower: 0.601, upper: 0.702)),
            .init(name: "Gwet AC1", estimate: StatValue(0.701, lower: 0.655, upper: 0.744)),
            .init(name: "Kripp. α nominal", estimate: StatValue(0.356, lower: 0.290, upper: 0.421)),
        ],
        pairs: pairs(annotators),
        perLabel: [
            .init(label: "negative", ratings: 320, prevalence: 0.36, specificAgreement: 0.86),
            .init(label: "neutral", ratings: 280, prevalence: 0.31, specificAgreement: 0.45),
            .init(label: "positive", ratings: 300, prevalence: 0.33, specificAgreement: 0.91),
        ],
        sliceGaps: [
            .init(dimension: "source", metric: "α", low: "レビューサイト", lowValue: 0.52, high: "متجر", highValue: 0.81),
            .init(dimension: "channel", metric: "share positive", low: "twitter 🐦", lowValue: 0.21,
                  high: "\u{1B}]0;pwned\u{7}", highValue: 0.44),
        ],
        trends: [
            .init(annotator: "ana", labels: 420, agreementWithOthers: 0.84, points: [0.7, 0.78, 0.81, 0.86, 0.9]),
            .init(annotator: "李小龍", labels: 300, agreementWithOthers: 0.71, points: [0.8, 0.74, nil, 0.66]),
            .init(annotator: "\u{1B}[31mred", labels: 180, agreementWithOthers: 0.52, points: [0.4, 0.55]),
        ])

    static let anchoring = AnchoringView(
        shown: .init(labels: 120, agreeing: 96, rate: StatValue(0.8, lower: 0.72, upper: 0.86)),
        hidden: .init(labels: 24, agreeing: 15, rate: StatValue(0.625, lower: 0.43, upper: 0.79)),
        difference: nil, minimumGroupSize: 30)

    static func run(_ id: Int64, macroF1: Double) -> RunView {
        RunView(id: id, created: "11-2\(id) 09:1\(id)", trainItems: 100 * Int(id), evaluation: EvaluationView(
            source: "test", count: 120, accuracy: macroF1 + 0.03, macroF1: macroF1,
            perClass: [
                .init(label: "negative", precision: 0.81, recall: 0.77, f1: 0.79, support: 44),
                .init(label: "neutral", precision: 0.52, recall: 0.48, f1: 0.5, support: 31),
                .init(label: "positive", precision: 0.88, recall: 0.93, f1: 0.9, support: 45),
            ],
            confusion: [[34, 7, 3], [6, 15, 10], [0, 3, 42]]))
    }

    static let runs = [run(1, macroF1: 0.61), run(2, macroF1: 0.66), run(3, macroF1: 0.72)]

    static let drift = DriftView(windows: [
        .init(number: 1, importedAt: "2026-11-02 09:14", items: 336, auc: nil, drifted: nil, labelPSI: nil, labelsDrifted: nil, predictionPSI: nil),
        .init(number: 2, importedAt: "2026-11-20 16:03", items: 120, auc: 0.531, drifted: false, labelPSI: 0.021, labelsDrifted: false, predictionPSI: 0.012),
        .init(number: 3, importedAt: "2026-12-01 08:40", items: 1821, auc: 0.993, drifted: true, labelPSI: 0.412, labelsDrifted: true, predictionPSI: 0.301),
    ], note: nil)
    static let view = StatsView(project: "demo", agreement: agreement, anchoring: anchoring, runs: runs, drift: drift)

    static let comparison = RunComparisonView(
        a: 2, b: 3,
        deltas: [.init(metric: "test_accuracy", a: 0.69, b: 0.75), .init(metric: "test_macro_f1", a: 0.66, b: 0.72),
                 .init(metric: "test_auc", a: nil, b: nil), .init(metric: "test_log_loss", a: 0.81, b: 0.74)],
        changedPredictions: 37, comparedItems: 412)

    /// A screen with the sample numbers loaded.
    static func screen(page: StatsState.Page = .agreement, size: Size = Size(width: 80, height: 24),
                       view: StatsView = view) -> StatsState {
        var state = StatsState(projectName: "demo", page: page, size: size)
        _ = state.start()
        _ = state.update(.loaded(view))
        return state
    }
}
