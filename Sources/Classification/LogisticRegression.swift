import Foundation
import LinearAlgebra

/// Multinomial logistic regression with an L2 penalty, the classifier head on frozen
/// embeddings. Parameterised as scikit-learn's `LogisticRegression(solver="lbfgs")`, so
/// the same data and `C` give the same coefficients (see `SoftmaxObjective`).
///
/// Fitting has no randomness: the same inputs give bit-identical weights (for a fixed
/// number of workers). Features may be any width, so a caller can append extra columns
/// (a lexicon score, say) to the embedding.
public struct LogisticRegression: Sendable, Equatable, Codable {
    /// How much each item counts in the loss.
    public enum ClassWeighting: String, Sendable, Codable, Equatable, CaseIterable {
        /// Every item counts once.
        case uniform
        /// Item of class k counts n / (K·nₖ), scikit-learn's `class_weight="balanced"`.
        case balanced
    }

    public struct Parameters: Sendable, Codable, Equatable, Hashable {
        /// Inverse regularisation strength, scikit-learn's `C`: the penalty is ½‖W‖²/C
        /// against the summed (weighted) loss.
        public var c: Double
        public var classWeighting: ClassWeighting
        public var fitIntercept: Bool
        /// Stop when the largest gradient component of the per-sample objective is this small
        /// (scikit-learn's `tol`, passed to scipy as `gtol`).
        public var tolerance: Double
        /// L-BFGS iterations (scikit-learn's `max_iter`).
        public var maxIterations: Int
        /// L-BFGS memory (pairs kept).
        public var historySize: Int
        /// Fewer labelled items than this in any class is an error.
        public var minimumItemsPerClass: Int

        public init(
            c: Double = 1, classWeighting: ClassWeighting = .uniform, fitIntercept: Bool = true,
            tolerance: Double = 1e-4, maxIterations: Int = 100, historySize: Int = 10, minimumItemsPerClass: Int = 1
        ) {
            self.c = c
            self.classWeighting = classWeighting
            self.fitIntercept = fitIntercept
            self.tolerance = tolerance
            self.maxIterations = maxIterations
            self.historySize = historySize
            self.minimumItemsPerClass = minimumItemsPerClass
        }

        func validate() throws {
            guard c > 0, c.isFinite else { throw ClassificationError.invalidParameter(name: "C", reason: "must be a positive number, got \(c)") }
            guard tolerance > 0 else { throw ClassificationError.invalidParameter(name: "tolerance", reason: "must be positive, got \(tolerance)") }
            guard maxIterations >= 1 else { throw ClassificationError.invalidParameter(name: "maxIterations", reason: "must be at least 1, got \(maxIterations)") }
            guard historySize >= 1 else { throw ClassificationError.invalidParameter(name: "historySize", reason: "must be at least 1, got \(historySize)") }
            guard minimumItemsPerClass >= 1 else {
                throw ClassificationError.invalidParameter(name: "minimumItemsPerClass", reason: "must be at least 1, got \(minimumItemsPerClass)")
            }
        }
    }

    /// What the optimiser did.
    public struct TrainingSummary: Sendable, Codable, Equatable {
        public let iterations: Int
        public let evaluations: Int
        public let stop: StopReason
        /// The per-sample objective at the solution.
        public let objective: Double
        public let gradientMaxNorm: Double
        /// Labelled items per class in the training data.
        public let classCounts: [Int]

        /// False when the iteration budget ran out first (scikit-learn's ConvergenceWarning).
        public var converged: Bool { stop != .maxIterations }
    }

    public let classCount: Int
    public let featureCount: Int
    /// Row-major `classCount × featureCount`. With two classes row 0 is all zeros (the
    /// binomial model's reference class), as `coef_` is for class 1 only in scikit-learn.
    public let coefficients: [Float]
    public let intercepts: [Float]
    public let parameters: Parameters
    public let training: TrainingSummary

    /// The coefficients as a `classCount × featureCount` matrix.
    public var weights: Matrix { Matrix(rows: classCount, columns: featureCount, values: coefficients) }

    /// Rebuilds a stored model, checking that the shapes agree.
    public init(
        classCount: Int, featureCount: Int, coefficients: [Float], intercepts: [Float], parameters: Parameters,
        training: TrainingSummary
    ) throws {
        guard coefficients.count == classCount * featureCount else {
            throw ClassificationError.dimensionMismatch(what: "coefficients (\(classCount) classes × \(featureCount) features)",
                                                        expected: classCount * featureCount, got: coefficients.count)
        }
        guard intercepts.count == classCount else {
            throw ClassificationError.dimensionMismatch(what: "intercepts", expected: classCount, got: intercepts.count)
        }
        self.classCount = classCount
        self.featureCount = featureCount
        self.coefficients = coefficients
        self.intercepts = intercepts
        self.parameters = parameters
        self.training = training
    }

    private enum CodingKeys: String, CodingKey {
        case classCount, featureCount, coefficients, intercepts, parameters, training
    }

    /// Decodes a stored model, rejecting one whose shapes disagree.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            classCount: container.decode(Int.self, forKey: .classCount),
            featureCount: container.decode(Int.self, forKey: .featureCount),
            coefficients: container.decode([Float].self, forKey: .coefficients),
            intercepts: container.decode([Float].self, forKey: .intercepts),
            parameters: container.decode(Parameters.self, forKey: .parameters),
            training: container.decode(TrainingSummary.self, forKey: .training))
    }

    // MARK: - Fitting

    /// Fits the model on `features` (one row per item) and `labels` in `0..<classCount`.
    ///
    /// Throws when there are no rows, when labels cover fewer than two classes or a class
    /// has fewer than `parameters.minimumItemsPerClass` items (every class in
    /// `0..<classCount` must be present), when a feature is NaN or infinite, or when sizes
    /// disagree.
    ///
    /// `workers` threads share the pass over the rows (default: `BLAS.threads`, which follows
    /// `OPENBLAS_NUM_THREADS` and otherwise the core count); the model is bit-identical for a
    /// given count.
    ///
    /// `itemWeights` (one per row, positive) scale each item's loss on top of the class
    /// weighting, as scikit-learn's `sample_weight` does: reweighing for fairness, say.
    public static func fit(
        features: Matrix, labels: [Int], classCount: Int, parameters: Parameters = Parameters(), workers: Int? = nil,
        itemWeights: [Double]? = nil
    ) throws -> LogisticRegression {
        try parameters.validate()
        if let itemWeights {
            guard itemWeights.count == labels.count else {
                throw ClassificationError.invalidParameter(name: "item weights", reason: "\(itemWeights.count) weights for \(labels.count) items")
            }
            if let bad = itemWeights.firstIndex(where: { !($0 > 0 && $0.isFinite) }) {
                throw ClassificationError.invalidParameter(name: "item weights", reason: "weight \(itemWeights[bad]) of item \(bad) is not a positive number")
            }
        }
        let counts = try checkLabels(labels, rows: features.rows, classCount: classCount,
                                     minimumPerClass: parameters.minimumItemsPerClass)
        guard features.columns >= 1 else {
            throw ClassificationError.invalidParameter(name: "features", reason: "there are no feature columns")
        }
        try checkFinite(features)

        let sampleWeights: [Double]
        switch parameters.classWeighting {
        case .uniform:
            sampleWeights = [Double](repeating: 1, count: labels.count)
        case .balanced:
            let n = Double(labels.count)
            let perClass = counts.map { n / (Double(classCount) * Double($0)) }
            sampleWeights = labels.map { perClass[$0] }
        }
        let weights = itemWeights.map { zip(sampleWeights, $0).map(*) } ?? sampleWeights

        var objective = SoftmaxObjective(
            features: features, labels: labels, sampleWeights: weights, classCount: classCount,
            c: parameters.c, fitIntercept: parameters.fitIntercept, workers: workers ?? BLAS.threads)
        let optimizer = LBFGS(historySize: parameters.historySize, tolerance: parameters.tolerance,
                              maxIterations: parameters.maxIterations)
        let result = optimizer.minimize(&objective, from: [Double](repeating: 0, count: objective.parameterCount))

        // Unpack θ = [W (free × d) row-major, b (free)] into full K-row form.
        let d = features.columns
        let free = objective.freeClasses
        let offset = classCount - free  // 1 for the binomial model: row 0 stays zero
        var coefficients = [Float](repeating: 0, count: classCount * d)
        var intercepts = [Float](repeating: 0, count: classCount)
        for k in 0..<free {
            for j in 0..<d { coefficients[(k + offset) * d + j] = Float(result.x[k * d + j]) }
            if parameters.fitIntercept { intercepts[k + offset] = Float(result.x[free * d + k]) }
        }
        let summary = TrainingSummary(
            iterations: result.iterations, evaluations: result.evaluations, stop: result.stop,
            objective: result.value, gradientMaxNorm: result.gradientMaxNorm, classCounts: counts)
        return try LogisticRegression(
            classCount: classCount, featureCount: d, coefficients: coefficients, intercepts: intercepts,
            parameters: parameters, training: summary)
    }

    // MARK: - Prediction

    /// Class probabilities, one row per item (`rows × classCount`).
    public func predictProbabilities(_ features: Matrix) throws -> Matrix {
        guard features.columns == featureCount else {
            throw ClassificationError.dimensionMismatch(what: "feature columns", expected: featureCount, got: features.columns)
        }
        try Self.checkFinite(features)
        var logits = features.multiplied(by: weights, transposeOther: true)
        let k = classCount
        var row = [Double](repeating: 0, count: k)
        for i in 0..<logits.rows {
            let base = i * k
            var largest = -Double.infinity
            for c in 0..<k {
                row[c] = Double(logits.values[base + c]) + Double(intercepts[c])
                largest = max(largest, row[c])
            }
            var sum = 0.0
            for c in 0..<k {
                row[c] = Foundation.exp(row[c] - largest)
                sum += row[c]
            }
            for c in 0..<k { logits.values[base + c] = Float(row[c] / sum) }
        }
        return logits
    }

    /// The most probable class of each row (the first one on ties).
    public func predict(_ features: Matrix) throws -> [Int] {
        Metrics.argmax(try predictProbabilities(features))
    }

    // MARK: - Input checks

    /// Checks labels against the rows and classes; returns the count per class.
    static func checkLabels(_ labels: [Int], rows: Int, classCount: Int, minimumPerClass: Int) throws -> [Int] {
        guard labels.count == rows else {
            throw ClassificationError.dimensionMismatch(what: "labels (one per feature row)", expected: rows, got: labels.count)
        }
        guard !labels.isEmpty else { throw ClassificationError.noItems }
        guard classCount >= 2 else { throw ClassificationError.tooFewClasses(found: Set(labels).count) }
        var counts = [Int](repeating: 0, count: classCount)
        for (row, label) in labels.enumerated() {
            guard (0..<classCount).contains(label) else {
                throw ClassificationError.labelOutOfRange(row: row, label: label, classCount: classCount)
            }
            counts[label] += 1
        }
        let present = counts.filter { $0 > 0 }.count
        guard present >= 2 else { throw ClassificationError.tooFewClasses(found: present) }
        let shortfalls = counts.enumerated().compactMap { index, count in
            count < minimumPerClass ? ClassificationError.Shortfall(classIndex: index, count: count, minimum: minimumPerClass) : nil
        }
        guard shortfalls.isEmpty else { throw ClassificationError.tooFewItems(shortfalls) }
        return counts
    }

    /// Throws on the first NaN or infinite value, naming its row and column.
    static func checkFinite(_ features: Matrix) throws {
        let firstBad: Int? = features.values.withUnsafeBufferPointer { values in
            guard let base = values.baseAddress else { return nil }
            return Kernels.firstNonFinite(base, count: values.count)
        }
        if let index = firstBad {
            throw ClassificationError.nonFiniteFeature(row: index / features.columns, column: index % features.columns)
        }
    }
}
