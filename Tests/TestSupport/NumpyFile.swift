/// A float32 .npy file as numpy.save writes it.
public func npyBytes(rows: Int, columns: Int, values: [Float]) -> [UInt8] {
    var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(rows), \(columns)), }"
    while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
    header += "\n"
    let length = header.utf8.count
    return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(header.utf8)
        + values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) }
}
