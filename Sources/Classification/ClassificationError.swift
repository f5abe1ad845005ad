/// Everything that can go wrong before or while training and evaluating the head.
///
/// Classes are named by index: the caller maps them to its label names.
public enum ClassificationError: Error, CustomStringConvertible, Equatable, Sendable {
    /// One class lacking items: how many it has and the minimum it needs.
    public struct Shortfall: Sendable, Equatable, Codable {
        public let classIndex: Int
        public let count: Int
        public let minimum: Int

        public init(classIndex: Int, count: Int, minimum: Int) {
            self.classIndex = classIndex
            self.count = count
            self.minimum = minimum
        }
    }

    /// No rows at all.
    case noItems
    /// Labelled items come from fewer than two classes.
    case tooFewClasses(found: Int)
    /// Some classes have fewer labelled items than the minimum.
    case tooFewItems([Shortfall])
    /// A feature is NaN or infinite.
    case nonFiniteFeature(row: Int, column: Int)
    /// Sizes that should agree do not (`what` names the thing that disagrees).
    case dimensionMismatch(what: String, expected: Int, got: Int)
    /// A label outside `0..<classCount`.
    case labelOutOfRange(row: Int, label: Int, classCount: Int)
    /// A parameter outside its domain, with the reason.
    case invalidParameter(name: String, reason: String)

    public var description: String {
        switch self {
        case .noItems:
            return "no labelled items to train or evaluate on"
        case .tooFewClasses(let found):
            let more = 2 - found
            return "labels cover \(found) class\(found == 1 ? "" : "es"); training needs at least 2: "
                + "label items of \(more) more class\(more == 1 ? "" : "es")"
        case .tooFewItems(let shortfalls):
            let parts = shortfalls.map { s in
                "class \(s.classIndex) has \(s.count) labelled item\(s.count == 1 ? "" : "s"), "
                    + "needs \(s.minimum - s.count) more (minimum \(s.minimum))"
            }
            return "too few labelled items: " + parts.joined(separator: "; ")
        case .nonFiniteFeature(let row, let column):
            return "row \(row) has a non-finite feature (NaN or infinity) in column \(column): re-embed or drop that item"
        case .dimensionMismatch(let what, let expected, let got):
            return "\(what): expected \(expected), got \(got)"
        case .labelOutOfRange(let row, let label, let classCount):
            return "row \(row) has label \(label), outside 0..<\(classCount)"
        case .invalidParameter(let name, let reason):
            return "invalid \(name): \(reason)"
        }
    }
}
