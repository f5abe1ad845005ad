import Foundation

/// The encodings a data file may be read in. Opine never guesses: a file that is not valid
/// UTF-8 is rejected with the line of the first bad byte, and Latin-1 must be asked for.
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case latin1 = "latin-1"
}

enum TextDecoding {
    /// The file's bytes as UTF-8, without a leading byte-order mark.
    static func utf8Bytes(of data: Data, encoding: TextEncoding, file: String) throws -> [UInt8] {
        var bytes = [UInt8](data)
        switch encoding {
        case .utf8:
            if let bad = firstInvalidByte(in: bytes) {
                throw WorkflowError.invalidEncoding(
                    file: file, line: lineNumber(ofByte: bad, in: bytes), byteOffset: bad, encoding: "UTF-8")
            }
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        case .latin1:
            bytes = latin1ToUTF8(bytes)
        }
        return bytes
    }

    static func firstInvalidByte(in data: Data) -> Int? { firstInvalidByte(in: [UInt8](data)) }

    static func lineOfFirstInvalidByte(in data: Data) -> Int? {
        let bytes = [UInt8](data)
        return firstInvalidByte(in: bytes).map { lineNumber(ofByte: $0, in: bytes) }
    }

    /// The offset of the first byte that breaks UTF-8 (RFC 3629: no overlongs, no surrogates,
    /// nothing above U+10FFFF), or nil when the whole buffer is valid.
    static func firstInvalidByte(in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            var i = 0
            let n = buffer.count
            while i < n {
                let lead = buffer[i]
                if lead < 0x80 { i += 1; continue }
                let length: Int
                var low: UInt8 = 0x80, high: UInt8 = 0xBF
                switch lead {
                case 0xC2...0xDF: length = 2
                case 0xE0: length = 3; low = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: length = 3
                case 0xED: length = 3; high = 0x9F
                case 0xF0: length = 4; low = 0x90
                case 0xF1...0xF3: length = 4
                case 0xF4: length = 4; high = 0x8F
                default: return i
                }
                guard i + length <= n else { return i }
                let second = buffer[i + 1]
                guard second >= low && second <= high else { return i }
                for j in 2..<length where buffer[i + j] & 0xC0 != 0x80 { return i }
                i += length
            }
            return nil
        }
    }

    static func lineNumber(ofByte offset: Int, in bytes: [UInt8]) -> Int {
        1 + bytes[..<min(offset, bytes.count)].lazy.filter { $0 == UInt8(ascii: "\n") }.count
    }

    static func latin1ToUTF8(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for byte in bytes {
            if byte < 0x80 {
                out.append(byte)
            } else {
                out.append(0xC0 | (byte >> 6))
                out.append(0x80 | (byte & 0x3F))
            }
        }
        return out
    }
}
