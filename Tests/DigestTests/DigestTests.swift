import Testing
import Digest

@Suite struct DigestTests {
    // Test vectors from FIPS 180-4's examples and NIST's SHA-256 short-message set.
    @Test("SHA-256 matches the published test vectors", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("The quick brown fox jumps over the lazy dog",
         "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592"),
    ])
    func sha256(input: String, expected: String) {
        #expect(SHA256.hexDigest(input) == expected)
    }

    @Test("SHA-256 of a million 'a' matches FIPS 180-4")
    func millionA() {
        var hasher = SHA256()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { hasher.update(chunk) }
        #expect(SHA256.hex(hasher.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("stable hash is fixed across runs and spreads nearby inputs")
    func stableHash() {
        // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c; the mixer is SplitMix64's finaliser.
        #expect(StableHash.of("a") == StableHash.mix(0xaf63_dc4c_8601_ec8c))
        #expect(StableHash.of("item-1") != StableHash.of("item-2"))
        let u = StableHash.unitInterval(StableHash.of("x"))
        #expect(u >= 0 && u < 1)
    }
}
