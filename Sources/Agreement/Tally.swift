/// Sufficient statistics for every coefficient, accumulated in one pass over unit profiles.
///
/// Every coefficient in this module is a function of these sums, which is what makes a bootstrap
/// draw cheap: re-weight the profiles, re-accumulate, re-evaluate. Notation: for a unit, n_c is
/// the number of coders that chose category c and m = Σ n_c its number of ratings.
struct Tally: Sendable {
    /// Where each group of sums lives in `sums` (one flat buffer keeps the hot loop simple).
    struct Layout: Sendable {
        let coders: Int
        let categories: Int
        let hasPairs: Bool
        let prevalence: Int
        let coincidences: Int
        let specificNumerator: Int
        let specificDenominator: Int
        let coderAgreeing: Int
        let coderCompared: Int
        let coderCategories: Int
        let pairConfusion: Int
        let count: Int

        init(coders: Int, categories k: Int, pairs: Bool) {
            self.coders = coders
            categories = k
            hasPairs = pairs
            prevalence = 0
            coincidences = prevalence + k
            specificNumerator = coincidences + k * k
            specificDenominator = specificNumerator + k
            coderAgreeing = specificDenominator + k
            coderCompared = coderAgreeing + coders
            coderCategories = coderCompared + coders
            pairConfusion = coderCategories + coders * k
            count = pairConfusion + (pairs ? Tally.pairCount(coders) * k * k : 0)
        }
    }

    let layout: Layout
    /// Units with m ≥ 1.
    private(set) var ratedUnits = 0.0
    /// Units with m ≥ 2.
    private(set) var pairableUnits = 0.0
    /// Σ over pairable units of Σ_c n_c(n_c − 1) / (m(m − 1)): share of agreeing coder pairs.
    private(set) var agreementSum = 0.0
    /// The sums below, laid out by `layout`:
    /// - prevalence: Σ over rated units of n_c / m (Gwet's and Fleiss' generalised π, times units);
    /// - coincidences: Krippendorff's o_cd = Σ_u n_c(n_d − δ_cd) / (m − 1), k × k;
    /// - specific numerator / denominator: Σ n_c(n_c − 1) and Σ n_c(m − 1) over pairable units;
    /// - coder agreeing / compared: pairs with the other coders of the same unit, per coder;
    /// - coder categories: ratings per coder × category;
    /// - pair confusion: per coder pair (a < b) a k × k matrix, rows a's category, columns b's.
    private(set) var sums: [Double]

    var coderCount: Int { layout.coders }
    var categoryCount: Int { layout.categories }
    var hasPairs: Bool { layout.hasPairs }

    /// Tally of all profiles with their weights (units per profile, or draws per profile).
    init(_ profiles: UnitProfiles, weights: UnsafeBufferPointer<Int32>, pairs: Bool) {
        precondition(weights.count == profiles.profileCount)
        layout = Layout(coders: profiles.coderCount, categories: profiles.categoryCount, pairs: pairs)
        sums = [Double](repeating: 0, count: layout.count)
        profiles.codes.withUnsafeBufferPointer { codes in
            accumulate(codes: codes, weights: weights)
        }
    }

    static func pairCount(_ coders: Int) -> Int { coders * (coders - 1) / 2 }

    /// Index of coder pair (a, b), a < b, in row-major upper-triangle order.
    static func pairIndex(_ a: Int, _ b: Int, coders: Int) -> Int {
        a * (2 * coders - a - 1) / 2 + (b - a - 1)
    }

    func prevalence(_ c: Int) -> Double { sums[layout.prevalence + c] }
    func coincidence(_ c: Int, _ d: Int) -> Double { sums[layout.coincidences + c * layout.categories + d] }
    func specificNumerator(_ c: Int) -> Double { sums[layout.specificNumerator + c] }
    func specificDenominator(_ c: Int) -> Double { sums[layout.specificDenominator + c] }
    func coderAgreeingPairs(_ a: Int) -> Double { sums[layout.coderAgreeing + a] }
    func coderComparedPairs(_ a: Int) -> Double { sums[layout.coderCompared + a] }
    func coderCategoryCount(_ a: Int, _ c: Int) -> Double {
        sums[layout.coderCategories + a * layout.categories + c]
    }
    /// Start of pair (a < b)'s k × k confusion matrix in `sums`.
    func confusionOffset(_ a: Int, _ b: Int) -> Int {
        precondition(hasPairs && a < b)
        let k = layout.categories
        return layout.pairConfusion + Self.pairIndex(a, b, coders: layout.coders) * k * k
    }

    private mutating func accumulate(codes: UnsafeBufferPointer<UInt8>, weights: UnsafeBufferPointer<Int32>) {
        let layout = self.layout
        let k = layout.categories
        let coders = layout.coders
        var counts = [Int](repeating: 0, count: k)
        // Coders present on the current unit and their categories.
        var present = [Int](repeating: 0, count: 2 * coders)
        var rated = 0.0
        var pairable = 0.0
        var agreement = 0.0
        counts.withUnsafeMutableBufferPointer { counts in
        present.withUnsafeMutableBufferPointer { present in
        sums.withUnsafeMutableBufferPointer { sums in
            for profile in 0..<weights.count {
                let weight = weights[profile]
                if weight == 0 { continue }
                let w = Double(weight)
                let row = profile * coders
                for c in 0..<k { counts[c] = 0 }
                var m = 0
                for coder in 0..<coders {
                    let code = codes[row + coder]
                    if code == RatingMatrix.missing { continue }
                    let category = Int(code)
                    counts[category] += 1
                    present[2 * m] = coder
                    present[2 * m + 1] = category
                    m += 1
                }
                if m == 0 { continue }
                rated += w
                let inverseM = 1.0 / Double(m)
                for c in 0..<k where counts[c] > 0 {
                    sums[layout.prevalence + c] += w * Double(counts[c]) * inverseM
                }
                for i in 0..<m {
                    sums[layout.coderCategories + present[2 * i] * k + present[2 * i + 1]] += w
                }
                if m < 2 { continue }
                pairable += w
                let others = Double(m - 1)
                let weightPerOther = w / others
                var agreeingPairs = 0
                for c in 0..<k {
                    let nc = counts[c]
                    if nc == 0 { continue }
                    let same = nc * (nc - 1)
                    agreeingPairs += same
                    sums[layout.specificNumerator + c] += w * Double(same)
                    sums[layout.specificDenominator + c] += w * Double(nc) * others
                    for d in 0..<k {
                        let products = c == d ? same : nc * counts[d]
                        if products > 0 {
                            sums[layout.coincidences + c * k + d] += weightPerOther * Double(products)
                        }
                    }
                }
                agreement += w * Double(agreeingPairs) / (Double(m) * others)
                for i in 0..<m {
                    let coder = present[2 * i]
                    sums[layout.coderAgreeing + coder] += w * Double(counts[present[2 * i + 1]] - 1)
                    sums[layout.coderCompared + coder] += w * others
                }
                if layout.hasPairs {
                    for i in 0..<(m - 1) {
                        let a = present[2 * i]
                        let rowBase = present[2 * i + 1] * k
                        for j in (i + 1)..<m {
                            let pair = Self.pairIndex(a, present[2 * j], coders: coders)
                            sums[layout.pairConfusion + pair * k * k + rowBase + present[2 * j + 1]] += w
                        }
                    }
                }
            }
        }}}
        ratedUnits = rated
        pairableUnits = pairable
        agreementSum = agreement
    }
}
