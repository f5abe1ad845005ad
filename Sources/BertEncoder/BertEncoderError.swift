import WordPiece

/// Everything that can be wrong with a model directory or an encoder input. Each case names
/// the file (and tensor) involved so the message alone tells the user what to fix.
public enum BertEncoderError: Error, CustomStringConvertible, Equatable {
    case missingFile(path: String)
    case unreadableFile(path: String, reason: String)
    case invalidJSON(path: String, reason: String)
    case unsupportedConfiguration(path: String, reason: String)
    case unsupportedModule(path: String, type: String)
    /// The 8-byte length prefix or the JSON header of a safetensors file is unusable.
    case invalidHeader(path: String, reason: String)
    case unknownDType(path: String, tensor: String, dtype: String)
    case unsupportedDType(path: String, tensor: String, dtype: String)
    /// The header promises bytes the file does not have.
    case truncatedFile(path: String, expectedBytes: Int, actualBytes: Int)
    case offsetsOutOfRange(path: String, tensor: String, offsets: [Int], dataBytes: Int)
    case overlappingTensors(path: String, first: String, second: String)
    case tensorSizeMismatch(path: String, tensor: String, dtype: String, shape: [Int], bytes: Int)
    case missingTensor(path: String, tensor: String, expectedShape: [Int])
    case shapeMismatch(path: String, tensor: String, expected: [Int], got: [Int])
    case vocabularyMismatch(path: String, vocabularySize: Int, modelVocabularySize: Int)
    case tokenOutOfRange(sequence: Int, position: Int, token: Int32, vocabularySize: Int)
    case sequenceTooLong(sequence: Int, length: Int, limit: Int)
    case emptySequence(sequence: Int)
    /// vocab.txt or the tokenizer's configuration was rejected.
    case tokenizer(WordPieceError)

    public var description: String {
        switch self {
        case let .missingFile(path):
            return "\(path): file not found"
        case let .unreadableFile(path, reason):
            return "\(path): cannot read the file: \(reason)"
        case let .invalidJSON(path, reason):
            return "\(path): invalid JSON: \(reason)"
        case let .unsupportedConfiguration(path, reason):
            return "\(path): unsupported configuration: \(reason)"
        case let .unsupportedModule(path, type):
            return "\(path): unsupported sentence-transformers module \(type)"
        case let .invalidHeader(path, reason):
            return "\(path): invalid safetensors header: \(reason)"
        case let .unknownDType(path, tensor, dtype):
            return "\(path): tensor \(tensor) has unknown dtype \(dtype)"
        case let .unsupportedDType(path, tensor, dtype):
            return "\(path): tensor \(tensor) has dtype \(dtype); expected F32, F16, BF16 or F64"
        case let .truncatedFile(path, expected, actual):
            return "\(path): truncated: the header describes \(expected) bytes but the file has \(actual)"
        case let .offsetsOutOfRange(path, tensor, offsets, dataBytes):
            return "\(path): tensor \(tensor) has data offsets \(offsets) outside the \(dataBytes)-byte data section"
        case let .overlappingTensors(path, first, second):
            return "\(path): tensors \(first) and \(second) overlap"
        case let .tensorSizeMismatch(path, tensor, dtype, shape, bytes):
            return "\(path): tensor \(tensor) (\(dtype), shape \(shape)) spans \(bytes) bytes, which does not fit its shape"
        case let .missingTensor(path, tensor, shape):
            return "\(path): missing tensor \(tensor) (expected shape \(shape))"
        case let .shapeMismatch(path, tensor, expected, got):
            return "\(path): tensor \(tensor) has shape \(got); expected \(expected)"
        case let .vocabularyMismatch(path, vocabularySize, modelVocabularySize):
            return "\(path): \(vocabularySize) tokens but the model embeds only \(modelVocabularySize)"
        case let .tokenOutOfRange(sequence, position, token, vocabularySize):
            return "input \(sequence), position \(position): token id \(token) is outside the vocabulary (0..<\(vocabularySize))"
        case let .sequenceTooLong(sequence, length, limit):
            return "input \(sequence): \(length) tokens; the model takes at most \(limit)"
        case let .emptySequence(sequence):
            return "input \(sequence): no tokens"
        case let .tokenizer(error):
            return error.description
        }
    }
}
