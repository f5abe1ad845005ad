import Foundation

/// The dataset card written beside an export: what is in the file and how it was made.
enum DatasetCard {
    static func markdown(report: ExportReport, config: ProjectConfig, options: ExportOptions) -> String {
        let splits = ["train", "dev", "test"]
        let date = ISO8601DateFormatter().string(from: Date())
        var lines: [String] = []
        lines.append("# Dataset card: \(config.name)")
        lines.append("")
        lines.append("Exported by `opine export` on \(date) as \(report.format.uppercased()) to `\((report.path as NSString).lastPathComponent)`.")
        lines.append("")
        lines.append("## Contents")
        lines.append("")
        lines.append("| split | items |")
        lines.append("|---|---:|")
        for split in splits { lines.append("| \(split) | \(report.itemsPerSplit[split] ?? 0) |") }
        lines.append("| **all** | **\(report.items)** |")
        lines.append("")
        lines.append("Splits are fixed per item from its id (train \(config.splits.train), dev \(config.splits.dev), test \(config.splits.test)).")
        lines.append("")
        lines.append("## Labels")
        lines.append("")
        lines.append("Label set: \(config.labelNames.map { "`\($0)`" }.joined(separator: ", "))\(config.ordinal ? " (ordinal, in this order)" : "").")
        lines.append("")
        lines.append("| label | " + splits.joined(separator: " | ") + " | all |")
        lines.append("|---|" + String(repeating: "---:|", count: splits.count + 1))
        var labels = config.labelNames
        if report.labelsPerSplit.values.contains(where: { $0["(none)"] != nil }) { labels.append("(none)") }
        for label in labels {
            let counts = splits.map { report.labelsPerSplit[$0]?[label] ?? 0 }
            lines.append("| \(label) | " + counts.map(String.init).joined(separator: " | ") + " | \(counts.reduce(0, +)) |")
        }
        lines.append("")
        lines.append("## How the gold label was chosen")
        lines.append("")
        lines.append("A lead's adjudication when there is one; else the label given by more than half of the item's annotators (unanimous when all agree); else, when only one annotator labelled the item, that label. `agreement` in each row is the share of annotators who gave the most frequent label.")
        if let threshold = options.minAgreement {
            lines.append("Items whose agreement is below \(threshold) were left out unless adjudicated.")
        }
        lines.append("")
        lines.append("| method | items |")
        lines.append("|---|---:|")
        for method in GoldMethod.allCases {
            if let count = report.goldMethods[method.rawValue] { lines.append("| \(method.rawValue) | \(count) |") }
        }
        lines.append("")
        lines.append("## Annotators")
        lines.append("")
        lines.append("Overlap target: \(config.overlap) annotator\(config.overlap == 1 ? "" : "s") per item.")
        lines.append("")
        lines.append("| annotator | role | labels in this export |")
        lines.append("|---|---|---:|")
        var names = config.annotators.map(\.name)
        for name in report.labelsPerAnnotator.keys.sorted() where !names.contains(name) { names.append(name) }
        for name in names {
            let role = config.annotator(name)?.role.rawValue ?? "(no longer in opine.toml)"
            lines.append("| \(name) | \(role) | \(report.labelsPerAnnotator[name] ?? 0) |")
        }
        lines.append("")
        lines.append("## Left out")
        lines.append("")
        if report.dropped.isEmpty {
            lines.append("Nothing was left out.")
        } else {
            lines.append("| reason | items | why |")
            lines.append("|---|---:|---|")
            for reason in DropReason.allCases {
                if let count = report.dropped[reason.rawValue] {
                    lines.append("| \(reason.rawValue) | \(count) | \(reason.explanation) |")
                }
            }
        }
        lines.append("")
        lines.append("## Fields")
        lines.append("")
        lines.append("`id`, `text`, `lang`, the item's metadata columns, `split`, `label` (gold), `gold_method`, `agreement`, `n_labels`\(options.withAnnotations ? ", and each annotator's label and flags" : "").")
        lines.append("")
        return lines.joined(separator: "\n")
    }
}
