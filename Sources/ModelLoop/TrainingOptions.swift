import Classification
import Workflow

/// How a head is trained. Stored with each run (so `opine runs` can say how a run was made);
/// built from `[train]` in opine.toml, which `opine train` flags may override.
public struct TrainingOptions: Codable, Equatable, Sendable {
    public var classWeighting: LogisticRegression.ClassWeighting = .uniform
    public var folds = 5
    public var seed: UInt64 = 2026
    /// The candidate Cs; a single one is used as it is, without a search.
    public var grid: [Double] = ModelSelection.defaultGrid
    /// Append the lexicon's compound score to each embedding.
    public var lexiconFeature = false
    public var devSplit: DevSplitUse = .auto
    /// Reweigh training items by this item column (`lang`, `split` or a metadata key):
    /// Kamiran & Calders' weight P(y)·P(g)/P(g,y), so that group and label are independent in the
    /// weighted training data. nil: every item counts once (times the class weighting).
    public var reweighBy: String?

    public init(classWeighting: LogisticRegression.ClassWeighting = .uniform, folds: Int = 5, seed: UInt64 = 2026,
                grid: [Double] = ModelSelection.defaultGrid, lexiconFeature: Bool = false, devSplit: DevSplitUse = .auto,
                reweighBy: String? = nil) {
        self.reweighBy = reweighBy
        self.classWeighting = classWeighting
        self.folds = folds
        self.seed = seed
        self.grid = grid
        self.lexiconFeature = lexiconFeature
        self.devSplit = devSplit
    }

    /// The project's `[train]` settings.
    public init(_ settings: TrainSettings) {
        self.init(classWeighting: settings.balanced ? .balanced : .uniform, folds: settings.folds, seed: settings.seed,
                  grid: settings.c.map { [$0] } ?? settings.grid ?? ModelSelection.defaultGrid,
                  lexiconFeature: settings.lexiconFeature, devSplit: settings.devSplit, reweighBy: settings.reweighBy)
    }

    enum CodingKeys: String, CodingKey { case classWeighting, folds, seed, grid, lexiconFeature, devSplit, reweighBy }

    /// Runs stored before `devSplit` existed read as `auto`, which is how they were trained.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        classWeighting = try container.decode(LogisticRegression.ClassWeighting.self, forKey: .classWeighting)
        folds = try container.decode(Int.self, forKey: .folds)
        seed = try container.decode(UInt64.self, forKey: .seed)
        grid = try container.decode([Double].self, forKey: .grid)
        lexiconFeature = try container.decode(Bool.self, forKey: .lexiconFeature)
        devSplit = try container.decodeIfPresent(DevSplitUse.self, forKey: .devSplit) ?? .auto
        reweighBy = try container.decodeIfPresent(String.self, forKey: .reweighBy)
    }
}
