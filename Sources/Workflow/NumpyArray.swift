import Foundation

/// A 2-D float array read from NumPy's `.npy` format (version 1–3, little-endian float32 or
/// float64, C order), for embeddings computed outside Opine.
public struct NumpyMatrix: Sendable, Equatable {
    public var rows: Int
    public var columns: Int
    /// Row-major, converted to Float32.
    public var values: [Float]

    public static func read(path: String) throws -> NumpyMatrix {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw WorkflowError.unreadableFile(file: path, reason: error.localizedDescription)
        }
        func fail(_ reason: String) -> WorkflowError { .unreadableFile(file: path, reason: reason) }
        let bytes = [UInt8](data)
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1..<6]) == Array("NUMPY".utf8) else {
            throw fail("not a .npy file (no \\x93NUMPY magic)")
        }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw fail("truncated header") }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        default:
            throw fail("unsupported .npy version \(major)")
        }
        guard headerStart + headerLength <= bytes.count else { throw fail("truncated header") }
        let header = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)

        guard let descr = Self.value(of: "descr", in: header)?.trimmingCharacters(in: CharacterSet(charactersIn: "'\"")) else {
            throw fail("header has no 'descr'")
        }
        let width: Int
        switch descr {
        case "<f4", "|f4", "f4": width = 4
        case "<f8", "f8": width = 8
        default: throw fail("dtype \(descr) is not little-endian float32 or float64")
        }
        if Self.value(of: "fortran_order", in: header) == "True" { throw fail("Fortran-ordered arrays are not supported; save with np.ascontiguousarray") }
        guard let shapeText = Self.shape(in: header) else { throw fail("header has no 'shape'") }
        let shape = shapeText.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard shape.count == 2 else { throw fail("expected a 2-D array (items × dimensions), got shape (\(shapeText))") }
        let (rows, columns) = (shape[0], shape[1])
        let start = headerStart + headerLength
        guard bytes.count - start == rows * columns * width else {
            throw fail("holds \(bytes.count - start) bytes of data, shape (\(rows), \(columns)) needs \(rows * columns * width)")
        }
        var values = [Float](repeating: 0, count: rows * columns)
        bytes.withUnsafeBytes { raw in
            for index in 0..<(rows * columns) {
                let offset = start + index * width
                if width == 4 {
                    values[index] = Float(bitPattern: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian)
                } else {
                    values[index] = Float(Double(bitPattern: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian))
                }
            }
        }
        return NumpyMatrix(rows: rows, columns: columns, values: values)
    }

    private static func value(of key: String, in header: String) -> String? {
        guard let range = header.range(of: "'\(key)':") else { return nil }
        let rest = header[range.upperBound...].drop { $0 == " " }
        return String(rest.prefix { $0 != "," && $0 != "}" }).trimmingCharacters(in: .whitespaces)
    }

    private static func shape(in header: String) -> String? {
        guard let range = header.range(of: "'shape':"),
              let open = header[range.upperBound...].firstIndex(of: "("),
              let close = header[open...].firstIndex(of: ")") else { return nil }
        return String(header[header.index(after: open)..<close])
    }
}
