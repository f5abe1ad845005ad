import Foundation
import LinearAlgebra

/// Precision, recall and F1 of one class, with its support and one-vs-rest AUC.
public struct ClassScores: Sendable, Codable, Equatable {
    public let precision: Double
    public let recall: Double
    public let f1: Double
    /// Items whose true label is this class.
    public let support: Int
    /// One-vs-rest AUC-ROC; nil when the class has no positives or no negatives.
    public let auc: Double?
}

/// Every number the head is judged by, from true labels and predicted probabilities.
///
/// Conventions follow scikit-learn so its outputs on the same inputs agree (checked by
/// fixtures): predictions are the first maximum (numpy's argmax); a precision or recall with
/// a zero denominator is 0 (`zero_division=0`); per-class figures and macro-F1 cover every
/// class `0..<classCount`, as `labels=range(K)` does; log-loss clips probabilities to
/// [ε, 1 − ε] with ε of Float32 (scikit-learn's rule for float32 input) and averages −log p.
public struct Evaluation: Sendable, Codable, Equatable {
    public let count: Int
    public let accuracy: Double
    public let perClass: [ClassScores]
    /// Unweighted mean of the per-class F1 scores.
    public let macroF1: Double
    /// With two classes, the AUC of class 1's probability (scikit-learn's binary
    /// `roc_auc_score`); otherwise the mean one-vs-rest AUC over classes that have both
    /// positives and negatives (scikit-learn refuses when one lacks them). Nil if none do.
    public let macroAUC: Double?
    /// `confusion[true][predicted]`.
    public let confusion: [[Int]]
    public let logLoss: Double
    /// See `Metrics.expectedCalibrationError`.
    public let expectedCalibrationError: Double

    public init(labels: [Int], probabilities: Matrix) throws {
        let classCount = probabilities.columns
        guard probabilities.rows == labels.count else {
            throw ClassificationError.dimensionMismatch(what: "labels (one per probability row)", expected: probabilities.rows, got: labels.count)
        }
        guard !labels.isEmpty else { throw ClassificationError.noItems }
        guard classCount >= 2 else { throw ClassificationError.tooFewClasses(found: classCount) }
        for (row, label) in labels.enumerated() where !(0..<classCount).contains(label) {
            throw ClassificationError.labelOutOfRange(row: row, label: label, classCount: classCount)
        }
        try LogisticRegression.checkFinite(probabilities)

        let predictions = Metrics.argmax(probabilities)
        let confusion = Metrics.confusionMatrix(labels: labels, predictions: predictions, classCount: classCount)
        let aucs = (0..<classCount).map { k in
            Metrics.rocAUC(positives: labels.map { $0 == k }, scores: (0..<labels.count).map { Double(probabilities[$0, k]) })
        }
        let scores = Metrics.classScores(confusion: confusion, aucs: aucs)
        self.count = labels.count
        self.accuracy = Metrics.accuracy(labels: labels, predictions: predictions)
        self.perClass = scores
        self.macroF1 = scores.map(\.f1).reduce(0, +) / Double(classCount)
        if classCount == 2 {
            self.macroAUC = aucs[1]
        } else {
            let defined = aucs.compactMap { $0 }
            self.macroAUC = defined.isEmpty ? nil : defined.reduce(0, +) / Double(defined.count)
        }
        self.confusion = confusion
        self.logLoss = Metrics.logLoss(labels: labels, probabilities: probabilities)
        self.expectedCalibrationError = Metrics.expectedCalibrationError(labels: labels, probabilities: probabilities)
    }

    /// The majority-class baseline: every item gets the training set's class frequencies
    /// as probabilities, so it predicts the most frequent training class (the lowest index
    /// on ties), its AUC is 0.5 and its log-loss is the entropy-like cost of the prior.
    public static func majorityBaseline(trainingLabels: [Int], labels: [Int], classCount: Int) throws -> Evaluation {
        guard !trainingLabels.isEmpty else { throw ClassificationError.noItems }
        var counts = [Int](repeating: 0, count: classCount)
        for (row, label) in trainingLabels.enumerated() {
            guard (0..<classCount).contains(label) else {
                throw ClassificationError.labelOutOfRange(row: row, label: label, classCount: classCount)
            }
            counts[label] += 1
        }
        let prior = counts.map { Float(Double($0) / Double(trainingLabels.count)) }
        var values: [Float] = []
        values.reserveCapacity(labels.count * classCount)
        for _ in labels { values.append(contentsOf: prior) }
        return try Evaluation(labels: labels, probabilities: Matrix(rows: labels.count, columns: classCount, values: values))
    }
}

/// The metric functions behind `Evaluation`, usable one at a time.
public enum Metrics {
    /// Equal-width bins for the expected calibration error.
    public static let calibrationBins = 15

    /// The index of the largest value in each row (the first one on ties).
    public static func argmax(_ probabilities: Matrix) -> [Int] {
        (0..<probabilities.rows).map { argmax(probabilities.values[(probabilities.columns * $0)..<(probabilities.columns * ($0 + 1))]) }
    }

    /// The offset of the largest value in one row of probabilities (the first one on ties;
    /// 0 for an empty row).
    public static func argmax<Row: Collection<Float>>(_ row: Row) -> Int {
        var best = 0
        var bestValue = -Float.infinity
        for (offset, value) in row.enumerated() where offset == 0 || value > bestValue {
            best = offset
            bestValue = value
        }
        return best
    }

    public static func accuracy(labels: [Int], predictions: [Int]) -> Double {
        guard !labels.isEmpty else { return 0 }
        let correct = zip(labels, predictions).filter { $0 == $1 }.count
        return Double(correct) / Double(labels.count)
    }

    /// `result[true][predicted]` counts.
    public static func confusionMatrix(labels: [Int], predictions: [Int], classCount: Int) -> [[Int]] {
        var matrix = [[Int]](repeating: [Int](repeating: 0, count: classCount), count: classCount)
        for (truth, predicted) in zip(labels, predictions) { matrix[truth][predicted] += 1 }
        return matrix
    }

    /// Precision, recall, F1 and support per class from a confusion matrix; a zero
    /// denominator gives 0.
    public static func classScores(confusion: [[Int]], aucs: [Double?]? = nil) -> [ClassScores] {
        let k = confusion.count
        return (0..<k).map { c in
            let truePositives = confusion[c][c]
            let support = confusion[c].reduce(0, +)
            let predicted = (0..<k).reduce(0) { $0 + confusion[$1][c] }
            let precision = predicted == 0 ? 0 : Double(truePositives) / Double(predicted)
            let recall = support == 0 ? 0 : Double(truePositives) / Double(support)
            let f1 = support + predicted == 0 ? 0 : 2 * Double(truePositives) / Double(support + predicted)
            return ClassScores(precision: precision, recall: recall, f1: f1, support: support, auc: aucs?[c] ?? nil)
        }
    }

    /// Area under the ROC curve of `scores` for the `positives`: the Mann-Whitney
    /// statistic with average ranks, so tied scores count one half, which is what
    /// scikit-learn's trapezoidal `roc_auc_score` gives. Nil without both classes.
    public static func rocAUC(positives: [Bool], scores: [Double]) -> Double? {
        let positiveCount = positives.filter { $0 }.count
        let negativeCount = positives.count - positiveCount
        guard positiveCount > 0, negativeCount > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var positiveRankSum = 0.0
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && scores[order[end + 1]] == scores[order[start]] { end += 1 }
            let averageRank = Double(start + end) / 2 + 1  // ranks are 1-based
            for position in start...end where positives[order[position]] { positiveRankSum += averageRank }
            start = end + 1
        }
        let p = Double(positiveCount)
        return (positiveRankSum - p * (p + 1) / 2) / (p * Double(negativeCount))
    }

    /// Mean −log p(true class), with p clipped to [ε, 1 − ε], ε = Float32's machine epsilon.
    public static func logLoss(labels: [Int], probabilities: Matrix) -> Double {
        guard !labels.isEmpty else { return 0 }
        let epsilon = Double(Float.ulpOfOne)
        var total = 0.0
        for (i, label) in labels.enumerated() {
            let p = min(max(Double(probabilities[i, label]), epsilon), 1 - epsilon)
            total -= Foundation.log(p)
        }
        return total / Double(labels.count)
    }

    /// Expected calibration error (Guo et al., 2017): items binned by their top
    /// probability into `bins` equal-width bins, bin m holding (m/bins, (m+1)/bins] (index
    /// ⌈conf·bins⌉ − 1); the support-weighted mean of |accuracy − mean confidence| per bin.
    public static func expectedCalibrationError(labels: [Int], probabilities: Matrix, bins: Int = calibrationBins) -> Double {
        guard !labels.isEmpty, bins >= 1 else { return 0 }
        let predictions = argmax(probabilities)
        var counts = [Int](repeating: 0, count: bins)
        var correct = [Double](repeating: 0, count: bins)
        var confidence = [Double](repeating: 0, count: bins)
        for (i, label) in labels.enumerated() {
            let top = Double(probabilities[i, predictions[i]])
            let bin = min(max(Int((top * Double(bins)).rounded(.up)) - 1, 0), bins - 1)
            counts[bin] += 1
            correct[bin] += predictions[i] == label ? 1 : 0
            confidence[bin] += top
        }
        var total = 0.0
        for m in 0..<bins where counts[m] > 0 {
            let n = Double(counts[m])
            total += n / Double(labels.count) * abs(correct[m] / n - confidence[m] / n)
        }
        return total
    }
}
