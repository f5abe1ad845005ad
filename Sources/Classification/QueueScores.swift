import Foundation
import LinearAlgebra

/// Per-item uncertainty scores for the annotation queue's model-driven strategies.
public enum QueueScores {
    /// Top probability minus the runner-up for each row: small means the model hesitates
    /// between two classes (the `uncertain` strategy asks for the smallest first).
    public static func margin(_ probabilities: Matrix) -> [Double] {
        (0..<probabilities.rows).map { margin(probabilities.values[(probabilities.columns * $0)..<(probabilities.columns * ($0 + 1))]) }
    }

    /// The top-two margin of one row of probabilities (1 for fewer than two classes).
    public static func margin<Row: Collection<Float>>(_ row: Row) -> Double {
        var first = -Double.infinity
        var second = -Double.infinity
        for value in row {
            let p = Double(value)
            if p > first {
                second = first
                first = p
            } else if p > second {
                second = p
            }
        }
        return row.count < 2 ? 1 : first - second
    }

    /// Shannon entropy −Σ p·ln p of each row, in nats (0 · ln 0 counts as 0).
    public static func entropy(_ probabilities: Matrix) -> [Double] {
        (0..<probabilities.rows).map { i in
            var total = 0.0
            for c in 0..<probabilities.columns {
                let p = Double(probabilities[i, c])
                if p > 0 { total -= p * Foundation.log(p) }
            }
            return total
        }
    }

    /// Row indices from the most to the least uncertain by margin (ties by index).
    public static func uncertainFirst(_ probabilities: Matrix) -> [Int] {
        let margins = margin(probabilities)
        return margins.indices.sorted { margins[$0] != margins[$1] ? margins[$0] < margins[$1] : $0 < $1 }
    }
}
