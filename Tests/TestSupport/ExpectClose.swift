import Testing

/// Reference values (published examples, reference packages' outputs) must match to this
/// absolute tolerance; the issues ask for 1e-6.
public let referenceTolerance = 1e-9

/// Expects two optional numbers to be both undefined or within `tolerance`.
public func expectClose(
    _ actual: Double?, _ expected: Double?, tolerance: Double = referenceTolerance,
    _ what: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation
) {
    switch (actual, expected) {
    case (nil, nil):
        break
    case (let actual?, let expected?):
        #expect(
            abs(actual - expected) <= tolerance,
            "\(what()): \(actual) vs reference \(expected)", sourceLocation: sourceLocation)
    default:
        Issue.record(
            "\(what()): \(String(describing: actual)) vs reference \(String(describing: expected))",
            sourceLocation: sourceLocation)
    }
}
