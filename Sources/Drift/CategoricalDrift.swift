import Agreement
import Foundation

/// Drift of a categorical distribution (predicted labels, or given labels) between two batches,
/// with Evidently's tests for categorical columns: for small batches (the reference at most
/// 1,000) the chi-square goodness-of-fit of the current counts against the reference shares
/// (drifted at p < 0.05), for large ones the Jensen–Shannon distance (drifted at 0.1 or more);
/// PSI beside either. Each class also gets a two-proportion z-test of its share.
public struct CategoricalDrift: Sendable, Encodable {
    public struct ClassShift: Sendable, Encodable {
        public var label: String
        public var referenceShare: Double
        public var currentShare: Double
        /// Two-sided two-proportion z-test of the class's share.
        public var zPValue: Double?
    }

    /// "chi-square" or "jensen-shannon".
    public var test: String
    public var statistic: Double
    /// The chi-square test's p-value (nil for Jensen–Shannon, a distance).
    public var pValue: Double?
    public var threshold: Double
    public var psi: Double
    public var drifted: Bool
    public var referenceCount: Int
    public var currentCount: Int
    public var classes: [ClassShift]

    /// Reference sizes up to this use the chi-square test (Evidently's rule).
    public static let smallBatch = 1_000

    /// nil when either batch is empty.
    public init?(labels: [String], reference: [Int], current: [Int]) {
        let nr = reference.reduce(0, +), nc = current.reduce(0, +)
        guard nr > 0, nc > 0 else { return nil }
        referenceCount = nr
        currentCount = nc
        // The classes either batch has (Evidently's keys).
        let keys = labels.indices.filter { reference[$0] > 0 || current[$0] > 0 }
        let p = keys.map { Double(reference[$0]) / Double(nr) }, q = keys.map { Double(current[$0]) / Double(nc) }
        psi = Self.psi(p, q)
        if nr <= Self.smallBatch {
            test = "chi-square"
            let expected = keys.map { Double(reference[$0]) * Double(nc) / Double(nr) }
            let statistic = zip(keys, expected).reduce(0.0) { total, pair in
                let gap = Double(current[pair.0]) - pair.1
                return total + gap * gap / pair.1
            }
            self.statistic = statistic
            let p = keys.count > 1 ? ChiSquareTest.survival(statistic, degreesOfFreedom: keys.count - 1) : 1
            pValue = p
            threshold = 0.05
            drifted = p < 0.05
        } else {
            test = "jensen-shannon"
            statistic = Self.jensenShannon(p, q)
            pValue = nil
            threshold = 0.1
            drifted = statistic >= 0.1
        }
        classes = labels.indices.map { index in
            ClassShift(label: labels[index], referenceShare: Double(reference[index]) / Double(nr),
                       currentShare: Double(current[index]) / Double(nc),
                       zPValue: Self.zTest(reference[index], nr, current[index], nc))
        }
    }

    /// scipy's `jensenshannon(p, q)`: the square root of the divergence, natural logarithm.
    static func jensenShannon(_ p: [Double], _ q: [Double]) -> Double {
        let m = zip(p, q).map { ($0 + $1) / 2 }
        func kl(_ a: [Double]) -> Double { zip(a, m).reduce(0) { $1.0 > 0 ? $0 + $1.0 * log($1.0 / $1.1) : $0 } }
        return max(0, (kl(p) + kl(q)) / 2).squareRoot()
    }

    /// Evidently's PSI: Σ (p − q) ln(p / q), empty shares filled with 0.0001 (or a millionth of
    /// the smallest share when that is smaller still).
    static func psi(_ p: [Double], _ q: [Double]) -> Double {
        func filled(_ shares: [Double]) -> [Double] {
            let smallest = shares.filter { $0 > 0 }.min() ?? 1
            let fill = smallest <= 0.0001 ? smallest / 1e6 : 0.0001
            return shares.map { $0 == 0 ? fill : $0 }
        }
        let a = filled(p), b = filled(q)
        return zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * log($1.0 / $1.1) }
    }

    /// Two-sided p-value of the pooled two-proportion z statistic; nil when the pooled share is 0 or 1.
    static func zTest(_ x1: Int, _ n1: Int, _ x2: Int, _ n2: Int) -> Double? {
        let p1 = Double(x1) / Double(n1), p2 = Double(x2) / Double(n2)
        let pooled = Double(x1 + x2) / Double(n1 + n2)
        let variance = pooled * (1 - pooled) * (1 / Double(n1) + 1 / Double(n2))
        guard variance > 0 else { return nil }
        let z = (p1 - p2) / variance.squareRoot()
        return erfc(abs(z) / 2.0.squareRoot())
    }
}
