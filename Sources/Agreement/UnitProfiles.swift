/// Units grouped by identical rating rows.
///
/// With few coders and categories most units share a row (5 coders × 3 categories allow at
/// most 4⁵ = 1,024 rows), so every statistic is computed once per distinct row and weighted by
/// how many units have it. A bootstrap draw then only has to count how often each row was drawn:
/// O(units) per draw, with the heavier per-row work done on ≤ 1,024 rows.
/// When the rows cannot be enumerated in a small table, every unit is its own profile.
struct UnitProfiles: Sendable {
    /// Keep the direct lookup table at most this large (256 KiB of `Int32`).
    static let maximumTableSize = 1 << 16

    let coderCount: Int
    let categoryCount: Int
    let profileCount: Int
    /// profileCount × coderCount codes, `RatingMatrix.missing` where unrated.
    let codes: [UInt8]
    /// Number of units with each profile.
    let weights: [Int32]
    /// The profile of each unit that has at least one rating, in unit order (for resampling).
    let ratedUnitProfiles: [Int32]

    /// - Parameter grouped: `false` forces one profile per unit (tests compare both paths).
    init(_ ratings: RatingMatrix, unitMap: Bool, grouped: Bool = true) {
        coderCount = ratings.coderCount
        categoryCount = ratings.categoryCount
        if grouped, let size = Self.tableSize(ratings) {
            (profileCount, codes, weights, ratedUnitProfiles) = Self.grouped(
                ratings, tableSize: size, unitMap: unitMap)
        } else {
            profileCount = ratings.unitCount
            codes = ratings.codes
            weights = [Int32](repeating: 1, count: ratings.unitCount)
            ratedUnitProfiles = unitMap ? Self.ratedUnits(ratings) : []
        }
    }

    /// (categoryCount + 1)^coderCount when it fits the table, else nil.
    private static func tableSize(_ ratings: RatingMatrix) -> Int? {
        guard ratings.coderCount > 0 else { return nil }
        var size = 1
        for _ in 0..<ratings.coderCount {
            size *= ratings.categoryCount + 1
            if size > maximumTableSize { return nil }
        }
        return size
    }

    private static func ratedUnits(_ ratings: RatingMatrix) -> [Int32] {
        let coders = ratings.coderCount
        var units: [Int32] = []
        units.reserveCapacity(ratings.unitCount)
        ratings.codes.withUnsafeBufferPointer { codes in
            for unit in 0..<ratings.unitCount {
                let row = unit * coders
                for coder in 0..<coders where codes[row + coder] != RatingMatrix.missing {
                    units.append(Int32(unit))
                    break
                }
            }
        }
        return units
    }

    /// One pass computing each unit's row as a base-(k+1) number (0 = missing, c+1 = category c),
    /// counted in a dense table; then the non-empty rows are decoded.
    private static func grouped(
        _ ratings: RatingMatrix, tableSize: Int, unitMap: Bool
    ) -> (Int, [UInt8], [Int32], [Int32]) {
        let coders = ratings.coderCount
        let base = ratings.categoryCount + 1
        let units = ratings.unitCount
        var counts = [Int32](repeating: 0, count: tableSize)
        var unitKeys = [Int32](repeating: 0, count: unitMap ? units : 0)
        ratings.codes.withUnsafeBufferPointer { codes in
            counts.withUnsafeMutableBufferPointer { counts in
                unitKeys.withUnsafeMutableBufferPointer { unitKeys in
                    var offset = 0
                    for unit in 0..<units {
                        var key = 0
                        for coder in 0..<coders {
                            let code = codes[offset + coder]
                            key = key * base + (code == RatingMatrix.missing ? 0 : Int(code) + 1)
                        }
                        counts[key] &+= 1
                        if unitMap { unitKeys[unit] = Int32(key) }
                        offset += coders
                    }
                }
            }
        }
        // Key 0 is the all-missing row: it carries no information and is not a profile.
        var profileOfKey = [Int32](repeating: -1, count: tableSize)
        var profileCodes: [UInt8] = []
        var weights: [Int32] = []
        for key in 1..<tableSize where counts[key] > 0 {
            profileOfKey[key] = Int32(weights.count)
            weights.append(counts[key])
            var rest = key
            var row = [UInt8](repeating: RatingMatrix.missing, count: coders)
            for coder in stride(from: coders - 1, through: 0, by: -1) {
                let digit = rest % base
                rest /= base
                if digit > 0 { row[coder] = UInt8(digit - 1) }
            }
            profileCodes.append(contentsOf: row)
        }
        var rated: [Int32] = []
        if unitMap {
            rated.reserveCapacity(units)
            for key in unitKeys where key != 0 {
                rated.append(profileOfKey[Int(key)])
            }
        }
        return (weights.count, profileCodes, weights, rated)
    }
}
