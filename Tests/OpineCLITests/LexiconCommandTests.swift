import Foundation
import TestSupport
import Testing

@Suite struct LexiconCommandTests {
    @Test("the shipped lexicons pass opine lexicon check")
    func shippedLexiconsCheck() throws {
        let result = try Opine.run(["lexicon", "check", "--project", FileManager.default.temporaryDirectory.path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("0 errors"))
    }

    @Test("hints mark negated words, in the item's language, with spans into the text", arguments: [
        ("es", "La comida no estaba buena.", "buena"),
        ("de", "Das Essen war nicht gut.", "gut"),
        ("fr", "Le repas n'était pas bon.", "bon"),
        ("en", "The food was not good.", "good"),
        ("pt", "A comida não estava boa.", "boa"),
        ("it", "Il cibo non era buono.", "buono"),
    ])
    func negatedHints(lang: String, text: String, word: String) throws {
        let hints = try #require(try Opine.json(["hints", text, "--lang", lang]) as? [String: Any])
        let spans = try #require(hints["hints"] as? [[String: Any]])
        let span = try #require(spans.first { $0["text"] as? String == word }, "no hint on \(word): \(spans)")
        #expect(span["negated"] as? Bool == true)
        let scalars = Array(text.unicodeScalars)
        let start = try #require(span["start"] as? Int), end = try #require(span["end"] as? Int)
        #expect(String(String.UnicodeScalarView(scalars[start..<end])) == word)
        #expect(hints["label"] as? String == "negative")
    }

    @Test("a term added to the project's lexicon changes its hints; the shipped files stay untouched")
    func addTerm() throws {
        let project = try TemporaryProject(annotators: ["lea"])
        let before = try #require(try Opine.json(["hints", "this phone is zorbly", "--lang", "en", "--project", project.path]) as? [String: Any])
        #expect((before["hints"] as? [[String: Any]])?.isEmpty == true)
        #expect(try project.run(["lexicon", "add", "zorbly", "2.5", "--lang", "en"]).status == 0)
        let after = try #require(try Opine.json(["hints", "this phone is zorbly", "--lang", "en", "--project", project.path]) as? [String: Any])
        #expect((after["hints"] as? [[String: Any]])?.first?["valence"] as? Double == 2.5)
        #expect(FileManager.default.fileExists(atPath: project.directory.appendingPathComponent("lexicons/en/lexicon.tsv").path))
    }

    @Test("a broken AFINN file is rejected with its line and nothing is written")
    func brokenImport() throws {
        let project = try TemporaryProject(annotators: ["lea"])
        let file = try project.write("afinn.txt", "good\t3\nbad\t-3\nugly\tvery\n")
        let result = try project.run(["lexicon", "import", file.path, "--format", "afinn"])
        #expect(result.status == 65)
        #expect(result.stderr.contains(":3"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: project.directory.appendingPathComponent("lexicons").path))
    }
}
