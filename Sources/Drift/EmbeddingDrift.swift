import Classification
import Digest
import Foundation
import LinearAlgebra

/// Drift between two batches of embeddings (rows of `reference` and `current`), three ways, as
/// Evidently measures embedding drift:
/// - a domain classifier: the L-BFGS head told to tell the batches apart, its cross-validated
///   ROC AUC (Evidently's default method; drifted above 0.55, and, for small batches, above the
///   95th percentile of the same classifier's AUC with the batch labels permuted);
/// - the Euclidean distance between the batches' mean vectors (Evidently's `distance`);
/// - MMD² (unbiased) with an RBF kernel whose width is the median distance between the batches
///   (Evidently's `mmd`), on at most `mmdSample` rows of each.
public struct EmbeddingDrift: Sendable, Encodable {
    public struct DomainClassifier: Sendable, Encodable {
        /// Out-of-fold ROC AUC of P(current).
        public var auc: Double
        public var threshold: Double
        public var folds: Int
        /// Rows the classifier saw of each batch (at most `classifierSample`).
        public var referenceRows: Int
        public var currentRows: Int
        /// Permuted-label AUCs (small batches only): how many, their 95th percentile, and the
        /// share at or above the observed AUC (the permutation p-value).
        public var permutations: Int
        public var nullQuantile95: Double?
        public var pValue: Double?
        public var drifted: Bool
        /// Out-of-fold P(current) of each current row the classifier saw, by row (the texts that
        /// most separate the batches are the current rows scored highest).
        public var currentScores: [(row: Int, score: Double)]

        // The scores stay out of the JSON (they are for picking the texts).
        enum CodingKeys: String, CodingKey { case auc, threshold, folds, referenceRows, currentRows, permutations, nullQuantile95, pValue, drifted }
    }

    public struct Options: Sendable {
        public var threshold = 0.55
        public var folds = 5
        public var seed: UInt64 = 2026
        /// Rows of each batch the classifier trains on (a seeded sample beyond).
        public var classifierSample = 5_000
        /// Below this many rows in all, permutations calibrate the AUC.
        public var permutationBelow = 2_000
        public var permutations = 50
        /// Rows of each batch the MMD reads (Evidently's median sample is 1,000 a side).
        public var mmdSample = 1_000
        public var distanceThreshold = 0.2
        public var mmdThreshold = 0.015

        public init() {}
    }

    public var classifier: DomainClassifier
    public var meanDistance: Double
    public var meanDistanceThreshold: Double
    public var mmd: Double
    public var mmdThreshold: Double
    /// The kernel width used: σ² = median pairwise distance², γ = 1/σ².
    public var mmdSigmaSquared: Double
    public var mmdRows: [Int]
    /// The verdict: the domain classifier's (the distance and MMD are for comparison).
    public var drifted: Bool

    public init(reference: Matrix, current: Matrix, options: Options = Options()) throws {
        guard reference.rows >= options.folds, current.rows >= options.folds, reference.columns == current.columns else {
            throw DriftError.tooFewRows(reference: reference.rows, current: current.rows, needed: options.folds)
        }
        meanDistance = Self.meanDistance(reference, current)
        meanDistanceThreshold = options.distanceThreshold
        let (mmd, sigma2, rows) = Self.mmd(reference, current, sample: options.mmdSample, seed: options.seed)
        self.mmd = mmd
        mmdSigmaSquared = sigma2
        mmdRows = rows
        mmdThreshold = options.mmdThreshold
        classifier = try Self.domainClassifier(reference, current, options: options)
        drifted = classifier.drifted
    }

    // MARK: - Distance between means

    static func meanDistance(_ a: Matrix, _ b: Matrix) -> Double {
        let ma = mean(a), mb = mean(b)
        return zip(ma, mb).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
    }

    static func mean(_ m: Matrix) -> [Double] {
        var sums = [Double](repeating: 0, count: m.columns)
        m.values.withUnsafeBufferPointer { values in
            for row in 0..<m.rows {
                for column in 0..<m.columns { sums[column] += Double(values[row * m.columns + column]) }
            }
        }
        return sums.map { $0 / Double(max(1, m.rows)) }
    }

    // MARK: - MMD

    /// A seeded sample of at most `count` of `rows` row indices, in increasing order.
    static func sample(_ rows: Int, count: Int, seed: UInt64) -> [Int] {
        guard rows > count else { return Array(0..<rows) }
        var generator = SplitMix64(seed: seed)
        var indices = Array(0..<rows)
        generator.shuffle(&indices)
        return indices.prefix(count).sorted()
    }

    /// Squared Euclidean distances between the rows of `x` and of `y`: ‖x‖² + ‖y‖² − 2x·y, the
    /// products in double precision (BLAS), as scikit-learn's `euclidean_distances` computes them.
    static func squaredDistances(_ x: Matrix, _ y: Matrix) -> [Double] {
        let xd = x.values.map(Double.init), yd = y.values.map(Double.init)
        var dot = [Double](repeating: 0, count: x.rows * y.rows)
        xd.withUnsafeBufferPointer { a in
            yd.withUnsafeBufferPointer { b in
                dot.withUnsafeMutableBufferPointer { c in
                    BLAS.gemm(transposeB: true, m: x.rows, n: y.rows, k: x.columns, a: a.baseAddress!, lda: x.columns,
                              b: b.baseAddress!, ldb: y.columns, c: c.baseAddress!, ldc: y.rows)
                }
            }
        }
        let squaredNorms = { (values: [Double], rows: Int, columns: Int) in
            (0..<rows).map { row in (0..<columns).reduce(0.0) { $0 + values[row * columns + $1] * values[row * columns + $1] } }
        }
        let nx = squaredNorms(xd, x.rows, x.columns), ny = squaredNorms(yd, y.rows, y.columns)
        for i in 0..<x.rows {
            for j in 0..<y.rows { dot[i * y.rows + j] = max(0, nx[i] + ny[j] - 2 * dot[i * y.rows + j]) }
        }
        return dot
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// MMD²ᵤ with k(a, b) = exp(−‖a − b‖² / σ²), σ the median distance between the two batches'
    /// rows; at most `sample` rows of each batch.
    static func mmd(_ reference: Matrix, _ current: Matrix, sample count: Int, seed: UInt64) -> (Double, Double, [Int]) {
        let x = reference.selectingRows(sample(reference.rows, count: count, seed: seed))
        let y = current.selectingRows(sample(current.rows, count: count, seed: seed ^ 0x9E37_79B9))
        let between = squaredDistances(x, y)
        let sigma2 = pow(median(between.map { $0.squareRoot() }), 2)
        guard sigma2 > 0 else { return (0, 0, [x.rows, y.rows]) }
        func kernelSum(_ distances: [Double], skippingDiagonal size: Int?) -> Double {
            var total = 0.0
            for (index, d) in distances.enumerated() {
                if let size, index / size == index % size { continue }
                total += Foundation.exp(-d / sigma2)
            }
            return total
        }
        let m = Double(x.rows), n = Double(y.rows)
        let kx = kernelSum(squaredDistances(x, x), skippingDiagonal: x.rows)
        let ky = kernelSum(squaredDistances(y, y), skippingDiagonal: y.rows)
        let kxy = kernelSum(between, skippingDiagonal: nil)
        let value = kx / (m * (m - 1)) + ky / (n * (n - 1)) - 2 * kxy / (m * n)
        return (max(0, value), sigma2, [x.rows, y.rows])
    }

    // MARK: - Domain classifier

    static func domainClassifier(_ reference: Matrix, _ current: Matrix, options: Options) throws -> DomainClassifier {
        let referenceRows = sample(reference.rows, count: options.classifierSample, seed: options.seed)
        let currentRows = sample(current.rows, count: options.classifierSample, seed: options.seed ^ 0x5851_F42D)
        let features = Matrix(rows: referenceRows.count + currentRows.count, columns: reference.columns,
                              values: reference.selectingRows(referenceRows).values + current.selectingRows(currentRows).values)
        let labels = [Int](repeating: 0, count: referenceRows.count) + [Int](repeating: 1, count: currentRows.count)
        func auc(_ labels: [Int]) throws -> (Double, [Double]) {
            let folds = try CrossValidation.outOfFold(features: features, labels: labels, classCount: 2, folds: options.folds, seed: options.seed)
            let scores = (0..<labels.count).map { Double(folds.probabilities[$0, 1]) }
            return (Classification.Metrics.rocAUC(positives: labels.map { $0 == 1 }, scores: scores) ?? 0.5, scores)
        }
        let (observed, scores) = try auc(labels)
        var result = DomainClassifier(
            auc: observed, threshold: options.threshold, folds: options.folds, referenceRows: referenceRows.count,
            currentRows: currentRows.count, permutations: 0, nullQuantile95: nil, pValue: nil, drifted: observed > options.threshold,
            currentScores: currentRows.enumerated().map { ($1, scores[referenceRows.count + $0]) })
        if labels.count < options.permutationBelow {
            var generator = SplitMix64(seed: options.seed ^ 0xD1B5_4A32)
            var null: [Double] = []
            for _ in 0..<options.permutations {
                var shuffled = labels
                generator.shuffle(&shuffled)
                null.append(try auc(shuffled).0)
            }
            null.sort()
            let quantile = null[min(null.count - 1, Int((0.95 * Double(null.count - 1)).rounded(.up)))]
            result.permutations = null.count
            result.nullQuantile95 = quantile
            result.pValue = Double(1 + null.filter { $0 >= observed }.count) / Double(1 + null.count)
            // Small batches: the AUC must beat both the fixed threshold and chance as permuted.
            result.drifted = observed > options.threshold && observed > quantile
        }
        return result
    }
}

public enum DriftError: Error, CustomStringConvertible, Equatable {
    case tooFewRows(reference: Int, current: Int, needed: Int)

    public var description: String {
        switch self {
        case .tooFewRows(let reference, let current, let needed):
            return "each batch needs at least \(needed) embedded items (reference has \(reference), current \(current))"
        }
    }
}
