/// Small text charts: sparklines, horizontal bars and value-banded cells. Each returns text
/// (and a style) for `Grid.put`, so they clip and measure like any other text.
public enum Charts {
    /// The eight heights of a sparkline, lowest first.
    public static let ticks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    /// A missing value in a sparkline.
    public static let gap: Character = "·"

    /// One character per value, its height the value's place in `range` (default: the values'
    /// own minimum to maximum; all equal values draw mid-height). Values outside are clamped.
    public static func sparkline(_ values: [Double?], range: ClosedRange<Double>? = nil) -> String {
        let present = values.compactMap { $0 }.filter(\.isFinite)
        guard let low = range?.lowerBound ?? present.min(), let high = range?.upperBound ?? present.max() else {
            return String(repeating: gap, count: values.count)
        }
        return String(values.map { value -> Character in
            guard let value, value.isFinite else { return gap }
            guard high > low else { return ticks[ticks.count / 2] }
            let position = (min(high, max(low, value)) - low) / (high - low)
            return ticks[min(ticks.count - 1, Int(position * Double(ticks.count)))]
        })
    }

    /// A horizontal bar of `fraction` (clamped to 0…1) of `width` cells, in eighths, padded with
    /// spaces to exactly `width` cells.
    public static func bar(_ fraction: Double, width: Int) -> String {
        guard width > 0 else { return "" }
        let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        let clamped = fraction.isFinite ? max(0, min(1, fraction)) : 0
        let eighths = Int((clamped * Double(width * 8)).rounded())
        let bar = String(repeating: "█", count: eighths / 8) + partials[eighths % 8]
        return bar + String(repeating: " ", count: width - eighths / 8 - (eighths % 8 == 0 ? 0 : 1))
    }

    /// Where an agreement coefficient falls, with a shade that reads without colour and a
    /// style role for the backend to colour. Bands after Landis & Koch (1977), merged in pairs
    /// below 0.4: the usual reading of κ.
    public struct Band: Sendable, Equatable {
        public var shade: Character
        public var style: Style
        public var name: String
    }

    public static let bands: [(from: Double, band: Band)] = [
        (0.8, Band(shade: "█", style: .positive, name: "almost perfect")),
        (0.6, Band(shade: "▓", style: .plain, name: "substantial")),
        (0.4, Band(shade: "▒", style: .warning, name: "moderate")),
        (-Double.infinity, Band(shade: "░", style: .error, name: "fair or worse")),
    ]

    public static func band(of value: Double) -> Band {
        bands.first { value >= $0.from }?.band ?? bands[bands.count - 1].band
    }

    /// A heat-map cell: the band's shade and the value with two decimals, right-aligned in
    /// `width` cells (at least 5), styled by band; a missing value is a muted dash.
    public static func heatCell(_ value: Double?, width: Int) -> (text: String, style: Style) {
        guard let value, value.isFinite else {
            return (String(repeating: " ", count: max(0, width - 1)) + "–", .muted)
        }
        let number = compact(value)
        let band = band(of: value)
        let padding = String(repeating: " ", count: max(0, width - 1 - number.count))
        return (String(band.shade) + padding + number, band.style)
    }

    /// Two decimals without the leading zero (".61", "-.12", "1.00"), as tables of κ print them.
    public static func compact(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let magnitude = abs(hundredths)
        let fraction = magnitude % 100 < 10 ? "0\(magnitude % 100)" : "\(magnitude % 100)"
        let whole = magnitude / 100 == 0 ? "" : "\(magnitude / 100)"
        return (hundredths < 0 ? "-" : "") + whole + "." + fraction
    }
}
