import Agreement

/// The model's output for one item.
public struct Prediction: Sendable, Equatable {
    /// Predicted category code.
    public var label: Int
    /// One probability per category, when the model gives them.
    public var probabilities: [Double]?

    public init(label: Int, probabilities: [Double]? = nil) {
        self.label = label
        self.probabilities = probabilities
    }
}

/// An item metadata column (language, source, channel…): one slice per distinct value.
/// The unit of its slices is the item.
public struct ItemDimension: Sendable, Equatable {
    public var name: String
    /// One value per item; `nil` leaves the item out of this dimension (and of every complement).
    public var values: [String?]

    public init(name: String, values: [String?]) {
        self.name = name
        self.values = values
    }
}

/// An annotator attribute (region, native language…): one slice per distinct value, made of
/// the labels given by the annotators that have it. The unit of its slices is the label.
public struct AnnotatorDimension: Sendable, Equatable {
    public var name: String
    /// One value per annotator (coder of the rating matrix); `nil` leaves that annotator's
    /// labels out of this dimension.
    public var values: [String?]

    public init(name: String, values: [String?]) {
        self.name = name
        self.values = values
    }
}

/// Everything the slice analysis reads: items with their annotators' labels, gold label,
/// model prediction and slice values. Item `i` is unit `i` of `ratings`.
public struct SliceData: Sendable {
    /// Category names; category code `c` is `labels[c]`.
    public let labels: [String]
    /// Annotator names; coder `a` of `ratings` is `annotators[a]`.
    public let annotators: [String]
    /// Each annotator's current label per item (items × annotators).
    public let ratings: RatingMatrix
    /// Gold label per item (adjudication or qualified majority), `nil` where there is none.
    public let gold: [Int?]
    /// Model prediction per item; `nil` as a whole when no model has run, per item where the
    /// run did not cover it. Model metrics are then absent, never zero.
    public let predictions: [Prediction?]?
    public let itemDimensions: [ItemDimension]
    public let annotatorDimensions: [AnnotatorDimension]

    public var itemCount: Int { ratings.unitCount }
    public var labelCount: Int { labels.count }

    public init(
        labels: [String],
        annotators: [String],
        ratings: RatingMatrix,
        gold: [Int?],
        predictions: [Prediction?]? = nil,
        itemDimensions: [ItemDimension] = [],
        annotatorDimensions: [AnnotatorDimension] = []
    ) throws(SlicesError) {
        let k = ratings.categoryCount
        let items = ratings.unitCount
        guard labels.count == k else { throw .labelCountMismatch(names: labels.count, categories: k) }
        guard annotators.count == ratings.coderCount else {
            throw .annotatorCountMismatch(names: annotators.count, coders: ratings.coderCount)
        }
        guard gold.count == items else { throw .countMismatch(what: "gold labels", expected: items, got: gold.count) }
        for (item, label) in gold.enumerated() {
            if let label, !(0..<k).contains(label) {
                throw .labelOutOfRange(what: "gold", item: item, label: label, labelCount: k)
            }
        }
        if let predictions {
            guard predictions.count == items else {
                throw .countMismatch(what: "predictions", expected: items, got: predictions.count)
            }
            for (item, prediction) in predictions.enumerated() {
                guard let prediction else { continue }
                guard (0..<k).contains(prediction.label) else {
                    throw .labelOutOfRange(what: "predicted", item: item, label: prediction.label, labelCount: k)
                }
                if let probabilities = prediction.probabilities {
                    guard probabilities.count == k else {
                        throw .invalidProbabilities(item: item, reason: "\(probabilities.count) values for \(k) labels")
                    }
                    guard probabilities.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
                        throw .invalidProbabilities(item: item, reason: "values must be finite and not negative")
                    }
                }
            }
        }
        var names = Set<String>()
        for dimension in itemDimensions {
            guard names.insert(dimension.name).inserted else { throw .duplicateDimension(name: dimension.name) }
            guard dimension.values.count == items else {
                throw .countMismatch(what: "values of \(dimension.name)", expected: items, got: dimension.values.count)
            }
        }
        for dimension in annotatorDimensions {
            guard names.insert(dimension.name).inserted else { throw .duplicateDimension(name: dimension.name) }
            guard dimension.values.count == ratings.coderCount else {
                throw .countMismatch(
                    what: "values of \(dimension.name)", expected: ratings.coderCount, got: dimension.values.count)
            }
        }
        self.labels = labels
        self.annotators = annotators
        self.ratings = ratings
        self.gold = gold
        self.predictions = predictions
        self.itemDimensions = itemDimensions
        self.annotatorDimensions = annotatorDimensions
    }
}
