import Foundation

/// Pearson's chi-square test of homogeneity on a contingency table.
public struct ChiSquareTest: Sendable, Equatable, Codable {
    public let statistic: Double
    public let degreesOfFreedom: Int
    /// P(X ≥ statistic) for X ~ χ²(degreesOfFreedom).
    public let pValue: Double

    public init(statistic: Double, degreesOfFreedom: Int, pValue: Double) {
        self.statistic = statistic
        self.degreesOfFreedom = degreesOfFreedom
        self.pValue = pValue
    }

    /// Test that the rows of `table` share one distribution over the columns, as
    /// `scipy.stats.chi2_contingency(table, correction=False)` does. Rows and columns that are
    /// all zero are dropped first (they have no expected count).
    ///
    /// - Returns: `nil` when fewer than two non-empty rows or columns remain.
    public static func homogeneity(_ table: [[Double]]) -> ChiSquareTest? {
        let columnCount = table.first?.count ?? 0
        guard table.allSatisfy({ $0.count == columnCount }) else { return nil }
        let rows = table.filter { $0.reduce(0, +) > 0 }
        let keep = (0..<columnCount).filter { j in rows.reduce(0) { $0 + $1[j] } > 0 }
        guard rows.count >= 2, keep.count >= 2 else { return nil }
        let rowTotals = rows.map { row in keep.reduce(0) { $0 + row[$1] } }
        let columnTotals = keep.map { j in rows.reduce(0) { $0 + $1[j] } }
        let total = rowTotals.reduce(0, +)
        var statistic = 0.0
        for (i, row) in rows.enumerated() {
            for (jj, j) in keep.enumerated() {
                let expected = rowTotals[i] * columnTotals[jj] / total
                let gap = row[j] - expected
                statistic += gap * gap / expected
            }
        }
        let degrees = (rows.count - 1) * (keep.count - 1)
        return ChiSquareTest(
            statistic: statistic, degreesOfFreedom: degrees,
            pValue: survival(statistic, degreesOfFreedom: degrees))
    }

    /// Upper tail of the chi-square distribution: Q(df / 2, x / 2).
    public static func survival(_ x: Double, degreesOfFreedom: Int) -> Double {
        precondition(degreesOfFreedom > 0)
        if x <= 0 { return 1 }
        return IncompleteGamma.regularizedUpper(Double(degreesOfFreedom) / 2, x / 2)
    }
}

/// Regularized incomplete gamma functions P(a, x) and Q(a, x) = 1 − P(a, x).
///
/// Series for x < a + 1, Lentz's continued fraction otherwise (Numerical Recipes §6.2), each
/// computing the smaller of the two tails directly so the other keeps full relative precision.
public enum IncompleteGamma {
    static let epsilon = 1e-16
    static let maximumIterations = 10_000
    static let tiny = 1e-300

    /// P(a, x) = γ(a, x) / Γ(a), for a > 0, x ≥ 0.
    public static func regularizedLower(_ a: Double, _ x: Double) -> Double {
        precondition(a > 0 && x >= 0)
        if x == 0 { return 0 }
        return x < a + 1 ? series(a, x) : 1 - continuedFraction(a, x)
    }

    /// Q(a, x) = Γ(a, x) / Γ(a), for a > 0, x ≥ 0.
    public static func regularizedUpper(_ a: Double, _ x: Double) -> Double {
        precondition(a > 0 && x >= 0)
        if x == 0 { return 1 }
        return x < a + 1 ? 1 - series(a, x) : continuedFraction(a, x)
    }

    /// e^{−x} x^a / Γ(a), computed in logs.
    private static func prefactor(_ a: Double, _ x: Double) -> Double {
        exp(a * log(x) - x - lgamma(a))
    }

    /// P(a, x) = e^{−x} x^a / Γ(a + 1) · Σ_n x^n / ((a + 1)…(a + n)).
    private static func series(_ a: Double, _ x: Double) -> Double {
        var denominator = a
        var term = 1 / a
        var sum = term
        for _ in 0..<maximumIterations {
            denominator += 1
            term *= x / denominator
            sum += term
            if abs(term) < abs(sum) * epsilon { break }
        }
        return sum * prefactor(a, x)
    }

    /// Q(a, x) by the continued fraction 1 / (x + 1 − a − 1·(1 − a) / (x + 3 − a − …)).
    private static func continuedFraction(_ a: Double, _ x: Double) -> Double {
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1...maximumIterations {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return prefactor(a, x) * h
    }
}
