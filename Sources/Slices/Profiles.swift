/// Where each additive quantity of a cell (a slice or a complement) lives in its sums vector.
///
/// Every slice metric is a function of these sums, and each sum adds up over the cell's units,
/// so a bootstrap draw only has to count how often each distinct unit profile was drawn.
/// Sources: 0 = the model, 1 = the annotators' labels taken as predictions.
struct SumLayout: Sendable {
    let k: Int

    /// Items in the cell.
    var items: Int { 0 }
    /// Units predicted as each label (k).
    func predicted(_ source: Int) -> Int { 1 + source * (k + k * k) }
    /// gold × predicted counts over units with both (k × k, row-major).
    func confusion(_ source: Int) -> Int { predicted(source) + k }
    /// Items with ≥ 2 labels.
    var pairable: Int { 1 + 2 * (k + k * k) }
    /// Σ over pairable items of their share of agreeing label pairs.
    var agreeing: Int { pairable + 1 }
    /// Krippendorff's coincidences o_cd = Σ n_c(n_d − δ_cd) / (m − 1) (k × k).
    var coincidences: Int { pairable + 2 }
    var count: Int { coincidences + k * k }
}

/// Where each metric lives in an evaluated vector (NaN where undefined).
struct MetricLayout: Sendable {
    let k: Int

    var perSource: Int { 2 + 3 * k }
    func accuracy(_ source: Int) -> Int { source * perSource }
    func macroF1(_ source: Int) -> Int { source * perSource + 1 }
    func selectionRate(_ source: Int, _ label: Int) -> Int { source * perSource + 2 + label }
    func truePositiveRate(_ source: Int, _ label: Int) -> Int { source * perSource + 2 + k + label }
    func falsePositiveRate(_ source: Int, _ label: Int) -> Int { source * perSource + 2 + 2 * k + label }
    var percentAgreement: Int { 2 * perSource }
    var alpha: Int { 2 * perSource + 1 }
    var count: Int { 2 * perSource + 2 }

    func index(of metric: SliceMetric) -> Int {
        let source = metric.source == .model ? 0 : 1
        switch metric.name {
        case .accuracy: return accuracy(source)
        case .macroF1: return macroF1(source)
        case .selectionRate: return selectionRate(source, metric.label ?? 0)
        case .percentAgreement: return percentAgreement
        case .krippendorffAlpha: return alpha
        }
    }
}

/// Distinct unit profiles — (gold, prediction, label count per category) — and their sums
/// vectors. Everything a cell reports depends on its items only through these, and few
/// distinct profiles exist (3 labels, 5 annotators: a few hundred), so a draw costs one
/// counter increment per drawn item plus a pass over the profiles.
struct ProfileTable {
    let layout: SumLayout
    /// Model units per item: 1 for item slices, the item's labels in the cell for annotator
    /// slices (whose unit is the label).
    let modelUnitsAreLabels: Bool
    private(set) var vectors: [Double] = []
    private(set) var count = 0
    /// Keys packed into one Int when they fit (the common case), else the key digits.
    private let radix: Int
    private let packs: Bool
    private var packedIndex: [Int: Int32] = [:]
    private var digitIndex: [[Int]: Int32] = [:]

    init(layout: SumLayout, coders: Int, modelUnitsAreLabels: Bool) {
        self.layout = layout
        self.modelUnitsAreLabels = modelUnitsAreLabels
        radix = coders + 1
        var capacity = (layout.k + 1) * (layout.k + 1)
        var fits = true
        for _ in 0..<layout.k {
            let (product, overflow) = capacity.multipliedReportingOverflow(by: radix)
            if overflow { fits = false; break }
            capacity = product
        }
        packs = fits
    }

    /// Index of the profile, adding it on first sight. `counts[c]` labels in category c.
    mutating func index(gold: Int?, predicted: Int?, counts: [Int]) -> Int32 {
        let head = (gold.map { $0 + 1 } ?? 0) * (layout.k + 1) + (predicted.map { $0 + 1 } ?? 0)
        if packs {
            var key = head
            for c in counts { key = key * radix + c }
            if let index = packedIndex[key] { return index }
            let index = append(gold: gold, predicted: predicted, counts: counts)
            packedIndex[key] = index
            return index
        }
        let key = [head] + counts
        if let index = digitIndex[key] { return index }
        let index = append(gold: gold, predicted: predicted, counts: counts)
        digitIndex[key] = index
        return index
    }

    private mutating func append(gold: Int?, predicted: Int?, counts: [Int]) -> Int32 {
        let k = layout.k
        var vector = [Double](repeating: 0, count: layout.count)
        let m = counts.reduce(0, +)
        vector[layout.items] = 1
        let modelUnits = Double(modelUnitsAreLabels ? m : 1)
        if let predicted {
            vector[layout.predicted(0) + predicted] += modelUnits
            if let gold { vector[layout.confusion(0) + gold * k + predicted] += modelUnits }
        }
        for c in 0..<k where counts[c] > 0 {
            vector[layout.predicted(1) + c] = Double(counts[c])
            if let gold { vector[layout.confusion(1) + gold * k + c] = Double(counts[c]) }
        }
        if m >= 2 {
            // The same per-unit terms as Agreement's Tally, so slice agreement equals
            // AgreementStatistics on the slice.
            let others = Double(m - 1)
            var agreeingPairs = 0
            for c in 0..<k where counts[c] > 0 {
                agreeingPairs += counts[c] * (counts[c] - 1)
                for d in 0..<k {
                    let products = c == d ? counts[c] * (counts[c] - 1) : counts[c] * counts[d]
                    if products > 0 { vector[layout.coincidences + c * k + d] = Double(products) / others }
                }
            }
            vector[layout.pairable] = 1
            vector[layout.agreeing] = Double(agreeingPairs) / (Double(m) * others)
        }
        vectors.append(contentsOf: vector)
        count += 1
        return Int32(count - 1)
    }
}
