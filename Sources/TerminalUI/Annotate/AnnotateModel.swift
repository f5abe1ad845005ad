/// A label or flag of the project and the key that gives it.
public struct Choice: Sendable, Hashable {
    public var name: String
    public var key: Character

    public init(name: String, key: Character) {
        self.name = name
        self.key = key
    }
}

/// What the annotate screen needs to know about the project and who is labelling.
public struct AnnotateSetup: Sendable, Equatable {
    public var projectName: String
    public var annotator: String
    public var labels: [Choice]
    public var flags: [Choice]
    public var overlap: Int
    /// Retrain in the background after this many labels on the screen (0: only on `t`).
    public var retrainEvery: Int
    /// What `g` shows: the labels' definitions and examples and the guidelines document.
    public var guidelines: GuidelinesPage

    public init(projectName: String, annotator: String, labels: [Choice], flags: [Choice], overlap: Int, retrainEvery: Int = 0,
                guidelines: GuidelinesPage = GuidelinesPage()) {
        self.guidelines = guidelines
        self.projectName = projectName
        self.annotator = annotator
        self.labels = labels
        self.flags = flags
        self.overlap = overlap
        self.retrainEvery = retrainEvery
    }
}

/// One field of an item's metadata, in display order.
public struct MetadataField: Sendable, Hashable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// A label's probability under the current model.
public struct LabelProbability: Sendable, Hashable {
    public var label: String
    public var probability: Double

    public init(label: String, probability: Double) {
        self.label = label
        self.probability = probability
    }
}

/// An item as the screen shows it.
public struct ItemView: Sendable, Equatable {
    public var id: String
    public var text: String
    public var language: String?
    public var split: String
    public var metadata: [MetadataField]
    /// Why the queue chose this item ("random order", "the model is unsure"…).
    public var reason: String
    /// The model's probabilities for this item, when a model exists (else the model panel
    /// shows `AnnotateState.modelStatus`).
    public var prediction: [LabelProbability]?
    /// The model's prediction exists but is held back for this item (the blind fraction).
    public var predictionHidden: Bool
    /// Lexicon hint spans, when a lexicon covers the item (else the panel shows
    /// `AnnotateState.hintStatus`).
    public var hints: [TextMark]?

    public init(
        id: String, text: String, language: String? = nil, split: String = "train",
        metadata: [MetadataField] = [], reason: String = AnnotateStrings.randomOrder,
        prediction: [LabelProbability]? = nil, predictionHidden: Bool = false, hints: [TextMark]? = nil
    ) {
        self.id = id
        self.text = text
        self.language = language
        self.split = split
        self.metadata = metadata
        self.reason = reason
        self.prediction = prediction
        self.predictionHidden = predictionHidden
        self.hints = hints
    }
}

/// Counts behind the progress line. The screen keeps them current as it labels and undoes;
/// the runtime reloads them from the database now and then (others label too).
public struct ProjectProgress: Sendable, Equatable {
    /// Items this annotator has a current label on, in all sessions.
    public var annotatorItems: Int
    /// Sum over items of min(labels, overlap).
    public var filledSlots: Int
    /// Items × overlap.
    public var slots: Int

    public init(annotatorItems: Int, filledSlots: Int, slots: Int) {
        self.annotatorItems = annotatorItems
        self.filledSlots = filledSlots
        self.slots = slots
    }
}

/// The label, flags and note being given to the item on screen, before they are saved.
public struct Draft: Sendable, Equatable {
    public var flags: [String] = []
    public var note: String?

    public init(flags: [String] = [], note: String? = nil) {
        self.flags = flags
        self.note = note
    }
}

/// What the screen asks the runtime to store.
public struct LabelToSave: Sendable, Equatable {
    public var item: String
    public var label: String
    public var flags: [String]
    public var note: String?
    /// Seconds from the item being shown to the label key.
    public var seconds: Double

    public init(item: String, label: String, flags: [String], note: String?, seconds: Double) {
        self.item = item
        self.label = label
        self.flags = flags
        self.note = note
        self.seconds = seconds
    }
}

/// A label the store committed.
public struct SavedLabel: Sendable, Equatable {
    public var item: String
    public var label: String
    /// The annotator's label on the item before this one.
    public var previousLabel: String?

    public init(item: String, label: String, previousLabel: String?) {
        self.item = item
        self.label = label
        self.previousLabel = previousLabel
    }
}

/// A label the store retracted.
public struct UndoneLabel: Sendable, Equatable {
    public var item: ItemView
    public var label: String
    /// The annotator's label on the item now, if an earlier one remains.
    public var restoredLabel: String?

    public init(item: ItemView, label: String, restoredLabel: String?) {
        self.item = item
        self.label = label
        self.restoredLabel = restoredLabel
    }
}

/// Events the annotate screen reacts to. Times are seconds on a monotonic clock.
public enum AnnotateMessage: Sendable, Equatable {
    case keyPressed(Key, at: Double)
    case resized(Size)
    case itemLoaded(ItemView, at: Double)
    case queueEmpty(at: Double)
    case progressLoaded(ProjectProgress)
    case labelSaved(SavedLabel)
    /// Other annotators filled the item's last slot before this label could be saved.
    case itemFull(item: String)
    case saveFailed(String)
    /// nil: there was nothing to undo.
    case labelUndone(UndoneLabel?)
    case undoFailed(String)
    case loadFailed(String)
    /// The retrain finished or failed; the text says which. Later items carry the new
    /// run's probabilities and the queue has been re-ranked.
    case retrainFinished(String)
    /// The latest run's predictions, loaded after the screen opened, are ready; the text says so.
    case modelLoaded(String)
    /// They could not be loaded; the text says why.
    case modelUnavailable(String)
}

/// What the runtime is asked to do for the annotate screen.
public enum AnnotateEffect: Sendable, Equatable {
    case saveLabel(LabelToSave)
    case undoLast
    case loadNext(skipping: [String])
    case retrain
    case quit
}

/// What a key does on the annotate screen.
public enum AnnotateAction: Sendable, Equatable {
    case label(String)
    case toggleFlag(String)
    case note
    case undo
    case skip
    case back
    case forward
    case scrollUp
    case scrollDown
    case retrain
    case help
    case guidelines
    case quit
}
