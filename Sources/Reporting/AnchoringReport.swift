import Agreement
import AnnotationStore

/// The anchoring measurement as `opine agreement` and `opine stats` report it: how often the
/// annotators' current labels equal the model's prediction when it was shown and when it was
/// held back, overall and per annotator.
public struct AnchoringReport: Encodable, Sendable {
    public struct Group: Encodable, Sendable {
        public var labels: Int
        public var agreeWithModel: Int
        /// The share agreeing with the model, nil without labels.
        public var rate: Double?
        public var ci95: [Double]?

        init(_ proportion: Proportion?, count: Int) {
            labels = count
            agreeWithModel = proportion?.successes ?? 0
            rate = proportion?.value
            ci95 = proportion.map { [$0.lower, $0.upper] }
        }
    }

    public struct Difference: Encodable, Sendable {
        /// shown − hidden.
        public var value: Double
        /// Newcombe's hybrid score interval (his method 10).
        public var ci95: [Double]
    }

    public struct PerAnnotator: Encodable, Sendable {
        public var annotator: String
        public var shown: Group
        public var hidden: Group
    }

    public var shown: Group
    public var hidden: Group
    public var difference: Difference?
    /// Labels per group needed before the difference is reported.
    public var minimumGroupSize: Int
    /// What the numbers allow one to say, in a sentence.
    public var note: String
    public var perAnnotator: [PerAnnotator]

    public init(_ labels: [ExposedLabel]) {
        func observations(_ labels: [ExposedLabel]) -> [Anchoring.Observation] {
            labels.map { Anchoring.Observation(agreesWithModel: $0.label == $0.exposure.predictedLabel, predictionShown: $0.exposure.shown) }
        }
        let overall = Anchoring(observations(labels))
        shown = Group(overall.shown, count: overall.shownCount)
        hidden = Group(overall.hidden, count: overall.hiddenCount)
        difference = overall.difference.map { Difference(value: $0.value, ci95: [$0.lower, $0.upper]) }
        minimumGroupSize = Anchoring.minimumGroupSize
        note = Self.note(overall)
        var byAnnotator: [String: [ExposedLabel]] = [:]
        for label in labels { byAnnotator[label.annotator, default: []].append(label) }
        perAnnotator = byAnnotator.keys.sorted().map { name in
            let anchoring = Anchoring(observations(byAnnotator[name] ?? []))
            return PerAnnotator(annotator: name, shown: Group(anchoring.shown, count: anchoring.shownCount),
                                hidden: Group(anchoring.hidden, count: anchoring.hiddenCount))
        }
    }

    static func note(_ anchoring: Anchoring) -> String {
        let minimum = Anchoring.minimumGroupSize
        if anchoring.shownCount == 0 && anchoring.hiddenCount == 0 {
            return "no labels with a model prediction yet: train a model (opine train), then label on the annotate screen"
        }
        var thin: [String] = []
        if anchoring.shownCount < minimum { thin.append("shown") }
        if anchoring.hiddenCount < minimum { thin.append("hidden") }
        if !thin.isEmpty {
            return "not enough \(thin.joined(separator: " or ")) labels yet (n < \(minimum)) to compare"
        }
        guard let difference = anchoring.difference else { return "" }
        if difference.lower > 0 {
            return "annotators agree with the model more when its prediction is shown: a sign of anchoring"
        }
        if difference.upper < 0 {
            return "annotators agree with the model less when its prediction is shown"
        }
        return "no difference beyond chance between shown and hidden predictions"
    }
}
