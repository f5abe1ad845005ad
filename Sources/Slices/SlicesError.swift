/// Errors raised while checking slice inputs and options. Metrics never throw: an undefined
/// metric is `nil`.
public enum SlicesError: Error, CustomStringConvertible, Equatable, Sendable {
    case labelCountMismatch(names: Int, categories: Int)
    case annotatorCountMismatch(names: Int, coders: Int)
    case countMismatch(what: String, expected: Int, got: Int)
    case labelOutOfRange(what: String, item: Int, label: Int, labelCount: Int)
    case invalidProbabilities(item: Int, reason: String)
    case duplicateDimension(name: String)
    case invalidOptions(reason: String)

    public var description: String {
        switch self {
        case .labelCountMismatch(let names, let categories):
            "\(names) label names for a rating matrix with \(categories) categories"
        case .annotatorCountMismatch(let names, let coders):
            "\(names) annotator names for a rating matrix with \(coders) coders"
        case .countMismatch(let what, let expected, let got):
            "\(what): \(got) values, expected \(expected)"
        case .labelOutOfRange(let what, let item, let label, let count):
            "item \(item): \(what) label \(label) is outside 0..<\(count)"
        case .invalidProbabilities(let item, let reason):
            "item \(item): invalid probabilities: \(reason)"
        case .duplicateDimension(let name):
            "slice dimension \"\(name)\" is given twice"
        case .invalidOptions(let reason):
            "invalid slice options: \(reason)"
        }
    }
}
