/// SplitMix64 (Steele, Lea & Flood 2014): a 64-bit counter passed through a mixing function.
/// The project's one small seeded generator: it seeds `Xoshiro256StarStar`, derives one
/// independent seed per bootstrap draw, deals cross-validation folds, and its mixer finishes
/// `StableHash`. Its sequence is fixed here, not by the standard library's version.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The golden-ratio step added to the state before each output.
    public static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15

    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= Self.increment
        return Self.mix(state)
    }

    /// The SplitMix64 output function, a bijection on UInt64.
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<bound, without modulo bias (rejection of the top partial range). The
    /// cross-validation folds depend on this exact sequence.
    public mutating func next(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let limit = UInt64(bound)
        let threshold = (0 &- limit) % limit  // 2⁶⁴ mod bound
        while true {
            let value = next()
            if value >= threshold { return Int(value % limit) }
        }
    }

    /// Fisher–Yates shuffle.
    public mutating func shuffle<T>(_ values: inout [T]) {
        guard values.count > 1 else { return }
        for i in stride(from: values.count - 1, to: 0, by: -1) {
            values.swapAt(i, next(below: i + 1))
        }
    }
}

/// xoshiro256** 1.0 (Blackman & Vigna 2018), its state filled by four SplitMix64 outputs as the
/// authors recommend. Small, fast and reproducible on every platform, unlike
/// `SystemRandomNumberGenerator`.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    // Visible to inlined code: the bootstrap draws hundreds of millions of numbers from other
    // modules, and a call per number took a third of its time.
    @usableFromInline var s0, s1, s2, s3: UInt64

    public init(seed: UInt64) {
        var seeder = SplitMix64(seed: seed)
        s0 = seeder.next()
        s1 = seeder.next()
        s2 = seeder.next()
        s3 = seeder.next()
    }

    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        let result = rotate(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotate(s3, 45)
        return result
    }

    /// Uniform integer in 0..<bound by Lemire's multiply-and-reject (exactly unbiased). The
    /// Python fixture script replays this exact sequence.
    @inlinable @inline(__always)
    public mutating func next(below bound: UInt64) -> UInt64 {
        precondition(bound > 0)
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }

    @inlinable @inline(__always)
    func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }
}
