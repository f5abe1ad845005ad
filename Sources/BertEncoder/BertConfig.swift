/// Names mirror Hugging Face's `modeling_bert.py`, so the two read side by side.
public enum Bert {}

extension Bert {
    /// `config.json` of a `BertModel`: the fields the forward pass needs, spelled as there.
    public struct Config: Codable, Sendable, Equatable {
        public var vocabSize: Int
        public var hiddenSize: Int
        public var numHiddenLayers: Int
        public var numAttentionHeads: Int
        public var intermediateSize: Int
        public var hiddenAct: String
        public var maxPositionEmbeddings: Int
        public var typeVocabSize: Int
        public var layerNormEps: Double
        public var positionEmbeddingType: String?
        public var modelType: String?

        enum CodingKeys: String, CodingKey {
            case vocabSize = "vocab_size"
            case hiddenSize = "hidden_size"
            case numHiddenLayers = "num_hidden_layers"
            case numAttentionHeads = "num_attention_heads"
            case intermediateSize = "intermediate_size"
            case hiddenAct = "hidden_act"
            case maxPositionEmbeddings = "max_position_embeddings"
            case typeVocabSize = "type_vocab_size"
            case layerNormEps = "layer_norm_eps"
            case positionEmbeddingType = "position_embedding_type"
            case modelType = "model_type"
        }

        public init(
            vocabSize: Int, hiddenSize: Int, numHiddenLayers: Int, numAttentionHeads: Int,
            intermediateSize: Int, hiddenAct: String = "gelu", maxPositionEmbeddings: Int,
            typeVocabSize: Int = 2, layerNormEps: Double = 1e-12,
            positionEmbeddingType: String? = "absolute", modelType: String? = "bert"
        ) {
            self.vocabSize = vocabSize
            self.hiddenSize = hiddenSize
            self.numHiddenLayers = numHiddenLayers
            self.numAttentionHeads = numAttentionHeads
            self.intermediateSize = intermediateSize
            self.hiddenAct = hiddenAct
            self.maxPositionEmbeddings = maxPositionEmbeddings
            self.typeVocabSize = typeVocabSize
            self.layerNormEps = layerNormEps
            self.positionEmbeddingType = positionEmbeddingType
            self.modelType = modelType
        }

        public var headSize: Int { hiddenSize / numAttentionHeads }

        /// Rejects what this forward pass does not compute, naming the field.
        func validate(path: String) throws(BertEncoderError) {
            func reject(_ reason: String) -> BertEncoderError { .unsupportedConfiguration(path: path, reason: reason) }
            let sizes = [
                ("vocab_size", vocabSize), ("hidden_size", hiddenSize), ("num_hidden_layers", numHiddenLayers),
                ("num_attention_heads", numAttentionHeads), ("intermediate_size", intermediateSize),
                ("max_position_embeddings", maxPositionEmbeddings), ("type_vocab_size", typeVocabSize),
            ]
            for (name, value) in sizes where value <= 0 {
                throw reject("\(name) is \(value); it must be positive")
            }
            guard hiddenSize % numAttentionHeads == 0 else {
                throw reject("hidden_size \(hiddenSize) is not a multiple of num_attention_heads \(numAttentionHeads)")
            }
            // "gelu" and "gelu_python" are both the exact erf form; the tanh variants are not.
            guard hiddenAct == "gelu" || hiddenAct == "gelu_python" else {
                throw reject("hidden_act \"\(hiddenAct)\"; only the exact (erf) \"gelu\" is implemented")
            }
            guard positionEmbeddingType == nil || positionEmbeddingType == "absolute" else {
                throw reject("position_embedding_type \"\(positionEmbeddingType ?? "")\"; only \"absolute\" is implemented")
            }
            guard modelType == nil || modelType == "bert" else {
                throw reject("model_type \"\(modelType ?? "")\"; only \"bert\" is implemented")
            }
            guard layerNormEps > 0, layerNormEps.isFinite else {
                throw reject("layer_norm_eps \(layerNormEps) must be a positive number")
            }
        }
    }
}
