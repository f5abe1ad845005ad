import Foundation
import Testing
@testable import Workflow

@Suite struct DataTableTests {
    func table(_ text: String, format: DataFormat = .csv, encoding: TextEncoding = .utf8) throws -> DataTable {
        try table(bytes: Array(text.utf8), format: format, encoding: encoding)
    }

    func table(bytes: [UInt8], format: DataFormat = .csv, encoding: TextEncoding = .utf8) throws -> DataTable {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("opine-\(UUID().uuidString).\(format.rawValue)")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try DataTable.read(path: url.path, format: format, encoding: encoding)
    }

    /// The first problem's line and reason when reading fails.
    func failure(_ text: String, format: DataFormat = .csv) -> (line: Int, reason: String)? {
        do {
            _ = try table(text, format: format)
            return nil
        } catch WorkflowError.badRows(_, let problems, _) {
            return problems.first.map { ($0.line, $0.reason) }
        } catch {
            return (-1, "\(error)")
        }
    }

    @Test("RFC 4180: quotes, doubled quotes, delimiters and line breaks inside quotes, CRLF")
    func quoting() throws {
        let t = try table("id,text\r\n1,\"a, \"\"quoted\"\" word\"\r\n2,\"two\nlines\"\r\n3,plain\r\n")
        #expect(t.header == ["id", "text"])
        #expect(t.columns[1] == ["a, \"quoted\" word", "two\nlines", "plain"])
        #expect(t.lines == [2, 3, 5])
    }

    @Test("blank lines are skipped, a missing final newline is fine, a BOM is dropped")
    func blankLines() throws {
        let t = try table(bytes: [0xEF, 0xBB, 0xBF] + Array("id,text\n\n1,a\n\n2,b".utf8))
        #expect(t.header == ["id", "text"])
        #expect(t.columns[0] == ["1", "2"])
        #expect(t.lines == [3, 5])
    }

    @Test("TSV splits on tabs and keeps commas")
    func tsv() throws {
        let t = try table("id\ttext\n1\ta, b\n", format: .tsv)
        #expect(t.columns[1] == ["a, b"])
    }

    @Test("a row with the wrong number of fields is rejected with its line")
    func ragged() {
        let found = failure("id,text\n1,a\n2,b,c\n")
        #expect(found?.line == 3)
        #expect(found?.reason.contains("3 fields, expected 2") == true)
    }

    @Test("an unclosed quote is rejected at the line it opens")
    func unclosed() {
        #expect(failure("id,text\n1,a\n2,\"never closed\n3,c\n")?.line == 3)
    }

    @Test("text after a closing quote is rejected")
    func afterQuote() {
        #expect(failure("id,text\n1,\"a\"b\n")?.reason.contains("after a closing quote") == true)
    }

    @Test("invalid UTF-8 is rejected with the line of the first bad byte, and Latin-1 must be asked for")
    func encoding() throws {
        let latin1: [UInt8] = Array("id,text\n1,ok\n2,caf".utf8) + [0xE9] + Array("\n".utf8)
        #expect {
            try table(bytes: latin1)
        } throws: { error in
            guard case WorkflowError.invalidEncoding(_, let line, let offset, _) = error else { return false }
            return line == 3 && offset == 18
        }
        let decoded = try table(bytes: latin1, encoding: .latin1)
        #expect(decoded.columns[1] == ["ok", "café"])
    }

    @Test("overlong encodings and surrogates are not UTF-8")
    func strictUTF8() {
        #expect(TextDecoding.firstInvalidByte(in: [0x41, 0xC0, 0xAF]) == 1)
        #expect(TextDecoding.firstInvalidByte(in: [0xED, 0xA0, 0x80]) == 0)
        #expect(TextDecoding.firstInvalidByte(in: [0xF4, 0x90, 0x80, 0x80]) == 0)
        #expect(TextDecoding.firstInvalidByte(in: Array("héllo 日本 😀".utf8)) == nil)
    }

    @Test("JSON Lines keeps strings, writes numbers and booleans as text, and rejects bad lines")
    func jsonLines() throws {
        let t = try table("{\"id\": 7, \"text\": \"hi\", \"ok\": true}\n\n{\"text\": \"yo\", \"extra\": [1,2]}\n", format: .jsonl)
        let id = try #require(t.column(named: "id"))
        let ok = try #require(t.column(named: "ok"))
        let extra = try #require(t.column(named: "extra"))
        #expect(t.columns[id] == ["7", nil])
        #expect(t.columns[ok] == ["true", nil])
        #expect(t.columns[extra] == [nil, "[1,2]"])
        #expect(t.lines == [1, 3])
        #expect(failure("{\"text\": \"a\"}\n{\"text\": \n", format: .jsonl)?.line == 2)
        #expect(failure("{\"text\": \"a\"}\n[1, 2]\n", format: .jsonl)?.reason.contains("JSON object") == true)
    }
}
