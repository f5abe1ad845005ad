/// Why a vocabulary or tokenizer configuration was rejected. Each case names the file.
public enum WordPieceError: Error, CustomStringConvertible, Equatable, Sendable {
    case missingFile(String)
    case unreadableFile(file: String, reason: String)
    case invalidUTF8(file: String, line: Int)
    case emptyVocabulary(file: String)
    /// `line` is 1-based; the token's id would have been `line - 1`.
    case duplicateToken(file: String, line: Int, token: String, firstLine: Int)
    case missingSpecialToken(file: String, role: String, token: String)
    /// `line` is nil when the JSON parses but a value has the wrong type.
    case invalidJSON(file: String, line: Int?, reason: String)
    case unsupported(file: String, reason: String)
    case invalidOption(String)

    public var description: String {
        switch self {
        case .missingFile(let path):
            return "\(path): file not found"
        case .unreadableFile(let file, let reason):
            return "\(file): cannot read: \(reason)"
        case .invalidUTF8(let file, let line):
            return "\(file):\(line): not valid UTF-8"
        case .emptyVocabulary(let file):
            return "\(file): the vocabulary is empty"
        case .duplicateToken(let file, let line, let token, let firstLine):
            return "\(file):\(line): duplicate token \(Self.quoted(token)) (first on line \(firstLine))"
        case .missingSpecialToken(let file, let role, let token):
            return "\(file): the \(role) \(Self.quoted(token)) is not in the vocabulary"
        case .invalidJSON(let file, let line, let reason):
            if let line {
                return "\(file):\(line): invalid JSON: \(reason)"
            }
            return "\(file): invalid JSON: \(reason)"
        case .unsupported(let file, let reason):
            return "\(file): unsupported tokenizer: \(reason)"
        case .invalidOption(let reason):
            return "invalid tokenizer option: \(reason)"
        }
    }

    /// Quotes a token with control and invisible characters escaped, so the message is legible.
    private static func quoted(_ token: String) -> String {
        var out = "\""
        for scalar in token.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .spaceSeparator where scalar == " ":
                out.unicodeScalars.append(scalar)
            case .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator,
                 .privateUse, .surrogate, .unassigned:
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
