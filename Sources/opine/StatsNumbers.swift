import AnnotationStore
import Foundation
import ModelLoop
import Reporting
import Slices
import TerminalUI
import Workflow

/// The numbers `opine stats` shows, on its screen and with `--json`: computed from the
/// project (as `opine agreement`, `opine slices` and `opine runs` compute them) into the stats
/// screen's plain view values.
enum StatsNumbers {
    /// Everything both pages show, computed from the database.
    /// `drift`: also each import's drift (`--json` shows everything; the screen asks for it
    /// when its page is first shown).
    static func view(project: Project, settings: StatsSettings, drift: Bool = false) throws -> StatsView {
        let database = project.database
        let config = project.config
        let ratings = try ProjectRatings(table: database.labelTable(), config: config)
        let report = AgreementReport(ratings: ratings, draws: settings.draws, seed: settings.seed, slices: [])
        let slices = try SliceAnalysis(
            ProjectSlices.data(project: project, ratings: ratings),
            options: SliceOptions(draws: 0, alphaLevel: config.ordinal ? .ordinal : .nominal))
        let anchoring = AnchoringReport(try database.exposedLabels())
        return StatsView(project: config.name, agreement: agreementView(report, slices: slices),
                         anchoring: anchoringView(anchoring), runs: runViews(try database.trainingRuns()),
                         drift: drift ? driftView(try DriftTimeline(project: project)) : nil)
    }

    static func driftView(_ timeline: DriftTimeline) -> DriftView {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        formatter.timeZone = TimeZone(identifier: "UTC")
        return DriftView(windows: timeline.windows.map { window in
            DriftView.Window(number: window.number, importedAt: formatter.string(from: window.importedAt), items: window.items,
                             auc: window.auc, drifted: window.drifted, labelPSI: window.labelPSI, labelsDrifted: window.labelsDrifted,
                             predictionPSI: window.predictionPSI)
        }, note: timeline.note)
    }

    static func agreementView(_ report: AgreementReport, slices: SliceAnalysis) -> AgreementView {
        func value(_ estimate: AgreementReport.Estimate) -> StatValue {
            StatValue(estimate.value, lower: estimate.ci95?.first, upper: estimate.ci95?.last)
        }
        let coefficients = StatsStrings.coefficientNames.compactMap { key, name in
            report.coefficients[key].map { AgreementView.Coefficient(name: name, estimate: value($0)) }
        }
        return AgreementView(
            items: report.items, pairableItems: report.pairableItems, labels: report.labels, annotators: report.annotators,
            bootstrapDraws: report.bootstrapDraws, coefficients: coefficients,
            pairs: report.pairs.map { .init(a: $0.a, b: $0.b, items: $0.items, kappa: value($0.kappa)) },
            perLabel: report.perLabel.map {
                .init(label: $0.label, ratings: $0.ratings, prevalence: $0.prevalence, specificAgreement: $0.specificAgreement)
            },
            sliceGaps: sliceGaps(slices),
            trends: report.perAnnotator.map {
                .init(annotator: $0.annotator, labels: $0.labels, agreementWithOthers: $0.agreementWithOthers.value,
                      points: $0.trendByHundredLabels.map(\.agreementWithOthers))
            })
    }

    /// Per dimension, the metrics that differ most between its slices (large enough ones):
    /// Krippendorff's α, each label's share of the labels, and the model's accuracy.
    static func sliceGaps(_ analysis: SliceAnalysis, perDimension: Int = 2) -> [AgreementView.SliceGap] {
        var gaps: [AgreementView.SliceGap] = []
        for dimension in analysis.dimensions {
            let slices = dimension.slices.filter { !$0.tooSmall }
            guard slices.count >= 2 else { continue }
            var metrics: [(String, (SliceSummary) -> Double?)] = [(StatsStrings.alphaMetric, { $0.agreement.krippendorffAlpha?.value })]
            for (index, label) in analysis.labels.enumerated() {
                metrics.append((StatsStrings.shareMetric(label), { summary in
                    summary.annotatorLabels.flatMap { index < $0.selectionRate.count ? $0.selectionRate[index].value : nil }
                }))
            }
            metrics.append((StatsStrings.modelAccuracyMetric, { $0.model?.accuracy?.value }))
            var found: [AgreementView.SliceGap] = []
            for (name, value) in metrics {
                let scored = slices.compactMap { slice in value(slice).map { (slice.value, $0) } }.filter { $0.1.isFinite }
                guard scored.count >= 2, let low = scored.min(by: { $0.1 < $1.1 }), let high = scored.max(by: { $0.1 < $1.1 }),
                      high.1 > low.1 else { continue }
                found.append(.init(dimension: dimension.name, metric: name, low: low.0, lowValue: low.1, high: high.0, highValue: high.1))
            }
            gaps += found.sorted { $0.gap > $1.gap }.prefix(perDimension)
        }
        return gaps
    }

    static func anchoringView(_ report: AnchoringReport) -> AnchoringView {
        func group(_ group: AnchoringReport.Group) -> AnchoringView.Group {
            AnchoringView.Group(labels: group.labels, agreeing: group.agreeWithModel,
                                rate: group.rate.map { StatValue($0, lower: group.ci95?.first, upper: group.ci95?.last) })
        }
        return AnchoringView(
            shown: group(report.shown), hidden: group(report.hidden),
            difference: report.difference.map { StatValue($0.value, lower: $0.ci95.first, upper: $0.ci95.last) },
            minimumGroupSize: report.minimumGroupSize)
    }

    static func runViews(_ runs: [TrainingRun]) -> [RunView] {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "MM-dd HH:mm"
        return runs.map { run in
            let evaluation = run.evaluation.map { source, scores in
                EvaluationView(
                    source: source == .test ? StatsStrings.testSource : StatsStrings.crossValidationSource,
                    count: scores.count, accuracy: scores.accuracy, macroF1: scores.macroF1,
                    perClass: scores.perClass.enumerated().map { index, classScores in
                        .init(label: index < run.labels.count ? run.labels[index] : "\(index)", precision: classScores.precision,
                              recall: classScores.recall, f1: classScores.f1, support: classScores.support)
                    },
                    confusion: scores.confusion)
            }
            return RunView(id: run.id, created: formatter.string(from: run.createdAt), trainItems: run.data.train, evaluation: evaluation)
        }
    }
}

/// How the stats are computed: the agreement bootstrap's draws and seed (as `opine agreement`).
struct StatsSettings {
    var draws = 1_000
    var seed: UInt64 = 2026
}
