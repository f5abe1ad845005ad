import Foundation
import LinearAlgebra

/// The objective scikit-learn's lbfgs solver minimises for `LogisticRegression`, so the
/// same data and `C` give the same coefficients:
///
///     f(W, b) = (1/S)·Σᵢ sᵢ·ℓᵢ + ‖W‖² / (2·C·S),   ℓᵢ = −log softmax(W·xᵢ + b)[yᵢ],   S = Σᵢ sᵢ
///
/// i.e. (Σ loss + ½‖W‖²/C) / S: the same minimiser as the textbook sum form, scaled so the
/// gradient tolerance means what it means in scikit-learn. The bias `b` is not penalised.
///
/// With two classes scikit-learn fits the binomial model: one weight row for class 1 and
/// class 0's logit pinned at 0. We do the same (`freeClasses == 1`), which is not the same
/// model as a two-class softmax with both rows penalised (that one doubles the effective C).
///
/// The two products run fused in `Kernels.linearModelPass`: per block of rows, logits
/// Z = X·Wᵀ, residuals R = diag(s/S)·(P − Y), then ∇W += Rᵀ·X while the block is in cache, so
/// X streams from memory once per evaluation. The products are Float32; per-row log-softmax,
/// the gradient totals and every sum run in Double.
struct SoftmaxObjective: DifferentiableObjective {
    let features: Matrix
    let labels: [Int]
    /// sᵢ / S for each row.
    let rowWeights: [Double]
    let classCount: Int
    /// Classes with their own weight row: `classCount`, or 1 for the binomial model.
    let freeClasses: Int
    let fitIntercept: Bool
    /// 1 / (C·S).
    let l2: Double
    /// Threads for the pass over the rows; the result is bit-identical for a given count.
    let workers: Int

    private var weightsBuffer: [Float]
    /// ∇W, `freeClasses × featureCount`.
    private var weightGradient: [Double]

    init(features: Matrix, labels: [Int], sampleWeights: [Double], classCount: Int, c: Double, fitIntercept: Bool, workers: Int) {
        let total = sampleWeights.reduce(0, +)
        self.features = features
        self.labels = labels
        self.rowWeights = sampleWeights.map { $0 / total }
        self.classCount = classCount
        self.freeClasses = classCount == 2 ? 1 : classCount
        self.fitIntercept = fitIntercept
        self.l2 = 1 / (c * total)
        self.workers = max(1, workers)
        weightsBuffer = [Float](repeating: 0, count: freeClasses * features.columns)
        weightGradient = [Double](repeating: 0, count: freeClasses * features.columns)
    }

    var featureCount: Int { features.columns }
    var parameterCount: Int { freeClasses * featureCount + (fitIntercept ? freeClasses : 0) }

    mutating func evaluate(_ theta: [Double], gradient: inout [Double]) -> Double {
        let n = features.rows
        let d = featureCount
        let free = freeClasses
        let weightCount = free * d
        for j in 0..<weightCount { weightsBuffer[j] = Float(theta[j]) }
        let biases: [Double] = fitIntercept ? Array(theta[weightCount..<(weightCount + free)]) : [Double](repeating: 0, count: free)

        // Per worker: the loss, then the bias gradient.
        let slots = Kernels.passWorkers(rows: n, workers: workers)
        let stride = 1 + free
        var sums = [Double](repeating: 0, count: slots * stride)
        let rowRule = RowRule(labels: labels, rowWeights: rowWeights, biases: biases, classCount: classCount)
        sums.withUnsafeMutableBufferPointer { sums in
            guard let base = sums.baseAddress else { return }
            let shared = SharedPointer(base)
            features.values.withUnsafeBufferPointer { x in
                weightsBuffer.withUnsafeBufferPointer { w in
                    weightGradient.withUnsafeMutableBufferPointer { g in
                        guard let x = x.baseAddress, let w = w.baseAddress, let g = g.baseAddress else { return }
                        Kernels.linearModelPass(
                            x: x, rows: n, columns: d, weights: w, outputs: free, gradient: g, workers: workers
                        ) { worker, rows, values in
                            rowRule.apply(rows, values, sums: shared.base + worker * stride)
                        }
                    }
                }
            }
        }
        var loss = 0.0
        var biasGradient = [Double](repeating: 0, count: free)
        for slot in 0..<slots {
            loss += sums[slot * stride]
            for k in 0..<free { biasGradient[k] += sums[slot * stride + 1 + k] }
        }

        var penalty = 0.0
        for index in 0..<weightCount {
            penalty += theta[index] * theta[index]
            gradient[index] = weightGradient[index] + l2 * theta[index]
        }
        if fitIntercept {
            for k in 0..<free { gradient[weightCount + k] = biasGradient[k] }
        }
        return loss + 0.5 * l2 * penalty
    }
}

/// Logits to residuals for a block of rows, the per-row part of the objective.
private struct RowRule: Sendable {
    let labels: [Int]
    let rowWeights: [Double]
    let biases: [Double]
    let classCount: Int

    /// `values` holds the logits of `rows` (`rows.count × free`) and gets their residuals
    /// sᵢ/S·(pᵢ − yᵢ); `sums[0]` gains Σ (sᵢ/S)·ℓᵢ and `sums[1 + c]` the bias gradient.
    func apply(_ rows: Range<Int>, _ values: UnsafeMutablePointer<Float>, sums: UnsafeMutablePointer<Double>) {
        if classCount == 2 {
            binomial(rows, values, sums: sums)
        } else {
            multinomial(rows, values, sums: sums)
        }
    }

    private func multinomial(_ rows: Range<Int>, _ values: UnsafeMutablePointer<Float>, sums: UnsafeMutablePointer<Double>) {
        let k = classCount
        var loss = 0.0
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * k) { scratch in
            labels.withUnsafeBufferPointer { labels in
                rowWeights.withUnsafeBufferPointer { rowWeights in
                    guard let shifted = scratch.baseAddress else { return }
                    let biasSums = shifted + k
                    let bias = shifted + 2 * k
                    biasSums.initialize(repeating: 0, count: k)
                    for c in 0..<k { bias[c] = biases[c] }
                    for (offset, i) in rows.enumerated() {
                        let z = values + offset * k
                        var largest = -Double.infinity
                        for c in 0..<k {
                            let value = Double(z[c]) + bias[c]
                            shifted[c] = value
                            largest = max(largest, value)
                        }
                        let y = labels[i]
                        let weight = rowWeights[i]
                        let trueShifted = shifted[y] - largest
                        var sum = 0.0
                        for c in 0..<k {
                            // exp(0) is exactly 1: the largest logit needs no call.
                            let value = shifted[c] == largest ? 1 : Foundation.exp(shifted[c] - largest)
                            shifted[c] = value
                            sum += value
                        }
                        // ℓ = log Σ exp(z − max) − (z_y − max): no overflow, and no log(0) when
                        // p_y underflows.
                        loss += weight * (Foundation.log(sum) - trueShifted)
                        for c in 0..<k {
                            let residual = weight * (shifted[c] / sum - (c == y ? 1 : 0))
                            z[c] = Float(residual)
                            biasSums[c] += residual
                        }
                    }
                    for c in 0..<k { sums[1 + c] += biasSums[c] }
                }
            }
        }
        sums[0] += loss
    }

    /// Class 0's logit is 0, so there is one value per row.
    private func binomial(_ rows: Range<Int>, _ values: UnsafeMutablePointer<Float>, sums: UnsafeMutablePointer<Double>) {
        let bias = biases[0]
        var loss = 0.0
        var biasSum = 0.0
        labels.withUnsafeBufferPointer { labels in
            rowWeights.withUnsafeBufferPointer { rowWeights in
                for (offset, i) in rows.enumerated() {
                    let value = Double(values[offset]) + bias
                    let y: Double = labels[i] == 1 ? 1 : 0
                    // One exponential serves both: e = e^−|z|, ℓ = log(1 + e^z) − y·z computed
                    // as max(z, 0) + log1p(e) without overflow, and p = σ(z) as 1/(1 + e) or
                    // e/(1 + e) by the sign of z.
                    let e = Foundation.exp(-abs(value))
                    let softplus = max(value, 0) + Foundation.log1p(e)
                    loss += rowWeights[i] * (softplus - y * value)
                    let probability = value >= 0 ? 1 / (1 + e) : e / (1 + e)
                    let residual = rowWeights[i] * (probability - y)
                    values[offset] = Float(residual)
                    biasSum += residual
                }
            }
        }
        sums[0] += loss
        sums[1] += biasSum
    }
}
