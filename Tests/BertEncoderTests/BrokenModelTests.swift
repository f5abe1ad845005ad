import Foundation
import Testing
@testable import BertEncoder

/// Broken copies of the tiny model: each must fail to load with an error that names the file
/// (and tensor), never crash.
@Suite struct BrokenModelTests {
    /// Breaks a fresh copy of the tiny model, loads it, and returns the error.
    private func loadError(_ breakIt: (URL) throws -> Void) throws -> BertEncoderError {
        let directory = try Fixtures.copyOfTinyModel()
        defer { Fixtures.cleanUp(directory) }
        try breakIt(directory)
        do {
            _ = try SentenceEncoder(modelDirectory: directory)
        } catch {
            return error
        }
        Issue.record("the broken model loaded")
        return .missingFile(path: "(loaded)")
    }

    private func rewriteWeights(_ directory: URL, _ change: (inout TensorFile) -> Void = { _ in },
                                tamper: @escaping (inout [String: Any]) -> Void = { _ in },
                                declaredLength: Int? = nil) throws {
        let url = directory.appendingPathComponent("model.safetensors")
        var file = try TensorFile(contentsOf: url)
        change(&file)
        try file.write(to: url, tamper: tamper, declaredLength: declaredLength)
    }

    private func edit(_ header: inout [String: Any], _ tensor: String, _ change: (inout [String: Any]) -> Void) {
        guard var entry = header[tensor] as? [String: Any] else {
            Issue.record("no tensor \(tensor) in the fixture")
            return
        }
        change(&entry)
        header[tensor] = entry
    }

    private func writeText(_ text: String, _ directory: URL, _ file: String) throws {
        try Data(text.utf8).write(to: directory.appendingPathComponent(file))
    }

    @Test("missing config.json")
    func missingConfig() throws {
        let error = try loadError { try FileManager.default.removeItem(at: $0.appendingPathComponent("config.json")) }
        guard case let .missingFile(path) = error else { Issue.record("\(error)"); return }
        #expect(path.hasSuffix("/config.json"))
        #expect(error.description.contains("config.json: file not found"))
    }

    @Test("config.json that is not JSON")
    func configNotJSON() throws {
        let error = try loadError { try writeText("{\"hidden_size\": 32,", $0, "config.json") }
        guard case let .invalidJSON(path, _) = error else { Issue.record("\(error)"); return }
        #expect(path.hasSuffix("config.json"))
    }

    @Test("config.json without hidden_size names the key")
    func configMissingKey() throws {
        let error = try loadError { directory in
            let url = directory.appendingPathComponent("config.json")
            var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
            json["hidden_size"] = nil
            try JSONSerialization.data(withJSONObject: json).write(to: url)
        }
        guard case .invalidJSON = error else { Issue.record("\(error)"); return }
        #expect(error.description.contains("hidden_size"))
    }

    @Test("config.json with a tanh GELU or heads that do not divide the hidden size")
    func unsupportedConfig() throws {
        for (key, value, mention) in [("hidden_act", "gelu_new" as Any, "hidden_act"), ("num_attention_heads", 5 as Any, "num_attention_heads")] {
            let error = try loadError { directory in
                let url = directory.appendingPathComponent("config.json")
                var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
                json[key] = value
                try JSONSerialization.data(withJSONObject: json).write(to: url)
            }
            guard case .unsupportedConfiguration = error else { Issue.record("\(error)"); continue }
            #expect(error.description.contains(mention))
        }
    }

    @Test("missing model.safetensors")
    func missingWeights() throws {
        let error = try loadError { try FileManager.default.removeItem(at: $0.appendingPathComponent("model.safetensors")) }
        guard case let .missingFile(path) = error else { Issue.record("\(error)"); return }
        #expect(path.hasSuffix("model.safetensors"))
    }

    @Test("truncated model.safetensors")
    func truncatedWeights() throws {
        let error = try loadError { directory in
            let url = directory.appendingPathComponent("model.safetensors")
            let data = try Data(contentsOf: url)
            try data.prefix(data.count / 2).write(to: url)
        }
        guard case let .truncatedFile(path, expected, actual) = error else { Issue.record("\(error)"); return }
        #expect(path.hasSuffix("model.safetensors"))
        #expect(expected > actual)
    }

    @Test("model.safetensors shorter than its length prefix")
    func tinyFile() throws {
        let error = try loadError { try Data([1, 2, 3]).write(to: $0.appendingPathComponent("model.safetensors")) }
        #expect(error == .truncatedFile(path: error.pathForTesting, expectedBytes: 8, actualBytes: 3))
    }

    @Test("header length that lies: longer than the file, or shorter than the JSON")
    func lyingHeaderLength() throws {
        let longer = try loadError { try rewriteWeights($0, declaredLength: 10_000_000) }
        guard case let .invalidHeader(path, reason) = longer else { Issue.record("\(longer)"); return }
        #expect(path.hasSuffix("model.safetensors"))
        #expect(reason.contains("10000000"))

        let shorter = try loadError { try rewriteWeights($0, declaredLength: 200) }
        guard case .invalidHeader = shorter else { Issue.record("\(shorter)"); return }
        #expect(shorter.description.contains("not a JSON object"))
    }

    @Test("header that is valid JSON but not a table of tensors")
    func headerNotTensors() throws {
        let error = try loadError { directory in
            try rewriteWeights(directory, tamper: { header in header["embeddings.LayerNorm.bias"] = ["dtype": "F32"] })
        }
        guard case .invalidHeader = error else { Issue.record("\(error)"); return }
        #expect(error.description.contains("embeddings.LayerNorm.bias"))
    }

    @Test("tensor offsets beyond the data section")
    func offsetsOutOfRange() throws {
        let tensor = "encoder.layer.1.output.dense.bias"
        let error = try loadError { directory in
            try rewriteWeights(directory, tamper: { header in
                edit(&header, tensor) { $0["data_offsets"] = [1_000_000, 1_000_128] }
            })
        }
        #expect(error == .offsetsOutOfRange(
            path: error.pathForTesting, tensor: tensor, offsets: [1_000_000, 1_000_128], dataBytes: error.dataBytesForTesting))
        #expect(error.description.contains(tensor))
    }

    @Test("two tensors claiming the same bytes")
    func overlappingTensors() throws {
        let error = try loadError { directory in
            try rewriteWeights(directory, tamper: { header in
                let target = (header["embeddings.LayerNorm.bias"] as? [String: Any])?["data_offsets"]
                edit(&header, "embeddings.LayerNorm.weight") { $0["data_offsets"] = target }
            })
        }
        guard case let .overlappingTensors(_, first, second) = error else { Issue.record("\(error)"); return }
        #expect(Set([first, second]) == ["embeddings.LayerNorm.bias", "embeddings.LayerNorm.weight"])
    }

    @Test("unknown dtype")
    func unknownDType() throws {
        let tensor = "encoder.layer.0.attention.self.query.weight"
        let error = try loadError { directory in
            try rewriteWeights(directory, tamper: { header in edit(&header, tensor) { $0["dtype"] = "F12" } })
        }
        #expect(error == .unknownDType(path: error.pathForTesting, tensor: tensor, dtype: "F12"))
    }

    @Test("a weight stored as integers")
    func integerWeights() throws {
        let tensor = "encoder.layer.0.attention.self.query.weight"
        let error = try loadError { directory in
            try rewriteWeights(directory, tamper: { header in edit(&header, tensor) { $0["dtype"] = "I32" } })
        }
        #expect(error == .unsupportedDType(path: error.pathForTesting, tensor: tensor, dtype: "I32"))
    }

    @Test("byte span that does not fit the declared shape")
    func sizeMismatch() throws {
        let tensor = "encoder.layer.0.output.dense.bias"
        let error = try loadError { directory in
            try rewriteWeights(directory, tamper: { header in edit(&header, tensor) { $0["shape"] = [33] } })
        }
        guard case let .tensorSizeMismatch(_, name, _, shape, bytes) = error else { Issue.record("\(error)"); return }
        #expect(name == tensor && shape == [33] && bytes == 128)
    }

    @Test("wrong tensor shape names the tensor and the expected shape")
    func wrongShape() throws {
        let tensor = "encoder.layer.1.intermediate.dense.weight"
        let error = try loadError { directory in
            try rewriteWeights(directory, { file in file[tensor]?.shape = [32, 64] })
        }
        #expect(error == .shapeMismatch(path: error.pathForTesting, tensor: tensor, expected: [64, 32], got: [32, 64]))
        #expect(error.description.contains("[64, 32]"))
    }

    @Test("missing tensor names the tensor and its expected shape")
    func missingTensor() throws {
        let tensor = "encoder.layer.1.attention.self.value.bias"
        let error = try loadError { directory in try rewriteWeights(directory, { file in file[tensor] = nil }) }
        #expect(error == .missingTensor(path: error.pathForTesting, tensor: tensor, expectedShape: [32]))
        #expect(error.description.contains("model.safetensors: missing tensor \(tensor) (expected shape [32])"))
    }

    @Test("no word embeddings under any prefix")
    func noEmbeddings() throws {
        let error = try loadError { directory in
            try rewriteWeights(directory, { file in file["embeddings.word_embeddings.weight"] = nil })
        }
        guard case let .missingTensor(_, tensor, shape) = error else { Issue.record("\(error)"); return }
        #expect(tensor == "embeddings.word_embeddings.weight" && shape == [254, 32])
    }

    @Test("missing pooling configuration")
    func missingPooling() throws {
        let error = try loadError { try FileManager.default.removeItem(at: $0.appendingPathComponent("1_Pooling/config.json")) }
        guard case let .missingFile(path) = error else { Issue.record("\(error)"); return }
        #expect(path.hasSuffix("1_Pooling/config.json"))
    }

    @Test("pooling configuration with an unknown mode, or none")
    func badPooling() throws {
        let unknown = try loadError { try writeText(#"{"pooling_mode": "median"}"#, $0, "1_Pooling/config.json") }
        #expect(unknown.description.contains("median"))
        let none = try loadError { try writeText(#"{"pooling_mode_mean_tokens": false}"#, $0, "1_Pooling/config.json") }
        guard case .unsupportedConfiguration = none else { Issue.record("\(none)"); return }
    }

    @Test("missing vocab.txt")
    func missingVocabulary() throws {
        let error = try loadError { try FileManager.default.removeItem(at: $0.appendingPathComponent("vocab.txt")) }
        guard case .tokenizer = error else { Issue.record("\(error)"); return }
        #expect(error.description.contains("vocab.txt"))
    }

    @Test("vocab.txt with more tokens than the model embeds")
    func vocabularyTooLarge() throws {
        let error = try loadError { directory in
            let url = directory.appendingPathComponent("vocab.txt")
            let extra = (0..<10).map { "extra\($0)\n" }.joined()
            try (String(decoding: try Data(contentsOf: url), as: UTF8.self) + extra).write(to: url, atomically: true, encoding: .utf8)
        }
        guard case let .vocabularyMismatch(path, vocabularySize, modelVocabularySize) = error else { Issue.record("\(error)"); return }
        #expect(path.hasSuffix("vocab.txt") && vocabularySize == 264 && modelVocabularySize == 254)
    }

    @Test("unknown module in modules.json")
    func unknownModule() throws {
        let error = try loadError { directory in
            let modules = #"[{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},"#
                + #"{"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},"#
                + #"{"idx": 2, "name": "2", "path": "2_LSTM", "type": "sentence_transformers.models.LSTM"}]"#
            try writeText(modules, directory, "modules.json")
        }
        guard case let .unsupportedModule(_, type) = error else { Issue.record("\(error)"); return }
        #expect(type == "sentence_transformers.models.LSTM")
    }

    @Test("model directory that does not exist")
    func noDirectory() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("opine-no-such-model-\(UUID().uuidString)")
        #expect(throws: BertEncoderError.missingFile(path: missing.appendingPathComponent("config.json").path)) {
            try SentenceEncoder(modelDirectory: missing)
        }
    }
}

extension BertEncoderError {
    /// The path a case carries, so tests can compare whole errors without rebuilding temp paths.
    var pathForTesting: String {
        switch self {
        case let .missingFile(path), let .unreadableFile(path, _), let .invalidJSON(path, _),
             let .unsupportedConfiguration(path, _), let .unsupportedModule(path, _), let .invalidHeader(path, _),
             let .unknownDType(path, _, _), let .unsupportedDType(path, _, _), let .truncatedFile(path, _, _),
             let .offsetsOutOfRange(path, _, _, _), let .overlappingTensors(path, _, _),
             let .tensorSizeMismatch(path, _, _, _, _), let .missingTensor(path, _, _), let .shapeMismatch(path, _, _, _),
             let .vocabularyMismatch(path, _, _):
            return path
        default:
            return ""
        }
    }

    var dataBytesForTesting: Int {
        if case let .offsetsOutOfRange(_, _, _, dataBytes) = self { return dataBytes }
        return -1
    }
}
