/// One slice's one-vs-rest counts for one label.
struct GroupCounts: Sendable {
    let name: String
    /// Units with a prediction, and those predicted as the label.
    let units: Double
    let selected: Double
    /// Units with a prediction and gold; gold positives and negatives among them; predicted
    /// positive among each.
    let scored: Double
    let positives: Double
    let truePositives: Double
    let negatives: Double
    let falsePositives: Double

    init(name: String, sums: UnsafeBufferPointer<Double>, layout: SumLayout, source: Int, label c: Int) {
        let k = layout.k
        let predicted = layout.predicted(source)
        let confusion = layout.confusion(source)
        var units = 0.0
        var scored = 0.0
        var positives = 0.0
        var selectedScored = 0.0
        for j in 0..<k {
            units += sums[predicted + j]
            positives += sums[confusion + c * k + j]
            selectedScored += sums[confusion + j * k + c]
            for g in 0..<k { scored += sums[confusion + g * k + j] }
        }
        self.name = name
        self.units = units
        selected = sums[predicted + c]
        self.scored = scored
        self.positives = positives
        truePositives = sums[confusion + c * k + c]
        negatives = scored - positives
        falsePositives = selectedScored - truePositives
    }
}

extension LabelGap {
    /// fairlearn's gaps for one label across groups (see `LabelGap`); `nil` when no group has
    /// a predicted unit.
    init?(label: Int, groups: [GroupCounts]) {
        let predicting = groups.filter { $0.units > 0 }
        guard !predicting.isEmpty else { return nil }
        let selection = predicting.map { $0.selected / $0.units }
        let (dpDifference, dpRatio) = Self.spread(selection)
        let scored = groups.filter { $0.scored > 0 }
        // sklearn's confusion_matrix(normalize="true") turns an empty row's 0/0 into 0.
        let tpr = scored.map { $0.positives > 0 ? $0.truePositives / $0.positives : 0 }
        let fpr = scored.map { $0.negatives > 0 ? $0.falsePositives / $0.negatives : 0 }
        self.label = label
        demographicParityDifference = dpDifference
        demographicParityRatio = dpRatio
        if scored.isEmpty {
            equalizedOddsDifference = nil
            equalizedOddsRatio = nil
        } else {
            let (tprDifference, tprRatio) = Self.spread(tpr)
            let (fprDifference, fprRatio) = Self.spread(fpr)
            equalizedOddsDifference = max(tprDifference, fprDifference)
            // Python's min(tpr_ratio, fpr_ratio): NaN first propagates, NaN second is skipped.
            if let tprRatio {
                equalizedOddsRatio = fprRatio.map { $0 < tprRatio ? $0 : tprRatio } ?? tprRatio
            } else {
                equalizedOddsRatio = nil
            }
        }
        slicesWithoutPositives = scored.filter { $0.positives == 0 }.map(\.name)
        slicesWithoutNegatives = scored.filter { $0.negatives == 0 }.map(\.name)
    }

    /// max − min, and min / max (`nil` for 0/0, as pandas gives NaN).
    private static func spread(_ values: [Double]) -> (Double, Double?) {
        guard let low = values.min(), let high = values.max() else { return (0, nil) }
        return (high - low, high > 0 ? low / high : nil)
    }
}
