import Foundation
import AnnotationStore
import TOMLKit

extension ProjectConfig {
    /// Parses and validates `opine.toml`. Every problem is reported at once, each with its key,
    /// so a user fixes the file in one pass.
    public static func parse(_ text: String, file: String, defaultName: String) throws -> ProjectConfig {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw WorkflowError.configSyntax(
                file: file, line: error.source.begin.line, column: error.source.begin.column, message: error.description)
        }
        var reader = ConfigReader()
        let config = reader.read(root, defaultName: defaultName)
        guard reader.problems.isEmpty, let config else {
            throw WorkflowError.invalidConfig(file: file, problems: reader.problems)
        }
        return config
    }
}

/// Walks the TOML tree, collecting problems instead of stopping at the first.
private struct ConfigReader {
    var problems: [ConfigProblem] = []

    mutating func problem(_ key: String, _ message: String) {
        problems.append(ConfigProblem(key: key, message: message))
    }

    mutating func read(_ root: TOMLTable, defaultName: String) -> ProjectConfig? {
        checkKeys(root, path: "", known: ["name", "overlap", "slices", "labels", "flags", "annotators", "encoder", "lexicons", "splits", "annotate", "train", "store", "guidelines"])

        let name = string(root["name"], key: "name") ?? defaultName
        if name.trimmingCharacters(in: .whitespaces).isEmpty { problem("name", "must not be empty") }

        var overlap = 2
        if let value = root["overlap"] {
            if let int = value.int {
                overlap = int
                if int < 1 { problem("overlap", "must be at least 1 (each item needs one annotator), got \(int)") }
            } else {
                problem("overlap", "must be an integer, got \(describe(value))")
            }
        }

        let slices = stringArray(root["slices"], key: "slices") ?? []

        var labels = ProjectConfig.defaultLabels
        var ordinal = true
        if let value = root["labels"] {
            if let table = value.table {
                checkKeys(table, path: "labels", known: ["ordinal", "choices"])
                if let flag = table["ordinal"] {
                    if let bool = flag.bool { ordinal = bool } else { problem("labels.ordinal", "must be true or false") }
                }
                if let choices = keyedChoices(table["choices"], key: "labels.choices") { labels = choices }
                if labels.count < 2 { problem("labels.choices", "needs at least two labels, got \(labels.count)") }
            } else {
                problem("labels", "must be a table ([labels])")
            }
        }

        var flags = ProjectConfig.defaultFlags
        if let value = root["flags"] {
            if let table = value.table {
                checkKeys(table, path: "flags", known: ["choices"])
                if let choices = keyedChoices(table["choices"], key: "flags.choices") { flags = choices }
            } else {
                problem("flags", "must be a table ([flags])")
            }
        }
        checkKeyCollisions(labels: labels, flags: flags)

        let annotators = readAnnotators(root["annotators"])

        var encoderName: String? = ProjectConfig.defaultEncoder
        var encoderPath: String?
        if let value = root["encoder"] {
            if let table = value.table {
                checkKeys(table, path: "encoder", known: ["name", "path"])
                encoderPath = string(table["path"], key: "encoder.path")
                if let name = string(table["name"], key: "encoder.name") { encoderName = name }
                if table["path"] != nil && table["name"] != nil {
                    problem("encoder", "give either name or path, not both")
                }
                if encoderPath != nil && table["name"] == nil { encoderName = nil }
            } else {
                problem("encoder", "must be a table ([encoder])")
            }
        }

        var languages = ["en"]
        if let value = root["lexicons"] {
            if let table = value.table {
                checkKeys(table, path: "lexicons", known: ["languages"])
                if let list = stringArray(table["languages"], key: "lexicons.languages") {
                    languages = list
                    for (index, code) in list.enumerated() where !isLanguageCode(code) {
                        problem("lexicons.languages[\(index)]", "'\(code)' is not a language code such as en, es, fr")
                    }
                }
            } else {
                problem("lexicons", "must be a table ([lexicons])")
            }
        }

        let splits = readSplits(root["splits"])
        let annotate = readAnnotate(root["annotate"], slices: slices)
        let train = readTrain(root["train"])
        var storeURL: String?
        if let value = root["store"] {
            if let table = value.table {
                checkKeys(table, path: "store", known: ["url"])
                storeURL = string(table["url"], key: "store.url")
                if let url = storeURL {
                    do { _ = try ServerAddress(url: url, environment: [:]) } catch { problem("store.url", "\(error)") }
                }
            } else {
                problem("store", "must be a table ([store])")
            }
        }

        var guidelinesFile: String?
        if let value = root["guidelines"] {
            if let table = value.table {
                checkKeys(table, path: "guidelines", known: ["file"])
                guidelinesFile = string(table["file"], key: "guidelines.file")
                if guidelinesFile?.isEmpty == true { problem("guidelines.file", "must name a file, such as \"GUIDELINES.md\"") }
            } else {
                problem("guidelines", "must be a table ([guidelines])")
            }
        }

        guard problems.isEmpty else { return nil }
        var config = ProjectConfig(
            name: name, labels: labels, ordinal: ordinal, flags: flags, overlap: overlap,
            annotators: annotators, encoderName: encoderName, encoderPath: encoderPath,
            lexiconLanguages: languages, sliceColumns: slices, splits: splits, annotate: annotate, train: train, storeURL: storeURL)
        config.guidelinesFile = guidelinesFile
        return config
    }

    // MARK: - Sections

    mutating func keyedChoices(_ value: TOMLValueConvertible?, key: String) -> [KeyedChoice]? {
        guard let value else { return nil }
        guard let array = value.array else {
            problem(key, "must be a list of { name = \"…\", key = \"…\" }")
            return nil
        }
        var choices: [KeyedChoice] = []
        var seenNames: Set<String> = []
        for (index, element) in array.enumerated() {
            let path = "\(key)[\(index)]"
            guard let table = element.table else {
                problem(path, "must be a table like { name = \"positive\", key = \"3\" }")
                continue
            }
            checkKeys(table, path: path, known: ["name", "key", "definition", "examples"])
            guard let name = string(table["name"], key: "\(path).name") else {
                if table["name"] == nil { problem("\(path).name", "is missing") }
                continue
            }
            if !isIdentifier(name) {
                problem("\(path).name", "'\(name)' must be a word of letters, digits, '-' or '_'")
            }
            if !seenNames.insert(name).inserted { problem("\(path).name", "'\(name)' appears twice") }
            guard let keyValue = string(table["key"], key: "\(path).key") else {
                if table["key"] == nil { problem("\(path).key", "is missing") }
                continue
            }
            if keyValue.count != 1 {
                problem("\(path).key", "must be a single character, got '\(keyValue)'")
            } else if ProjectConfig.reservedKeys.contains(keyValue) {
                problem("\(path).key", "'\(keyValue)' is reserved by the annotation screen (reserved: u s n t q ? space)")
            }
            let definition = string(table["definition"], key: "\(path).definition")
            let examples = stringArray(table["examples"], key: "\(path).examples") ?? []
            choices.append(KeyedChoice(name: name, key: keyValue, definition: definition, examples: examples))
        }
        return choices
    }

    mutating func checkKeyCollisions(labels: [KeyedChoice], flags: [KeyedChoice]) {
        var owner: [String: String] = [:]
        for (section, choices) in [("labels.choices", labels), ("flags.choices", flags)] {
            for (index, choice) in choices.enumerated() {
                if let first = owner[choice.key] {
                    problem("\(section)[\(index)].key", "'\(choice.key)' is already the key of \(first)")
                } else {
                    owner[choice.key] = "'\(choice.name)'"
                }
            }
        }
        let labelNames = Set(labels.map(\.name))
        for (index, flag) in flags.enumerated() where labelNames.contains(flag.name) {
            problem("flags.choices[\(index)].name", "'\(flag.name)' is also a label")
        }
    }

    mutating func readAnnotators(_ value: TOMLValueConvertible?) -> [AnnotatorProfile] {
        guard let value else { return [] }
        guard let array = value.array else {
            problem("annotators", "must be a list of [[annotators]] tables")
            return []
        }
        var profiles: [AnnotatorProfile] = []
        var seen: Set<String> = []
        for (index, element) in array.enumerated() {
            let path = "annotators[\(index)]"
            guard let table = element.table else {
                problem(path, "must be a table with name and role")
                continue
            }
            checkKeys(table, path: path, known: ["name", "role", "attributes"])
            guard let name = string(table["name"], key: "\(path).name") else {
                if table["name"] == nil { problem("\(path).name", "is missing") }
                continue
            }
            if !isIdentifier(name) { problem("\(path).name", "'\(name)' must be a word of letters, digits, '-' or '_'") }
            if !seen.insert(name).inserted { problem("\(path).name", "duplicate annotator '\(name)'") }
            var role = Role.annotator
            if let roleName = string(table["role"], key: "\(path).role") {
                if let parsed = Role(rawValue: roleName) {
                    role = parsed
                } else {
                    problem("\(path).role", "'\(roleName)' is not a role (annotator or lead)")
                }
            }
            var attributes: [String: String] = [:]
            if let value = table["attributes"] {
                if let attributeTable = value.table {
                    for key in attributeTable.keys {
                        if let string = attributeTable[key]?.string {
                            attributes[key] = string
                        } else {
                            problem("\(path).attributes.\(key)", "must be a string")
                        }
                    }
                } else {
                    problem("\(path).attributes", "must be a table like { native_language = \"es\" }")
                }
            }
            profiles.append(AnnotatorProfile(name: name, role: role, attributes: attributes))
        }
        return profiles
    }

    mutating func readSplits(_ value: TOMLValueConvertible?) -> SplitFractions {
        guard let value else { return SplitFractions() }
        guard let table = value.table else {
            problem("splits", "must be a table ([splits])")
            return SplitFractions()
        }
        checkKeys(table, path: "splits", known: ["train", "dev", "test"])
        var fractions = SplitFractions()
        func fraction(_ key: String, into target: inout Double) {
            guard let value = table[key] else { return }
            guard let number = value.double ?? value.int.map(Double.init) else {
                problem("splits.\(key)", "must be a number between 0 and 1")
                return
            }
            if number < 0 || number > 1 { problem("splits.\(key)", "must be between 0 and 1, got \(number)") }
            target = number
        }
        fraction("train", into: &fractions.train)
        fraction("dev", into: &fractions.dev)
        fraction("test", into: &fractions.test)
        let sum = fractions.train + fractions.dev + fractions.test
        if abs(sum - 1) > 1e-9 { problem("splits", "train + dev + test must be 1, got \(sum)") }
        if fractions.train <= 0 { problem("splits.train", "must be above 0: the head trains on it") }
        return fractions
    }

    mutating func readAnnotate(_ value: TOMLValueConvertible?, slices: [String]) -> AnnotateSettings {
        var settings = AnnotateSettings()
        guard let value else { return settings }
        guard let table = value.table else {
            problem("annotate", "must be a table ([annotate])")
            return settings
        }
        checkKeys(table, path: "annotate", known: ["queue", "retrain_every", "blind_fraction", "lease_minutes"])
        if let name = string(table["queue"], key: "annotate.queue") {
            if let strategy = QueueStrategy(rawValue: name) {
                settings.queue = strategy
                if strategy == .sliceBalanced && slices.isEmpty {
                    problem("annotate.queue", "slice-balanced needs a slice column: add slices = [\"lang\"] (or a metadata column)")
                }
            } else {
                let known = QueueStrategy.allCases.map(\.rawValue).joined(separator: ", ")
                problem("annotate.queue", "'\(name)' is not a queue strategy (\(known))")
            }
        }
        if let value = table["retrain_every"] {
            if let int = value.int, int >= 0 {
                settings.retrainEvery = int
            } else {
                problem("annotate.retrain_every", "must be a whole number of labels, 0 or more (0: retrain only on t)")
            }
        }
        if let value = table["lease_minutes"] {
            if let number = value.double ?? value.int.map(Double.init), number > 0, number.isFinite {
                settings.leaseMinutes = number
            } else {
                problem("annotate.lease_minutes", "must be a number of minutes above 0")
            }
        }
        if let value = table["blind_fraction"] {
            if let number = value.double ?? value.int.map(Double.init), (0...1).contains(number) {
                settings.blindFraction = number
            } else {
                problem("annotate.blind_fraction", "must be a number between 0 and 1")
            }
        }
        return settings
    }

    mutating func readTrain(_ value: TOMLValueConvertible?) -> TrainSettings {
        var settings = TrainSettings()
        guard let value else { return settings }
        guard let table = value.table else {
            problem("train", "must be a table ([train])")
            return settings
        }
        checkKeys(table, path: "train", known: ["c", "c_grid", "balanced", "lexicon_feature", "dev_split", "folds", "seed", "reweigh_by"])
        if let column = string(table["reweigh_by"], key: "train.reweigh_by") {
            if column.isEmpty { problem("train.reweigh_by", "must name an item column, such as \"lang\"") } else { settings.reweighBy = column }
        }
        func positive(_ value: TOMLValueConvertible) -> Double? {
            (value.double ?? value.int.map(Double.init)).flatMap { $0 > 0 && $0.isFinite ? $0 : nil }
        }
        if let value = table["c"] {
            if let c = positive(value) { settings.c = c } else { problem("train.c", "must be a number above 0 (the inverse of the L2 penalty)") }
        }
        if let value = table["c_grid"] {
            if let array = value.array, !array.isEmpty {
                var grid: [Double] = []
                for (index, element) in array.enumerated() {
                    if let c = positive(element) { grid.append(c) } else { problem("train.c_grid[\(index)]", "must be a number above 0") }
                }
                settings.grid = grid
            } else {
                problem("train.c_grid", "must be a non-empty list of numbers above 0")
            }
            if settings.c != nil { problem("train.c_grid", "give either c (a fixed C) or c_grid (the Cs to choose from), not both") }
        }
        for (key, path) in [("balanced", \TrainSettings.balanced), ("lexicon_feature", \TrainSettings.lexiconFeature)] {
            guard let value = table[key] else { continue }
            if let flag = value.bool { settings[keyPath: path] = flag } else { problem("train.\(key)", "must be true or false") }
        }
        if let name = string(table["dev_split"], key: "train.dev_split") {
            if let use = DevSplitUse(rawValue: name) {
                settings.devSplit = use
            } else {
                problem("train.dev_split", "'\(name)' is not one of \(DevSplitUse.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        if let value = table["folds"] {
            if let int = value.int, int >= 2 { settings.folds = int } else { problem("train.folds", "must be a whole number, 2 or more") }
        }
        if let value = table["seed"] {
            if let int = value.int, int >= 0 { settings.seed = UInt64(int) } else { problem("train.seed", "must be a whole number, 0 or more") }
        }
        return settings
    }

    // MARK: - Values

    mutating func checkKeys(_ table: TOMLTable, path: String, known: Set<String>) {
        for key in table.keys.sorted() where !known.contains(key) {
            let full = path.isEmpty ? key : "\(path).\(key)"
            problem(full, "unknown key (known here: \(known.sorted().joined(separator: ", ")))")
        }
    }

    mutating func string(_ value: TOMLValueConvertible?, key: String) -> String? {
        guard let value else { return nil }
        guard let string = value.string else {
            problem(key, "must be a string, got \(describe(value))")
            return nil
        }
        return string
    }

    mutating func stringArray(_ value: TOMLValueConvertible?, key: String) -> [String]? {
        guard let value else { return nil }
        guard let array = value.array else {
            problem(key, "must be a list of strings")
            return nil
        }
        var strings: [String] = []
        for (index, element) in array.enumerated() {
            if let string = element.string { strings.append(string) } else { problem("\(key)[\(index)]", "must be a string") }
        }
        return strings
    }

    func describe(_ value: TOMLValueConvertible) -> String {
        switch value.type {
        case .string: return "a string"
        case .int: return "an integer"
        case .double: return "a number"
        case .bool: return "a boolean"
        case .array: return "a list"
        case .table: return "a table"
        default: return "a date or time"
        }
    }

    func isIdentifier(_ string: String) -> Bool {
        !string.isEmpty && string.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
    }

    func isLanguageCode(_ string: String) -> Bool {
        (2...3).contains(string.count) && string.unicodeScalars.allSatisfy { ("a"..."z").contains($0) }
    }
}
