import Digest
import LinearAlgebra

/// Stratified k-fold cross-validation with out-of-fold probabilities.
public enum CrossValidation {
    public struct Result: Sendable, Equatable {
        /// `rows × classCount`: each row predicted by the model that did not see it.
        public let probabilities: Matrix
        /// The fold of each row.
        public let folds: [Int]
        /// One summary per fold's fit.
        public let fits: [LogisticRegression.TrainingSummary]
    }

    /// The fold of each item. Each class's items are shuffled with `seed` and dealt round
    /// the folds, continuing where the previous class stopped, so every fold gets each class
    /// in proportion (±1) and the folds' sizes differ by at most one.
    public static func stratifiedFolds(labels: [Int], classCount: Int, folds: Int, seed: UInt64) -> [Int] {
        precondition(folds >= 1, "need at least one fold")
        var generator = SplitMix64(seed: seed)
        var assignment = [Int](repeating: 0, count: labels.count)
        var dealt = 0
        for c in 0..<classCount {
            var members = labels.indices.filter { labels[$0] == c }
            generator.shuffle(&members)
            for item in members {
                assignment[item] = dealt % folds
                dealt += 1
            }
        }
        return assignment
    }

    /// The fewest items a class needs so that every training split keeps `minimumPerClass`
    /// of them: n − ⌈n/folds⌉ ≥ minimumPerClass.
    public static func minimumItemsPerClass(folds: Int, minimumPerClass: Int) -> Int {
        var n = max(minimumPerClass, 1)
        while n - (n + folds - 1) / folds < minimumPerClass { n += 1 }
        return n
    }

    /// Out-of-fold probabilities from `folds`-fold stratified cross-validation: each fold is
    /// predicted by a model fitted on the others with `parameters`.
    public static func outOfFold(
        features: Matrix, labels: [Int], classCount: Int, parameters: LogisticRegression.Parameters = .init(),
        folds: Int = 5, seed: UInt64 = 0, itemWeights: [Double]? = nil
    ) throws -> Result {
        guard folds >= 2 else { throw ClassificationError.invalidParameter(name: "folds", reason: "must be at least 2, got \(folds)") }
        let needed = minimumItemsPerClass(folds: folds, minimumPerClass: parameters.minimumItemsPerClass)
        _ = try LogisticRegression.checkLabels(labels, rows: features.rows, classCount: classCount, minimumPerClass: needed)
        try LogisticRegression.checkFinite(features)

        let assignment = stratifiedFolds(labels: labels, classCount: classCount, folds: folds, seed: seed)
        var probabilities = Matrix(zeros: features.rows, classCount)
        var fits: [LogisticRegression.TrainingSummary] = []
        for fold in 0..<folds {
            let held = assignment.indices.filter { assignment[$0] == fold }
            let kept = assignment.indices.filter { assignment[$0] != fold }
            let model = try LogisticRegression.fit(
                features: features.selectingRows(kept), labels: kept.map { labels[$0] }, classCount: classCount,
                parameters: parameters, itemWeights: itemWeights.map { weights in kept.map { weights[$0] } })
            fits.append(model.training)
            let predicted = try model.predictProbabilities(features.selectingRows(held))
            for (position, item) in held.enumerated() {
                for k in 0..<classCount { probabilities[item, k] = predicted[position, k] }
            }
        }
        return Result(probabilities: probabilities, folds: assignment, fits: fits)
    }
}

/// Choosing `C` on a development set.
public enum ModelSelection {
    /// What "best" means on the dev set.
    public enum Criterion: String, Sendable, Codable, Equatable, CaseIterable {
        /// Lowest log-loss. The default: a proper scoring rule that moves smoothly with C,
        /// where macro-F1 on a small dev set jumps with a handful of items.
        case logLoss
        /// Highest macro-F1, for when the decisions matter more than the probabilities.
        case macroF1
    }

    /// Powers of ten around scikit-learn's default C = 1.
    public static let defaultGrid: [Double] = [0.01, 0.1, 1, 10, 100]

    public struct Candidate: Sendable, Equatable, Codable {
        public let c: Double
        public let evaluation: Evaluation
        public let training: LogisticRegression.TrainingSummary
    }

    public struct Result: Sendable, Equatable, Codable {
        /// The model fitted on the training set with the chosen C.
        public let model: LogisticRegression
        public let criterion: Criterion
        /// Every C tried, in grid order, with its dev-set evaluation.
        public let candidates: [Candidate]
        public var chosenC: Double { model.parameters.c }
    }

    /// Fits one model per C in `grid` on the training set, scores each on the dev set by
    /// `criterion`, and returns the best (on a tie, the smaller C: the stronger penalty).
    public static func selectC(
        trainFeatures: Matrix, trainLabels: [Int], devFeatures: Matrix, devLabels: [Int], classCount: Int,
        grid: [Double] = defaultGrid, parameters: LogisticRegression.Parameters = .init(), criterion: Criterion = .logLoss,
        trainWeights: [Double]? = nil
    ) throws -> Result {
        guard !grid.isEmpty else { throw ClassificationError.invalidParameter(name: "C grid", reason: "is empty") }
        var best: (model: LogisticRegression, score: Double)?
        var candidates: [Candidate] = []
        for c in grid {
            var candidateParameters = parameters
            candidateParameters.c = c
            let model = try LogisticRegression.fit(
                features: trainFeatures, labels: trainLabels, classCount: classCount, parameters: candidateParameters,
                itemWeights: trainWeights)
            let evaluation = try Evaluation(labels: devLabels, probabilities: model.predictProbabilities(devFeatures))
            candidates.append(Candidate(c: c, evaluation: evaluation, training: model.training))
            // Lower is better for both after the sign flip.
            let score = criterion == .logLoss ? evaluation.logLoss : -evaluation.macroF1
            if let current = best, score > current.score || (score == current.score && c >= current.model.parameters.c) {
                continue
            }
            best = (model, score)
        }
        guard let chosen = best else { throw ClassificationError.invalidParameter(name: "C grid", reason: "is empty") }
        return Result(model: chosen.model, criterion: criterion, candidates: candidates)
    }
}

extension Matrix {
    /// A new matrix of the given rows, in the given order.
    public func selectingRows(_ indices: [Int]) -> Matrix {
        var values: [Float] = []
        values.reserveCapacity(indices.count * columns)
        for index in indices { values.append(contentsOf: self.values[(index * columns)..<((index + 1) * columns)]) }
        return Matrix(rows: indices.count, columns: columns, values: values)
    }
}
