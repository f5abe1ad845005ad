import Foundation
import Testing
@testable import BertEncoder

/// The tiny random BERT of scripts/make_encoder_fixtures.py against PyTorch's outputs for it.
@Suite struct TinyModelTests {
    /// PyTorch and this forward pass sum in different orders; at this size the float32
    /// rounding stays far below this.
    static let tolerance: Float = 2e-5

    @Test("reads the configuration, pooling, normalisation and sequence length")
    func configuration() throws {
        let encoder = try SentenceEncoder(modelDirectory: Fixtures.tinyModel)
        #expect(encoder.config == Bert.Config(
            vocabSize: 254, hiddenSize: 32, numHiddenLayers: 2, numAttentionHeads: 4, intermediateSize: 64,
            maxPositionEmbeddings: 64, typeVocabSize: 2, layerNormEps: 1e-12, positionEmbeddingType: nil))
        #expect(encoder.pooling.modes == [.mean])
        #expect(encoder.normalizes)
        #expect(encoder.maxSequenceLength == 40)
        #expect(encoder.dimension == 32)
        #expect(encoder.contentHash.count == 64)
    }

    @Test("matches PyTorch's normalised mean-pooled output for every reference input")
    func parity() throws {
        let reference = try Fixtures.tinyReference()
        let encoder = try SentenceEncoder(modelDirectory: Fixtures.tinyModel)
        let vectors = try encoder.embed(tokenIds: reference.cases.map(\.input_ids), batchSize: 8)
        for (vector, expected) in zip(vectors, reference.cases) {
            #expect(vector.count == 32)
            #expect(maxAbsDifference(vector, expected.normalized) < Self.tolerance, "\(expected.text)")
            #expect(cosine(vector, expected.normalized) > 0.99999, "\(expected.text)")
        }
    }

    @Test("embeds texts through the model's tokenizer, truncating at max_seq_length, reporting progress")
    func texts() throws {
        let reference = try Fixtures.tinyReference()
        let encoder = try SentenceEncoder(modelDirectory: Fixtures.tinyModel)
        for expected in reference.cases {
            #expect(encoder.tokenize(expected.text) == expected.input_ids, "\(expected.text)")
        }
        var reports: [Int] = []
        let vectors = try encoder.embed(texts: reference.cases.map(\.text), batchSize: 6) { done, total in
            #expect(total == reference.cases.count)
            reports.append(done)
        }
        #expect(reports == [6, 12, 18, 20])
        for (vector, expected) in zip(vectors, reference.cases) {
            #expect(maxAbsDifference(vector, expected.normalized) < Self.tolerance, "\(expected.text)")
        }
    }

    @Test("results do not depend on batch size, input order or thread count")
    func batchingInvariance() throws {
        let reference = try Fixtures.tinyReference()
        let ids = reference.cases.map(\.input_ids)
        var encoder = try SentenceEncoder(modelDirectory: Fixtures.tinyModel, threads: 1)
        let single = try encoder.embed(tokenIds: ids, batchSize: 1)
        encoder.threads = 2
        let batched = try encoder.embed(tokenIds: ids, batchSize: 32)
        let reversed = try encoder.embed(tokenIds: ids.reversed(), batchSize: 7)
        for index in ids.indices {
            #expect(maxAbsDifference(single[index], batched[index]) < 1e-6)
            #expect(maxAbsDifference(single[index], reversed[ids.count - 1 - index]) < 1e-6)
        }
    }

    @Test("every pooling mode, alone or concatenated, without normalisation matches PyTorch", arguments: [
        ("cls", [Pooling.Mode.cls]), ("max", [.max]), ("mean", [.mean]), ("max+mean", [.max, .mean]),
        ("mean_sqrt_len_tokens", [.meanSqrtLength]), ("lasttoken", [.lastToken]), ("weightedmean", [.weightedMean]),
        ("cls+weightedmean+lasttoken", [.cls, .weightedMean, .lastToken]),
    ])
    func poolingModes(name: String, modes: [Pooling.Mode]) throws {
        // Given a copy whose Pooling config uses the sentence-transformers ≥ 6 layout, and no Normalize
        let directory = try Fixtures.copyOfTinyModel()
        defer { Fixtures.cleanUp(directory) }
        let pooling: [String: Any] = ["embedding_dimension": 32, "pooling_mode": modes.map(\.rawValue)]
        try JSONSerialization.data(withJSONObject: pooling).write(to: directory.appendingPathComponent("1_Pooling/config.json"))
        let modules: [[String: Any]] = [
            ["idx": 0, "name": "0", "path": "", "type": "sentence_transformers.base.modules.transformer.Transformer"],
            ["idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.sentence_transformer.modules.pooling.Pooling"],
        ]
        try JSONSerialization.data(withJSONObject: modules).write(to: directory.appendingPathComponent("modules.json"))
        let reference = try Fixtures.tinyReference()

        // When
        let encoder = try SentenceEncoder(modelDirectory: directory)
        let vectors = try encoder.embed(tokenIds: reference.cases.map(\.input_ids))

        // Then
        #expect(!encoder.normalizes)
        #expect(encoder.dimension == 32 * modes.count)
        for (vector, expected) in zip(vectors, reference.cases) {
            let length = Float(expected.input_ids.count)
            let parts: [[Float]] = modes.map { mode in
                switch mode {
                case .cls: return expected.cls
                case .max: return expected.max
                case .mean: return expected.mean
                // Σ/√n = mean·√n
                case .meanSqrtLength: return expected.mean.map { $0 * length.squareRoot() }
                case .lastToken: return expected.last
                case .weightedMean: return expected.weightedmean
                }
            }
            #expect(maxAbsDifference(vector, parts.flatMap { $0 }) < Self.tolerance, "\(name): \(expected.text)")
        }
    }

    @Test("F16 and BF16 weights load and match PyTorch on the same rounded weights", arguments: ["f16", "bf16"])
    func halfPrecision(variant: String) throws {
        let directory = try Fixtures.copyOfTinyModel()
        defer { Fixtures.cleanUp(directory) }
        let weights = directory.appendingPathComponent("model.safetensors")
        try FileManager.default.removeItem(at: weights)
        try FileManager.default.copyItem(
            at: try Fixtures.directory.appendingPathComponent("tiny-bert-\(variant).safetensors"), to: weights)
        let reference = try Fixtures.tinyReference()
        let expected = variant == "f16" ? reference.f16_normalized : reference.bf16_normalized

        let vectors = try SentenceEncoder(modelDirectory: directory).embed(tokenIds: reference.cases.map(\.input_ids))

        for (vector, wanted) in zip(vectors, expected) {
            #expect(maxAbsDifference(vector, wanted) < Self.tolerance)
        }
        // And the rounding is visible: these are not the float32 outputs.
        let drift = zip(vectors, reference.cases).map { maxAbsDifference($0, $1.normalized) }.max() ?? 0
        #expect(drift > 1e-4)
    }

    @Test("finds the weights under a bert. prefix and under legacy LayerNorm gamma/beta names")
    func keyPrefixes() throws {
        let directory = try Fixtures.copyOfTinyModel()
        defer { Fixtures.cleanUp(directory) }
        let weights = directory.appendingPathComponent("model.safetensors")
        var file = try TensorFile(contentsOf: weights)
        for index in file.tensors.indices {
            var name = "bert." + file.tensors[index].name
            if name.hasSuffix("LayerNorm.weight") { name = name.replacingOccurrences(of: "LayerNorm.weight", with: "LayerNorm.gamma") }
            if name.hasSuffix("LayerNorm.bias") { name = name.replacingOccurrences(of: "LayerNorm.bias", with: "LayerNorm.beta") }
            file.tensors[index].name = name
        }
        try file.write(to: weights)
        let reference = try Fixtures.tinyReference()

        let vectors = try SentenceEncoder(modelDirectory: directory).embed(tokenIds: reference.cases.map(\.input_ids))

        for (vector, expected) in zip(vectors, reference.cases) {
            #expect(maxAbsDifference(vector, expected.normalized) < Self.tolerance)
        }
    }

    @Test("rejects token ids outside the vocabulary, empty and over-long inputs")
    func invalidInputs() throws {
        let encoder = try SentenceEncoder(modelDirectory: Fixtures.tinyModel)
        #expect(throws: BertEncoderError.tokenOutOfRange(sequence: 1, position: 2, token: 254, vocabularySize: 254)) {
            try encoder.embed(tokenIds: [[2, 3], [2, 5, 254, 3]])
        }
        #expect(throws: BertEncoderError.tokenOutOfRange(sequence: 0, position: 0, token: -1, vocabularySize: 254)) {
            try encoder.embed(tokenIds: [[-1]])
        }
        #expect(throws: BertEncoderError.emptySequence(sequence: 0)) { try encoder.embed(tokenIds: [[]]) }
        #expect(throws: BertEncoderError.sequenceTooLong(sequence: 0, length: 65, limit: 64)) {
            try encoder.embed(tokenIds: [[Int32](repeating: 5, count: 65)])
        }
        #expect(try encoder.embed(tokenIds: []).isEmpty)
    }

    @Test("the content hash is stable and changes with the weights or the configuration")
    func contentHash() throws {
        let original = try SentenceEncoder(modelDirectory: Fixtures.tinyModel).contentHash
        #expect(try SentenceEncoder(modelDirectory: Fixtures.tinyModel).contentHash == original)

        let directory = try Fixtures.copyOfTinyModel()
        defer { Fixtures.cleanUp(directory) }
        let weights = directory.appendingPathComponent("model.safetensors")
        var file = try TensorFile(contentsOf: weights)
        // Same header, different values: every weight of the word embeddings scaled.
        let name = "embeddings.word_embeddings.weight"
        let tensor = try #require(file[name])
        var data = tensor.data
        data.withUnsafeMutableBytes { raw in
            for i in 0..<(raw.count / 4) {
                let value = raw.loadUnaligned(fromByteOffset: i * 4, as: Float.self)
                raw.storeBytes(of: value * 1.01, toByteOffset: i * 4, as: Float.self)
            }
        }
        file[name] = TensorFile.Tensor(name: name, dtype: tensor.dtype, shape: tensor.shape, data: data)
        try file.write(to: weights)
        let retrained = try SentenceEncoder(modelDirectory: directory).contentHash
        #expect(retrained != original)

        try Data(#"{"max_seq_length": 20, "do_lower_case": false}"#.utf8)
            .write(to: directory.appendingPathComponent("sentence_bert_config.json"))
        let shorter = try SentenceEncoder(modelDirectory: directory)
        #expect(shorter.maxSequenceLength == 20)
        #expect(shorter.contentHash != retrained)
    }

    @Test("without modules.json the model is mean-pooled and not normalised, as sentence-transformers does")
    func bareModel() throws {
        let directory = try Fixtures.copyOfTinyModel()
        defer { Fixtures.cleanUp(directory) }
        try FileManager.default.removeItem(at: directory.appendingPathComponent("modules.json"))
        let reference = try Fixtures.tinyReference()
        let encoder = try SentenceEncoder(modelDirectory: directory)
        let vectors = try encoder.embed(tokenIds: reference.cases.map(\.input_ids))
        #expect(!encoder.normalizes)
        for (vector, expected) in zip(vectors, reference.cases) {
            #expect(maxAbsDifference(vector, expected.mean) < Self.tolerance)
        }
    }

    @Test("a Dense module with tanh after pooling is applied before normalisation")
    func denseModule() throws {
        // Given a 2_Dense module y = tanh(2·x + 0.1) over the 32 pooled features
        let directory = try Fixtures.copyOfTinyModel()
        defer { Fixtures.cleanUp(directory) }
        let dense = directory.appendingPathComponent("2_Dense")
        try FileManager.default.createDirectory(at: dense, withIntermediateDirectories: true)
        let config: [String: Any] = [
            "in_features": 32, "out_features": 32, "bias": true,
            "activation_function": "torch.nn.modules.activation.Tanh",
        ]
        try JSONSerialization.data(withJSONObject: config).write(to: dense.appendingPathComponent("config.json"))
        var weight = [Float](repeating: 0, count: 32 * 32)
        for i in 0..<32 { weight[i * 32 + i] = 2 }
        let bias = [Float](repeating: 0.1, count: 32)
        let tensors = TensorFile(tensors: [
            .init(name: "linear.weight", dtype: "F32", shape: [32, 32], data: weight.withUnsafeBytes { Data($0) }),
            .init(name: "linear.bias", dtype: "F32", shape: [32], data: bias.withUnsafeBytes { Data($0) }),
        ])
        try tensors.write(to: dense.appendingPathComponent("model.safetensors"))
        let modules: [[String: Any]] = [
            ["idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"],
            ["idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"],
            ["idx": 2, "name": "2", "path": "2_Dense", "type": "sentence_transformers.models.Dense"],
            ["idx": 3, "name": "3", "path": "3_Normalize", "type": "sentence_transformers.models.Normalize"],
        ]
        try JSONSerialization.data(withJSONObject: modules).write(to: directory.appendingPathComponent("modules.json"))
        let reference = try Fixtures.tinyReference()

        // When
        let vectors = try SentenceEncoder(modelDirectory: directory).embed(tokenIds: reference.cases.map(\.input_ids))

        // Then
        for (vector, expected) in zip(vectors, reference.cases) {
            let activated = expected.mean.map { tanh(2 * $0 + 0.1) }
            let norm = activated.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(maxAbsDifference(vector, activated.map { $0 / norm }) < Self.tolerance)
        }
    }
}
