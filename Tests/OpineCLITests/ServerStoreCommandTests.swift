import AnnotationStore
import Foundation
import TestSupport
import Testing

/// The commands on a PostgreSQL store (`--database URL`), beside the same commands on SQLite:
/// a team's round gives the same answers on both. Runs when `make test` has started a server
/// (scripts/with-postgres.sh); says it was skipped otherwise, and fails under CI without one.
@Suite(.serialized) struct ServerStoreCommandTests {
    static var server: ServerAddress? {
        get throws {
            guard let url = ProcessInfo.processInfo.environment["OPINE_TEST_POSTGRES_URL"], !url.isEmpty else {
                if ProcessInfo.processInfo.environment["CI"] == "true" {
                    Issue.record("CI=true but OPINE_TEST_POSTGRES_URL is not set: the PostgreSQL command tests must run in CI")
                } else {
                    print("skipped: the PostgreSQL command tests (no OPINE_TEST_POSTGRES_URL; `make test` starts a server)")
                }
                return nil
            }
            return try ServerAddress(url: url)
        }
    }

    /// A new empty database on the test server; its URL.
    static func freshDatabase(_ server: ServerAddress) throws -> String {
        let name = "opine_c_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(24)
        try PostgresProjectStore.createDatabase(named: String(name), on: server)
        return "postgres://\(server.user)@\(server.host):\(server.port)/\(name)"
    }

    /// One labelling round through the binary; the JSON answers that must not depend on the store.
    func round(_ project: TemporaryProject, database: [String]) throws -> [String] {
        func run(_ arguments: [String], stdin: String? = nil) throws -> OpineResult {
            let result = try project.run(arguments + database, stdin: stdin)
            try #require(result.status == 0, "opine \(arguments.joined(separator: " ")) failed: \(result.stderr)")
            return result
        }
        func json(_ arguments: [String]) throws -> String {
            let output = try run(arguments + ["--json"]).stdout
            let object = try JSONSerialization.jsonObject(with: Data(output.utf8))
            let text = String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
            // The two projects' folders and the moments of writing differ; nothing else may.
            return text.replacingOccurrences(of: project.path, with: "PROJECT")
                .replacingOccurrences(of: #""created_at":"[^"]*""#, with: "", options: .regularExpression)
        }
        let rows = (1...24).map { "{\"id\": \"r\($0)\", \"text\": \"review number \($0) — \($0 % 2 == 0 ? "great" : "awful")\", \"lang\": \"\($0 % 3 == 0 ? "es" : "en")\"}" }
        try project.write("items.jsonl", rows.joined(separator: "\n") + "\n")
        var answers = [try json(["import", project.directory.appendingPathComponent("items.jsonl").path])]
        let labels = ["negative", "neutral", "positive"]
        _ = try run(["label", "--stdin", "--annotator", "ana"], stdin: (1...20).map { "r\($0)\t\(labels[$0 % 3])" }.joined(separator: "\n") + "\n")
        _ = try run(["label", "--stdin", "--annotator", "ben"], stdin: (1...16).map { "r\($0)\t\(labels[($0 / 2) % 3])" }.joined(separator: "\n") + "\n")
        answers.append(try json(["undo", "--annotator", "ben"]))
        answers.append(try json(["adjudicate", "r2", "positive", "--lead", "lea", "--reason", "clearly positive — 明らか"]))
        answers.append(try json(["next", "--annotator", "kay"]))
        answers.append(try json(["status"]))
        answers.append(try json(["agreement", "--draws", "50"]))
        answers.append(try json(["review", "--list"]))
        let out = project.directory.appendingPathComponent("export-\(UUID().uuidString).jsonl")
        _ = try run(["export", out.path, "--with-annotations"])
        let exported = try String(contentsOf: out, encoding: .utf8).split(separator: "\n").map { line -> String in
            // Times differ between the two runs; everything else must not.
            line.replacingOccurrences(of: #""created_at":"[^"]*""#, with: "", options: .regularExpression)
        }
        answers.append(exported.joined(separator: "\n"))
        return answers
    }

    @Test("a labelling round on a PostgreSQL store answers as on SQLite: import, label, undo, adjudicate, next, status, agreement, review, export")
    func sameRoundOnBothStores() throws {
        guard let server = try Self.server else { return }
        let url = try Self.freshDatabase(server)
        let onServer = try TemporaryProject(annotators: ["lea", "ana", "ben", "kay"], overlap: 2)
        let onFile = try TemporaryProject(annotators: ["lea", "ana", "ben", "kay"], overlap: 2)
        let expected = try round(onFile, database: [])
        let found = try round(onServer, database: ["--database", url])
        for (index, (a, b)) in zip(expected, found).enumerated() {
            #expect(a == b, "answer \(index) differs:\nSQLite:     \(a)\nPostgreSQL: \(b)")
        }
        // Nothing was written beside opine.toml: the labels are on the server.
        #expect(!(try onServer.files()).contains("opine.db"))
    }

    /// What a lead reads from a project, as JSON (times included: a copy keeps them).
    func reads(_ project: TemporaryProject, database: [String]) throws -> [String] {
        var answers: [String] = []
        for arguments in [["status"], ["agreement", "--draws", "50"], ["review", "--list"], ["runs"]] {
            let result = try project.run(arguments + database + ["--json"])
            try #require(result.status == 0, "opine \(arguments.joined(separator: " ")) failed: \(result.stderr)")
            answers.append(result.stdout)
        }
        let out = project.directory.appendingPathComponent("export-\(UUID().uuidString).jsonl")
        let export = try project.run(["export", out.path, "--with-annotations"] + database)
        try #require(export.status == 0, "\(export.stderr)")
        answers.append(try String(contentsOf: out, encoding: .utf8))
        return answers
    }

    @Test("opine db copy moves a project SQLite → PostgreSQL → SQLite with every answer unchanged; db check passes each; refusals change nothing")
    func copyBetweenStores() throws {
        guard let server = try Self.server else { return }
        let project = try TemporaryProject(annotators: ["lea", "ana", "ben", "kay"], overlap: 2)
        _ = try round(project, database: [])
        let onFile = try reads(project, database: [])
        let url = try Self.freshDatabase(server)

        let copy = try project.run(["db", "copy", "opine.db", url, "--json"])
        try #require(copy.status == 0, "\(copy.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(copy.stdout.utf8)) as? [String: Any])
        #expect((report["rows"] as? NSDictionary) == (report["destination_rows"] as? NSDictionary))
        #expect((report["rows"] as? [String: Int])?["annotations"] == 36)
        #expect(try reads(project, database: ["--database", url]) == onFile)
        let check = try project.run(["db", "check", "--database", url, "--json"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("\"passed\" : true"))

        // A second copy into the same database is refused: it holds the project now.
        let again = try project.run(["db", "copy", "opine.db", url])
        #expect(again.status == 65 && again.stderr.contains("already holds a project"))
        #expect(try reads(project, database: ["--database", url]) == onFile)
        // A source that does not exist, and one store as both ends: refused, no file left behind.
        let missing = try project.run(["db", "copy", "nowhere.db", "back.db"])
        #expect(missing.status == 66 && missing.stderr.contains("nowhere.db"))
        let same = try project.run(["db", "copy", "opine.db", project.database.path])
        #expect(same.status == 65 && same.stderr.contains("both the source and the destination"))
        #expect(!(try project.files()).contains("back.db"))

        // Labels given on the server travel back with the rest.
        let label = try project.run(["label", "r24", "neutral", "--annotator", "kay", "--database", url])
        try #require(label.status == 0, "\(label.stderr)")
        let back = try project.run(["db", "copy", url, "back.db"])
        try #require(back.status == 0, "\(back.stderr)")
        #expect(try project.run(["db", "check", "back.db"]).status == 0)
        let serverRows = try project.run(["db", "copy", url, "again.db", "--json"]).stdout
        #expect(serverRows.contains("\"annotations\" : 37"))
    }

    @Test("bad server settings: a wrong URL, a refused connection and a wrong password name the cause, exit 65/66, write nothing")
    func badServerSettings() throws {
        guard let server = try Self.server else { return }
        let project = try TemporaryProject(annotators: ["lea"])
        let wrongURL = try project.run(["status", "--database", "mysql://x@y/z"])
        #expect(wrongURL.status == 65)
        #expect(wrongURL.stderr.contains("the scheme must be postgres://"))
        let refused = try project.run(["status", "--database", "postgres://\(server.user)@127.0.0.1:1/x"])
        #expect(refused.status == 66)
        #expect(refused.stderr.contains("cannot connect to postgres://\(server.user)@127.0.0.1:1/x"))
        let url = try Self.freshDatabase(server)
        let badPassword = url.replacingOccurrences(of: "postgres://\(server.user)@", with: "postgres://\(server.user):wrong-secret@")
        let refusedLogin = try project.run(["status", "--database", badPassword])
        #expect(refusedLogin.status == 66)
        #expect(refusedLogin.stderr.contains("refused the login"))
        #expect(!refusedLogin.stderr.contains("wrong-secret"))
        // [store] url in opine.toml is checked with the rest of the file.
        try project.write("opine.toml", "name = \"t\"\n[store]\nurl = \"postgres://nohost\"\n[[annotators]]\nname = \"lea\"\nrole = \"lead\"\n")
        let badFile = try project.run(["status"])
        #expect(badFile.status == 65)
        #expect(badFile.stderr.contains("store.url"))
        #expect(!(try project.files()).contains("opine.db"))
    }
}
