import Agreement
import Digest
import Slices

/// Seeded synthetic slice data with effects planted where a test wants them.
struct SyntheticSlices {
    var items = 600
    var labels = 3
    var seed: UInt64 = 1
    /// Languages and their weights.
    var languages: [String] = ["en", "es", "fr"]
    var weights: [Double] = [0.5, 0.3, 0.2]
    /// Chance the model is right, per language (default 0.8).
    var modelAccuracy: [String: Double] = [:]
    /// No prediction at all (`nil`) or none for one language.
    var predictions = true
    var languageWithoutPredictions: String?
    /// Annotators' regions; the latam ones say label 0 with `latamBias` before anything else.
    var regions: [String?] = ["eu", "eu", "latam", "uk"]
    var latamBias = 0.0
    var overlap = 2

    func make() throws -> SliceData {
        var generator = Xoshiro256StarStar(seed: seed)
        let coders = regions.count
        var language: [String?] = []
        var gold: [Int?] = []
        var predicted: [Prediction?] = []
        var ratings: [RatingMatrix.Rating] = []
        let total = weights.reduce(0, +)
        for item in 0..<items {
            var pick = Double.random(in: 0..<total, using: &generator)
            var chosen = languages[languages.count - 1]
            for (name, weight) in zip(languages, weights) {
                if pick < weight { chosen = name; break }
                pick -= weight
            }
            language.append(chosen)
            let truth = Int(generator.next(below: UInt64(labels)))
            gold.append(truth)
            let right = Double.random(in: 0..<1, using: &generator) < (modelAccuracy[chosen] ?? 0.8)
            let label = right ? truth : Int(generator.next(below: UInt64(labels)))
            var probabilities = [Double](repeating: 0.1 / Double(labels - 1), count: labels)
            probabilities[label] = 0.9
            predicted.append(chosen == languageWithoutPredictions ? nil : Prediction(label: label, probabilities: probabilities))
            var chosenCoders = Set<Int>()
            while chosenCoders.count < min(overlap, coders) {
                chosenCoders.insert(Int(generator.next(below: UInt64(coders))))
            }
            for coder in chosenCoders.sorted() {
                let category: Int
                if regions[coder] == "latam", Double.random(in: 0..<1, using: &generator) < latamBias {
                    category = 0
                } else if Double.random(in: 0..<1, using: &generator) < 0.8 {
                    category = truth
                } else {
                    category = Int(generator.next(below: UInt64(labels)))
                }
                ratings.append(RatingMatrix.Rating(unit: item, coder: coder, category: category))
            }
        }
        let matrix = try RatingMatrix(unitCount: items, coderCount: coders, categoryCount: labels, ratings: ratings)
        return try SliceData(
            labels: (0..<labels).map { "label\($0)" },
            annotators: (0..<coders).map { "annotator\($0)" },
            ratings: matrix, gold: gold, predictions: predictions ? predicted : nil,
            itemDimensions: [ItemDimension(name: "lang", values: language)],
            annotatorDimensions: [AnnotatorDimension(name: "region", values: regions)])
    }
}
