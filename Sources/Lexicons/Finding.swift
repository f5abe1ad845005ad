/// One problem found in a lexicon file, with the place to fix it.
public struct Finding: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        /// The file cannot be loaded as it is.
        case error
        /// The file loads, but something is probably not what the author meant.
        case warning
    }

    public var severity: Severity
    /// The file as named to the loader (a path relative to the lexicon root when loaded from disk).
    public var file: String
    /// 1-based line number; 0 when the finding is about the file as a whole.
    public var line: Int
    public var message: String

    public init(_ severity: Severity, file: String, line: Int, _ message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        line > 0
            ? "\(file):\(line): \(severity.rawValue): \(message)"
            : "\(file): \(severity.rawValue): \(message)"
    }

    /// The error a loader throws for this finding.
    var asError: LexiconsError {
        .badRow(file: file, line: line, reason: message)
    }
}

extension Array where Element == Finding {
    /// Errors first, then by file and line, so a report reads top to bottom.
    func sortedForReport() -> [Finding] {
        sorted { a, b in
            if a.severity != b.severity { return a.severity == .error }
            if a.file != b.file { return a.file < b.file }
            if a.line != b.line { return a.line < b.line }
            return a.message < b.message
        }
    }
}
