import Foundation

extension BertTokenizer {
    /// Reads a Hugging Face BERT tokenizer from a model directory.
    ///
    /// `vocab.txt` is required. Settings come from `tokenizer.json` (normalizer, WordPiece
    /// parameters, added tokens), overridden by the keys `tokenizer_config.json` sets
    /// (`do_lower_case`, `strip_accents`, `tokenize_chinese_chars`, special tokens,
    /// `model_max_length`), as transformers does; `special_tokens_map.json` fills in special
    /// tokens the config leaves out. `sentence_bert_config.json` is read into
    /// `sentenceTransformers` when present.
    public init(modelDirectory: URL) throws(WordPieceError) {
        let vocabularyURL = modelDirectory.appendingPathComponent("vocab.txt")
        let tokens = try Self.readVocabulary(at: vocabularyURL)
        let tokenizerURL = modelDirectory.appendingPathComponent("tokenizer.json")
        let tokenizerFile = try readJSON(TokenizerFile.self, at: tokenizerURL)
        let config = try readJSON(
            TokenizerConfigFile.self, at: modelDirectory.appendingPathComponent("tokenizer_config.json"))
        let specialMap = try readJSON(
            SpecialTokenNames.self, at: modelDirectory.appendingPathComponent("special_tokens_map.json"))
        let sentence = try readJSON(
            SentenceBertConfigFile.self, at: modelDirectory.appendingPathComponent("sentence_bert_config.json"))

        var options = Options()
        if let tokenizerFile {
            try tokenizerFile.apply(to: &options, file: tokenizerURL.path)
        }
        if let config {
            if let lowercase = config.doLowerCase { options.basic.lowercase = lowercase }
            if let stripAccents = config.stripAccents { options.basic.stripAccents = stripAccents }
            if let chinese = config.tokenizeChineseChars { options.basic.handleChineseCharacters = chinese }
            if let length = config.modelMaxLength, length.isFinite {
                options.modelMaxLength = length >= Double(Int.max) ? Int.max : max(0, Int(length))
            }
        }
        let names = [config?.specialTokens, specialMap].compactMap { $0 }
        if let unk = names.lazy.compactMap(\.unk).first { options.unknownToken = unk.content }
        if let cls = names.lazy.compactMap(\.cls).first { options.classifierToken = cls.content }
        if let sep = names.lazy.compactMap(\.sep).first { options.separatorToken = sep.content }
        if let pad = names.lazy.compactMap(\.pad).first { options.paddingToken = pad.content }
        if let mask = names.lazy.compactMap(\.mask).first { options.maskToken = mask.content }

        // Added tokens: tokenizer.json's, the config's added_tokens_decoder, and the special
        // tokens, which transformers always registers; the first spelling of a content wins.
        var added = tokenizerFile?.addedTokens?.map {
            AddedToken($0.content, id: Int32(clamping: $0.id), normalized: $0.normalized ?? false)
        } ?? []
        let configPath = modelDirectory.appendingPathComponent("tokenizer_config.json").path
        for (key, entry) in (config?.addedTokensDecoder ?? [:]).sorted(by: { $0.key < $1.key }) {
            try entry.checkSupported(file: configPath)
            added.append(AddedToken(entry.content, id: Int32(key), normalized: entry.normalized ?? false))
        }
        let specials = [options.paddingToken, options.unknownToken, options.classifierToken,
                        options.separatorToken] + (options.maskToken.map { [$0] } ?? [])
        for special in specials where tokens.contains(special) {
            added.append(AddedToken(special))
        }
        var seen = Set<[UInt32]>()
        options.addedTokens = added.filter { seen.insert(BasicTokenizer.scalars(of: $0.content)).inserted }

        try self.init(
            vocabulary: tokens,
            options: options,
            source: vocabularyURL.path,
            sentenceTransformers: sentence.map {
                SentenceTransformersConfig(maxSequenceLength: $0.maxSeqLength, doLowerCase: $0.doLowerCase ?? false)
            })
    }

    /// The lines of a vocab.txt, in id order: split on LF, a CR before it dropped, the final
    /// newline optional. Tokens are kept byte for byte otherwise.
    public static func readVocabulary(at url: URL) throws(WordPieceError) -> [String] {
        let data = try readFile(at: url)
        var tokens: [String] = []
        var lineStart = data.startIndex
        var index = data.startIndex
        func addLine(_ end: Data.Index) throws(WordPieceError) {
            var lineEnd = end
            if lineEnd > lineStart, data[lineEnd - 1] == 0x0D {
                lineEnd -= 1
            }
            let bytes = data[lineStart..<lineEnd]
            let token = String(decoding: bytes, as: UTF8.self)
            // Decoding repairs bad bytes with U+FFFD; a difference means the line was not UTF-8.
            guard token.utf8.elementsEqual(bytes) else {
                throw .invalidUTF8(file: url.path, line: tokens.count + 1)
            }
            tokens.append(token)
        }
        while index < data.endIndex {
            if data[index] == 0x0A {
                try addLine(index)
                lineStart = index + 1
            }
            index += 1
        }
        if lineStart < data.endIndex {
            try addLine(data.endIndex)
        }
        guard !tokens.isEmpty else { throw .emptyVocabulary(file: url.path) }
        return tokens
    }
}

// MARK: - Files

private func readFile(at url: URL) throws(WordPieceError) -> Data {
    guard FileManager.default.fileExists(atPath: url.path) else {
        throw .missingFile(url.path)
    }
    do {
        return try Data(contentsOf: url)
    } catch {
        throw .unreadableFile(file: url.path, reason: error.localizedDescription)
    }
}

/// Decodes `url` when it exists; a syntax error is reported with its line.
private func readJSON<T: Decodable>(_ type: T.Type, at url: URL) throws(WordPieceError) -> T? {
    guard FileManager.default.fileExists(atPath: url.path) else { return nil }
    let data = try readFile(at: url)
    do {
        return try JSONDecoder().decode(T.self, from: data)
    } catch let error as WordPieceError {
        throw error
    } catch let error as DecodingError {
        throw jsonError(error, data: data, file: url.path)
    } catch {
        throw .invalidJSON(file: url.path, line: nil, reason: "\(error)")
    }
}

private func jsonError(_ error: DecodingError, data: Data, file: String) -> WordPieceError {
    func path(_ context: DecodingError.Context) -> String {
        let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
        return keys.isEmpty ? "top level" : keys.joined(separator: ".")
    }
    switch error {
    case .typeMismatch(let type, let context):
        return .invalidJSON(file: file, line: nil, reason: "\(path(context)): expected \(type)")
    case .valueNotFound(let type, let context):
        return .invalidJSON(file: file, line: nil, reason: "\(path(context)): expected \(type), found null")
    case .keyNotFound(let key, let context):
        let prefix = context.codingPath.isEmpty ? "" : path(context) + "."
        return .invalidJSON(file: file, line: nil, reason: "\(prefix)\(key.stringValue): missing")
    case .dataCorrupted(let context) where !context.codingPath.isEmpty:
        return .invalidJSON(file: file, line: nil, reason: "\(path(context)): \(context.debugDescription)")
    default:
        return syntaxError(data: data, file: file)
    }
}

/// JSONDecoder does not say where the syntax breaks; JSONSerialization gives a byte offset.
private func syntaxError(data: Data, file: String) -> WordPieceError {
    var reason = "not valid JSON"
    var line: Int?
    do {
        _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    } catch {
        let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
        reason = detail
        if let range = detail.range(of: "character "),
           let offset = Int(detail[range.upperBound...].prefix { $0.isNumber }) {
            line = 1 + data.prefix(offset).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        } else if detail.localizedCaseInsensitiveContains("end of file") {
            line = 1 + data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } - (data.last == 0x0A ? 1 : 0)
        }
    }
    return .invalidJSON(file: file, line: line, reason: reason)
}

// MARK: - File formats (the keys Opine reads)

/// A special token written as a string or as an AddedToken object (`{"content": …}`).
struct SpecialTokenValue: Decodable {
    var content: String

    private enum CodingKeys: String, CodingKey { case content }

    init(from decoder: any Decoder) throws {
        if let string = try? decoder.singleValueContainer().decode(String.self) {
            content = string
        } else {
            content = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .content)
        }
    }
}

struct SpecialTokenNames: Decodable {
    var unk: SpecialTokenValue?
    var cls: SpecialTokenValue?
    var sep: SpecialTokenValue?
    var pad: SpecialTokenValue?
    var mask: SpecialTokenValue?

    private enum CodingKeys: String, CodingKey {
        case unk = "unk_token", cls = "cls_token", sep = "sep_token", pad = "pad_token", mask = "mask_token"
    }
}

protocol AddedTokenFlags {
    var content: String { get }
    var singleWord: Bool? { get }
    var lstrip: Bool? { get }
    var rstrip: Bool? { get }
}

extension AddedTokenFlags {
    /// Stripping spaces around a match and whole-word matching are not implemented: refuse
    /// rather than tokenize differently from the reference.
    func checkSupported(file: String) throws(WordPieceError) {
        if singleWord == true || lstrip == true || rstrip == true {
            throw .unsupported(file: file, reason: "added token \"\(content)\" uses single_word, lstrip or rstrip")
        }
    }
}

/// An entry of tokenizer.json's added_tokens.
struct AddedTokenEntry: Decodable, AddedTokenFlags {
    var id: Int
    var content: String
    var singleWord: Bool?
    var lstrip: Bool?
    var rstrip: Bool?
    var normalized: Bool?

    private enum CodingKeys: String, CodingKey {
        case id, content, singleWord = "single_word", lstrip, rstrip, normalized
    }
}

/// An entry of tokenizer_config.json's added_tokens_decoder: no "id", the id is its key.
struct AddedTokenDecoderEntry: Decodable, AddedTokenFlags {
    var content: String
    var singleWord: Bool?
    var lstrip: Bool?
    var rstrip: Bool?
    var normalized: Bool?

    private enum CodingKeys: String, CodingKey {
        case content, singleWord = "single_word", lstrip, rstrip, normalized
    }
}

struct TokenizerConfigFile: Decodable {
    var doLowerCase: Bool?
    /// Outer nil: key absent; inner nil: null, which means "follow lowercase".
    var stripAccents: Bool??
    var tokenizeChineseChars: Bool?
    /// A double: transformers writes 1e30 when a model sets no limit.
    var modelMaxLength: Double?
    var specialTokens: SpecialTokenNames
    var addedTokensDecoder: [String: AddedTokenDecoderEntry]?

    private enum CodingKeys: String, CodingKey {
        case doLowerCase = "do_lower_case", stripAccents = "strip_accents"
        case tokenizeChineseChars = "tokenize_chinese_chars", modelMaxLength = "model_max_length"
        case addedTokensDecoder = "added_tokens_decoder"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        doLowerCase = try container.decodeIfPresent(Bool.self, forKey: .doLowerCase)
        if container.contains(.stripAccents) {
            stripAccents = .some(try container.decodeIfPresent(Bool.self, forKey: .stripAccents))
        }
        tokenizeChineseChars = try container.decodeIfPresent(Bool.self, forKey: .tokenizeChineseChars)
        modelMaxLength = try container.decodeIfPresent(Double.self, forKey: .modelMaxLength)
        addedTokensDecoder = try container.decodeIfPresent(
            [String: AddedTokenDecoderEntry].self, forKey: .addedTokensDecoder)
        if let keys = addedTokensDecoder?.keys, let bad = keys.first(where: { Int32($0) == nil }) {
            throw DecodingError.dataCorruptedError(
                forKey: .addedTokensDecoder, in: container, debugDescription: "\"\(bad)\" is not an id")
        }
        specialTokens = try SpecialTokenNames(from: decoder)
    }
}

struct SentenceBertConfigFile: Decodable {
    var maxSeqLength: Int?
    var doLowerCase: Bool?

    private enum CodingKeys: String, CodingKey {
        case maxSeqLength = "max_seq_length", doLowerCase = "do_lower_case"
    }
}

/// The parts of a `tokenizers` serialization that shape a BERT tokenizer.
struct TokenizerFile: Decodable {
    struct Normalizer: Decodable {
        var type: String
        var cleanText: Bool?
        var handleChineseChars: Bool?
        var stripAccents: Bool?
        var lowercase: Bool?

        private enum CodingKeys: String, CodingKey {
            case type, cleanText = "clean_text", handleChineseChars = "handle_chinese_chars"
            case stripAccents = "strip_accents", lowercase
        }
    }

    struct PreTokenizer: Decodable {
        var type: String
    }

    struct Model: Decodable {
        var type: String?
        var unkToken: String?
        var continuingSubwordPrefix: String?
        var maxInputCharsPerWord: Int?

        private enum CodingKeys: String, CodingKey {
            case type, unkToken = "unk_token", continuingSubwordPrefix = "continuing_subword_prefix"
            case maxInputCharsPerWord = "max_input_chars_per_word"
        }
    }

    var addedTokens: [AddedTokenEntry]?
    var normalizer: Normalizer?
    var preTokenizer: PreTokenizer?
    var model: Model

    private enum CodingKeys: String, CodingKey {
        case addedTokens = "added_tokens", normalizer, preTokenizer = "pre_tokenizer", model
    }

    func apply(to options: inout BertTokenizer.Options, file: String) throws(WordPieceError) {
        if let type = model.type, type != "WordPiece" {
            throw .unsupported(file: file, reason: "model type \(type); only WordPiece is implemented")
        }
        if let normalizer {
            guard normalizer.type == "BertNormalizer" else {
                throw .unsupported(file: file, reason: "normalizer \(normalizer.type); only BertNormalizer is implemented")
            }
            options.basic = BasicTokenizer.Options(
                cleanText: normalizer.cleanText ?? true,
                handleChineseCharacters: normalizer.handleChineseChars ?? true,
                stripAccents: normalizer.stripAccents,
                lowercase: normalizer.lowercase ?? true)
        } else {
            options.basic = BasicTokenizer.Options(
                cleanText: false, handleChineseCharacters: false, stripAccents: false, lowercase: false)
        }
        guard let preTokenizer, preTokenizer.type == "BertPreTokenizer" else {
            let type = preTokenizer?.type ?? "none"
            throw .unsupported(file: file, reason: "pre-tokenizer \(type); only BertPreTokenizer is implemented")
        }
        if let unk = model.unkToken { options.unknownToken = unk }
        if let prefix = model.continuingSubwordPrefix { options.continuingSubwordPrefix = prefix }
        if let limit = model.maxInputCharsPerWord { options.maxInputCharactersPerWord = limit }
        for token in addedTokens ?? [] {
            try token.checkSupported(file: file)
        }
    }
}
