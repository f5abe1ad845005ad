import LinearAlgebra

/// An item whose given label the model strongly doubts.
public struct SuspectLabel: Sendable, Codable, Equatable {
    /// Row index in the probabilities the suspects were found from.
    public let item: Int
    public let givenLabel: Int
    /// The model's most probable class (never the given label).
    public let proposedLabel: Int
    /// Self-confidence, the out-of-fold probability of the given label: lower is more suspect.
    public let score: Double
}

/// Confident learning (Northcutt, Jiang & Chuang, JAIR 70, 2021), ported from cleanlab 2.x
/// `cleanlab.filter.find_label_issues` with its defaults: `filter_by="prune_by_noise_rate"`,
/// `frac_noise=1`, `min_examples_per_class=1`, `return_indices_ranked_by="self_confidence"`.
///
/// 1. Per-class threshold tₖ = mean out-of-fold probability of class k over items labelled k.
/// 2. Confident joint C[given][guess]: an item's guess is the class whose probability reaches
///    its threshold (the most probable of several); items reaching none are left out. The
///    diagonal is at least 1; rows are rescaled to the label counts and the whole to n,
///    then rounded keeping row totals.
/// 3. For each given class k and other class j, flag the C[k][j] items labelled k with the
///    largest p(j) − p(k) (prune by noise rate), keeping at least one item per class.
/// 4. Drop flags where the given label is (within 1e-6) the most probable class.
/// 5. Rank by self-confidence, lowest first.
///
/// We chose this over the simpler `confident_learning` filter because it is cleanlab's
/// default, so "what cleanlab finds" means this. Ties in steps 3 and 5 break by item index
/// (numpy's sort leaves them unspecified).
public enum ConfidentLearning {
    /// cleanlab's `FLOATING_POINT_COMPARISON`.
    static let comparisonSlack = 1e-6
    /// cleanlab's `CONFIDENT_THRESHOLDS_LOWER_BOUND`.
    static let thresholdFloor = 2e-6
    /// cleanlab's threshold for a class nobody is labelled with: unreachable.
    static let absentClassThreshold = 2.0

    /// Mean self-confidence per class (tₖ), floored at 2·10⁻⁶.
    public static func thresholds(labels: [Int], probabilities: Matrix) -> [Double] {
        let k = probabilities.columns
        var sums = [Double](repeating: 0, count: k)
        var counts = [Int](repeating: 0, count: k)
        for (i, label) in labels.enumerated() {
            sums[label] += Double(probabilities[i, label])
            counts[label] += 1
        }
        return (0..<k).map { c in
            counts[c] == 0 ? absentClassThreshold : max(sums[c] / Double(counts[c]), thresholdFloor)
        }
    }

    /// The confident joint `C[given][guess]`, calibrated as cleanlab's
    /// `compute_confident_joint(calibrate=True)` does unless `calibrate` is false.
    public static func confidentJoint(labels: [Int], probabilities: Matrix, calibrate: Bool = true) -> [[Int]] {
        let k = probabilities.columns
        let threshold = thresholds(labels: labels, probabilities: probabilities)
        var joint = [[Int]](repeating: [Int](repeating: 0, count: k), count: k)
        for (i, label) in labels.enumerated() {
            var confident: [Int] = []
            for c in 0..<k where Double(probabilities[i, c]) >= threshold[c] - comparisonSlack { confident.append(c) }
            guard let first = confident.first else { continue }
            let guess = confident.count > 1 ? firstMaximum(probabilities, row: i) : first
            joint[label][guess] += 1
        }
        for c in 0..<k { joint[c][c] = max(joint[c][c], 1) }
        guard calibrate else { return joint }

        var labelCounts = [Double](repeating: 0, count: k)
        for label in labels { labelCounts[label] += 1 }
        // Rows to the label counts, then the whole to n (cleanlab's order of operations).
        var calibrated = joint.enumerated().map { given, row -> [Double] in
            let total = max(Double(row.reduce(0, +)), 1e-100)
            return row.map { Double($0) / total * labelCounts[given] }
        }
        let grandTotal = max(calibrated.reduce(0) { $0 + $1.reduce(0, +) }, 1e-100)
        calibrated = calibrated.map { row in row.map { $0 / grandTotal * Double(labels.count) } }
        return calibrated.map(roundPreservingSum)
    }

    /// Suspect labels, most suspect first. `probabilities` must be out-of-fold (each row
    /// predicted by a model that did not train on it), one row per label.
    public static func findSuspects(labels: [Int], probabilities: Matrix, minimumItemsPerClass: Int = 1) throws -> [SuspectLabel] {
        let k = probabilities.columns
        guard probabilities.rows == labels.count else {
            throw ClassificationError.dimensionMismatch(what: "labels (one per probability row)", expected: probabilities.rows, got: labels.count)
        }
        guard !labels.isEmpty else { throw ClassificationError.noItems }
        guard k >= 2 else { throw ClassificationError.tooFewClasses(found: k) }
        for (row, label) in labels.enumerated() where !(0..<k).contains(label) {
            throw ClassificationError.labelOutOfRange(row: row, label: label, classCount: k)
        }
        try LogisticRegression.checkFinite(probabilities)

        let joint = confidentJoint(labels: labels, probabilities: probabilities)
        let prune = pruneCounts(joint: joint, minimumPerClass: minimumItemsPerClass)
        var flagged = [Bool](repeating: false, count: labels.count)
        for given in 0..<k {
            let members = labels.indices.filter { labels[$0] == given }
            guard members.count > minimumItemsPerClass else { continue }
            for other in 0..<k where other != given && prune[other][given] > 0 {
                let margin = members.map { Double(probabilities[$0, other]) - Double(probabilities[$0, given]) }
                let order = members.indices.sorted { a, b in
                    margin[a] != margin[b] ? margin[a] > margin[b] : members[a] < members[b]
                }
                for position in order.prefix(prune[other][given]) { flagged[members[position]] = true }
            }
        }

        var suspects: [SuspectLabel] = []
        for (i, label) in labels.enumerated() where flagged[i] {
            // Not suspect if the given label is the prediction (to within the slack).
            var bestOther = -Double.infinity
            var bestClass = label
            for c in 0..<k {
                let p = Double(probabilities[i, c]) + (c == label ? comparisonSlack : 0)
                if p > bestOther { bestOther = p; bestClass = c }
            }
            guard bestClass != label else { continue }
            suspects.append(SuspectLabel(item: i, givenLabel: label, proposedLabel: firstMaximum(probabilities, row: i),
                                         score: Double(probabilities[i, label])))
        }
        return suspects.sorted { $0.score != $1.score ? $0.score < $1.score : $0.item < $1.item }
    }

    /// cleanlab's `_keep_at_least_n_per_class` on the transposed joint, with `frac_noise = 1`:
    /// `result[guess][given]` is how many items labelled `given` to flag as really `guess`.
    static func pruneCounts(joint: [[Int]], minimumPerClass: Int) -> [[Int]] {
        let k = joint.count
        // m[j][c] = joint[c][j]
        let m = (0..<k).map { j in (0..<k).map { c in Double(joint[c][j]) } }
        var result = [[Int]](repeating: [Int](repeating: 0, count: k), count: k)
        for c in 0..<k {
            let diagonal = m[c][c]
            let raised = max(diagonal, Double(minimumPerClass))
            let nonZero = (0..<k).filter { m[$0][c] != 0 }.count
            let share = (raised - diagonal) / max(Double(nonZero) - 1, 1)
            for j in 0..<k {
                // Counts are truncated to integers, as numpy's astype(int) does.
                result[j][c] = j == c ? Int(raised) : Int(max(m[j][c] - share, 0))
            }
        }
        return result
    }

    /// cleanlab's `round_preserving_sum`: round half to even, then move the rounding error
    /// onto the entries with the largest (or smallest) remainders.
    static func roundPreservingSum(_ values: [Double]) -> [Int] {
        var ints = values.map { $0.rounded(.toNearestOrEven) }
        let target = values.reduce(0, +).rounded(.toNearestOrEven)
        var current = ints.reduce(0, +).rounded(.toNearestOrEven)
        while abs(current - target) > comparisonSlack {
            let difference = (target - current).rounded(.toNearestOrEven)
            let increment: Double = difference < 0 ? -1 : 1
            let changes = min(Int(abs(difference)), values.count)
            let remainders = zip(values, ints).map { $0 - $1 }
            // numpy: argsort (stable for these short rows), reversed when adding.
            let ascending = remainders.indices.sorted { remainders[$0] != remainders[$1] ? remainders[$0] < remainders[$1] : $0 < $1 }
            let chosen = increment > 0 ? Array(ascending.reversed().prefix(changes)) : Array(ascending.prefix(changes))
            for index in chosen { ints[index] += increment }
            current = ints.reduce(0, +).rounded(.toNearestOrEven)
        }
        return ints.map { Int($0) }
    }

    private static func firstMaximum(_ probabilities: Matrix, row: Int) -> Int {
        var best = 0
        for c in 1..<probabilities.columns where probabilities[row, c] > probabilities[row, best] { best = c }
        return best
    }
}
