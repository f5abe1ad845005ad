/// A probability drawn as a bar of block characters in eighths of a cell, as the annotate
/// and review screens show the model's probabilities.
public enum ProbabilityBar {
    static let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// The bar for `probability` (clamped to 0…1), `cells` columns at 100 %, padded with
    /// spaces to `cells` columns so the percentages after it line up.
    public static func text(_ probability: Double, cells: Int = 8) -> String {
        let eighths = Int((max(0, min(1, probability)) * Double(cells * 8)).rounded())
        let bar = String(repeating: "█", count: eighths / 8) + partials[eighths % 8]
        return bar + String(repeating: " ", count: max(0, cells - DisplayWidth.of(bar)))
    }

    /// "62%".
    public static func percent(_ probability: Double) -> String {
        "\(Int((probability * 100).rounded()))%"
    }

    /// The label the model gives the highest probability.
    public static func best(_ prediction: [LabelProbability]) -> String? {
        prediction.max { $0.probability < $1.probability }?.label
    }
}
