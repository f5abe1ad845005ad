import Digest
import Foundation

/// The files of a sentence-transformers (or bare Hugging Face BERT) model directory, read and
/// checked: `config.json`, `model.safetensors`, `modules.json` with its module folders, and
/// `sentence_bert_config.json` / `tokenizer_config.json` for the maximum sequence length.
struct ModelFiles {
    let directory: URL
    let config: Bert.Config
    let weights: Safetensors
    let pooling: Pooling
    let dense: [DenseModule]
    let normalize: Bool
    let maxSequenceLength: Int

    init(directory: URL) throws(BertEncoderError) {
        self.directory = directory
        let configPath = directory.appendingPathComponent("config.json").path
        let config = try Self.decode(Bert.Config.self, at: configPath)
        try config.validate(path: configPath)
        self.config = config
        weights = try Safetensors(path: directory.appendingPathComponent("model.safetensors").path)

        // Without modules.json sentence-transformers wraps a bare model in mean pooling.
        var pooling = Pooling(modes: [.mean])
        var dense: [DenseModule] = []
        var normalize = false
        let modulesPath = directory.appendingPathComponent("modules.json").path
        if FileManager.default.fileExists(atPath: modulesPath) {
            guard let modules = try Self.json(at: modulesPath) as? [[String: Any]] else {
                throw .invalidJSON(path: modulesPath, reason: "expected a list of modules")
            }
            var sawPooling = false
            for module in modules {
                guard let type = module["type"] as? String else {
                    throw .invalidJSON(path: modulesPath, reason: "a module has no \"type\"")
                }
                let folder = directory.appendingPathComponent(module["path"] as? String ?? "")
                // Match on the class name: the module path moved between library versions
                // (sentence_transformers.models.Pooling, …sentence_transformer.modules.pooling.Pooling).
                switch type.split(separator: ".").last.map(String.init) ?? type {
                case "Transformer":
                    continue
                case "Pooling":
                    let path = folder.appendingPathComponent("config.json").path
                    pooling = try Pooling(json: Self.jsonObject(at: path), path: path, hiddenSize: config.hiddenSize)
                    sawPooling = true
                case "Dense":
                    dense.append(try DenseModule(directory: folder))
                case "Normalize":
                    normalize = true
                default:
                    throw .unsupportedModule(path: modulesPath, type: type)
                }
            }
            guard sawPooling else {
                throw .unsupportedConfiguration(path: modulesPath, reason: "no Pooling module")
            }
        }
        var width = pooling.dimension(hiddenSize: config.hiddenSize)
        for module in dense {
            guard module.linear.inputSize == width else {
                throw .unsupportedConfiguration(
                    path: directory.path, reason: "a Dense module takes \(module.linear.inputSize) features but receives \(width)")
            }
            width = module.linear.outputSize
        }
        self.pooling = pooling
        self.dense = dense
        self.normalize = normalize
        maxSequenceLength = try Self.maxSequenceLength(directory: directory, config: config)
    }

    /// sentence_bert_config.json's `max_seq_length`, else the tokenizer's `model_max_length`,
    /// never beyond the position table.
    private static func maxSequenceLength(directory: URL, config: Bert.Config) throws(BertEncoderError) -> Int {
        var limit = config.maxPositionEmbeddings
        for (file, key) in [("sentence_bert_config.json", "max_seq_length"), ("tokenizer_config.json", "model_max_length")] {
            let path = directory.appendingPathComponent(file).path
            guard FileManager.default.fileExists(atPath: path) else { continue }
            if let value = try jsonObject(at: path)[key] as? Int, value > 0 {
                limit = min(limit, value)
                break
            }
        }
        return limit
    }

    // MARK: - JSON

    static func json(at path: String) throws(BertEncoderError) -> Any {
        let data = try contents(at: path)
        do {
            return try JSONSerialization.jsonObject(with: data)
        } catch {
            throw .invalidJSON(path: path, reason: "\(error.localizedDescription)")
        }
    }

    static func jsonObject(at path: String) throws(BertEncoderError) -> [String: Any] {
        guard let object = try json(at: path) as? [String: Any] else {
            throw .invalidJSON(path: path, reason: "expected a JSON object")
        }
        return object
    }

    static func decode<Value: Decodable>(_ type: Value.Type, at path: String) throws(BertEncoderError) -> Value {
        let data = try contents(at: path)
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw .invalidJSON(path: path, reason: Safetensors.reason(error))
        }
    }

    static func contents(at path: String) throws(BertEncoderError) -> Data {
        guard FileManager.default.fileExists(atPath: path) else { throw .missingFile(path: path) }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadableFile(path: path, reason: error.localizedDescription)
        }
    }

    // MARK: - Content hash

    /// Blocks of the weights' data section sampled into the content hash.
    static let sampledBlocks = 16
    static let sampledBlockBytes = 65_536

    /// Identifies the model for keying stored embeddings: SHA-256 over the small files that
    /// shape the output (config, modules, pooling, sequence length, tokenizer), the
    /// safetensors header (every tensor's name, dtype, shape and offsets), the file's size,
    /// and 16 evenly spaced 64 KiB blocks of its data. Any retrained or fine-tuned model
    /// changes the sampled weights, and hashing about 1 MB keeps this cheap at every start;
    /// it identifies files, it is not a defence against a crafted collision.
    func contentHash() throws(BertEncoderError) -> String {
        var hasher = SHA256()
        hasher.update("opine-bert-encoder-v1")
        var files = [
            "config.json", "modules.json", "sentence_bert_config.json", "vocab.txt", "tokenizer.json",
            "tokenizer_config.json", "special_tokens_map.json",
        ]
        if let modules = try? Self.json(at: directory.appendingPathComponent("modules.json").path) as? [[String: Any]] {
            files += modules.compactMap { $0["path"] as? String }.filter { !$0.isEmpty }.map { "\($0)/config.json" }
        }
        for file in files {
            let path = directory.appendingPathComponent(file).path
            hasher.update(file)
            if FileManager.default.fileExists(atPath: path) {
                hasher.update(try Self.contents(at: path))
            } else {
                hasher.update("<absent>")
            }
        }
        let bytes = weights.file.bytes
        hasher.update("model.safetensors \(bytes.count)")
        hasher.update(weights.header)
        let dataBytes = bytes.count - weights.dataStart
        if dataBytes > 0 {
            for block in 0..<Self.sampledBlocks {
                let start = weights.dataStart + dataBytes / Self.sampledBlocks * block
                let end = min(bytes.count, start + Self.sampledBlockBytes)
                hasher.update(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
            }
        }
        return SHA256.hex(hasher.finalize())
    }
}
