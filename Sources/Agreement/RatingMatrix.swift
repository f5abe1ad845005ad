/// How far the category codes can be compared beyond equality.
public enum LevelOfMeasurement: String, Sendable, CaseIterable, Codable, Comparable {
    /// Categories are names: only equal / different counts.
    case nominal
    /// Categories are ranked by their code (0 < 1 < …); distances depend on the ranks.
    case ordinal
    /// Categories sit at numeric positions (`RatingMatrix.categoryValues`).
    case interval

    private var rank: Int {
        switch self {
        case .nominal: 0
        case .ordinal: 1
        case .interval: 2
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// Ratings of units (items) by coders (annotators): one category code in `0..<categoryCount`
/// or nothing per cell.
///
/// Stored as one row-major `UInt8` array (units × coders) so every statistic is a single pass
/// over compact memory; 1,000,000 cells take 1 MB.
public struct RatingMatrix: Sendable, Equatable {
    /// One rating: `coder` put `unit` in `category`.
    public struct Rating: Sendable, Hashable {
        public var unit: Int
        public var coder: Int
        public var category: Int

        public init(unit: Int, coder: Int, category: Int) {
            self.unit = unit
            self.coder = coder
            self.category = category
        }
    }

    /// Largest supported category count (one code is reserved for "missing").
    public static let maximumCategoryCount = 254
    static let missing: UInt8 = .max

    public let unitCount: Int
    public let coderCount: Int
    public let categoryCount: Int
    public let level: LevelOfMeasurement
    /// Numeric position of each category, used by the interval metric; `0, 1, 2, …` by default.
    public let categoryValues: [Double]
    /// Row-major units × coders; `missing` where a coder did not rate a unit.
    let codes: [UInt8]

    /// Builds the matrix from (unit, coder, category) triples. A coder may rate a unit once:
    /// resolve undo and relabelling to the current label before calling.
    public init(
        unitCount: Int,
        coderCount: Int,
        categoryCount: Int,
        level: LevelOfMeasurement = .nominal,
        categoryValues: [Double]? = nil,
        ratings: some Sequence<Rating>
    ) throws(AgreementError) {
        try Self.validate(
            unitCount: unitCount, coderCount: coderCount, categoryCount: categoryCount,
            categoryValues: categoryValues)
        var codes = [UInt8](repeating: Self.missing, count: unitCount * coderCount)
        for rating in ratings {
            guard (0..<unitCount).contains(rating.unit) else {
                throw .unitOutOfRange(unit: rating.unit, unitCount: unitCount)
            }
            guard (0..<coderCount).contains(rating.coder) else {
                throw .coderOutOfRange(coder: rating.coder, coderCount: coderCount)
            }
            guard (0..<categoryCount).contains(rating.category) else {
                throw .categoryOutOfRange(
                    unit: rating.unit, coder: rating.coder, category: rating.category,
                    categoryCount: categoryCount)
            }
            let index = rating.unit * coderCount + rating.coder
            guard codes[index] == Self.missing else {
                throw .duplicateRating(unit: rating.unit, coder: rating.coder)
            }
            codes[index] = UInt8(rating.category)
        }
        self.init(
            unitCount: unitCount, coderCount: coderCount, categoryCount: categoryCount,
            level: level, categoryValues: categoryValues, validatedCodes: codes)
    }

    /// Builds the matrix from one row per unit, one entry per coder (`nil` = not rated).
    public init(
        rows: [[Int?]],
        categoryCount: Int,
        level: LevelOfMeasurement = .nominal,
        categoryValues: [Double]? = nil
    ) throws(AgreementError) {
        let coderCount = rows.first?.count ?? 0
        var ratings: [Rating] = []
        ratings.reserveCapacity(rows.count * coderCount)
        for (unit, row) in rows.enumerated() {
            guard row.count == coderCount else {
                throw .raggedRow(row: unit, expected: coderCount, got: row.count)
            }
            for (coder, category) in row.enumerated() {
                if let category {
                    ratings.append(Rating(unit: unit, coder: coder, category: category))
                }
            }
        }
        try self.init(
            unitCount: rows.count, coderCount: coderCount, categoryCount: categoryCount,
            level: level, categoryValues: categoryValues, ratings: ratings)
    }

    private init(
        unitCount: Int, coderCount: Int, categoryCount: Int, level: LevelOfMeasurement,
        categoryValues: [Double]?, validatedCodes: [UInt8]
    ) {
        self.unitCount = unitCount
        self.coderCount = coderCount
        self.categoryCount = categoryCount
        self.level = level
        self.categoryValues = categoryValues ?? (0..<categoryCount).map(Double.init)
        self.codes = validatedCodes
    }

    private static func validate(
        unitCount: Int, coderCount: Int, categoryCount: Int, categoryValues: [Double]?
    ) throws(AgreementError) {
        guard unitCount >= 0, coderCount >= 0 else {
            throw .invalidShape(reason: "unit and coder counts must not be negative")
        }
        guard (1...maximumCategoryCount).contains(categoryCount) else {
            throw .invalidShape(
                reason: "category count \(categoryCount) is outside 1...\(maximumCategoryCount)")
        }
        let (cells, overflow) = unitCount.multipliedReportingOverflow(by: coderCount)
        guard !overflow, cells <= Int(Int32.max) else {
            throw .invalidShape(reason: "\(unitCount) × \(coderCount) cells is too many")
        }
        if let categoryValues {
            guard categoryValues.count == categoryCount else {
                throw .invalidCategoryValues(
                    reason: "\(categoryValues.count) values for \(categoryCount) categories")
            }
            guard categoryValues.allSatisfy(\.isFinite) else {
                throw .invalidCategoryValues(reason: "values must be finite")
            }
        }
    }

    /// The category `coder` gave `unit`, or `nil` when it did not rate it.
    public subscript(unit: Int, coder: Int) -> Int? {
        precondition((0..<unitCount).contains(unit) && (0..<coderCount).contains(coder))
        let code = codes[unit * coderCount + coder]
        return code == Self.missing ? nil : Int(code)
    }

    /// Number of ratings present.
    public var ratingCount: Int {
        codes.reduce(0) { $0 + ($1 == Self.missing ? 0 : 1) }
    }

    /// The same coders and categories restricted to some units (a slice), in the given order.
    /// A unit listed twice appears twice.
    public func restricted(toUnits units: some Sequence<Int>) throws(AgreementError) -> RatingMatrix {
        var subset: [UInt8] = []
        var count = 0
        for unit in units {
            guard (0..<unitCount).contains(unit) else {
                throw .unitOutOfRange(unit: unit, unitCount: unitCount)
            }
            subset.append(contentsOf: codes[(unit * coderCount)..<((unit + 1) * coderCount)])
            count += 1
        }
        return RatingMatrix(
            unitCount: count, coderCount: coderCount, categoryCount: categoryCount, level: level,
            categoryValues: categoryValues, validatedCodes: subset)
    }
}
