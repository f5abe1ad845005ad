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

    /// Per-group decision thresholds for one label (equalized odds, fairlearn's
    /// ThresholdOptimizer) fitted on the later run's dev predictions and judged on its test ones.
    public struct Thresholds: Encodable, Sendable {
        /// The label decided one-vs-rest; its probability is the score.
        public var label: String
        /// Each group's rule, and the FPR and TPR every group is brought to.
        public var rules: EqualizedOdds?
        /// Why there are no rules (a group of the dev split with no positives, say).
        public var note: String?
        public var devItems: Int
        public var testItems: Int
        /// On the test items, deciding by the top label (before) and by the rules (after; a
        /// decision's probability counts as that share of a decision).
        public var before: BinaryGaps?
        public var after: BinaryGaps?
    }

    /// One-vs-rest gaps of a binary decision across groups, and its accuracy.
    public struct BinaryGaps: Encodable, Sendable {
        public var accuracy: Double
        public var demographicParityGap: Double
        public var equalizedOddsGap: Double
    }

    public var column: String
    /// Groups compared (those with at least `minimumGroupSize` items).
    public var groups: [String]
    public var minimumGroupSize: Int
    public var runs: [Entry]
    public var thresholds: Thresholds?

    public init(_ runs: [TrainingRun], column: String, project: Project, minimumGroupSize: Int, equalize label: String? = nil) throws {
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
        if let label, let run = runs.last {
            thresholds = try Self.thresholds(label: label, run: run, base: base, ratings: ratings, project: project)
        }
    }

    static func thresholds(label: String, run: TrainingRun, base: SliceData, ratings: ProjectRatings, project: Project) throws -> Thresholds {
        guard let positive = base.labels.firstIndex(of: label),
              let predictions = try ProjectSlices.modelPredictions(of: run, project: project, ratings: ratings) else {
            return Thresholds(label: label, rules: nil, note: "the run has no predictions for '\(label)'", devItems: 0, testItems: 0)
        }
        let splits = try project.database.itemValues(column: "split")
        let groups = base.itemDimensions.first?.values ?? []
        var dev: (scores: [Double], labels: [Bool], groups: [String]) = ([], [], [])
        var test: [(score: Double, gold: Bool, group: String, top: Bool)] = []
        for (item, prediction) in predictions.enumerated() {
            guard let prediction, let gold = base.gold[item], let probabilities = prediction.probabilities else { continue }
            let group = groups.indices.contains(item) ? groups[item] ?? "" : ""
            let score = probabilities[positive]
            switch splits[ratings.itemRowIds[item]] {
            case "dev":
                dev.scores.append(score)
                dev.labels.append(gold == positive)
                dev.groups.append(group)
            case "test":
                test.append((score, gold == positive, group, prediction.label == positive))
            default: break
            }
        }
        var result = Thresholds(label: label, rules: nil, note: nil, devItems: dev.scores.count, testItems: test.count)
        do {
            let rules = try EqualizedOdds(scores: dev.scores, labels: dev.labels, groups: dev.groups)
            result.rules = rules
            result.before = gaps(test.map { ($0.top ? 1 : 0, $0.gold, $0.group) })
            result.after = gaps(test.map { item in (rules.positiveProbability(score: item.score, group: item.group) ?? (item.top ? 1 : 0), item.gold, item.group) })
        } catch let failure as EqualizedOdds.Failure {
            result.note = "\(failure) in the dev split"
        }
        return result
    }

    /// One item's decision under the per-group thresholds.
    public struct Decision: Encodable, Sendable {
        public var item: String
        public var group: String
        /// The run's probability of the label.
        public var score: Double
        /// The probability of deciding the label under the group's rule.
        public var positiveProbability: Double
    }

    /// The thresholds fitted for `label` across `column` on `run`'s dev predictions, and the
    /// decision they give every embedded item of a group the rules know.
    public static func decisions(label: String, column: String, run: TrainingRun, project: Project) throws -> (Thresholds, [Decision]) {
        let ratings = try ProjectRatings(table: project.database.labelTable(), config: project.config)
        let base = try ProjectSlices.data(project: project, ratings: ratings, itemColumns: [column])
        let fitted = try thresholds(label: label, run: run, base: base, ratings: ratings, project: project)
        guard let rules = fitted.rules, let positive = run.labels.firstIndex(of: label) else { return (fitted, []) }
        let values = try project.database.itemValues(column: column)
        let (set, probabilities) = try run.predict(project: project)
        var decisions: [Decision] = []
        for (row, rowId) in set.rowIds.enumerated() {
            let group = values[rowId] ?? ""
            let score = Double(probabilities[row, positive])
            guard let probability = rules.positiveProbability(score: score, group: group) else { continue }
            decisions.append(Decision(item: set.externalIds[row], group: group, score: score, positiveProbability: probability))
        }
        return (fitted, decisions)
    }

    /// Expected decisions (the probability of deciding positive) against gold, by group.
    static func gaps(_ items: [(decision: Double, gold: Bool, group: String)]) -> BinaryGaps? {
        guard !items.isEmpty else { return nil }
        var byGroup: [String: (n: Double, selected: Double, positives: Double, truePositives: Double, negatives: Double, falsePositives: Double)] = [:]
        var correct = 0.0
        for item in items {
            var counts = byGroup[item.group] ?? (0, 0, 0, 0, 0, 0)
            counts.n += 1
            counts.selected += item.decision
            if item.gold { counts.positives += 1; counts.truePositives += item.decision } else { counts.negatives += 1; counts.falsePositives += item.decision }
            byGroup[item.group] = counts
            correct += item.gold ? item.decision : 1 - item.decision
        }
        func spread(_ values: [Double]) -> Double { (values.max() ?? 0) - (values.min() ?? 0) }
        let groups = Array(byGroup.values)
        let tpr = groups.filter { $0.positives > 0 }.map { $0.truePositives / $0.positives }
        let fpr = groups.filter { $0.negatives > 0 }.map { $0.falsePositives / $0.negatives }
        return BinaryGaps(accuracy: correct / Double(items.count), demographicParityGap: spread(groups.map { $0.selected / $0.n }),
                          equalizedOddsGap: max(spread(tpr), spread(fpr)))
    }
}
