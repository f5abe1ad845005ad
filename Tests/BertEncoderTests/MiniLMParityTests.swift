import Foundation
import Testing
@testable import BertEncoder

/// The real all-MiniLM-L6-v2 against sentence-transformers' embeddings of 245 sentences in
/// several languages (minilm-parity.json / .f32, from scripts/make_encoder_fixtures.py).
enum MiniLM {
    /// $OPINE_MODEL_DIR, else the cache scripts/fetch-model.sh fills.
    static var directory: URL {
        if let configured = ProcessInfo.processInfo.environment["OPINE_MODEL_DIR"], !configured.isEmpty {
            return URL(fileURLWithPath: configured)
        }
        return FileManager.default.homeDirectoryForCurrentUser
            .appendingPathComponent(".cache/opine/models/all-MiniLM-L6-v2")
    }

    static var isInstalled: Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("model.safetensors").path)
    }

    struct Parity: Decodable {
        struct Sentence: Decodable {
            let text: String
            let input_ids: [Int32]
        }

        let dimension: Int
        let sentences: [Sentence]
    }

    static func parity() throws -> (Parity, [[Float]]) {
        let fixtures = try Fixtures.directory
        let parity = try JSONDecoder().decode(
            Parity.self, from: Data(contentsOf: fixtures.appendingPathComponent("minilm-parity.json")))
        let raw = try Data(contentsOf: fixtures.appendingPathComponent("minilm-parity.f32"))
        guard raw.count == parity.sentences.count * parity.dimension * 4 else {
            throw FixtureError.malformed("minilm-parity.f32 has \(raw.count) bytes")
        }
        let floats = raw.withUnsafeBytes { bytes in
            (0..<(raw.count / 4)).map { Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
        let vectors = (0..<parity.sentences.count).map { Array(floats[($0 * parity.dimension)..<(($0 + 1) * parity.dimension)]) }
        return (parity, vectors)
    }
}

// Runs only where the real model is installed (scripts/fetch-model.sh, or $OPINE_MODEL_DIR);
// elsewhere it is skipped with this message.
@Suite(.enabled(if: MiniLM.isInstalled, "all-MiniLM-L6-v2 not installed: run scripts/fetch-model.sh or set OPINE_MODEL_DIR"))
struct MiniLMParityTests {
    @Test("every parity sentence has cosine ≥ 0.9999 with sentence-transformers")
    func parity() throws {
        let (parity, expected) = try MiniLM.parity()
        let encoder = try SentenceEncoder(modelDirectory: MiniLM.directory)
        #expect(encoder.dimension == parity.dimension)
        #expect(encoder.maxSequenceLength == 256)
        #expect(encoder.normalizes)

        let vectors = try encoder.embed(tokenIds: parity.sentences.map(\.input_ids))

        var minimumCosine = 1.0
        var maximumDifference: Float = 0
        for (index, (vector, reference)) in zip(vectors, expected).enumerated() {
            let similarity = cosine(vector, reference)
            #expect(similarity >= 0.9999, "sentence \(index): \(parity.sentences[index].text)")
            minimumCosine = min(minimumCosine, similarity)
            maximumDifference = max(maximumDifference, maxAbsDifference(vector, reference))
        }
        print("MiniLM parity: \(vectors.count) sentences, min cosine \(minimumCosine), max |Δ| \(maximumDifference)")
    }

    @Test("texts through the Swift tokenizer give the reference ids and vectors")
    func texts() throws {
        let (parity, expected) = try MiniLM.parity()
        let encoder = try SentenceEncoder(modelDirectory: MiniLM.directory)
        var mismatched: [String] = []
        for sentence in parity.sentences where encoder.tokenize(sentence.text) != sentence.input_ids {
            mismatched.append(sentence.text)
        }
        #expect(mismatched.isEmpty, "token ids differ for: \(mismatched)")

        let vectors = try encoder.embed(texts: parity.sentences.map(\.text))
        for (index, (vector, reference)) in zip(vectors, expected).enumerated() {
            #expect(cosine(vector, reference) >= 0.9999, "sentence \(index): \(parity.sentences[index].text)")
        }
    }
}
