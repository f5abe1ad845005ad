/// Disagreement weights for Cohen's κ, on category ranks i, j (as scikit-learn's
/// `cohen_kappa_score(weights:)` and statsmodels' `cohens_kappa(wt:)` define them).
public enum KappaWeighting: String, Sendable, CaseIterable, Codable {
    /// w = 0 on the diagonal, 1 elsewhere.
    case unweighted
    /// w = |i − j|.
    case linear
    /// w = (i − j)².
    case quadratic

    func weight(_ i: Int, _ j: Int) -> Double {
        switch self {
        case .unweighted: i == j ? 0 : 1
        case .linear: Double(abs(i - j))
        case .quadratic: Double((i - j) * (i - j))
        }
    }
}

/// Cohen's κ for two coders from their confusion matrix.
public enum CohenKappa {
    /// κ = 1 − Σ w·O / Σ w·E with E the product of the margins over n.
    ///
    /// - Parameter confusion: square matrix, rows the first coder's category, columns the second's.
    /// - Returns: `nil` when the table is empty or not square, or when chance disagreement is zero
    ///   (both coders used one and the same category), where κ is 0/0.
    public static func kappa(confusion: [[Double]], weighting: KappaWeighting = .unweighted) -> Double? {
        let k = confusion.count
        guard confusion.allSatisfy({ $0.count == k }) else { return nil }
        return kappa(flat: confusion.flatMap { $0 }, offset: 0, categories: k, weighting: weighting)
    }

    static func kappa(flat table: [Double], offset: Int, categories k: Int, weighting: KappaWeighting) -> Double? {
        var rows = [Double](repeating: 0, count: k)
        var columns = [Double](repeating: 0, count: k)
        var total = 0.0
        for i in 0..<k {
            for j in 0..<k {
                let count = table[offset + i * k + j]
                rows[i] += count
                columns[j] += count
                total += count
            }
        }
        guard total > 0 else { return nil }
        var observed = 0.0
        var expected = 0.0
        for i in 0..<k {
            for j in 0..<k where i != j {
                let w = weighting.weight(i, j)
                observed += w * table[offset + i * k + j]
                expected += w * rows[i] * columns[j] / total
            }
        }
        guard expected > 0 else { return nil }
        return 1 - observed / expected
    }
}

/// Krippendorff's α from a coincidence matrix, exactly as the `krippendorff` PyPI package
/// (0.9) computes it: α = 1 − Σ o·δ² / Σ e·δ², e_cd = (n_c n_d − δ_cd n_c) / (n − 1).
public enum KrippendorffAlpha {
    /// - Parameters:
    ///   - coincidences: k × k coincidence matrix o (pairable values only).
    ///   - level: metric. Ordinal uses the package's definition on the marginals n_g of the
    ///     coincidence matrix: δ²(c, d) = (Σ_{g = min(c,d)}^{max(c,d)} n_g − (n_c + n_d) / 2)².
    ///     Interval uses (v_c − v_d)² with the category values.
    ///   - categoryValues: numeric position of each category (interval metric only).
    /// - Returns: `nil` when fewer than two pairable values exist or expected disagreement is
    ///   zero (all pairable values in one category).
    public static func alpha(
        coincidences: [[Double]], level: LevelOfMeasurement, categoryValues: [Double]? = nil
    ) -> Double? {
        let k = coincidences.count
        guard coincidences.allSatisfy({ $0.count == k }) else { return nil }
        let values = categoryValues ?? (0..<k).map(Double.init)
        guard values.count == k else { return nil }
        return alpha(flat: coincidences.flatMap { $0 }, categories: k, level: level, values: values)
    }

    static func alpha(flat o: [Double], categories k: Int, level: LevelOfMeasurement, values: [Double]) -> Double? {
        var marginals = [Double](repeating: 0, count: k)
        for c in 0..<k {
            for d in 0..<k { marginals[d] += o[c * k + d] }
        }
        let n = marginals.reduce(0, +)
        guard n > 1 else { return nil }
        // Prefix sums for the ordinal metric: Σ_{g=a}^{b} n_g = prefix[b + 1] − prefix[a].
        var prefix = [Double](repeating: 0, count: k + 1)
        for g in 0..<k { prefix[g + 1] = prefix[g] + marginals[g] }
        var observed = 0.0
        var expected = 0.0
        for c in 0..<k {
            for d in 0..<k where c != d {
                let distance: Double
                switch level {
                case .nominal:
                    distance = 1
                case .ordinal:
                    let low = min(c, d)
                    let high = max(c, d)
                    let between = prefix[high + 1] - prefix[low] - (marginals[c] + marginals[d]) / 2
                    distance = between * between
                case .interval:
                    let gap = values[c] - values[d]
                    distance = gap * gap
                }
                observed += o[c * k + d] * distance
                expected += marginals[c] * marginals[d] * distance
            }
        }
        expected /= n - 1
        guard expected > 0 else { return nil }
        return 1 - observed / expected
    }
}

// MARK: - Coefficients from a tally

extension Tally {
    /// Mean over units with ≥ 2 ratings of the share of agreeing coder pairs (Gwet's p_a,
    /// irrCAC's `pa`).
    var percentAgreement: Double? {
        pairableUnits > 0 ? agreementSum / pairableUnits : nil
    }

    /// π_c: mean over rated units of the share of the unit's ratings in category c.
    var prevalences: [Double] {
        (0..<categoryCount).map { ratedUnits > 0 ? prevalence($0) / ratedUnits : 0 }
    }

    /// Fleiss' κ generalised to a varying number of raters per unit (Gwet 2014, irrCAC's
    /// `fleiss()`): (p_a − Σ π_c²) / (1 − Σ π_c²). Equal to Fleiss (1971) / statsmodels when every
    /// unit has the same number of ratings.
    var fleissKappa: Double? {
        guard let agreement = percentAgreement else { return nil }
        let chance = prevalences.reduce(0) { $0 + $1 * $1 }
        guard chance < 1 else { return nil }
        return (agreement - chance) / (1 - chance)
    }

    /// Gwet's AC1 (Gwet 2008/2014, irrCAC's `gwet()`): chance p_e = Σ π_c(1 − π_c) / (q − 1) with
    /// q the declared category count.
    var gwetAC1: Double? {
        guard let agreement = percentAgreement, categoryCount >= 2 else { return nil }
        let chance = prevalences.reduce(0) { $0 + $1 * (1 - $1) } / Double(categoryCount - 1)
        return (agreement - chance) / (1 - chance)
    }

    func krippendorffAlpha(_ level: LevelOfMeasurement, values: [Double]) -> Double? {
        let k = categoryCount
        let start = layout.coincidences
        let o = Array(sums[start..<(start + k * k)])
        return KrippendorffAlpha.alpha(flat: o, categories: k, level: level, values: values)
    }

    func cohenKappa(_ a: Int, _ b: Int, weighting: KappaWeighting) -> Double? {
        guard a != b else { return nil }
        let offset = confusionOffset(min(a, b), max(a, b))
        // κ is symmetric in the two coders, so the (a < b) orientation serves both orders.
        return CohenKappa.kappa(flat: sums, offset: offset, categories: categoryCount, weighting: weighting)
    }

    func pairUnits(_ a: Int, _ b: Int) -> Double {
        let offset = confusionOffset(min(a, b), max(a, b))
        return sums[offset..<(offset + categoryCount * categoryCount)].reduce(0, +)
    }

    func pairPercentAgreement(_ a: Int, _ b: Int) -> Double? {
        let offset = confusionOffset(min(a, b), max(a, b))
        let k = categoryCount
        let total = pairUnits(a, b)
        guard total > 0 else { return nil }
        let agreeing = (0..<k).reduce(0.0) { $0 + sums[offset + $1 * k + $1] }
        return agreeing / total
    }

    /// Σ n_c(n_c − 1) / Σ n_c(m − 1): given one coder chose c, the chance another coder of the
    /// same unit chose c too (positive specific agreement; 2a / (2a + b + c) for two coders).
    func specificAgreement(_ c: Int) -> Double? {
        let denominator = specificDenominator(c)
        return denominator > 0 ? specificNumerator(c) / denominator : nil
    }

    func agreementWithOthers(_ a: Int) -> Double? {
        let compared = coderComparedPairs(a)
        return compared > 0 ? coderAgreeingPairs(a) / compared : nil
    }
}
