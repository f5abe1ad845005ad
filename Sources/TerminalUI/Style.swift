/// What a piece of the screen means. Screens speak in roles; the backend decides how each
/// role looks (a colour when the terminal has colours, else bold, reverse or underline).
public enum Style: String, Sendable, Hashable, CaseIterable {
    case plain
    /// Bars and headings.
    case title
    /// Secondary text: labels of fields, hints about keys, empty slots.
    case muted
    /// A key in the help bar or the help screen.
    case key
    /// Positive sentiment (a lexicon span, a probability bar).
    case positive
    /// Negative sentiment.
    case negative
    /// A span whose polarity a negator flipped.
    case negated
    /// A span an intensifier or capitals made stronger.
    case boosted
    /// What is chosen or switched on: a toggled flag, a revisited item, the predicted label.
    case selection
    /// Something went wrong and the user should know.
    case error
    /// Worth noticing, not wrong.
    case warning
    /// A control character or escape sequence from the data, made visible.
    case escaped
}
