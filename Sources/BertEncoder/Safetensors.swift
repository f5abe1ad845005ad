import Foundation

/// A memory-mapped `.safetensors` file: an 8-byte little-endian header length, a JSON header
/// `{name: {dtype, shape, data_offsets: [begin, end]}}` and the data section the offsets point
/// into. Everything the header claims is checked when the file is opened, so reading a
/// tensor afterwards cannot go out of bounds.
struct Safetensors: Sendable {
    enum DType: String, Sendable {
        case F64, F32, F16, BF16, I64, I32, I16, I8, U64, U32, U16, U8, BOOL
        case F8_E4M3, F8_E5M2, F8_E8M0, C64

        var byteSize: Int {
            switch self {
            case .F64, .I64, .U64, .C64: return 8
            case .F32, .I32, .U32: return 4
            case .F16, .BF16, .I16, .U16: return 2
            case .I8, .U8, .BOOL, .F8_E4M3, .F8_E5M2, .F8_E8M0: return 1
            }
        }
    }

    struct Entry: Sendable {
        let dtype: DType
        let shape: [Int]
        /// Byte range within the data section (after the header).
        let offsets: Range<Int>
    }

    /// The safetensors format's own cap on the header, which also bounds what a corrupt
    /// length prefix can make us allocate.
    static let maximumHeaderBytes = 100_000_000

    let path: String
    let file: MappedFile
    let entries: [String: Entry]
    /// Where the data section starts: 8 + the header length.
    let dataStart: Int

    /// The raw header (length prefix and JSON), for content hashing.
    var header: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: file.bytes[0..<dataStart])
    }

    init(path: String) throws(BertEncoderError) {
        self.path = path
        file = try MappedFile(path: path)
        let bytes = file.bytes
        guard bytes.count >= 8 else {
            throw .truncatedFile(path: path, expectedBytes: 8, actualBytes: bytes.count)
        }
        let declared = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
        guard declared <= UInt64(Self.maximumHeaderBytes), Int(declared) <= bytes.count - 8 else {
            throw .invalidHeader(
                path: path, reason: "header length \(declared) exceeds the \(bytes.count - 8) bytes after the length prefix")
        }
        dataStart = 8 + Int(declared)
        let json = Data(bytes[8..<dataStart])
        let raw: [String: RawEntry]
        do {
            raw = try JSONDecoder().decode([String: RawEntry].self, from: json)
        } catch {
            throw .invalidHeader(path: path, reason: "the \(declared)-byte header is not a JSON object of tensors: \(Self.reason(error))")
        }
        entries = try Self.validate(raw, path: path, dataBytes: bytes.count - dataStart, fileBytes: bytes.count)
    }

    /// The tensor converted to `Float`, after checking its name and shape.
    func floats(_ name: String, shape expected: [Int]) throws(BertEncoderError) -> [Float] {
        guard let entry = entries[name] else {
            throw .missingTensor(path: path, tensor: name, expectedShape: expected)
        }
        guard entry.shape == expected else {
            throw .shapeMismatch(path: path, tensor: name, expected: expected, got: entry.shape)
        }
        let count = entry.offsets.count / entry.dtype.byteSize
        let range = (dataStart + entry.offsets.lowerBound)..<(dataStart + entry.offsets.upperBound)
        let source = UnsafeRawBufferPointer(rebasing: file.bytes[range])
        defer { file.discard(range) }
        switch entry.dtype {
        case .F32:
            // Safetensors is little-endian, as is every platform Opine builds for.
            return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                if count > 0, let target = buffer.baseAddress, let from = source.baseAddress {
                    UnsafeMutableRawPointer(target).copyMemory(from: from, byteCount: count * 4)
                }
                initialized = count
            }
        case .F16:
            return Self.convert(source, count: count) { (bits: UInt16) in Float(Float16(bitPattern: bits)) }
        case .BF16:
            // bfloat16 is the top half of an IEEE float.
            return Self.convert(source, count: count) { (bits: UInt16) in Float(bitPattern: UInt32(bits) << 16) }
        case .F64:
            return Self.convert(source, count: count) { (bits: UInt64) in Float(Double(bitPattern: bits)) }
        default:
            throw .unsupportedDType(path: path, tensor: name, dtype: entry.dtype.rawValue)
        }
    }

    // MARK: - Header validation

    private struct RawEntry: Decodable {
        let dtype: String?
        let shape: [Int]?
        let data_offsets: [Int]?
    }

    private static func validate(
        _ raw: [String: RawEntry], path: String, dataBytes: Int, fileBytes: Int
    ) throws(BertEncoderError) -> [String: Entry] {
        var entries: [String: Entry] = [:]
        for (name, value) in raw where name != "__metadata__" {
            guard let dtypeName = value.dtype, let shape = value.shape, let offsets = value.data_offsets else {
                throw .invalidHeader(path: path, reason: "tensor \(name) lacks dtype, shape or data_offsets")
            }
            guard let dtype = DType(rawValue: dtypeName) else {
                throw .unknownDType(path: path, tensor: name, dtype: dtypeName)
            }
            guard shape.allSatisfy({ $0 >= 0 }) else {
                throw .invalidHeader(path: path, reason: "tensor \(name) has a negative dimension in \(shape)")
            }
            guard offsets.count == 2, offsets[0] >= 0, offsets[0] <= offsets[1] else {
                throw .offsetsOutOfRange(path: path, tensor: name, offsets: offsets, dataBytes: dataBytes)
            }
            var elements = 1
            for dimension in shape {
                let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
                guard !overflow else {
                    throw .tensorSizeMismatch(path: path, tensor: name, dtype: dtypeName, shape: shape, bytes: offsets[1] - offsets[0])
                }
                elements = product
            }
            let (bytes, overflow) = elements.multipliedReportingOverflow(by: dtype.byteSize)
            guard !overflow, bytes == offsets[1] - offsets[0] else {
                throw .tensorSizeMismatch(path: path, tensor: name, dtype: dtypeName, shape: shape, bytes: offsets[1] - offsets[0])
            }
            entries[name] = Entry(dtype: dtype, shape: shape, offsets: offsets[0]..<offsets[1])
        }

        // Sorted by start, no tensor may begin before the previous one ends.
        let ordered = entries.sorted {
            ($0.value.offsets.lowerBound, $0.value.offsets.upperBound, $0.key)
                < ($1.value.offsets.lowerBound, $1.value.offsets.upperBound, $1.key)
        }
        var reach: (name: String, end: Int)?
        var contiguous = ordered.first.map { $0.value.offsets.lowerBound == 0 } ?? true
        for (name, entry) in ordered where !entry.offsets.isEmpty {
            if let reach {
                if entry.offsets.lowerBound < reach.end {
                    throw .overlappingTensors(path: path, first: reach.name, second: name)
                }
                if entry.offsets.lowerBound != reach.end { contiguous = false }
            }
            reach = (name, entry.offsets.upperBound)
        }
        let end = reach?.end ?? 0
        if end > dataBytes {
            // A header whose tensors tile the data section exactly describes a real file that
            // lost its tail; anything else is a header pointing past the data.
            if contiguous {
                throw .truncatedFile(path: path, expectedBytes: fileBytes - dataBytes + end, actualBytes: fileBytes)
            }
            if let (name, entry) = ordered.first(where: { $0.value.offsets.upperBound > dataBytes }) {
                throw .offsetsOutOfRange(
                    path: path, tensor: name, offsets: [entry.offsets.lowerBound, entry.offsets.upperBound], dataBytes: dataBytes)
            }
        }
        return entries
    }

    private static func convert<Bits: FixedWidthInteger>(
        _ source: UnsafeRawBufferPointer, count: Int, _ transform: (Bits) -> Float
    ) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            for i in 0..<count {
                buffer[i] = transform(Bits(littleEndian: source.loadUnaligned(fromByteOffset: i * MemoryLayout<Bits>.size, as: Bits.self)))
            }
            initialized = count
        }
    }

    static func reason(_ error: any Error) -> String {
        if let decoding = error as? DecodingError {
            switch decoding {
            case let .dataCorrupted(context): return context.underlyingError.map { "\($0)" } ?? context.debugDescription
            case let .typeMismatch(_, context), let .valueNotFound(_, context), let .keyNotFound(_, context):
                let path = context.codingPath.map(\.stringValue).joined(separator: ".")
                return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
            @unknown default: return "\(decoding)"
            }
        }
        return "\(error)"
    }
}
