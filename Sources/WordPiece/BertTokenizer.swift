/// A string matched verbatim in the text and encoded as one id, as `tokenizers`' added tokens
/// are: "[SEP]" typed by a user becomes the separator, not "[", "sep", "]".
public struct AddedToken: Sendable, Equatable {
    public var content: String
    /// The id when `content` is not in the vocabulary.
    public var id: Int32?
    /// Matched in the normalized text (after lower-casing etc.) rather than the raw text.
    public var normalized: Bool

    public init(_ content: String, id: Int32? = nil, normalized: Bool = false) {
        self.content = content
        self.id = id
        self.normalized = normalized
    }
}

/// What sentence-transformers' `sentence_bert_config.json` says.
public struct SentenceTransformersConfig: Sendable, Equatable {
    /// The length sentence-transformers truncates to, [CLS] and [SEP] included.
    public var maxSequenceLength: Int?
    /// Whether sentence-transformers lower-cases the text before the tokenizer sees it.
    public var doLowerCase: Bool

    public init(maxSequenceLength: Int?, doLowerCase: Bool = false) {
        self.maxSequenceLength = maxSequenceLength
        self.doLowerCase = doLowerCase
    }
}

/// BERT's tokenizer: basic tokenization, WordPiece, [CLS] … [SEP], truncation.
///
/// Conforms to Hugging Face `tokenizers` (checked against `transformers.AutoTokenizer` on a file
/// of tricky inputs and on every Unicode scalar; see Tests/WordPieceTests).
public struct BertTokenizer: Sendable {
    public struct Options: Sendable, Equatable {
        public var basic: BasicTokenizer.Options
        public var unknownToken: String
        public var classifierToken: String
        public var separatorToken: String
        public var paddingToken: String
        public var maskToken: String?
        public var continuingSubwordPrefix: String
        public var maxInputCharactersPerWord: Int
        /// `model_max_length`; the default truncation length is min(this, 512).
        public var modelMaxLength: Int
        /// `nil`: the special tokens above, matched verbatim, as transformers registers them.
        public var addedTokens: [AddedToken]?

        public init(
            basic: BasicTokenizer.Options = BasicTokenizer.Options(),
            unknownToken: String = "[UNK]",
            classifierToken: String = "[CLS]",
            separatorToken: String = "[SEP]",
            paddingToken: String = "[PAD]",
            maskToken: String? = "[MASK]",
            continuingSubwordPrefix: String = "##",
            maxInputCharactersPerWord: Int = 100,
            modelMaxLength: Int = 512,
            addedTokens: [AddedToken]? = nil
        ) {
            self.basic = basic
            self.unknownToken = unknownToken
            self.classifierToken = classifierToken
            self.separatorToken = separatorToken
            self.paddingToken = paddingToken
            self.maskToken = maskToken
            self.continuingSubwordPrefix = continuingSubwordPrefix
            self.maxInputCharactersPerWord = maxInputCharactersPerWord
            self.modelMaxLength = modelMaxLength
            self.addedTokens = addedTokens
        }
    }

    /// BERT's position embeddings stop at 512 whatever a config claims.
    public static let positionLimit = 512

    public let basicTokenizer: BasicTokenizer
    public let wordPieceTokenizer: WordPieceTokenizer
    public let clsId: Int32
    public let sepId: Int32
    public let padId: Int32
    public let unkId: Int32
    public let maskId: Int32?
    /// Default truncation length of `encode`, [CLS] and [SEP] included: min(model_max_length, 512).
    public let maxLength: Int
    /// Present when the model directory holds `sentence_bert_config.json`; its
    /// `maxSequenceLength` is what sentence-transformers truncates to (256 for all-MiniLM-L6-v2).
    public let sentenceTransformers: SentenceTransformersConfig?

    /// The length to pass to `encode` to get sentence-transformers' ids: `max_seq_length`
    /// when the directory gives one, else `maxLength`.
    public var sentenceEmbeddingMaxLength: Int {
        sentenceTransformers?.maxSequenceLength ?? maxLength
    }
    private let rawMatcher: AddedTokenMatcher
    private let normalizedMatcher: AddedTokenMatcher
    private let addedTokenContents: [Int32: String]

    /// Lines of a vocab.txt, in id order.
    public var vocabularySize: Int { wordPieceTokenizer.vocabulary.count }

    public init(vocabulary: [String], options: Options = Options()) throws(WordPieceError) {
        try self.init(
            vocabulary: vocabulary, options: options, source: "<vocabulary>", sentenceTransformers: nil)
    }

    init(
        vocabulary tokens: [String],
        options: Options,
        source: String,
        sentenceTransformers: SentenceTransformersConfig?
    ) throws(WordPieceError) {
        guard options.maxInputCharactersPerWord > 0 else {
            throw .invalidOption("maxInputCharactersPerWord must be positive")
        }
        let vocabulary = try Vocabulary(
            tokens: tokens, continuingSubwordPrefix: options.continuingSubwordPrefix, source: source)
        func id(_ role: String, _ token: String) throws(WordPieceError) -> Int32 {
            guard let id = vocabulary.id(for: token) else {
                throw .missingSpecialToken(file: source, role: role, token: token)
            }
            return id
        }
        unkId = try id("unknown token", options.unknownToken)
        clsId = try id("classifier token", options.classifierToken)
        sepId = try id("separator token", options.separatorToken)
        padId = try id("padding token", options.paddingToken)
        maskId = options.maskToken.flatMap { vocabulary.id(for: $0) }

        var added = options.addedTokens ?? []
        if options.addedTokens == nil {
            let specials = [options.paddingToken, options.unknownToken, options.classifierToken,
                            options.separatorToken] + (maskId == nil ? [] : options.maskToken.map { [$0] } ?? [])
            added = specials.map { AddedToken($0) }
        }
        var raw: [([UInt32], Int32)] = []
        var normalized: [([UInt32], Int32)] = []
        var contents: [Int32: String] = [:]
        let basic = BasicTokenizer(options: options.basic)
        for token in added where !token.content.isEmpty {
            guard let tokenId = vocabulary.id(for: token.content) ?? token.id else {
                throw .missingSpecialToken(file: source, role: "added token", token: token.content)
            }
            contents[tokenId] = token.content
            if token.normalized {
                // The reference matches normalized tokens by their normalized form.
                var pattern: [UInt32] = []
                var scratch: [UInt32] = []
                basic.normalize(BasicTokenizer.scalars(of: token.content)[...], into: &pattern, scratch: &scratch)
                if !pattern.isEmpty {
                    normalized.append((pattern, tokenId))
                }
            } else {
                raw.append((BasicTokenizer.scalars(of: token.content), tokenId))
            }
        }

        basicTokenizer = basic
        wordPieceTokenizer = WordPieceTokenizer(
            vocabulary: vocabulary,
            unknownId: unkId,
            continuingSubwordPrefix: options.continuingSubwordPrefix,
            maxInputCharactersPerWord: options.maxInputCharactersPerWord)
        maxLength = max(2, min(options.modelMaxLength, Self.positionLimit))
        self.sentenceTransformers = sentenceTransformers
        rawMatcher = AddedTokenMatcher(raw)
        normalizedMatcher = AddedTokenMatcher(normalized)
        addedTokenContents = contents
    }

    // MARK: - Encoding

    /// Token ids of `text`: [CLS], the pieces, [SEP], truncated to `maxLength` ids in all
    /// (default `self.maxLength`; values below 2 count as 2) by dropping pieces from the end.
    public func encode(_ text: String, maxLength: Int? = nil) -> [Int32] {
        let limit = max(2, maxLength ?? self.maxLength)
        var ids: [Int32] = [clsId]
        ids.reserveCapacity(min(limit, text.utf8.count / 2 + 8))
        appendPieceIds(of: text, to: &ids, limit: limit - 1)
        ids.append(sepId)
        return ids
    }

    /// The pieces of `text` as token strings, without [CLS]/[SEP] or truncation.
    public func tokenize(_ text: String) -> [String] {
        var ids: [Int32] = []
        appendPieceIds(of: text, to: &ids, limit: Int.max)
        return ids.map { token(for: $0) ?? "" }
    }

    public func token(for id: Int32) -> String? {
        if let content = addedTokenContents[id] {
            return content
        }
        let tokens = wordPieceTokenizer.vocabulary.tokens
        guard id >= 0, Int(id) < tokens.count else { return nil }
        return tokens[Int(id)]
    }

    public func id(for token: String) -> Int32? {
        wordPieceTokenizer.vocabulary.id(for: token)
    }

    /// Appends piece ids until `ids.count` reaches `limit`.
    private func appendPieceIds(of text: String, to ids: inout [Int32], limit: Int) {
        let scalars = BasicTokenizer.scalars(of: text)
        var normalized: [UInt32] = []
        var scratch: [UInt32] = []
        rawMatcher.forEachSegment(in: scalars, 0..<scalars.count) { segment, addedId in
            if let addedId {
                ids.append(addedId)
                return ids.count < limit
            }
            normalized.removeAll(keepingCapacity: true)
            basicTokenizer.normalize(scalars[segment], into: &normalized, scratch: &scratch)
            var more = true
            normalizedMatcher.forEachSegment(in: normalized, 0..<normalized.count) { piece, addedId in
                if let addedId {
                    ids.append(addedId)
                } else {
                    basicTokenizer.forEachWord(in: normalized, piece) { word in
                        wordPieceTokenizer.appendIds(of: normalized[word], to: &ids)
                        return ids.count < limit
                    }
                }
                more = ids.count < limit
                return more
            }
            return more
        }
        if ids.count > limit {
            ids.removeSubrange(limit...)
        }
    }
}

/// Leftmost-longest search for added tokens, like the reference's Aho-Corasick
/// (`MatchKind::LeftmostLongest`). There are a handful of patterns, so a direct scan suffices.
struct AddedTokenMatcher: Sendable {
    private let patterns: [([UInt32], Int32)]
    /// First scalars of the patterns: a bit per ASCII scalar, a set for the rest. Every
    /// scalar of every text is checked, so the common case must not hash.
    private let asciiFirst: (low: UInt64, high: UInt64)
    private let otherFirst: Set<UInt32>

    init(_ patterns: [([UInt32], Int32)]) {
        // Longest first, so the first match at a position is the longest one.
        self.patterns = patterns.filter { !$0.0.isEmpty }.sorted { $0.0.count > $1.0.count }
        var low: UInt64 = 0
        var high: UInt64 = 0
        var other = Set<UInt32>()
        for first in self.patterns.compactMap({ $0.0.first }) {
            switch first {
            case 0..<64: low |= 1 << UInt64(first)
            case 64..<128: high |= 1 << UInt64(first - 64)
            default: other.insert(first)
            }
        }
        asciiFirst = (low, high)
        otherFirst = other
    }

    @inline(__always)
    private func mayStartMatch(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0..<64: return asciiFirst.low & (1 << UInt64(scalar)) != 0
        case 64..<128: return asciiFirst.high & (1 << UInt64(scalar - 64)) != 0
        default: return !otherFirst.isEmpty && otherFirst.contains(scalar)
        }
    }

    /// Calls `body` for each stretch of `buffer[range]` in order: a matched token with its id,
    /// or the text between matches with nil. Stops when `body` returns false.
    func forEachSegment(
        in buffer: [UInt32], _ range: Range<Int>, _ body: (Range<Int>, Int32?) -> Bool
    ) {
        var start = range.lowerBound
        if !patterns.isEmpty {
            var index = range.lowerBound
            while index < range.upperBound {
                guard mayStartMatch(buffer[index]),
                      let (length, id) = match(in: buffer, at: index, end: range.upperBound)
                else {
                    index += 1
                    continue
                }
                if start < index, !body(start..<index, nil) { return }
                if !body(index..<(index + length), id) { return }
                index += length
                start = index
            }
        }
        if start < range.upperBound {
            _ = body(start..<range.upperBound, nil)
        }
    }

    private func match(in buffer: [UInt32], at index: Int, end: Int) -> (Int, Int32)? {
        for (pattern, id) in patterns where pattern.count <= end - index {
            if buffer[index..<(index + pattern.count)].elementsEqual(pattern) {
                return (pattern.count, id)
            }
        }
        return nil
    }
}
