import Foundation
import NIOCore

/// One-dimensional PostgreSQL arrays read straight from their binary wire form.
///
/// postgres-nio decodes an array element by element through its generic decoder, which costs
/// more than the server's scan on a column of a million values; a column read as a raw
/// `ByteBuffer` and walked here is a pass over bytes. The layout (`array_send`): dimensions,
/// a has-nulls flag and the element type (4 bytes each), then per dimension its length and lower
/// bound, then per element a 4-byte length (-1 for NULL) and that many bytes.
enum BinaryArray {
    struct Malformed: Error, CustomStringConvertible {
        let reason: String
        var description: String { "the server sent a malformed array (\(reason))" }
    }

    /// Calls `element` with each element's bytes in order (nil for NULL).
    static func forEach(_ buffer: ByteBuffer, _ element: (UnsafeRawBufferPointer?) throws -> Void) throws {
        try buffer.withUnsafeReadableBytes { bytes in
            func int32(at offset: Int) throws -> Int32 {
                guard offset + 4 <= bytes.count else { throw Malformed(reason: "cut short at byte \(offset)") }
                return Int32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self))
            }
            let dimensions = try int32(at: 0)
            if dimensions == 0 { return }
            guard dimensions == 1 else { throw Malformed(reason: "\(dimensions) dimensions") }
            let count = Int(try int32(at: 12))
            guard count >= 0 else { throw Malformed(reason: "a negative length") }
            var offset = 20
            for _ in 0..<count {
                let length = Int(try int32(at: offset))
                offset += 4
                if length < 0 {
                    try element(nil)
                    continue
                }
                guard offset + length <= bytes.count else { throw Malformed(reason: "an element past the end") }
                try element(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length]))
                offset += length
            }
        }
    }

    /// A `bigint[]` without NULLs.
    static func int64s(_ buffer: ByteBuffer) throws -> [Int64] {
        var values: [Int64] = []
        try forEach(buffer) { bytes in
            guard let bytes, bytes.count == 8 else { throw Malformed(reason: "a bigint element is NULL or not 8 bytes") }
            values.append(Int64(bigEndian: bytes.loadUnaligned(as: Int64.self)))
        }
        return values
    }

    /// A `text[]` without NULLs.
    static func strings(_ buffer: ByteBuffer) throws -> [String] {
        var values: [String] = []
        try forEach(buffer) { bytes in
            guard let bytes else { throw Malformed(reason: "a text element is NULL") }
            values.append(String(decoding: bytes, as: UTF8.self))
        }
        return values
    }

    /// A `timestamptz[]` without NULLs, as whole seconds since 1970 (rounded down, as SQLite's
    /// `strftime('%s')`). The wire holds microseconds since 2000-01-01.
    static func epochSeconds(_ buffer: ByteBuffer) throws -> [Int64] {
        let since2000: Int64 = 946_684_800
        var values: [Int64] = []
        try forEach(buffer) { bytes in
            guard let bytes, bytes.count == 8 else { throw Malformed(reason: "a timestamp element is NULL or not 8 bytes") }
            let micros = Int64(bigEndian: bytes.loadUnaligned(as: Int64.self))
            values.append(since2000 + micros.dividedRoundingDown(by: 1_000_000))
        }
        return values
    }
}

extension Int64 {
    /// Floor division (Swift's `/` rounds toward zero).
    func dividedRoundingDown(by divisor: Int64) -> Int64 {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? quotient - 1 : quotient
    }
}
