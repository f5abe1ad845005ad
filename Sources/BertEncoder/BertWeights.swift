// The one place that knows the safetensors key names of a Hugging Face BertModel.

extension Bert.Model {
    /// Reads every tensor the forward pass needs, checking each shape against `config`.
    init(config: Bert.Config, weights file: Safetensors) throws(BertEncoderError) {
        let hidden = config.hiddenSize
        let weights = try WeightReader(file: file, vocabularyShape: [config.vocabSize, hidden])
        let epsilon = Float(config.layerNormEps)

        func layerNorm(_ prefix: String) throws(BertEncoderError) -> Bert.LayerNorm {
            Bert.LayerNorm(
                weight: try weights.layerNorm(prefix, "weight", [hidden]),
                bias: try weights.layerNorm(prefix, "bias", [hidden]),
                epsilon: epsilon)
        }
        func parameters(_ prefix: String, input: Int, output: Int) throws(BertEncoderError) -> (weight: [Float], bias: [Float]) {
            (try weights(prefix + ".weight", [output, input]), try weights(prefix + ".bias", [output]))
        }
        func linear(_ prefix: String, input: Int, output: Int) throws(BertEncoderError) -> Bert.Linear {
            let (weight, bias) = try parameters(prefix, input: input, output: output)
            return Bert.Linear(weight: weight, bias: bias, inputSize: input, outputSize: output)
        }

        let embeddings = Bert.Embeddings(
            wordEmbeddings: try weights("embeddings.word_embeddings.weight", [config.vocabSize, hidden]),
            positionEmbeddings: try weights("embeddings.position_embeddings.weight", [config.maxPositionEmbeddings, hidden]),
            tokenTypeEmbeddings: try weights("embeddings.token_type_embeddings.weight", [config.typeVocabSize, hidden]),
            layerNorm: try layerNorm("embeddings.LayerNorm"),
            hiddenSize: hidden)

        var layers: [Bert.Layer] = []
        for index in 0..<config.numHiddenLayers {
            let prefix = "encoder.layer.\(index)."
            let query = try parameters(prefix + "attention.self.query", input: hidden, output: hidden)
            let key = try parameters(prefix + "attention.self.key", input: hidden, output: hidden)
            let value = try parameters(prefix + "attention.self.value", input: hidden, output: hidden)
            // Stacked once here so each layer needs one gemm for Q, K and V.
            let queryKeyValue = Bert.Linear(
                weight: query.weight + key.weight + value.weight,
                bias: query.bias + key.bias + value.bias,
                inputSize: hidden, outputSize: 3 * hidden)
            layers.append(Bert.Layer(
                attention: Bert.Attention(
                    selfAttention: Bert.SelfAttention(
                        queryKeyValue: queryKeyValue,
                        numAttentionHeads: config.numAttentionHeads,
                        attentionHeadSize: config.headSize),
                    output: Bert.SelfOutput(
                        dense: try linear(prefix + "attention.output.dense", input: hidden, output: hidden),
                        layerNorm: try layerNorm(prefix + "attention.output.LayerNorm"))),
                intermediate: Bert.Intermediate(
                    dense: try linear(prefix + "intermediate.dense", input: hidden, output: config.intermediateSize)),
                output: Bert.Output(
                    dense: try linear(prefix + "output.dense", input: config.intermediateSize, output: hidden),
                    layerNorm: try layerNorm(prefix + "output.LayerNorm"))))
        }
        self.init(config: config, embeddings: embeddings, encoder: Bert.Encoder(layer: layers))
    }
}

/// Looks tensors up under the prefix the checkpoint uses: none for a bare `BertModel`
/// (sentence-transformers), `bert.` for a `BertFor…` head model, or any other wrapper.
struct WeightReader {
    static let anchor = "embeddings.word_embeddings.weight"

    let file: Safetensors
    let prefix: String

    init(file: Safetensors, vocabularyShape: [Int]) throws(BertEncoderError) {
        self.file = file
        let candidates = file.entries.keys.filter { $0.hasSuffix(Self.anchor) }.map { String($0.dropLast(Self.anchor.count)) }
        // The shortest prefix wins: a bare model's key over some nested copy of it.
        guard let prefix = candidates.min(by: { ($0.count, $0) < ($1.count, $1) }) else {
            throw .missingTensor(path: file.path, tensor: Self.anchor, expectedShape: vocabularyShape)
        }
        self.prefix = prefix
    }

    func callAsFunction(_ key: String, _ shape: [Int]) throws(BertEncoderError) -> [Float] {
        try file.floats(prefix + key, shape: shape)
    }

    /// LayerNorm parameters, also under the TensorFlow-era names `gamma` / `beta` that old
    /// BERT checkpoints still carry.
    func layerNorm(_ module: String, _ parameter: String, _ shape: [Int]) throws(BertEncoderError) -> [Float] {
        let key = "\(module).\(parameter)"
        if file.entries[prefix + key] == nil {
            let legacy = "\(module).\(parameter == "weight" ? "gamma" : "beta")"
            if file.entries[prefix + legacy] != nil { return try self(legacy, shape) }
        }
        return try self(key, shape)
    }
}
