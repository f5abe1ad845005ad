/// Every sentence the stats screen shows, in one place.
public enum StatsStrings {
    static let sectionPages = "Pages"
    static let sectionAgreement = "Agreement page"
    static let sectionModel = "Model page"
    static let sectionScreen = "Screen"

    static func header(project: String) -> String { " opine stats · \(project)" }
    static let agreementTab = "1 agreement"
    static let modelTab = "2 model"
    static let driftTab = "3 drift"
    static let computingDrift = "computing each import's drift…"
    static let driftSummary = "each import against those before it: the domain classifier's ROC AUC (drifted above 0.55), label PSI"
    static let driftColumns = "import  imported            items  AUC              label PSI   pred. PSI"
    static let loading = "Computing the numbers…"
    static let reloading = "reloading…"
    static let reloaded = "numbers reloaded"
    static func loadFailed(_ reason: String) -> String { "could not compute the numbers: \(reason)" }
    static let helpTitle = "Keys"
    static let helpNote = "Numbers as opine agreement, slices and runs compute them."
    static let helpFooter = "Press any key to go back."
    static func tooSmall(size: Size, minimum: Size) -> [String] {
        ["This terminal is \(size.width)×\(size.height).",
         "The stats screen needs at least \(minimum.width)×\(minimum.height): enlarge it, or press q to quit."]
    }
    static func unknownKey(_ key: Key, page: StatsState.Page) -> String {
        "\(key) does nothing on the \(page.rawValue) page — ? lists the keys"
    }

    // MARK: Agreement page

    static func agreementSummary(items: Int, pairable: Int, labels: Int, annotators: Int, draws: Int) -> String {
        var text = "\(items) items · \(pairable) with 2+ labels · \(labels) labels · \(annotators) annotator\(annotators == 1 ? "" : "s")"
        text += draws > 0 ? " · CI from \(draws) draws" : " · no intervals (0 draws)"
        return text
    }
    static let coefficientsTitle = "Agreement"
    /// The screen's names for `opine agreement`'s coefficients, in the order it lists them.
    public static let coefficientNames: [(key: String, name: String)] = [
        ("percent_agreement", "% agreement"), ("fleiss_kappa", "Fleiss κ"), ("gwet_ac1", "Gwet AC1"),
        ("krippendorff_alpha_nominal", "Kripp. α nominal"), ("krippendorff_alpha_ordinal", "Kripp. α ordinal"),
        ("krippendorff_alpha_interval", "Kripp. α interval"),
    ]
    public static let testSource = "test"
    public static let crossValidationSource = "cross-validation"
    public static let alphaMetric = "α"
    public static let modelAccuracyMetric = "model accuracy"
    public static func shareMetric(_ label: String) -> String { "share \(label)" }
    static let valueColumn = "value"
    static let intervalColumn = "95% interval"
    static let pairsTitle = "Pairwise Cohen's κ"
    static func morePairs(_ count: Int) -> String { "+\(count) more annotator\(count == 1 ? "" : "s"): see opine agreement" }
    static let bandLegend = "█ ≥.8  ▓ ≥.6  ▒ ≥.4  ░ <.4"
    static let perLabelTitle = "Per label (specific agreement)"
    static let sliceGapsTitle = "Slice gaps (largest per dimension)"
    static let noSlices = "no slices: add slice columns to opine.toml (slices = [\"source\"]) or annotator attributes"
    static let noSliceGaps = "no slice large enough to compare yet"
    static func gapLine(metric: String, gap: String) -> String { "\(metric)  gap \(gap)" }
    static let trendsTitle = "Annotator trends (per 100 labels)"
    static let noTrends = "no annotator has labelled 100 items on shared items yet"
    static let anchoringTitle = "Anchoring (labels equal to the model's)"
    static let shownRow = "shown"
    static let hiddenRow = "hidden"
    static let differenceRow = "shown−hidden"
    static let noExposure = "no labels with a model prediction yet: train a model (opine train), then label on the annotate screen"
    static func notEnough(_ groups: [String], minimum: Int) -> String {
        "not enough \(groups.joined(separator: " or ")) labels yet (n < \(minimum)) to compare"
    }
    static let anchoringSign = "more agreement when shown: a sign of anchoring"
    static let anchoringReverse = "less agreement when shown"
    static let anchoringNone = "no difference beyond chance"
    static func noOverlap(annotators: Int, pairable: Int) -> [String] {
        ["Agreement needs two annotators who labelled the same items.",
         "Now: \(annotators) annotator\(annotators == 1 ? "" : "s") with labels, \(pairable) item\(pairable == 1 ? "" : "s") with 2+ labels.",
         "Set overlap = 2 (or more) in opine.toml, then have a second annotator label: opine annotate --annotator NAME."]
    }

    // MARK: Model page

    static let noRuns = "no runs yet — run opine train"
    static let noRunsDetail = "Train the classifier head on the labels so far (opine embed once, then opine train); each run appears here with its scores."
    static func runCount(_ runs: Int) -> String { "\(runs) run\(runs == 1 ? "" : "s")" }
    static let trendLabel = " · macro-F1 by run "
    static func latestRun(_ id: Int64, source: String?, macroF1: String?) -> String {
        " · latest run \(id)" + (source.flatMap { source in macroF1.map { " (\(source) \($0))" } } ?? "")
    }
    static let runsTitle = "Runs"
    static let runsF1Column = "F1"
    static func runRow(id: Int64, created: String?) -> String { "run \(id)" + (created.map { " \($0)" } ?? "") }
    static func runTitle(id: Int64, source: String, count: Int) -> String { "Run \(id) · \(source) n=\(count)" }
    static func runScores(accuracy: String, macroF1: String) -> String { "accuracy \(accuracy) · macro-F1 \(macroF1)" }
    static let noEvaluation = "this run has no test or cross-validation scores"
    static let classColumns = ["prec", "rec", "F1", "n"]
    static let confusionTitle = "Confusion (rows gold, columns predicted)"
    static let compareHint = "space marks A, then B: compares them · c compares with the run before"
    static func compareTitle(a: Int64, b: Int64) -> String { "A run \(a) → B run \(b)" }
    static func markedA(_ id: Int64) -> String { "run \(id) is A — mark another run as B" }
    static func unmarked(_ id: Int64) -> String { "run \(id) unmarked" }
    static let comparing = "comparing…"
    static func compareFailed(_ reason: String) -> String { "could not compare: \(reason)" }
    static func changed(_ count: Int, of total: Int) -> String {
        "\(count) of \(total) predictions changed"
    }
    static let noPrevious = "the oldest run has no run before it"
    static let marksCleared = "marks cleared"
    static let nothingMarked = "nothing marked"

    /// Metric names of the comparison, as `opine runs compare` keys them.
    static func metricName(_ key: String) -> String {
        switch key {
        case "test_accuracy": return "accuracy"
        case "test_macro_f1": return "macro-F1"
        case "test_auc": return "AUC"
        case "test_log_loss": return "log-loss"
        case "test_ece": return "ECE"
        case "cv_accuracy": return "cv accuracy"
        case "cv_macro_f1": return "cv macro-F1"
        default: return key
        }
    }

    // MARK: Numbers (no Foundation formatter in this module)

    /// `value` rounded to `decimals` places ("0.812", "-0.050"); "—" when missing.
    static func fixed(_ value: Double?, _ decimals: Int = 3, sign: Bool = false) -> String {
        guard let value, value.isFinite else { return "—" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int((abs(value) * scale).rounded())
        let negative = value < 0 && scaled != 0
        var digits = String(scaled)
        if decimals > 0 {
            if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
        }
        return (negative ? "-" : sign ? "+" : "") + digits
    }

    /// "[0.70, 0.85]" with two decimals, or "" when either end is missing.
    static func interval(_ value: StatValue, sign: Bool = false) -> String {
        guard let lower = value.lower, let upper = value.upper else { return "" }
        return "[\(fixed(lower, 2, sign: sign)), \(fixed(upper, 2, sign: sign))]"
    }
}
