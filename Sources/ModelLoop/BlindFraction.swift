import AnnotationStore
import Digest

/// The share of items shown without the model's prediction, so anchoring can be measured.
/// Chosen by a hash of the annotator and the item: random across items, the same each time
/// the annotator meets the item, so a revisit cannot reveal what was hidden.
public struct BlindFraction: Sendable, Equatable {
    public var fraction: Double

    public init(_ fraction: Double) {
        self.fraction = fraction
    }

    /// Whether `annotator` sees `item` without the prediction.
    public func hides(item: String, from annotator: String) -> Bool {
        StableHash.unitInterval(StableHash.of("blind:\(annotator):\(item)")) < fraction
    }

    /// What the annotator's label on `item` records of the model: its run, its label, and
    /// whether it was shown.
    public func exposure(item: String, annotator: String, probabilities: [Float], of predictions: ModelPredictions) -> ModelExposure {
        ModelExposure(run: predictions.run, predictedLabel: predictions.predictedLabel(probabilities),
                      shown: !hides(item: item, from: annotator))
    }
}
