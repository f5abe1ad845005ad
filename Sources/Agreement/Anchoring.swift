/// A proportion with its Wilson score interval.
public struct Proportion: Sendable, Equatable, Codable {
    public let successes: Int
    public let count: Int
    public let value: Double
    public let lower: Double
    public let upper: Double

    /// nil when `count` is 0: there is no proportion to estimate.
    public init?(successes: Int, count: Int, z: Double = Proportion.z95) {
        guard count > 0, (0...count).contains(successes) else { return nil }
        self.successes = successes
        self.count = count
        value = Double(successes) / Double(count)
        (lower, upper) = Self.wilson(successes: successes, count: count, z: z)
    }

    /// The normal quantile of 0.975.
    public static let z95 = 1.959963984540054

    /// Wilson (1927) score interval: the set of p whose score test does not reject p̂.
    public static func wilson(successes: Int, count: Int, z: Double = z95) -> (lower: Double, upper: Double) {
        let n = Double(count), p = Double(successes) / n, z2 = z * z
        let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        // The closed form can land a rounding error outside [0, 1] at p̂ = 0 or 1.
        return (max(0, centre - half), min(1, centre + half))
    }
}

/// The difference of two independent proportions with Newcombe's (1998) hybrid score
/// interval, his method 10: each side's Wilson interval, combined. It keeps close to nominal
/// coverage with small counts and at 0 or 1, where the Wald interval fails; statsmodels calls
/// it `confint_proportions_2indep(method='newcomb')`.
public struct ProportionDifference: Sendable, Equatable, Codable {
    /// first − second.
    public let value: Double
    public let lower: Double
    public let upper: Double

    public init(_ first: Proportion, minus second: Proportion) {
        value = first.value - second.value
        let lowerTerm = (first.value - first.lower) * (first.value - first.lower)
            + (second.upper - second.value) * (second.upper - second.value)
        let upperTerm = (first.upper - first.value) * (first.upper - first.value)
            + (second.value - second.lower) * (second.value - second.lower)
        lower = value - lowerTerm.squareRoot()
        upper = value + upperTerm.squareRoot()
    }

    public var excludesZero: Bool { lower > 0 || upper < 0 }
}

/// The anchoring measurement: do annotators agree with the model more often when its
/// prediction is on screen than when it is held back? If they do, beyond the interval, the
/// prediction pulls labels towards itself and agreement with the model overstates its quality.
public struct Anchoring: Sendable, Equatable, Codable {
    /// One label given while the model's prediction was known.
    public struct Observation: Sendable, Equatable {
        public var agreesWithModel: Bool
        public var predictionShown: Bool

        public init(agreesWithModel: Bool, predictionShown: Bool) {
            self.agreesWithModel = agreesWithModel
            self.predictionShown = predictionShown
        }
    }

    /// Below this many labels in a group, its rate is shown but the comparison is withheld:
    /// the interval would be too wide to say anything.
    public static let minimumGroupSize = 30

    /// Agreement with the model when its prediction was shown, with a Wilson interval.
    public let shown: Proportion?
    /// … and when it was held back.
    public let hidden: Proportion?
    /// shown − hidden, when both groups have `minimumGroupSize` labels or more.
    public let difference: ProportionDifference?
    public let shownCount: Int
    public let hiddenCount: Int

    public init(_ observations: [Observation]) {
        var counts = (shown: 0, shownAgree: 0, hidden: 0, hiddenAgree: 0)
        for observation in observations {
            if observation.predictionShown {
                counts.shown += 1
                if observation.agreesWithModel { counts.shownAgree += 1 }
            } else {
                counts.hidden += 1
                if observation.agreesWithModel { counts.hiddenAgree += 1 }
            }
        }
        self.init(shownAgreeing: counts.shownAgree, shown: counts.shown, hiddenAgreeing: counts.hiddenAgree, hidden: counts.hidden)
    }

    public init(shownAgreeing: Int, shown: Int, hiddenAgreeing: Int, hidden: Int) {
        shownCount = shown
        hiddenCount = hidden
        self.shown = Proportion(successes: shownAgreeing, count: shown)
        self.hidden = Proportion(successes: hiddenAgreeing, count: hidden)
        if let a = self.shown, let b = self.hidden, shown >= Self.minimumGroupSize, hidden >= Self.minimumGroupSize {
            difference = ProportionDifference(a, minus: b)
        } else {
            difference = nil
        }
    }
}
