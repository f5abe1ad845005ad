/// Equalized-odds post-processing of a binary score, as fairlearn's `ThresholdOptimizer(
/// constraints="equalized_odds", objective="accuracy_score", grid_size=1000, flip=False)`
/// fits it (Hardt, Price & Srebro, 2016): per group, the ROC curve of the score over every
/// threshold and its upper convex hull; the overlap of the groups' hulls (the lowest TPR at each
/// FPR of a grid); the grid point with the best accuracy; then each group reaches that point by
/// mixing two thresholds of its hull, and, if its hull lies above the point, a constant
/// prediction. The result is a probability of deciding "positive" for each item.
public struct EqualizedOdds: Sendable, Equatable, Codable {
    /// How one group decides: P(positive) = pIgnore·constant + (1 − pIgnore)·(p0·[s > t0] + p1·[s > t1]).
    public struct Rule: Sendable, Equatable, Codable {
        public var threshold0: Double
        public var p0: Double
        public var threshold1: Double
        public var p1: Double
        public var pIgnore: Double
        public var constant: Double

        public func positiveProbability(_ score: Double) -> Double {
            let interpolated = p0 * (score > threshold0 ? 1 : 0) + p1 * (score > threshold1 ? 1 : 0)
            return pIgnore * constant + (1 - pIgnore) * interpolated
        }
    }

    public var rules: [String: Rule]
    /// The operating point every group reaches: false and true positive rate.
    public var falsePositiveRate: Double
    public var truePositiveRate: Double
    public static let gridSize = 1_000

    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// fairlearn's "degenerate labels": a group needs both positives and negatives.
        case degenerateGroup(String)
        case empty

        public var description: String {
            switch self {
            case .degenerateGroup(let group): return "group '\(group)' has only positives or only negatives: its ROC curve is undefined"
            case .empty: return "no items to fit on"
            }
        }
    }

    /// A point of a group's ROC curve and the threshold that gives it (decide positive above it).
    struct Point { var x: Double, y: Double, threshold: Double }

    public init(scores: [Double], labels: [Bool], groups: [String]) throws {
        precondition(scores.count == labels.count && labels.count == groups.count, "one score, label and group per item")
        guard !scores.isEmpty else { throw Failure.empty }
        let grid = (0...Self.gridSize).map { $0 == Self.gridSize ? 1.0 : Double($0) * (1.0 / Double(Self.gridSize)) }
        var curves: [String: [(y: Double, p0: Double, t0: Double, p1: Double, t1: Double)]] = [:]
        for group in Array(Set(groups)).sorted() {
            let members = groups.indices.filter { groups[$0] == group }
            let hull = Self.upperHull(try Self.rocPoints(scores: members.map { scores[$0] }, labels: members.map { labels[$0] }, group: group))
            curves[group] = Self.interpolate(hull, at: grid)
        }
        let n = Double(labels.count), positives = Double(labels.filter { $0 }.count), negatives = n - positives
        var best = 0
        var bestValue = -Double.infinity
        var yMin = [Double](repeating: 0, count: grid.count)
        for (index, x) in grid.enumerated() {
            yMin[index] = curves.values.map { $0[index].y }.min() ?? 0
            let accuracy = (positives * yMin[index] + negatives * (1 - x)) / n
            // numpy.around(…, 15), then the first maximum (pandas idxmax).
            let rounded = (accuracy * 1e15).rounded(.toNearestOrEven) / 1e15
            if rounded > bestValue {
                bestValue = rounded
                best = index
            }
        }
        falsePositiveRate = grid[best]
        truePositiveRate = yMin[best]
        var rules: [String: Rule] = [:]
        for (group, curve) in curves {
            let point = curve[best]
            let pIgnore = point.y == grid[best] ? 0 : (point.y - truePositiveRate) / (point.y - grid[best])
            rules[group] = Rule(threshold0: point.t0, p0: point.p0, threshold1: point.t1, p1: point.p1, pIgnore: pIgnore,
                                constant: falsePositiveRate)
        }
        self.rules = rules
    }

    /// P(decide positive) for an item of `group` (nil for a group the rules were not fitted on).
    public func positiveProbability(score: Double, group: String) -> Double? {
        rules[group]?.positiveProbability(score)
    }

    /// The ROC points of every threshold, from "nobody positive" (threshold +∞) down.
    static func rocPoints(scores: [Double], labels: [Bool], group: String) throws -> [Point] {
        let positives = labels.filter { $0 }.count, negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { throw Failure.degenerateGroup(group) }
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        let sorted = order.map { scores[$0] } + [-Double.infinity]
        var points = [Point(x: 0, y: 0, threshold: .infinity)]
        var falsePositives = 0, truePositives = 0
        var i = 0
        while i < order.count {
            let threshold = sorted[i]
            while i < order.count && sorted[i] == threshold {
                if labels[order[i]] { truePositives += 1 } else { falsePositives += 1 }
                i += 1
            }
            points.append(Point(x: Double(falsePositives) / Double(negatives), y: Double(truePositives) / Double(positives),
                                threshold: (threshold + sorted[i]) / 2))
        }
        return points
    }

    /// Andrew's monotone chain, upper hull, on points sorted by x then y (as fairlearn filters them).
    static func upperHull(_ points: [Point]) -> [Point] {
        var hull: [Point] = []
        for r2 in points {
            while hull.count >= 2 {
                let r1 = hull[hull.count - 1], r0 = hull[hull.count - 2]
                if (r1.y - r0.y) * (r2.x - r0.x) <= (r2.y - r0.y) * (r1.x - r0.x) { hull.removeLast() } else { break }
            }
            hull.append(r2)
        }
        return hull
    }

    /// The hull's y at each grid x, as the mix of its two neighbouring points (fairlearn's
    /// `_interpolate_curve`: x[i] < grid ≤ x[i + 1], the first grid point at x[0]).
    static func interpolate(_ hull: [Point], at grid: [Double]) -> [(y: Double, p0: Double, t0: Double, p1: Double, t1: Double)] {
        grid.enumerated().map { position, x in
            // numpy.searchsorted(side="right") − 1, stepped back where the grid point equals a hull x.
            var index = (hull.lastIndex { $0.x <= x } ?? 0)
            if position > 0 && hull[index].x == x { index -= 1 }
            index = min(max(0, index), hull.count - 2)
            let left = hull[index], right = hull[index + 1]
            let p0 = (right.x - x) / (right.x - left.x)
            let p1 = 1 - p0
            return (p0 * left.y + p1 * right.y, p0, left.threshold, p1, right.threshold)
        }
    }
}
