/// Everything that can go wrong in this module. A bad file is rejected as a whole;
/// the error names the file and the 1-based line.
public enum LexiconsError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A row that cannot be used: wrong column count, bad number, score out of range, bad kind.
    case badRow(file: String, line: Int, reason: String)
    /// The first line is not the header the format requires.
    case badHeader(file: String, expected: String, found: String)
    /// A file that is required but absent, or that cannot be read as UTF-8.
    case unreadable(file: String, reason: String)
    /// A lexicon directory that holds no language folder at all.
    case noLanguages(directory: String)
    /// An importer found nothing it could use (for example an empty file).
    case emptyImport(file: String)

    public var description: String {
        switch self {
        case let .badRow(file, line, reason):
            return "\(file):\(line): \(reason)"
        case let .badHeader(file, expected, found):
            return "\(file):1: header must be \"\(expected.replacingTabs())\", found \"\(found.replacingTabs())\""
        case let .unreadable(file, reason):
            return "\(file): \(reason)"
        case let .noLanguages(directory):
            return "\(directory): no language folder (expected <lang>/lexicon.tsv)"
        case let .emptyImport(file):
            return "\(file): no entries found"
        }
    }
}

extension String {
    /// Tabs shown as `\t` so a header mismatch is readable in a terminal.
    func replacingTabs() -> String {
        var out = ""
        for character in self {
            if character == "\t" { out += "\\t" } else { out.append(character) }
        }
        return out
    }
}
