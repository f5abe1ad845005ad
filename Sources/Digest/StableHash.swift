/// A fast 64-bit hash that is the same on every machine and every run (Swift's `Hasher` is
/// seeded per process, so it cannot place items in splits or order a queue reproducibly).
/// FNV-1a over UTF-8, finished with SplitMix64's mixer so that nearby inputs spread out.
public enum StableHash {
    public static func of(_ string: String) -> UInt64 {
        var copy = string
        return copy.withUTF8 { of($0) }
    }

    public static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return mix(hash)
    }

    /// SplitMix64's first output for the seed `value`: a bijection on 64 bits with good
    /// avalanche (the order of every queue and the split of every item rest on it).
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        SplitMix64.mix(value &+ SplitMix64.increment)
    }

    /// A value in [0, 1) taken from the top 53 bits of `hash`.
    @inlinable
    public static func unitInterval(_ hash: UInt64) -> Double {
        Double(hash >> 11) / Double(UInt64(1) << 53)
    }
}
