import Classification
import ModelLoop
import Slices
import Workflow

/// Two runs side by side on fairness: each run's macro-F1 and its demographic-parity and
/// equalized-odds gaps across the groups of one item column (fairlearn's differences,
/// one-vs-rest per label; the worst label is the headline), on the items it did not train on.
public struct RunFairness: Encodable, Sendable {
    public struct Entry: Encodable, Sendable {
        public var run: Int64
        /// How the run weighed its training items: "reweighed by COLUMN" or "none".
        public var mitigation: String
        /// Items with gold and a prediction outside the training split.
        public var items: Int
        public var macroF1: Double?
        /// The largest gap over the labels (nil when fewer than two groups could be compared).
        public var demographicParityGap: Double?
        public var equalizedOddsGap: Double?
        /// The gaps per label.
        public var labels: [LabelGap]
    }

    public var column: String
    /// Groups compared (those with at least `minimumGroupSize` items).
    public var groups: [String]
    public var minimumGroupSize: Int
    public var runs: [Entry]

    public init(_ runs: [TrainingRun], column: String, project: Project, minimumGroupSize: Int) throws {
        let ratings = try ProjectRatings(table: project.database.labelTable(), config: project.config)
        let base = try ProjectSlices.data(project: project, ratings: ratings, itemColumns: [column])
        var entries: [Entry] = []
        var compared: [String] = []
        for run in runs {
            let predictions = try ProjectSlices.modelPredictions(of: run, project: project, ratings: ratings)
            let data = try SliceData(labels: base.labels, annotators: base.annotators, ratings: base.ratings, gold: base.gold,
                                     predictions: predictions, itemDimensions: base.itemDimensions, annotatorDimensions: [])
            let analysis = try SliceAnalysis(data, options: SliceOptions(draws: 0, minimumSliceSize: minimumGroupSize))
            let gaps = analysis.dimension(column)?.gaps.model
            compared = gaps?.slices ?? compared
            var gold: [Int] = [], predicted: [Int] = []
            for (item, prediction) in (predictions ?? []).enumerated() {
                guard let prediction, let label = base.gold[item] else { continue }
                gold.append(label)
                predicted.append(prediction.label)
            }
            let confusion = Classification.Metrics.confusionMatrix(labels: gold, predictions: predicted, classCount: base.labels.count)
            let scores = Classification.Metrics.classScores(confusion: confusion)
            let labels = gaps?.labels ?? []
            let comparable = (gaps?.slices.count ?? 0) >= 2
            entries.append(Entry(
                run: run.id, mitigation: run.options.reweighBy.map { "reweighed by \($0)" } ?? "none", items: gold.count,
                macroF1: gold.isEmpty ? nil : scores.map(\.f1).reduce(0, +) / Double(max(1, scores.count)),
                demographicParityGap: comparable ? labels.map(\.demographicParityDifference).max() : nil,
                equalizedOddsGap: comparable ? labels.compactMap(\.equalizedOddsDifference).max() : nil,
                labels: labels))
        }
        self.column = column
        groups = compared
        self.minimumGroupSize = minimumGroupSize
        self.runs = entries
    }
}
