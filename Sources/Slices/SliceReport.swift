/// A percentile bootstrap interval (numpy's default linear interpolation).
public struct Interval: Sendable, Equatable, Codable {
    public let lower: Double
    public let upper: Double
    /// Draws on which the quantity was defined; the interval is taken over these.
    public let validDraws: Int

    /// Whether the interval lies entirely on one side of zero.
    public var excludesZero: Bool { lower > 0 || upper < 0 }
}

/// A point estimate with its bootstrap interval (`nil` without draws, for a too-small slice, or
/// when no draw defined it).
public struct Estimate: Sendable, Equatable, Codable {
    public let value: Double
    public let interval: Interval?
}

/// Whether a dimension slices items or labels.
public enum DimensionKind: String, Sendable, Codable {
    /// An item metadata column; the unit is the item.
    case item
    /// An annotator attribute; the unit is a label, in the slice of its annotator's value.
    case annotator
}

/// Predictions (the model's, or the annotators' labels taken as predictions) scored against
/// gold. Per-label arrays are indexed by category code, like `SliceAnalysis.labels`.
public struct ClassificationSummary: Sendable, Equatable, Codable {
    /// Units with a prediction.
    public let units: Int
    /// Units with a prediction and a gold label (accuracy, F1, TPR and FPR are over these).
    public let scoredUnits: Int
    /// Units predicted as each label.
    public let counts: [Int]
    /// Share of units predicted as each label (fairlearn's `selection_rate` one-vs-rest).
    /// For annotator labels this is the label distribution.
    public let selectionRate: [Estimate]
    /// scikit-learn's `accuracy_score`; `nil` without scored units.
    public let accuracy: Estimate?
    /// scikit-learn's `f1_score(average="macro")`: the mean F1 over the labels that occur
    /// among the scored units' gold or predicted labels.
    public let macroF1: Estimate?
    /// Per label, one-vs-rest: predicted c among gold c; `nil` when no scored unit has gold c.
    public let truePositiveRate: [Estimate?]
    /// Per label, one-vs-rest: predicted c among gold ≠ c; `nil` when every scored unit has gold c.
    public let falsePositiveRate: [Estimate?]
}

/// Agreement between the annotators within a slice (for an annotator slice, between the
/// annotators of that group only).
public struct AgreementSummary: Sendable, Equatable, Codable {
    /// Items with at least two labels in the slice.
    public let pairableItems: Int
    /// As `AgreementStatistics.percentAgreement`.
    public let percentAgreement: Estimate?
    /// As `AgreementStatistics.krippendorffAlpha[options.alphaLevel]`.
    public let krippendorffAlpha: Estimate?
}

/// One value of one dimension.
public struct SliceSummary: Sendable, Equatable, Codable {
    public let value: String
    /// Items in the slice (for an annotator slice: items labelled by its annotators).
    public let items: Int
    /// Annotator labels in the slice.
    public let labels: Int
    /// The annotators of an annotator slice; `nil` for item slices.
    public let annotators: [String]?
    /// Fewer than `minimumSliceSize` items: no intervals, not ranked, not in the gaps.
    public let tooSmall: Bool
    public let agreement: AgreementSummary
    /// The annotators' labels as predictions: `selectionRate` is the label distribution,
    /// the rest scores the labels against gold. `nil` when the slice has no labels.
    public let annotatorLabels: ClassificationSummary?
    /// The model against gold. For an annotator slice each label counts the model's prediction
    /// of its item once. `nil` when no unit in the slice has a prediction.
    public let model: ClassificationSummary?
    /// Mean predicted probability of each label over the units with probabilities (no interval).
    public let meanProbabilities: [Double]?
}

/// Fairness gaps for one label taken as the positive class (one-vs-rest), across the slices
/// of a dimension, with fairlearn's definitions (`method="between_groups"`,
/// `agg="worst_case"`).
///
/// Degenerate slices are handled exactly as fairlearn 0.15 does, since fairlearn computes the
/// rates through scikit-learn's row-normalised confusion matrix, which turns 0/0 into 0:
/// - a slice with no gold positives for the label has TPR 0 in the gaps (and no negatives:
///   FPR 0), though `ClassificationSummary` reports those rates as undefined; such slices are
///   listed in `slicesWithoutPositives` / `slicesWithoutNegatives`;
/// - a ratio is min / max, undefined (`nil`) when the max is 0;
/// - the equalized odds ratio is Python's `min(tpr_ratio, fpr_ratio)`: `nil` when the TPR
///   ratio is undefined, the TPR ratio when only the FPR ratio is undefined;
/// - with a single slice every difference is 0 and every defined ratio 1.
public struct LabelGap: Sendable, Equatable, Codable {
    public let label: Int
    /// max − min selection rate (`demographic_parity_difference`).
    public let demographicParityDifference: Double
    /// min / max selection rate (`demographic_parity_ratio`).
    public let demographicParityRatio: Double?
    /// max(TPR max − min, FPR max − min) (`equalized_odds_difference`); `nil` when no slice
    /// has scored units.
    public let equalizedOddsDifference: Double?
    /// min(TPR ratio, FPR ratio) (`equalized_odds_ratio`).
    public let equalizedOddsRatio: Double?
    public let slicesWithoutPositives: [String]
    public let slicesWithoutNegatives: [String]
}

/// The gaps of one kind of prediction across a dimension's slices.
public struct GapSummary: Sendable, Equatable, Codable {
    /// Slices compared for demographic parity: not too small, with predicted units. Equalized
    /// odds compares those of them with scored units.
    public let slices: [String]
    /// One entry per label.
    public let labels: [LabelGap]
}

/// Gaps across the slices of one dimension.
public struct DimensionGaps: Sendable, Equatable, Codable {
    /// `nil` when no compared slice has model predictions.
    public let model: GapSummary?
    /// `nil` when no compared slice has labels.
    public let annotatorLabels: GapSummary?
}

/// One slicing dimension.
public struct DimensionAnalysis: Sendable, Equatable, Codable {
    public let name: String
    public let kind: DimensionKind
    /// Items that have a value in this dimension (for annotator dimensions: a label from an
    /// annotator with a value).
    public let items: Int
    /// Sorted by value.
    public let slices: [SliceSummary]
    public let gaps: DimensionGaps

    public func slice(_ value: String) -> SliceSummary? { slices.first { $0.value == value } }
}

/// A metric that slices are ranked on.
public struct SliceMetric: Sendable, Hashable, Codable {
    public enum Source: String, Sendable, Codable {
        case model, annotatorLabels, agreement
    }

    public enum Name: String, Sendable, Codable {
        case accuracy, macroF1, selectionRate, percentAgreement, krippendorffAlpha
    }

    public let source: Source
    public let name: Name
    /// The label of a selection rate.
    public let label: Int?

    public init(source: Source, name: Name, label: Int? = nil) {
        self.source = source
        self.name = name
        self.label = label
    }

    /// "model accuracy", "annotatorLabels selection rate of positive", …
    public func describe(labels: [String]) -> String {
        let what: String
        switch name {
        case .accuracy: what = "accuracy"
        case .macroF1: what = "macro-F1"
        case .percentAgreement: what = "percent agreement"
        case .krippendorffAlpha: what = "Krippendorff's alpha"
        case .selectionRate:
            let name = label.flatMap { labels.indices.contains($0) ? labels[$0] : nil } ?? "?"
            what = source == .annotatorLabels ? "share of \(name) labels" : "rate of \(name) predictions"
        }
        switch source {
        case .model: return "model \(what)"
        case .annotatorLabels: return name == .selectionRate ? what : "annotator \(what) against gold"
        case .agreement: return what
        }
    }
}

/// A slice whose metric differs from the rest of its dimension (the complement) by more than
/// chance: the bootstrap interval of slice − complement excludes 0.
public struct SliceFinding: Sendable, Equatable, Codable {
    public let dimension: String
    public let slice: String
    public let items: Int
    public let metric: SliceMetric
    public let sliceValue: Double
    public let complementValue: Double
    /// sliceValue − complementValue.
    public let difference: Double
    public let differenceInterval: Interval
}

/// A slice left out of ranking and gaps.
public struct SliceReference: Sendable, Equatable, Codable {
    public let dimension: String
    public let slice: String
    public let items: Int
}
