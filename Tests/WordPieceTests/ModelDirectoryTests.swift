import Foundation
import Testing

@testable import WordPiece

/// Reading a tokenizer from a model directory, and the errors for broken ones.
@Suite struct ModelDirectoryTests {
    static let vocabularyText = "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nhello\nworld\n##s\n"

    @Test("vocab.txt alone gives an uncased BERT tokenizer with 512 positions")
    func vocabularyOnly() throws {
        // Given
        let directory = try TemporaryDirectory()
        try directory.write("vocab.txt", Self.vocabularyText)

        // When
        let tokenizer = try BertTokenizer(modelDirectory: directory.url)

        // Then
        #expect(tokenizer.vocabularySize == 8)
        #expect(tokenizer.encode("Hello worlds") == [2, 5, 6, 7, 3])
        #expect(tokenizer.maxLength == 512)
        #expect(tokenizer.sentenceTransformers == nil)
        #expect(tokenizer.sentenceEmbeddingMaxLength == 512)
    }

    @Test("CRLF line ends and a missing final newline read the same")
    func lineEnds() throws {
        let directory = try TemporaryDirectory()
        try directory.write("vocab.txt", "[PAD]\r\n[UNK]\r\n[CLS]\r\n[SEP]\r\nhello")
        let tokens = try BertTokenizer.readVocabulary(at: directory.url.appendingPathComponent("vocab.txt"))
        #expect(tokens == ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "hello"])
    }

    @Test("tokenizer_config.json, sentence_bert_config.json and special tokens are honoured")
    func configuration() throws {
        // Given
        let directory = try TemporaryDirectory()
        try directory.write("vocab.txt", "<pad>\n<unk>\n<s>\n</s>\nHello\nhello\n")
        try directory.write("tokenizer_config.json", """
            {"do_lower_case": false, "model_max_length": 1000000000000000019884624838656,
             "unk_token": "<unk>", "cls_token": {"content": "<s>", "lstrip": false},
             "sep_token": "</s>", "pad_token": "<pad>", "mask_token": "<mask>"}
            """)
        try directory.write("sentence_bert_config.json", #"{"max_seq_length": 128, "do_lower_case": false}"#)

        // When
        let tokenizer = try BertTokenizer(modelDirectory: directory.url)

        // Then
        #expect(tokenizer.encode("Hello hello") == [2, 4, 5, 3])
        #expect(tokenizer.maxLength == 512)
        #expect(tokenizer.maskId == nil)
        #expect(tokenizer.sentenceTransformers == SentenceTransformersConfig(maxSequenceLength: 128))
        #expect(tokenizer.sentenceEmbeddingMaxLength == 128)
        #expect(tokenizer.encode("x </s> y") == [2, 1, 3, 1, 3])
    }

    @Test("tokenizer.json's normalizer applies unless tokenizer_config.json overrides it")
    func tokenizerJSON() throws {
        let directory = try TemporaryDirectory()
        try directory.write("vocab.txt", Self.vocabularyText + "Hello\n")
        try directory.write("tokenizer.json", """
            {"added_tokens": [{"id": 0, "content": "[PAD]", "single_word": false, "lstrip": false,
              "rstrip": false, "normalized": false, "special": true}],
             "normalizer": {"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true,
              "strip_accents": null, "lowercase": false},
             "pre_tokenizer": {"type": "BertPreTokenizer"},
             "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
              "max_input_chars_per_word": 100, "vocab": {}}}
            """)
        let cased = try BertTokenizer(modelDirectory: directory.url)
        #expect(cased.tokenize("Hello") == ["Hello"])
        #expect(cased.tokenize("[PAD][SEP]") == ["[PAD]", "[SEP]"])

        try directory.write("tokenizer_config.json", #"{"do_lower_case": true}"#)
        let uncased = try BertTokenizer(modelDirectory: directory.url)
        #expect(uncased.tokenize("Hello") == ["hello"])
    }

    // MARK: Broken directories

    @Test("a missing vocab.txt names the path")
    func missingVocabulary() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("vocab.txt").path
        #expect(throws: WordPieceError.missingFile(path)) {
            try BertTokenizer(modelDirectory: directory.url)
        }
    }

    @Test("an empty vocab.txt is rejected")
    func emptyVocabulary() throws {
        let directory = try TemporaryDirectory()
        try directory.write("vocab.txt", "")
        let path = directory.url.appendingPathComponent("vocab.txt").path
        #expect(throws: WordPieceError.emptyVocabulary(file: path)) {
            try BertTokenizer(modelDirectory: directory.url)
        }
    }

    @Test("a duplicate line in vocab.txt is reported with both line numbers")
    func duplicateLine() throws {
        let directory = try TemporaryDirectory()
        try directory.write("vocab.txt", Self.vocabularyText + "world\n")
        let path = directory.url.appendingPathComponent("vocab.txt").path
        #expect(throws: WordPieceError.duplicateToken(file: path, line: 9, token: "world", firstLine: 7)) {
            try BertTokenizer(modelDirectory: directory.url)
        }
    }

    @Test("a line of vocab.txt that is not UTF-8 is reported with its number")
    func invalidUTF8() throws {
        let directory = try TemporaryDirectory()
        try directory.write("vocab.txt", bytes: Array("[PAD]\n[UNK]\nok\n".utf8) + [0x66, 0xFF, 0x0A])
        let path = directory.url.appendingPathComponent("vocab.txt").path
        #expect(throws: WordPieceError.invalidUTF8(file: path, line: 4)) {
            try BertTokenizer(modelDirectory: directory.url)
        }
    }

    @Test("a special token missing from vocab.txt is named")
    func missingSpecial() throws {
        let directory = try TemporaryDirectory()
        try directory.write("vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\n")
        try directory.write("tokenizer_config.json", #"{"cls_token": "<s>"}"#)
        let path = directory.url.appendingPathComponent("vocab.txt").path
        #expect(throws: WordPieceError.missingSpecialToken(file: path, role: "classifier token", token: "<s>")) {
            try BertTokenizer(modelDirectory: directory.url)
        }
    }

    @Test("broken JSON is reported with its line")
    func syntaxError() throws {
        let directory = try TemporaryDirectory()
        try directory.write("vocab.txt", Self.vocabularyText)
        try directory.write("tokenizer_config.json", "{\n  \"do_lower_case\": true,\n  \"strip_accents\": nul\n}\n")
        let error = try #require(throws: WordPieceError.self) {
            try BertTokenizer(modelDirectory: directory.url)
        }
        guard case .invalidJSON(let file, let line, _) = error else {
            Issue.record("expected invalidJSON, got \(error)")
            return
        }
        #expect(file.hasSuffix("tokenizer_config.json"))
        #expect(line == 3)
    }

    @Test("a value of the wrong type is reported with its key")
    func typeError() throws {
        let directory = try TemporaryDirectory()
        try directory.write("vocab.txt", Self.vocabularyText)
        try directory.write("sentence_bert_config.json", #"{"max_seq_length": "long"}"#)
        let error = try #require(throws: WordPieceError.self) {
            try BertTokenizer(modelDirectory: directory.url)
        }
        #expect(error.description.contains("sentence_bert_config.json"))
        #expect(error.description.contains("max_seq_length"))
    }

    @Test("tokenizers other than BERT WordPiece are refused, not approximated")
    func unsupported() throws {
        let directory = try TemporaryDirectory()
        try directory.write("vocab.txt", Self.vocabularyText)
        try directory.write("tokenizer.json", """
            {"normalizer": {"type": "Sequence", "normalizers": []},
             "pre_tokenizer": {"type": "BertPreTokenizer"}, "model": {"type": "WordPiece"}}
            """)
        let error = try #require(throws: WordPieceError.self) {
            try BertTokenizer(modelDirectory: directory.url)
        }
        guard case .unsupported = error else {
            Issue.record("expected unsupported, got \(error)")
            return
        }
        #expect(error.description.contains("Sequence"))
    }

    // MARK: The real model

    @Test(
        "all-MiniLM-L6-v2 loads with its special ids and sentence-transformers' 256",
        .enabled(if: RealModel.isPresent, RealModel.skipMessage))
    func realModel() throws {
        let tokenizer = try BertTokenizer(modelDirectory: RealModel.directory)
        #expect(tokenizer.vocabularySize == 30522)
        #expect(tokenizer.padId == 0 && tokenizer.unkId == 100 && tokenizer.clsId == 101 && tokenizer.sepId == 102)
        #expect(tokenizer.maskId == 103)
        #expect(tokenizer.maxLength == 512)
        #expect(tokenizer.sentenceTransformers?.maxSequenceLength == 256)
        #expect(tokenizer.sentenceEmbeddingMaxLength == 256)
        #expect(tokenizer.tokenize("The movie was great!") == ["the", "movie", "was", "great", "!"])
    }
}
