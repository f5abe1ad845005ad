import Foundation
import LinearAlgebra

/// sentence-transformers' `Pooling` module: token embeddings → one sentence vector. Several
/// modes concatenate in the order the configuration lists them.
public struct Pooling: Sendable, Equatable {
    public enum Mode: String, Sendable, CaseIterable {
        case cls
        case max
        case mean
        case meanSqrtLength = "mean_sqrt_len_tokens"
        case weightedMean = "weightedmean"
        case lastToken = "lasttoken"

        /// The legacy boolean key of `1_Pooling/config.json` for this mode.
        var legacyKey: String {
            switch self {
            case .cls: return "pooling_mode_cls_token"
            case .max: return "pooling_mode_max_tokens"
            case .mean: return "pooling_mode_mean_tokens"
            case .meanSqrtLength: return "pooling_mode_mean_sqrt_len_tokens"
            case .weightedMean: return "pooling_mode_weightedmean_tokens"
            case .lastToken: return "pooling_mode_lasttoken"
            }
        }
    }

    public var modes: [Mode]

    public init(modes: [Mode]) {
        self.modes = modes
    }

    /// Reads `1_Pooling/config.json` in either layout: `"pooling_mode": "mean"` (or a list) as
    /// sentence-transformers ≥ 6 writes, or the older `pooling_mode_*_tokens` booleans, whose
    /// order (cls, max, mean, mean-sqrt, weighted, last) is the concatenation order.
    init(json: [String: Any], path: String, hiddenSize: Int) throws(BertEncoderError) {
        var modes: [Mode] = []
        if let declared = json["pooling_mode"] {
            let names: [String]
            if let name = declared as? String {
                names = [name]
            } else if let list = declared as? [String] {
                names = list
            } else {
                throw .invalidJSON(path: path, reason: "pooling_mode must be a string or a list of strings")
            }
            for name in names {
                guard let mode = Mode(rawValue: name) else {
                    throw .unsupportedConfiguration(path: path, reason: "pooling mode \"\(name)\"")
                }
                modes.append(mode)
            }
        } else {
            modes = Mode.allCases.filter { (json[$0.legacyKey] as? Bool) == true }
        }
        guard !modes.isEmpty else {
            throw .unsupportedConfiguration(path: path, reason: "no pooling mode is enabled")
        }
        for key in ["word_embedding_dimension", "embedding_dimension"] {
            if let dimension = json[key] as? Int, dimension != hiddenSize {
                throw .unsupportedConfiguration(path: path, reason: "\(key) \(dimension) differs from the model's hidden_size \(hiddenSize)")
            }
        }
        self.modes = modes
    }

    func dimension(hiddenSize: Int) -> Int { modes.count * hiddenSize }

    /// Pools the `length` token rows at `tokens` (each `hiddenSize` wide) into `output`.
    func callAsFunction(_ tokens: UnsafePointer<Float>, length: Int, hiddenSize: Int, into output: UnsafeMutablePointer<Float>) {
        precondition(length > 0, "pooling an empty sequence")
        for (index, mode) in modes.enumerated() {
            let target = output + index * hiddenSize
            switch mode {
            case .cls:
                target.update(from: tokens, count: hiddenSize)
            case .lastToken:
                target.update(from: tokens + (length - 1) * hiddenSize, count: hiddenSize)
            case .max:
                target.update(from: tokens, count: hiddenSize)
                for row in 1..<length {
                    let source = tokens + row * hiddenSize
                    for c in 0..<hiddenSize { target[c] = Swift.max(target[c], source[c]) }
                }
            case .mean, .meanSqrtLength, .weightedMean:
                target.update(repeating: 0, count: hiddenSize)
                var totalWeight: Float = 0
                for row in 0..<length {
                    // Weighted mean weighs token i by i + 1 (no left padding here).
                    let weight: Float = mode == .weightedMean ? Float(row + 1) : 1
                    totalWeight += weight
                    let source = tokens + row * hiddenSize
                    for c in 0..<hiddenSize { target[c] += weight * source[c] }
                }
                let divisor = mode == .meanSqrtLength ? totalWeight.squareRoot() : totalWeight
                for c in 0..<hiddenSize { target[c] /= divisor }
            }
        }
    }
}

/// sentence-transformers' `Dense` module: a linear layer with an activation after pooling
/// (LaBSE and some distilled models have one).
struct DenseModule: Sendable {
    enum Activation: String, Sendable {
        case identity = "torch.nn.modules.linear.Identity"
        case tanh = "torch.nn.modules.activation.Tanh"
    }

    let linear: Bert.Linear
    let activation: Activation

    /// Reads `<module>/config.json` and `<module>/model.safetensors`.
    init(directory: URL) throws(BertEncoderError) {
        let configPath = directory.appendingPathComponent("config.json").path
        let json = try ModelFiles.jsonObject(at: configPath)
        guard let input = json["in_features"] as? Int, let output = json["out_features"] as? Int, input > 0, output > 0 else {
            throw .invalidJSON(path: configPath, reason: "in_features and out_features must be positive integers")
        }
        let activationName = json["activation_function"] as? String ?? Activation.identity.rawValue
        guard let activation = Activation(rawValue: activationName) else {
            throw .unsupportedConfiguration(path: configPath, reason: "activation_function \(activationName)")
        }
        let weightsPath = directory.appendingPathComponent("model.safetensors").path
        let weights = try Safetensors(path: weightsPath)
        let hasBias = json["bias"] as? Bool ?? true
        linear = Bert.Linear(
            weight: try weights.floats("linear.weight", shape: [output, input]),
            bias: hasBias ? try weights.floats("linear.bias", shape: [output]) : [Float](repeating: 0, count: output),
            inputSize: input, outputSize: output)
        self.activation = activation
    }

    /// `rows` vectors of `linear.inputSize` → `rows` vectors of `linear.outputSize`.
    func callAsFunction(_ input: [Float], rows: Int) -> [Float] {
        var output = [Float](repeating: 0, count: rows * linear.outputSize)
        input.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { output in
                guard let input = input.baseAddress, let target = output.baseAddress else { return }
                linear(input, rows: rows, into: target, workers: 1)
            }
        }
        if activation == .tanh {
            for i in output.indices { output[i] = Foundation.tanh(output[i]) }
        }
        return output
    }
}
