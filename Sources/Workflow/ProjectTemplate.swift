/// The commented `opine.toml` that `opine init` writes: every setting with its default,
/// so the file documents itself.
public enum ProjectTemplate {
    public static func text(name: String, lead: String) -> String {
        """
        # Opine project file. Edit it freely; `opine status` checks it and names any key it rejects.

        # The project's name, shown on screens and in the dataset card.
        name = "\(name)"

        # How many annotators label each item. With 2 or more, agreement can be measured.
        overlap = 2

        # Item metadata columns (from the imported file) that define bias slices.
        slices = ["lang"]

        [labels]
        # Whether the labels are ordered as listed (negative < neutral < positive). Ordered labels
        # get weighted Cohen's kappa and ordinal Krippendorff's alpha as well.
        ordinal = true
        # One entry per label: its name (used in files and exports) and the key that gives it.
        # Keys u, s, n, t, q, ? and space are kept by the annotation screen. A label may also have
        # a definition and examples, shown on the screen's guidelines page (g) and by
        # `opine guidelines`: { name = "positive", key = "3", definition = "…", examples = ["…"] }
        choices = [
          { name = "negative", key = "1" },
          { name = "neutral",  key = "2" },
          { name = "positive", key = "3" },
        ]

        [flags]
        # Flags an annotator can toggle on an item besides its label.
        choices = [
          { name = "sarcasm", key = "z" },
          { name = "irony",   key = "i" },
          { name = "mixed",   key = "m" },
          { name = "unsure",  key = "x" },
        ]

        # Everyone who labels. role is "annotator" or "lead" (leads also adjudicate).
        # attributes are free text and define annotator slices (region, native language, …).
        [[annotators]]
        name = "\(lead)"
        role = "lead"
        attributes = {}

        [encoder]
        # A model in ~/.cache/opine/models (the set-up fetches all-MiniLM-L6-v2), or
        # path = "/path/to/a/sentence-transformers/model" for any BERT checkpoint.
        name = "all-MiniLM-L6-v2"

        [lexicons]
        # Languages whose sentiment lexicons give hints on the annotation screen.
        languages = ["en"]

        [annotate]
        # The order of items on the screen: random, uncertain (the model's least sure first),
        # conflict (lexicon and model disagree), blend, or slice-balanced (needs slices).
        queue = "random"
        # Retrain the model in the background after this many labels (0: only on t).
        retrain_every = 50
        # The share of items shown without the model's prediction, to measure anchoring.
        blind_fraction = 0.1
        # How long an item handed out stays reserved for its annotator (others get other items).
        lease_minutes = 10

        [train]
        # How the classifier head trains, in `opine train` and in the screen's retrain alike.
        # C (the inverse of the L2 penalty) is chosen by log-loss from c_grid; c = 1.0 fixes it.
        # c_grid = [0.01, 0.1, 1.0, 10.0, 100.0]
        # Weight classes inversely to their frequency (scikit-learn's "balanced").
        balanced = false
        # Append the lexicon's compound score to each embedding as a feature.
        lexicon_feature = false
        # auto: choose C on dev when it has 50 or more gold items, else by cross-validation on
        # train; select: always on dev; train: train on dev too, C by cross-validation.
        dev_split = "auto"
        folds = 5
        seed = 2026
        # Reweigh training items by an item column (Kamiran & Calders) so the head cannot lean on
        # the group as a proxy for the label; `opine runs compare` shows the gaps before and after.
        # reweigh_by = "lang"

        # A team on several hosts keeps the project on a PostgreSQL server instead of opine.db;
        # the password comes from ~/.pgpass (or PGPASSFILE, or PGPASSWORD), never from this file.
        # [store]
        # url = "postgres://opine@db.example:5432/reviews"

        [splits]
        # Each item's split follows from its id, so the same data always splits the same way.
        train = 0.8
        dev = 0.1
        test = 0.1

        """
    }
}
