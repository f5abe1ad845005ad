/// The annotate screen's key table: the project's label and flag keys, then the fixed keys.
public enum AnnotateKeys {
    public static func map(for setup: AnnotateSetup) -> KeyMap<AnnotateAction> {
        var bindings: [KeyBinding<AnnotateAction>] = []
        // The help page gives each label's and flag's definition (from the guidelines) after its name.
        let definitions = Dictionary((setup.guidelines.labels + setup.guidelines.flags).compactMap { entry in
            entry.definition.map { (entry.name, $0) }
        }, uniquingKeysWith: { first, _ in first })
        for label in setup.labels {
            bindings.append(KeyBinding(
                .character(label.key), .label(label.name), help: label.name,
                detail: "label \(label.name)" + (definitions[label.name].map { ": \($0)" } ?? ""), section: "Labels", barPriority: 0))
        }
        for flag in setup.flags {
            bindings.append(KeyBinding(
                .character(flag.key), .toggleFlag(flag.name), help: flag.name,
                detail: "toggle \(flag.name)" + (definitions[flag.name].map { ": \($0)" } ?? ""), section: "Flags", barPriority: 4))
        }
        // Bar priority: 0 always shown, then 1, 2… while the bar has room; nil: help screen only.
        func fixed(_ key: Key, _ action: AnnotateAction, _ help: String, _ section: String, _ priority: Int?,
                   _ detail: String) -> KeyBinding<AnnotateAction> {
            KeyBinding(key, action, help: help, detail: detail, section: section, barPriority: priority)
        }
        // `g` unless the project gave it to a label or flag (theirs wins; the help lists what is bound).
        let guidelinesKey: [KeyBinding<AnnotateAction>] = (setup.labels + setup.flags).contains { $0.key == "g" } ? []
            : [fixed(.character("g"), .guidelines, "guide", "Screen", 5, "the guidelines")]
        bindings += [
            fixed(.character("n"), .note, "note", "Item", 2, "write a note"),
            fixed(.character("u"), .undo, "undo", "Item", 1, "undo last label"),
            fixed(.character("s"), .skip, "skip", "Item", 1, "skip this item"),
            fixed(.left, .back, "back", "Item", 3, "revisit labels"),
            fixed(.right, .forward, "forward", "Item", 3, "forward again"),
            fixed(.up, .scrollUp, "scroll", "Item", nil, "scroll the text"),
            fixed(.down, .scrollDown, "scroll", "Item", nil, "scroll the text"),
            fixed(.character("t"), .retrain, "train", "Screen", 5, "retrain the model"),
        ] + guidelinesKey + [
            fixed(.character("?"), .help, "help", "Screen", 0, "this help"),
            fixed(.character("q"), .quit, "quit", "Screen", 0, "quit, all saved"),
            fixed(.control("c"), .quit, "quit", "Screen", nil, "quit, all saved"),
        ]
        return KeyMap(bindings)
    }
}
