import Foundation

/// Every loaded language plus the shared emoji table.
public struct LexiconLibrary: Sendable {
    public private(set) var languages: [String: LanguageLexicon]
    public private(set) var emoji: EmojiTable

    public init(languages: [LanguageLexicon], emoji: EmojiTable = EmojiTable()) {
        var byCode: [String: LanguageLexicon] = [:]
        for lexicon in languages { byCode[lexicon.language] = lexicon }
        self.languages = byCode
        self.emoji = emoji
    }

    /// Loads a lexicon root (`lexicons/`) and, when given, a project's overlay directory with
    /// the same layout; overlay entries replace shipped ones with the same term. The first
    /// error in any file is thrown with its file and line; nothing is half-loaded.
    public static func load(from root: URL, overlay: URL? = nil) throws(LexiconsError) -> LexiconLibrary {
        let shipped = try LexiconSource.read(from: root).build()
        guard let overlay else { return shipped }
        let extra = try LexiconSource.read(from: overlay, requireLanguages: false).build()
        return shipped.merging(extra)
    }

    /// This library with `overlay` merged over it, language by language.
    public func merging(_ overlay: LexiconLibrary) -> LexiconLibrary {
        var merged = self
        for (code, lexicon) in overlay.languages {
            merged.languages[code] = languages[code].map { $0.merging(lexicon) } ?? lexicon
        }
        merged.emoji = emoji.merging(overlay.emoji)
        return merged
    }

    /// The library with one language added or replaced (an imported VADER or AFINN lexicon).
    public func replacing(_ lexicon: LanguageLexicon) -> LexiconLibrary {
        var result = self
        result.languages[lexicon.language] = lexicon
        return result
    }

    /// The library with another emoji table.
    public func replacing(_ emoji: EmojiTable) -> LexiconLibrary {
        var result = self
        result.emoji = emoji
        return result
    }
}

/// The files of a lexicon directory as text: what `check` validates and `build` compiles.
/// Reading from disk is the only I/O; everything else is pure.
public struct LexiconSource: Sendable {
    public struct Language: Sendable {
        public var code: String
        /// File names as findings will show them (`lexicons/en/lexicon.tsv`).
        public var lexiconName: String
        public var lexicon: String?
        public var modifiersName: String
        public var modifiers: String?
        public var functionWordsName: String
        public var functionWords: String?
        public var hasReadme: Bool

        public init(code: String, lexicon: String?, modifiers: String? = nil, functionWords: String? = nil,
                    hasReadme: Bool = true, directory: String? = nil) {
            let folder = directory ?? code
            self.code = code
            self.lexiconName = "\(folder)/lexicon.tsv"
            self.lexicon = lexicon
            self.modifiersName = "\(folder)/modifiers.tsv"
            self.modifiers = modifiers
            self.functionWordsName = "\(folder)/function-words.txt"
            self.functionWords = functionWords
            self.hasReadme = hasReadme
        }
    }

    public var languages: [Language]
    public var emojiName: String
    public var emoji: String?

    public init(languages: [Language], emoji: String?, emojiName: String = "emoji.tsv") {
        self.languages = languages
        self.emoji = emoji
        self.emojiName = emojiName
    }

    /// Reads `<root>/<lang>/{lexicon.tsv, modifiers.tsv, function-words.txt, README.md}` and
    /// `<root>/emoji.tsv`. A folder counts as a language when it has any of the three files.
    public static func read(from root: URL, requireLanguages: Bool = true) throws(LexiconsError) -> LexiconSource {
        let manager = FileManager.default
        let label = root.lastPathComponent
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw LexiconsError.unreadable(file: root.path, reason: "no such directory")
        }
        let names: [String]
        do {
            names = try manager.contentsOfDirectory(atPath: root.path).sorted()
        } catch {
            throw LexiconsError.unreadable(file: root.path, reason: "\(error)")
        }
        var languages: [Language] = []
        for name in names where !name.hasPrefix(".") {
            let folder = root.appendingPathComponent(name)
            guard manager.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                continue
            }
            let lexicon = try readText(folder.appendingPathComponent("lexicon.tsv"), label: "\(label)/\(name)/lexicon.tsv")
            let modifiers = try readText(folder.appendingPathComponent("modifiers.tsv"),
                                         label: "\(label)/\(name)/modifiers.tsv")
            let functionWords = try readText(folder.appendingPathComponent("function-words.txt"),
                                             label: "\(label)/\(name)/function-words.txt")
            guard lexicon != nil || modifiers != nil || functionWords != nil else { continue }
            let hasReadme = manager.fileExists(atPath: folder.appendingPathComponent("README.md").path)
            languages.append(Language(code: name, lexicon: lexicon, modifiers: modifiers, functionWords: functionWords,
                                      hasReadme: hasReadme, directory: "\(label)/\(name)"))
        }
        let emoji = try readText(root.appendingPathComponent("emoji.tsv"), label: "\(label)/emoji.tsv")
        if requireLanguages && languages.isEmpty && emoji == nil {
            throw LexiconsError.noLanguages(directory: root.path)
        }
        return LexiconSource(languages: languages, emoji: emoji, emojiName: "\(label)/emoji.tsv")
    }

    private static func readText(_ url: URL, label: String) throws(LexiconsError) -> String? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw LexiconsError.unreadable(file: label, reason: "cannot read: \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw LexiconsError.unreadable(file: label, reason: "not valid UTF-8")
        }
        return text
    }

    /// Compiles the files, or throws the first error (in file order) that `check` reports.
    public func build() throws(LexiconsError) -> LexiconLibrary {
        if let first = check(warnings: false).first(where: { $0.severity == .error }) { throw first.asError }
        var lexicons: [LanguageLexicon] = []
        for language in languages {
            let entries = language.lexicon.map { LexiconFormat.parseLexicon($0, file: language.lexiconName).entries } ?? []
            let modifiers = language.modifiers.map {
                LexiconFormat.parseModifiers($0, file: language.modifiersName).entries
            } ?? []
            let functionWords = language.functionWords.map {
                LexiconFormat.parseFunctionWords($0, file: language.functionWordsName).entries
            } ?? []
            lexicons.append(LanguageLexicon(language: language.code, entries: entries, modifiers: modifiers,
                                            functionWords: functionWords))
        }
        let emojiEntries = emoji.map { LexiconFormat.parseEmoji($0, file: emojiName).entries } ?? []
        return LexiconLibrary(languages: lexicons, emoji: EmojiTable(emojiEntries))
    }

    /// Everything wrong or suspicious in the files, errors first, each with file and line.
    public func check(warnings: Bool = true) -> [Finding] {
        var findings: [Finding] = []
        for language in languages {
            findings += LexiconCheck.check(language, warnings: warnings)
        }
        if let emoji {
            findings += LexiconCheck.checkEmoji(emoji, file: emojiName)
        }
        return findings.sortedForReport()
    }
}
