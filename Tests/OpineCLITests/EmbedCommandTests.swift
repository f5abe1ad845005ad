import Foundation
import TestSupport
import Testing

/// The tiny random BERT committed with the encoder's tests: runs without the real model.
let tinyBERT = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("BertEncoderTests/Fixtures/tiny-bert")

/// The default encoder, when the set-up has cached it.
let cachedMiniLM: URL? = {
    let directory = ProcessInfo.processInfo.environment["OPINE_MODEL_DIR"].map { URL(fileURLWithPath: $0) }
        ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/opine/models/all-MiniLM-L6-v2")
    return FileManager.default.fileExists(atPath: directory.appendingPathComponent("model.safetensors").path) ? directory : nil
}()

@Suite(.serialized) struct EmbedCommandTests {
    func embeddedCount(_ project: TemporaryProject) throws -> Int {
        let status = try #require(try Opine.json(["status", "--project", project.path]) as? [String: Any])
        return (status["embeddings"] as? [String: Int])?.values.reduce(0, +) ?? 0
    }

    @Test("embed resumes after SIGINT without recomputing what was stored")
    func resumeAfterInterrupt() throws {
        let project = try TemporaryProject(annotators: ["lea"])
        try project.seed(items: 20_000)
        let process = try Opine.process(["embed", "--encoder", tinyBERT.path, "--batch", "40", "--project", project.path])
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Interrupt once some batches are committed.
        let deadline = Date().addingTimeInterval(60)
        while try embeddedCount(project) == 0 && Date() < deadline && process.isRunning { usleep(50_000) }
        process.interrupt()
        process.waitUntilExit()
        let stored = try embeddedCount(project)
        // Exit 130: stopped by Ctrl-C after storing the batch in hand.
        try #require(process.terminationStatus == 130, "embed finished before it could be interrupted")
        #expect(stored > 0 && stored < 20_000)

        let rerun = try #require(try Opine.json(["embed", "--encoder", tinyBERT.path, "--project", project.path]) as? [String: Any])
        #expect(rerun["already_stored"] as? Int == stored)
        #expect(rerun["embedded"] as? Int == 20_000 - stored)
        #expect(try embeddedCount(project) == 20_000)
    }

    @Test("embed fills every item of the demo project with all-MiniLM-L6-v2",
          .enabled(if: cachedMiniLM != nil, "needs the cached model (scripts/fetch-model.sh)"))
    func demoProject() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let project = try TemporaryProject(toml: try String(contentsOf: root.appendingPathComponent("projects/demo/opine.toml"), encoding: .utf8))
        let items = try String(contentsOf: root.appendingPathComponent("projects/demo/items.csv"), encoding: .utf8)
        try project.write("items.csv", items)
        #expect(try project.run(["import", project.directory.appendingPathComponent("items.csv").path]).status == 0)
        let model = try #require(cachedMiniLM)
        let result = try #require(try Opine.json(["embed", "--encoder", model.path, "--project", project.path]) as? [String: Any])
        #expect(result["embedded"] as? Int == 336)
        #expect(result["dimension"] as? Int == 384)
        #expect(try embeddedCount(project) == 336)
    }

    @Test("encode prints unit-length vectors of the model's dimension")
    func encode() throws {
        let result = try #require(try Opine.json(["encode", "good", "bad", "--encoder", tinyBERT.path]) as? [String: Any])
        let vectors = try #require(result["vectors"] as? [[String: Any]])
        #expect(vectors.count == 2)
        let first = try #require(vectors.first?["vector"] as? [Double])
        #expect(first.count == result["dimension"] as? Int)
    }
}
