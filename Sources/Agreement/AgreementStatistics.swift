/// Agreement between two coders on the units both rated.
public struct PairwiseAgreement: Sendable, Equatable {
    public let coderA: Int
    public let coderB: Int
    /// Units rated by both.
    public let units: Int
    /// Share of those units where both chose the same category; `nil` without overlap.
    public let percentAgreement: Double?
    /// Cohen's κ unweighted; `nil` without overlap or when undefined (see `CohenKappa`).
    public let kappa: Double?
    /// Linear and quadratic weighted κ (meaningful for ordinal categories).
    public let linearKappa: Double?
    public let quadraticKappa: Double?
    /// k × k counts, rows coderA's category, columns coderB's.
    public let confusion: [[Int]]

    public func kappa(_ weighting: KappaWeighting) -> Double? {
        switch weighting {
        case .unweighted: kappa
        case .linear: linearKappa
        case .quadratic: quadraticKappa
        }
    }
}

/// Agreement on one category.
public struct CategoryAgreement: Sendable, Equatable {
    public let category: Int
    /// Ratings in this category, all coders.
    public let ratings: Int
    /// π_c: mean over rated units of the unit's share of ratings in this category.
    public let prevalence: Double
    /// Positive specific agreement: given a coder chose this category on a unit with ≥ 2
    /// ratings, the chance another coder of that unit chose it too (2a / (2a + b + c) for two
    /// coders). `nil` when no pairable unit received this category.
    public let specificAgreement: Double?
}

/// One coder against all the others.
public struct AnnotatorAgreement: Sendable, Equatable {
    public let coder: Int
    public let ratings: Int
    public let categoryCounts: [Int]
    /// Share of (this coder, other coder) pairs on the same unit that agree.
    public let agreementWithOthers: Double?
    /// Number of such pairs.
    public let comparedPairs: Int
    /// Mean of the defined unweighted pairwise κ with each other coder.
    public let meanPairwiseKappa: Double?
    /// This coder's label distribution against all other coders' pooled ratings (2 × k
    /// homogeneity test, empty categories dropped); `nil` when either side has no ratings or
    /// fewer than two categories occur.
    public let labelDistributionTest: ChiSquareTest?
}

/// Every agreement coefficient of a rating matrix, computed in one pass.
///
/// Units with no rating are ignored everywhere. Units with one rating count only towards the
/// prevalences π_c of Fleiss' κ and Gwet's AC1 (as irrCAC does) and towards label counts. A
/// coefficient that is undefined on the data (no unit with two ratings, a single category used
/// where chance agreement is then 1, coders that never overlap) is `nil`.
public struct AgreementStatistics: Sendable, Equatable {
    public let unitCount: Int
    public let coderCount: Int
    public let categoryCount: Int
    public let level: LevelOfMeasurement
    public let ratingCount: Int
    /// Units with at least one rating.
    public let ratedUnits: Int
    /// Units with at least two ratings (the ones agreement is measured on).
    public let pairableUnits: Int

    /// Mean over units with ≥ 2 ratings of the share of agreeing coder pairs.
    public let percentAgreement: Double?
    /// Fleiss' κ over all units with ≥ 2 ratings, whatever their number of ratings: observed
    /// agreement is `percentAgreement` (each unit's share of agreeing pairs, averaged), chance is
    /// Σ π_c² with π_c the mean per-unit share of category c over rated units (Gwet 2014's
    /// generalisation, irrCAC's `fleiss()`). No unit is dropped; when every unit has the same
    /// number of ratings this is exactly Fleiss (1971) and statsmodels' `fleiss_kappa`.
    public let fleissKappa: Double?
    /// Gwet's AC1 with chance over the declared `categoryCount`.
    public let gwetAC1: Double?
    /// Krippendorff's α per metric (absent where undefined); all three are computed, report
    /// those up to `level`.
    public let krippendorffAlpha: [LevelOfMeasurement: Double]
    public let categories: [CategoryAgreement]
    /// Every coder pair (a < b), in row-major order.
    public let pairs: [PairwiseAgreement]
    public let annotators: [AnnotatorAgreement]
    /// Krippendorff's coincidence matrix, k × k.
    public let coincidences: [[Double]]

    public init(_ ratings: RatingMatrix) {
        self.init(ratings, groupedProfiles: true)
    }

    init(_ ratings: RatingMatrix, groupedProfiles: Bool) {
        let profiles = UnitProfiles(ratings, unitMap: false, grouped: groupedProfiles)
        let tally = profiles.weights.withUnsafeBufferPointer {
            Tally(profiles, weights: $0, pairs: true)
        }
        self.init(tally: tally, ratings: ratings)
    }

    init(tally: Tally, ratings: RatingMatrix) {
        let k = ratings.categoryCount
        let coders = ratings.coderCount
        unitCount = ratings.unitCount
        coderCount = coders
        categoryCount = k
        level = ratings.level
        ratedUnits = Int(tally.ratedUnits)
        pairableUnits = Int(tally.pairableUnits)
        percentAgreement = tally.percentAgreement
        fleissKappa = tally.fleissKappa
        gwetAC1 = tally.gwetAC1
        var alpha: [LevelOfMeasurement: Double] = [:]
        for metric in LevelOfMeasurement.allCases {
            alpha[metric] = tally.krippendorffAlpha(metric, values: ratings.categoryValues)
        }
        krippendorffAlpha = alpha
        coincidences = (0..<k).map { c in (0..<k).map { d in tally.coincidence(c, d) } }

        let coderCounts = (0..<coders).map { a in (0..<k).map { c in Int(tally.coderCategoryCount(a, c)) } }
        let categoryTotals = (0..<k).map { c in coderCounts.reduce(0) { $0 + $1[c] } }
        ratingCount = categoryTotals.reduce(0, +)
        let prevalences = tally.prevalences
        categories = (0..<k).map { c in
            CategoryAgreement(
                category: c, ratings: categoryTotals[c], prevalence: prevalences[c],
                specificAgreement: tally.specificAgreement(c))
        }

        var pairs: [PairwiseAgreement] = []
        pairs.reserveCapacity(Tally.pairCount(coders))
        for a in 0..<coders {
            for b in (a + 1)..<coders {
                let offset = tally.confusionOffset(a, b)
                let confusion = (0..<k).map { i in (0..<k).map { j in Int(tally.sums[offset + i * k + j]) } }
                pairs.append(
                    PairwiseAgreement(
                        coderA: a, coderB: b, units: Int(tally.pairUnits(a, b)),
                        percentAgreement: tally.pairPercentAgreement(a, b),
                        kappa: tally.cohenKappa(a, b, weighting: .unweighted),
                        linearKappa: tally.cohenKappa(a, b, weighting: .linear),
                        quadraticKappa: tally.cohenKappa(a, b, weighting: .quadratic),
                        confusion: confusion))
            }
        }
        self.pairs = pairs

        annotators = (0..<coders).map { a in
            let kappas = (0..<coders).compactMap { b in b == a ? nil : tally.cohenKappa(a, b, weighting: .unweighted) }
            let mine = coderCounts[a].map(Double.init)
            let others = (0..<k).map { Double(categoryTotals[$0] - coderCounts[a][$0]) }
            return AnnotatorAgreement(
                coder: a, ratings: coderCounts[a].reduce(0, +), categoryCounts: coderCounts[a],
                agreementWithOthers: tally.agreementWithOthers(a),
                comparedPairs: Int(tally.coderComparedPairs(a)),
                meanPairwiseKappa: kappas.isEmpty ? nil : kappas.reduce(0, +) / Double(kappas.count),
                labelDistributionTest: ChiSquareTest.homogeneity([mine, others]))
        }
    }

    /// The pair (a, b) in either order; `nil` for a == b or out of range.
    public func pair(_ a: Int, _ b: Int) -> PairwiseAgreement? {
        guard a != b, (0..<coderCount).contains(a), (0..<coderCount).contains(b) else { return nil }
        return pairs[Tally.pairIndex(min(a, b), max(a, b), coders: coderCount)]
    }

    /// coders × coders κ matrix, symmetric; `nil` on the diagonal and where undefined.
    public func kappaMatrix(_ weighting: KappaWeighting = .unweighted) -> [[Double?]] {
        (0..<coderCount).map { a in
            (0..<coderCount).map { b in pair(a, b)?.kappa(weighting) }
        }
    }
}
