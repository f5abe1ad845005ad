/// Errors raised while building agreement inputs. Coefficients themselves never throw:
/// an undefined coefficient is `nil`.
public enum AgreementError: Error, CustomStringConvertible, Equatable, Sendable {
    case invalidShape(reason: String)
    case categoryOutOfRange(unit: Int, coder: Int, category: Int, categoryCount: Int)
    case unitOutOfRange(unit: Int, unitCount: Int)
    case coderOutOfRange(coder: Int, coderCount: Int)
    case duplicateRating(unit: Int, coder: Int)
    case raggedRow(row: Int, expected: Int, got: Int)
    case invalidCategoryValues(reason: String)
    case unratedUnit(unit: Int, coder: Int)
    case invalidBucketing(reason: String)

    public var description: String {
        switch self {
        case .invalidShape(let reason):
            "invalid rating matrix: \(reason)"
        case .categoryOutOfRange(let unit, let coder, let category, let count):
            "unit \(unit), coder \(coder): category \(category) is outside 0..<\(count)"
        case .unitOutOfRange(let unit, let count):
            "unit \(unit) is outside 0..<\(count)"
        case .coderOutOfRange(let coder, let count):
            "coder \(coder) is outside 0..<\(count)"
        case .duplicateRating(let unit, let coder):
            "unit \(unit) has two ratings from coder \(coder); pass only the current label"
        case .raggedRow(let row, let expected, let got):
            "row \(row) has \(got) coders, expected \(expected)"
        case .invalidCategoryValues(let reason):
            "invalid category values: \(reason)"
        case .unratedUnit(let unit, let coder):
            "coder \(coder) has no rating for unit \(unit) in the matrix"
        case .invalidBucketing(let reason):
            "invalid trend bucketing: \(reason)"
        }
    }
}
