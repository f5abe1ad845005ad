/// A problem in `opine.toml`, located by its key.
public struct ConfigProblem: Sendable, Equatable, CustomStringConvertible {
    public var key: String
    public var message: String

    public var description: String { "\(key): \(message)" }
}

public enum WorkflowError: Error, CustomStringConvertible, Equatable {
    case projectNotFound(directory: String)
    case configSyntax(file: String, line: Int, column: Int, message: String)
    case invalidConfig(file: String, problems: [ConfigProblem])
    case unreadableFile(file: String, reason: String)
    case invalidEncoding(file: String, line: Int, byteOffset: Int, encoding: String)
    case missingColumn(file: String, column: String, available: [String])
    /// A data file rejected as a whole: the first problems found, and how many there were.
    case badRows(file: String, problems: [RowProblem], total: Int)
    /// Another tool's file rejected as a whole: the first bad records, and how many there were.
    case badRecords(file: String, problems: [RecordProblem], total: Int)
    case unknownLabel(String, known: [String])
    case unknownFlag(String, known: [String])
    case outputExists(path: String)
    /// `opine db copy` given one store as both source and destination.
    case sameStore(String)

    public var description: String {
        switch self {
        case .projectNotFound(let directory):
            return "no opine.toml in \(directory): create a project with `opine init \(directory)` or pass --project DIR"
        case .configSyntax(let file, let line, let column, let message):
            return "\(file):\(line):\(column): \(message)"
        case .invalidConfig(let file, let problems):
            return "\(file) has \(problems.count) problem\(problems.count == 1 ? "" : "s"):\n"
                + problems.map { "  \($0)" }.joined(separator: "\n")
        case .unreadableFile(let file, let reason):
            return "cannot read \(file): \(reason)"
        case .invalidEncoding(let file, let line, let byteOffset, let encoding):
            return "\(file):\(line): not valid \(encoding) (byte \(byteOffset)); if the file is Latin-1, pass --encoding latin-1"
        case .missingColumn(let file, let column, let available):
            return "\(file):1: no column '\(column)' (columns: \(available.joined(separator: ", ")))"
        case .badRows(let file, let problems, let total):
            let shown = problems.map { "  \(file):\($0.line): \($0.reason)" }.joined(separator: "\n")
            let more = total > problems.count ? "\n  … and \(total - problems.count) more" : ""
            return "\(file) was not imported (\(total) bad row\(total == 1 ? "" : "s"); nothing was changed):\n\(shown)\(more)"
        case .badRecords(let file, let problems, let total):
            let shown = problems.map { "  \(file): \($0.description)" }.joined(separator: "\n")
            let more = total > problems.count ? "\n  … and \(total - problems.count) more" : ""
            return "\(file) was not imported (\(total) bad record\(total == 1 ? "" : "s"); nothing was changed):\n\(shown)\(more)"
        case .unknownLabel(let label, let known):
            return "unknown label '\(label)' (labels: \(known.joined(separator: ", ")))"
        case .unknownFlag(let flag, let known):
            return "unknown flag '\(flag)' (flags: \(known.joined(separator: ", ")))"
        case .outputExists(let path):
            return "\(path) exists; pass --force to replace it"
        case .sameStore(let store):
            return "\(store) is both the source and the destination: copy into another store"
        }
    }
}

public struct RowProblem: Sendable, Equatable {
    public var line: Int
    public var reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }
}
