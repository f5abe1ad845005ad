import Digest
@testable import Agreement

/// Seeded synthetic ratings: a true category per unit, each coder right with probability
/// 0.75 and otherwise uniform, each cell missing with probability `missing`.
enum SyntheticRatings {
    static func make(
        units: Int, coders: Int, categories: Int, seed: UInt64, missing: Double = 0.2
    ) throws -> RatingMatrix {
        var generator = Xoshiro256StarStar(seed: seed)
        var ratings: [RatingMatrix.Rating] = []
        for unit in 0..<units {
            let truth = Int(generator.next(below: UInt64(categories)))
            for coder in 0..<coders where Double.random(in: 0..<1, using: &generator) >= missing {
                let right = Double.random(in: 0..<1, using: &generator) < 0.75
                let category = right ? truth : Int(generator.next(below: UInt64(categories)))
                ratings.append(RatingMatrix.Rating(unit: unit, coder: coder, category: category))
            }
        }
        return try RatingMatrix(
            unitCount: units, coderCount: coders, categoryCount: categories, level: .interval, ratings: ratings)
    }
}
