import Foundation

/// The data file formats `opine import` reads.
public enum DataFormat: String, Sendable, CaseIterable {
    case csv, tsv, jsonl

    /// The format a file name implies, if any.
    public init?(fileName: String) {
        switch (fileName as NSString).pathExtension.lowercased() {
        case "csv": self = .csv
        case "tsv", "tab": self = .tsv
        case "jsonl", "ndjson": self = .jsonl
        default: return nil
        }
    }
}

/// A data file read into columns: `columns[c][r]` is row r's value in column c (nil when a
/// JSONL object lacks the key). Stored by column so a million rows cost a few large arrays.
public struct DataTable: Sendable {
    public var header: [String]
    public var columns: [[String?]]
    /// Each row's 1-based line in the file, for messages.
    public var lines: [Int]

    public var rowCount: Int { lines.count }

    public func column(named name: String) -> Int? { header.firstIndex(of: name) }

    /// Reads a whole file, rejecting it with the first problems (line and reason) when any row
    /// is malformed.
    public static func read(path: String, format: DataFormat, encoding: TextEncoding) throws -> DataTable {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw WorkflowError.unreadableFile(file: path, reason: (error as NSError).localizedFailureReason ?? error.localizedDescription)
        }
        let bytes = try TextDecoding.utf8Bytes(of: data, encoding: encoding, file: path)
        switch format {
        case .csv: return try DelimitedParser(bytes: bytes, delimiter: UInt8(ascii: ","), file: path).parse()
        case .tsv: return try DelimitedParser(bytes: bytes, delimiter: UInt8(ascii: "\t"), file: path).parse()
        case .jsonl: return try JSONLinesParser.parse(bytes: bytes, file: path)
        }
    }
}

/// RFC 4180 CSV (and the same with tabs): fields may be quoted, quotes inside doubled, and a
/// quoted field may hold delimiters and line breaks. Rows of the wrong width, unclosed quotes
/// and text after a closing quote are errors; blank lines are skipped.
struct DelimitedParser {
    let bytes: [UInt8]
    let delimiter: UInt8
    let file: String

    static let maxProblems = 20

    func parse() throws -> DataTable {
        try bytes.withUnsafeBufferPointer { buffer in
            var parser = Cursor(buffer: buffer, delimiter: delimiter)
            var problems: [RowProblem] = []
            var total = 0
            guard let headerRecord = try parser.nextRecord(file: file) else {
                throw WorkflowError.badRows(file: file, problems: [RowProblem(line: 1, reason: "the file is empty (no header line)")], total: 1)
            }
            let header = headerRecord.fields
            var seen: Set<String> = []
            for name in header where !seen.insert(name).inserted {
                problems.append(RowProblem(line: headerRecord.line, reason: "column '\(name)' appears twice in the header"))
                total += 1
            }
            if header.contains(where: { $0.isEmpty }) {
                problems.append(RowProblem(line: headerRecord.line, reason: "the header has an empty column name"))
                total += 1
            }
            var columns = [[String?]](repeating: [], count: header.count)
            let estimate = max(16, buffer.count / 64)
            for index in columns.indices { columns[index].reserveCapacity(estimate) }
            var lines: [Int] = []
            lines.reserveCapacity(estimate)
            while let record = try parser.nextRecord(file: file) {
                guard record.fields.count == header.count else {
                    total += 1
                    if problems.count < Self.maxProblems {
                        problems.append(RowProblem(
                            line: record.line,
                            reason: "\(record.fields.count) field\(record.fields.count == 1 ? "" : "s"), expected \(header.count) (as in the header)"))
                    }
                    continue
                }
                for (index, field) in record.fields.enumerated() { columns[index].append(field) }
                lines.append(record.line)
            }
            if total > 0 { throw WorkflowError.badRows(file: file, problems: problems, total: total) }
            return DataTable(header: header, columns: columns, lines: lines)
        }
    }

    private struct Cursor {
        let buffer: UnsafeBufferPointer<UInt8>
        let delimiter: UInt8
        var position = 0
        var line = 1

        static let quote = UInt8(ascii: "\"")
        static let newline = UInt8(ascii: "\n")
        static let carriageReturn = UInt8(ascii: "\r")

        init(buffer: UnsafeBufferPointer<UInt8>, delimiter: UInt8) {
            self.buffer = buffer
            self.delimiter = delimiter
        }

        /// The next non-blank record, or nil at the end of the file.
        mutating func nextRecord(file: String) throws -> (line: Int, fields: [String])? {
            while position < buffer.count {
                let startLine = line
                var fields: [String] = []
                var sawQuote = false
                while true {
                    let (field, quoted) = try nextField(file: file, recordLine: startLine)
                    sawQuote = sawQuote || quoted
                    fields.append(field)
                    if position < buffer.count && buffer[position] == delimiter {
                        position += 1
                        continue
                    }
                    break
                }
                consumeLineEnd()
                if fields.count == 1 && fields[0].isEmpty && !sawQuote { continue }  // blank line
                return (startLine, fields)
            }
            return nil
        }

        private mutating func consumeLineEnd() {
            if position < buffer.count && buffer[position] == Self.carriageReturn { position += 1 }
            if position < buffer.count && buffer[position] == Self.newline {
                position += 1
                line += 1
            }
        }

        private mutating func nextField(file: String, recordLine: Int) throws -> (String, Bool) {
            if position < buffer.count && buffer[position] == Self.quote {
                return (try quotedField(file: file, recordLine: recordLine), true)
            }
            let start = position
            while position < buffer.count {
                let byte = buffer[position]
                if byte == delimiter || byte == Self.newline { break }
                if byte == Self.carriageReturn && position + 1 < buffer.count && buffer[position + 1] == Self.newline { break }
                position += 1
            }
            var end = position
            if end > start && position == buffer.count && buffer[end - 1] == Self.carriageReturn { end -= 1 }
            return (String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self), false)
        }

        private mutating func quotedField(file: String, recordLine: Int) throws -> String {
            position += 1  // opening quote
            let start = position
            var unescaped: [UInt8]?  // only built when the field holds a doubled quote
            while position < buffer.count {
                let byte = buffer[position]
                if byte == Self.quote {
                    if position + 1 < buffer.count && buffer[position + 1] == Self.quote {
                        if unescaped == nil { unescaped = Array(buffer[start..<position]) }
                        unescaped?.append(Self.quote)
                        position += 2
                        continue
                    }
                    let field = unescaped.map { String(decoding: $0, as: UTF8.self) }
                        ?? String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<position]), as: UTF8.self)
                    position += 1  // closing quote
                    if position < buffer.count {
                        let next = buffer[position]
                        let atLineEnd = next == Self.newline
                            || (next == Self.carriageReturn && (position + 1 == buffer.count || buffer[position + 1] == Self.newline))
                        if next != delimiter && !atLineEnd {
                            throw WorkflowError.badRows(file: file, problems: [RowProblem(
                                line: line, reason: "unexpected text after a closing quote (a quote inside a quoted field must be doubled: \"\")")], total: 1)
                        }
                    }
                    return field
                }
                if byte == Self.newline { line += 1 }
                unescaped?.append(byte)
                position += 1
            }
            throw WorkflowError.badRows(file: file, problems: [RowProblem(
                line: recordLine, reason: "a quoted field opened here is never closed")], total: 1)
        }
    }
}

/// JSON Lines: one JSON object per line. String values are kept; numbers and booleans are
/// kept as their JSON text; nested values as compact JSON.
enum JSONLinesParser {
    static func parse(bytes: [UInt8], file: String) throws -> DataTable {
        var header: [String] = []
        var indexOf: [String: Int] = [:]
        var columns: [[String?]] = []
        var lines: [Int] = []
        var problems: [RowProblem] = []
        var total = 0
        var lineNumber = 0
        var rowCount = 0
        for lineBytes in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmed = lineBytes.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
            if trimmed.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            func reject(_ reason: String) {
                total += 1
                if problems.count < DelimitedParser.maxProblems { problems.append(RowProblem(line: lineNumber, reason: reason)) }
            }
            let object: Any
            do {
                object = try JSONSerialization.jsonObject(with: Data(lineBytes), options: [.fragmentsAllowed])
            } catch {
                reject("not valid JSON")
                continue
            }
            guard let dictionary = object as? [String: Any] else {
                reject("each line must be a JSON object ({…})")
                continue
            }
            for key in dictionary.keys.sorted() where indexOf[key] == nil {
                indexOf[key] = header.count
                header.append(key)
                columns.append([String?](repeating: nil, count: rowCount))
            }
            for (key, index) in indexOf {
                columns[index].append(dictionary[key].flatMap(stringValue))
            }
            lines.append(lineNumber)
            rowCount += 1
        }
        if total > 0 { throw WorkflowError.badRows(file: file, problems: problems, total: total) }
        if rowCount == 0 {
            throw WorkflowError.badRows(file: file, problems: [RowProblem(line: 1, reason: "the file holds no JSON objects")], total: 1)
        }
        return DataTable(header: header, columns: columns, lines: lines)
    }

    private static func stringValue(_ value: Any) -> String? {
        switch value {
        case let string as String: return string
        case is NSNull: return nil
        case let number as NSNumber:
            // JSON's true and false arrive as NSNumbers whose C type is a char/bool.
            let cType = String(cString: number.objCType)
            if cType == "c" || cType == "B" { return number.boolValue ? "true" : "false" }
            return number.stringValue
        default:
            guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) else { return nil }
            return String(decoding: data, as: UTF8.self)
        }
    }
}
