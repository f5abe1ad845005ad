import Foundation
import Testing

@testable import WordPiece

/// Opine's tokenizer against Hugging Face's, through the fixture that
/// scripts/make_tokenizer_fixture.py writes with transformers.AutoTokenizer.
@Suite struct ConformanceTests {
    @Test("the fixture holds at least 150 cases, some of them truncated, and names its reference")
    func fixtureShape() throws {
        let fixture = try ReferenceFixture.load()
        #expect(fixture.cases.count >= 150)
        #expect(fixture.cases.contains { $0.untruncatedLength > fixture.maxLength })
        #expect(Set(fixture.cases.map(\.name)).count == fixture.cases.count)
        #expect(!fixture.transformersVersion.isEmpty && !fixture.tokenizersVersion.isEmpty)
        #expect(fixture.codePointScan.configs.count >= 2)
    }

    // Needs vocab.txt, which is model data and not committed.
    @Test(
        "every tricky input encodes to the reference ids (or is ledgered)",
        .enabled(if: RealModel.isPresent, RealModel.skipMessage),
        arguments: ReferenceFixture.shared?.cases ?? [])
    func referenceCase(_ reference: ReferenceFixture.Case) throws {
        // Given
        let tokenizer = try Self.realTokenizer()
        let ledgered = try ReferenceFixture.ledgeredCases()
        // The fixture truncates as sentence-transformers does; so must the product path.
        #expect(tokenizer.sentenceEmbeddingMaxLength == ReferenceFixture.shared?.maxLength)

        // When
        let ids = tokenizer.encode(reference.text, maxLength: tokenizer.sentenceEmbeddingMaxLength)

        // Then
        if ledgered.contains(reference.name) {
            withKnownIssue("ledgered in Fixtures/LEDGER.md") {
                #expect(ids == reference.inputIds)
            }
        } else {
            #expect(
                ids == reference.inputIds,
                "got \(ids.map { tokenizer.token(for: $0) ?? "?" }), want \(reference.tokens)")
        }
    }

    @Test(
        "untruncated encodings have the reference length",
        .enabled(if: RealModel.isPresent, RealModel.skipMessage))
    func untruncatedLengths() throws {
        let tokenizer = try Self.realTokenizer()
        let fixture = try ReferenceFixture.load()
        let ledgered = try ReferenceFixture.ledgeredCases()
        for reference in fixture.cases where !ledgered.contains(reference.name) {
            let count = tokenizer.tokenize(reference.text).count + 2
            #expect(count == reference.untruncatedLength, "\(reference.name)")
        }
    }

    /// Every Unicode scalar c, as "a" + c + "b", through normalizer and pre-tokenizer; hashed
    /// per block like the script does, so a mismatch names the block to look at.
    @Test("every code point normalizes and splits as the reference does", arguments: ["uncased", "cased", "lowercase_keep_accents", "strip_accents_keep_case"])
    func codePointScan(_ configName: String) throws {
        // Given
        let fixture = try ReferenceFixture.load()
        let scan = fixture.codePointScan
        let config = try #require(scan.configs[configName])
        let basic = BasicTokenizer(options: .init(
            cleanText: config.normalizer.cleanText,
            handleChineseCharacters: config.normalizer.handleChineseChars,
            stripAccents: config.normalizer.stripAccents,
            lowercase: config.normalizer.lowercase))

        // When
        var hashes: [String] = []
        var normalized: [UInt32] = []
        var scratch: [UInt32] = []
        var hash = FNV1a64()
        for value in UInt32(0)..<0x110000 {
            if value % UInt32(scan.blockSize) == 0 {
                if value > 0 { hashes.append(hash.hex) }
                hash = FNV1a64()
            }
            if (0xD800...0xDFFF).contains(value) { continue }
            normalized.removeAll(keepingCapacity: true)
            basic.normalize([0x61, value, 0x62], into: &normalized, scratch: &scratch)
            var first = true
            basic.forEachWord(in: normalized, 0..<normalized.count) { word in
                if !first { hash.add(byte: 0x01) }
                first = false
                for scalar in normalized[word] { hash.add(scalar: scalar) }
                return true
            }
            hash.add(byte: 0x0A)
        }
        hashes.append(hash.hex)

        // Then
        #expect(hashes.count == config.fnv1a64.count)
        let mismatched = zip(hashes, config.fnv1a64).enumerated().filter { $0.element.0 != $0.element.1 }.map {
            "U+" + String($0.offset * scan.blockSize, radix: 16, uppercase: true)
        }
        #expect(mismatched.isEmpty, "blocks of \(scan.blockSize) differing, starting at \(mismatched)")
    }

    /// Loaded once for all cases.
    private static let realResult = Result { () throws(WordPieceError) in
        try BertTokenizer(modelDirectory: RealModel.directory)
    }

    static func realTokenizer() throws -> BertTokenizer {
        try realResult.get()
    }
}

/// FNV-1a, 64 bits, over UTF-8; the script hashes the same bytes.
struct FNV1a64 {
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    mutating func add(byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    mutating func add(scalar: UInt32) {
        guard let unicodeScalar = Unicode.Scalar(scalar), let encoded = UTF8.encode(unicodeScalar) else {
            return
        }
        for byte in encoded {
            add(byte: byte)
        }
    }

    var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
