import AnnotationStore
import Digest
import Foundation

/// Which columns of a data file mean what. Columns not named here are kept as metadata.
public struct ImportMapping: Sendable, Equatable {
    public var textColumn: String = "text"
    /// nil: use an `id` column when the file has one, else derive ids from the text.
    public var idColumn: String?
    /// nil: use a `lang` column when the file has one.
    public var langColumn: String?
    public var labelColumn: String?
    public var flagsColumn: String?
    public var annotator: String?

    public init(textColumn: String = "text", idColumn: String? = nil, langColumn: String? = nil,
                labelColumn: String? = nil, flagsColumn: String? = nil, annotator: String? = nil) {
        self.textColumn = textColumn
        self.idColumn = idColumn
        self.langColumn = langColumn
        self.labelColumn = labelColumn
        self.flagsColumn = flagsColumn
        self.annotator = annotator
    }
}

/// Turns a data file into rows for the store, checking every row against the project file.
/// Any bad row rejects the whole file; the database is not touched until all rows are good.
public enum Importer {
    /// The id given to a row without one: a prefix of its text's SHA-256, so the same text
    /// always gets the same id.
    public static func derivedId(for text: String) -> String {
        "t" + String(SHA256.hexDigest(text).prefix(16))
    }

    public static func rows(from table: DataTable, file: String, mapping: ImportMapping, config: ProjectConfig) throws -> [ImportRow] {
        func column(_ name: String) throws -> Int {
            guard let index = table.column(named: name) else {
                throw WorkflowError.missingColumn(file: file, column: name, available: table.header)
            }
            return index
        }
        let textIndex = try column(mapping.textColumn)
        let idIndex = try mapping.idColumn.map(column) ?? table.column(named: "id")
        let langIndex = try mapping.langColumn.map(column) ?? table.column(named: "lang")
        let labelIndex = try mapping.labelColumn.map(column)
        let flagsIndex = try mapping.flagsColumn.map(column)
        let used = Set([textIndex, idIndex, langIndex, labelIndex, flagsIndex].compactMap { $0 })
        let metadataIndices = table.header.indices.filter { !used.contains($0) }
        let metadataKeys = metadataIndices.map { JSONText.quoted(table.header[$0]) }

        var rows: [ImportRow] = []
        rows.reserveCapacity(table.rowCount)
        var problems: [RowProblem] = []
        var total = 0
        func reject(_ line: Int, _ reason: String) {
            total += 1
            if problems.count < DelimitedParser.maxProblems { problems.append(RowProblem(line: line, reason: reason)) }
        }

        for r in 0..<table.rowCount {
            let line = table.lines[r]
            guard let text = table.columns[textIndex][r], !isBlank(text) else {
                reject(line, "empty text in column '\(mapping.textColumn)'")
                continue
            }
            if text.utf8.contains(0) {
                reject(line, "the text holds a NUL byte (is this a binary file?)")
                continue
            }
            var id: String
            if let idIndex {
                guard let given = table.columns[idIndex][r].map(trimmed), !given.isEmpty else {
                    reject(line, "empty id in column '\(table.header[idIndex])'")
                    continue
                }
                id = given
            } else {
                id = derivedId(for: text)
            }
            let lang = langIndex.flatMap { table.columns[$0][r] }.flatMap { $0.isEmpty ? nil : $0 }

            var label: String?
            if let labelIndex, let given = table.columns[labelIndex][r], !given.isEmpty {
                guard let known = config.label(given) else {
                    reject(line, "unknown label '\(given)' (labels: \(config.labelNames.joined(separator: ", ")))")
                    continue
                }
                label = known
            }
            var flags: [String] = []
            if let flagsIndex, let given = table.columns[flagsIndex][r], !given.isEmpty {
                var bad: String?
                for part in given.split(whereSeparator: { $0 == ";" || $0 == "," }) {
                    let name = part.trimmingCharacters(in: .whitespaces)
                    guard let known = config.flag(name) else { bad = name; break }
                    if !flags.contains(known) { flags.append(known) }
                }
                if let bad {
                    reject(line, "unknown flag '\(bad)' (flags: \(config.flagNames.joined(separator: ", ")))")
                    continue
                }
            }

            var metadata = "{"
            var first = true
            for (k, index) in metadataIndices.enumerated() {
                guard let value = table.columns[index][r] else { continue }
                if !first { metadata += "," }
                first = false
                metadata += metadataKeys[k]
                metadata += ":"
                metadata += JSONText.quoted(value)
            }
            metadata += "}"
            rows.append(ImportRow(line: line, externalId: id, text: text, lang: lang,
                                  metadataJSON: metadata, label: label, flags: flags))
        }
        if total > 0 { throw WorkflowError.badRows(file: file, problems: problems, total: total) }
        return rows
    }
}

/// Whether a text has nothing but whitespace; checks bytes first, since almost every text
/// starts with a visible ASCII character.
func isBlank(_ text: String) -> Bool {
    if let first = text.utf8.first, first > 0x20 && first < 0x80 { return false }
    return text.unicodeScalars.allSatisfy(\.properties.isWhitespace)
}

/// `text` without leading and trailing whitespace, copied only when there is some.
func trimmed(_ text: String) -> String {
    guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
          first.properties.isWhitespace || last.properties.isWhitespace else { return text }
    let scalars = text.unicodeScalars
    guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
          let end = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
    return String(scalars[start...end])
}

/// Minimal JSON string quoting, much faster than a JSONEncoder per value on a million rows.
enum JSONText {
    static func quoted(_ string: String) -> String {
        var needsEscape = false
        for byte in string.utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            needsEscape = true
            break
        }
        if !needsEscape { return "\"" + string + "\"" }
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// An object of string values, keys sorted (metadata as the project keeps it).
    static func object(_ values: [String: String]) -> String {
        "{" + values.sorted { $0.key < $1.key }.map { quoted($0.key) + ":" + quoted($0.value) }.joined(separator: ",") + "}"
    }

    /// A number as metadata text: the shortest form that reads back the same.
    static func number(_ value: Double) -> String { "\(value)" }
}
