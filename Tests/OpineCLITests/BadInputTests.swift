import Foundation
import TestSupport
import Testing

/// A bad data file or project file: rejected with a message naming file and line (or key),
/// and the database left byte-for-byte as it was.
struct BadInput: Sendable, CustomTestStringConvertible {
    var name: String
    /// The file to write (name, bytes); `opine.toml` replaces the project file.
    var file: String
    var bytes: [UInt8]
    /// Arguments after `opine`; FILE stands for the written file's path.
    var arguments: [String]
    /// What stderr must contain.
    var mentions: [String]
    var exitCode: Int32 = 65

    var testDescription: String { name }

    init(_ name: String, file: String, _ text: String, arguments: [String] = ["import", "FILE"],
         mentions: [String], exitCode: Int32 = 65) {
        self.init(name, file: file, bytes: Array(text.utf8), arguments: arguments, mentions: mentions, exitCode: exitCode)
    }

    init(_ name: String, file: String, bytes: [UInt8], arguments: [String] = ["import", "FILE"],
         mentions: [String], exitCode: Int32 = 65) {
        self.name = name
        self.file = file
        self.bytes = bytes
        self.arguments = arguments
        self.mentions = mentions
        self.exitCode = exitCode
    }
}

let goodTOML = "name = \"t\"\n[[annotators]]\nname = \"ana\"\nrole = \"lead\"\n[[annotators]]\nname = \"ben\"\n"

let badInputs: [BadInput] = [
    // Data files
    BadInput("invalid UTF-8", file: "latin.csv", bytes: Array("id,text\nn1,ok\nn2,caf".utf8) + [0xE9] + Array("\n".utf8),
             mentions: ["latin.csv:3", "not valid UTF-8", "--encoding latin-1"]),
    BadInput("ragged row", file: "ragged.csv", "id,text\nn1,a\nn2,b\nn3,c,extra\n", mentions: ["ragged.csv:4", "3 fields, expected 2"]),
    BadInput("missing text column", file: "nocol.csv", "id,body\nn1,a\n", mentions: ["nocol.csv:1", "no column 'text'"]),
    BadInput("missing mapped column", file: "map.csv", "id,text\nn1,a\n", arguments: ["import", "FILE", "--lang", "language"],
             mentions: ["map.csv:1", "no column 'language'"]),
    BadInput("empty text", file: "empty.csv", "id,text\nn1,a\nn2,\"  \"\n", mentions: ["empty.csv:3", "empty text"]),
    BadInput("empty id", file: "noid.csv", "id,text\nn1,a\n,b\n", mentions: ["noid.csv:3", "empty id"]),
    BadInput("unknown label", file: "labels.csv", "id,text,label\nn1,a,positive\nn2,b,great\n",
             arguments: ["import", "FILE", "--label", "label", "--annotator", "ana"], mentions: ["labels.csv:3", "unknown label 'great'"]),
    BadInput("unknown flag", file: "flags.csv", "id,text,label,flags\nn1,a,positive,funny\n",
             arguments: ["import", "FILE", "--label", "label", "--flags", "flags", "--annotator", "ana"],
             mentions: ["flags.csv:2", "unknown flag 'funny'"]),
    BadInput("unknown annotator", file: "who.csv", "id,text,label\nn1,a,positive\n",
             arguments: ["import", "FILE", "--label", "label", "--annotator", "zed"], mentions: ["unknown annotator 'zed'"]),
    BadInput("unclosed quote", file: "quote.csv", "id,text\nn1,a\nn2,\"never closed\nn3,c\n", mentions: ["quote.csv:3", "never closed"]),
    BadInput("text after a closing quote", file: "after.csv", "id,text\nn1,\"a\"b\n", mentions: ["after.csv:2", "closing quote"]),
    BadInput("duplicate header", file: "header.csv", "id,text,text\nn1,a,b\n", mentions: ["header.csv:1", "appears twice"]),
    BadInput("empty file", file: "nothing.csv", "", mentions: ["nothing.csv:1", "empty"]),
    BadInput("NUL byte", file: "nul.csv", bytes: Array("id,text\nn1,a".utf8) + [0] + Array("b\n".utf8), mentions: ["nul.csv:2", "NUL"]),
    BadInput("ragged TSV", file: "ragged.tsv", "id\ttext\nn1\ta\tb\n", mentions: ["ragged.tsv:2", "3 fields"]),
    BadInput("invalid JSON line", file: "bad.jsonl", "{\"id\": \"n1\", \"text\": \"a\"}\n{\"id\": \"n2\", \"text\": }\n",
             mentions: ["bad.jsonl:2", "not valid JSON"]),
    BadInput("JSON line that is not an object", file: "array.jsonl", "{\"id\": \"n1\", \"text\": \"a\"}\n[\"n2\", \"b\"]\n",
             mentions: ["array.jsonl:2", "JSON object"]),
    BadInput("JSONL without text", file: "notext.jsonl", "{\"id\": \"n1\", \"body\": \"a\"}\n", mentions: ["notext.jsonl:1", "no column 'text'"]),
    BadInput("known id with another text", file: "conflict.csv", "id,text\nn1,fine\ni2,not the stored text\n",
             mentions: ["conflict.csv:3", "'i2'", "different text"]),
    // Project files
    BadInput("overlap below one", file: "opine.toml", "overlap = 0\n" + goodTOML, arguments: ["status"],
             mentions: ["opine.toml", "overlap", "at least 1"]),
    BadInput("duplicate annotators", file: "opine.toml", goodTOML + "[[annotators]]\nname = \"ana\"\n", arguments: ["status"],
             mentions: ["annotators[2].name", "duplicate annotator 'ana'"]),
    BadInput("label key collision", file: "opine.toml",
             goodTOML + "[labels]\nchoices = [{ name = \"bad\", key = \"1\" }, { name = \"good\", key = \"1\" }]\n",
             arguments: ["import", "seed.csv"], mentions: ["labels.choices[1].key", "already the key of 'bad'"]),
    BadInput("unknown key", file: "opine.toml", goodTOML + "overlapp = 3\n", arguments: ["status"], mentions: ["overlapp", "unknown key"]),
    BadInput("splits that do not add up", file: "opine.toml", goodTOML + "[splits]\ntrain = 0.9\ndev = 0.2\ntest = 0.1\n",
             arguments: ["status"], mentions: ["splits", "must be 1"]),
    BadInput("TOML syntax error", file: "opine.toml", goodTOML + "overlap = = 2\n", arguments: ["status"], mentions: ["opine.toml:7"]),
    BadInput("project file not UTF-8", file: "opine.toml", bytes: Array(goodTOML.utf8) + [0xFF, 0x0A], arguments: ["status"],
             mentions: ["opine.toml:7", "not valid UTF-8"]),
]

@Suite struct BadInputTests {
    @Test("bad input is rejected with file and line or key, and the database is unchanged", arguments: badInputs)
    func rejected(_ input: BadInput) throws {
        // Given a project with items and labels
        let project = try TemporaryProject(toml: goodTOML)
        try project.seed(items: 5)
        #expect(try project.run(["label", "i1", "positive", "--annotator", "ana"]).status == 0)
        let before = try project.databaseBytes()
        let filesBefore = try project.files()
        let written = try project.write(input.file, bytes: input.bytes)

        // When
        let arguments = input.arguments.map { $0 == "FILE" ? written.path : $0 }
        let result = try Opine.run(arguments + ["--project", project.path], in: project.directory)

        // Then
        #expect(result.status == input.exitCode, "stderr: \(result.stderr)")
        for fragment in input.mentions {
            #expect(result.stderr.contains(fragment), "stderr lacks '\(fragment)': \(result.stderr)")
        }
        #expect(try project.databaseBytes() == before, "the database file changed")
        #expect(try project.files() == filesBefore.union([input.file]))
    }

    @Test("at least 15 kinds of bad data files and 5 of bad project files are covered")
    func coverage() {
        #expect(badInputs.filter { $0.file != "opine.toml" }.count >= 15)
        #expect(badInputs.filter { $0.file == "opine.toml" }.count >= 5)
    }
}
