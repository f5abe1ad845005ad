/// What `opine lexicon check` reports: format errors, duplicates, conflicting entries, bad
/// kinds and weights, and entries that shadow or contradict each other.
public enum LexiconCheck {
    /// All findings for one language folder.
    public static func check(_ language: LexiconSource.Language, warnings: Bool = true) -> [Finding] {
        var findings: [Finding] = []
        var entries: [LexiconEntry] = []
        var modifiers: [ModifierEntry] = []
        if let text = language.lexicon {
            let parsed = LexiconFormat.parseLexicon(text, file: language.lexiconName)
            findings += parsed.findings
            entries = parsed.entries
            findings += duplicates(entries.map { ($0.term, $0.line, LexiconFormat.format(valence: $0.valence)) },
                                   file: language.lexiconName, what: "valence")
        } else {
            findings.append(Finding(.error, file: language.lexiconName, line: 0, "missing file"))
        }
        if let text = language.modifiers {
            let parsed = LexiconFormat.parseModifiers(text, file: language.modifiersName)
            findings += parsed.findings
            modifiers = parsed.entries
            findings += duplicates(modifiers.map {
                ($0.term, $0.line, "\($0.kind.rawValue) \(LexiconFormat.format(valence: $0.effectiveWeight))")
            }, file: language.modifiersName, what: "kind and weight")
        } else if warnings {
            findings.append(Finding(.warning, file: language.modifiersName, line: 0,
                                    "missing file: no negation, boosters or contrast for this language"))
        }
        if let text = language.functionWords {
            let parsed = LexiconFormat.parseFunctionWords(text, file: language.functionWordsName)
            findings += parsed.findings
            if warnings {
                var seen: [String: Int] = [:]
                var line = 0
                for (number, raw) in TSV.lines(text) where !TSV.isSkippable(raw) {
                    line = number
                    let word = raw.trimmingSpaces()
                    if let first = seen[word] {
                        findings.append(Finding(.warning, file: language.functionWordsName, line: line,
                                                "duplicate of line \(first): \"\(word)\""))
                    } else {
                        seen[word] = line
                    }
                }
            }
        } else if warnings {
            findings.append(Finding(.warning, file: language.functionWordsName, line: 0,
                                    "missing file: the language cannot be detected, only used when an item names it"))
        }
        guard warnings else { return findings }
        if !language.hasReadme {
            let folder = language.lexiconName.split(separator: "/").dropLast().joined(separator: "/")
            findings.append(Finding(.warning, file: "\(folder)/README.md", line: 0,
                                    "missing: say how the files were made"))
        }
        findings += crossChecks(entries: entries, modifiers: modifiers, language: language)
        return findings
    }

    /// Findings for `emoji.tsv`.
    public static func checkEmoji(_ text: String, file: String) -> [Finding] {
        let parsed = LexiconFormat.parseEmoji(text, file: file)
        return parsed.findings + duplicates(parsed.entries.map {
            (EmojiTable.key($0.symbol), $0.line, LexiconFormat.format(valence: $0.valence))
        }, file: file, what: "valence")
    }

    /// Same key twice: a warning when both say the same, an error when they disagree.
    static func duplicates(_ rows: [(key: String, line: Int, value: String)], file: String, what: String) -> [Finding] {
        var first: [String: (line: Int, value: String)] = [:]
        var findings: [Finding] = []
        for row in rows {
            let key = Folding.key(row.key)
            if let earlier = first[key] {
                if earlier.value == row.value {
                    findings.append(Finding(.warning, file: file, line: row.line,
                                            "duplicate of line \(earlier.line): \"\(row.key)\""))
                } else {
                    findings.append(Finding(.error, file: file, line: row.line,
                                            "\"\(row.key)\" conflicts with line \(earlier.line): \(what) \(row.value) here, \(earlier.value) there"))
                }
            } else {
                first[key] = (row.line, row.value)
            }
        }
        return findings
    }

    private static func crossChecks(entries: [LexiconEntry], modifiers: [ModifierEntry],
                                    language: LexiconSource.Language) -> [Finding] {
        var findings: [Finding] = []
        let lexiconFile = language.lexiconName
        var byTerm: [String: LexiconEntry] = [:]
        for entry in entries where byTerm[Folding.key(entry.term)] == nil { byTerm[Folding.key(entry.term)] = entry }

        // A word that is both a sentiment term and a modifier.
        for modifier in modifiers {
            guard let entry = byTerm[Folding.key(modifier.term)] else { continue }
            let message: String
            switch modifier.kind {
            case .booster, .dampener:
                message = "\"\(entry.term)\" is also a \(modifier.kind.rawValue) (\(language.modifiersName):\(modifier.line)); as a modifier it carries no valence of its own"
            case .negator:
                message = "\"\(entry.term)\" is also a negator (\(language.modifiersName):\(modifier.line)); it negates only when a sentiment word follows, else it counts as \(LexiconFormat.format(valence: entry.valence))"
            case .contrast:
                message = "\"\(entry.term)\" is also a contrast word (\(language.modifiersName):\(modifier.line))"
            }
            findings.append(Finding(.warning, file: lexiconFile, line: entry.line, message))
        }

        // A stem that also matches an exact entry of the opposite sign: the exact entry wins,
        // which is usually meant, but worth a look.
        let stems = entries.filter { $0.term.hasSuffix("*") && !$0.term.contains(" ") }
        let words = entries.filter { !$0.term.hasSuffix("*") && !$0.term.contains(" ") }
        for stem in stems {
            let prefix = String(stem.term.dropLast())
            for word in words where word.term.hasPrefix(prefix) && word.valence * stem.valence < 0 {
                findings.append(Finding(.warning, file: lexiconFile, line: word.line,
                                        "\"\(word.term)\" (\(LexiconFormat.format(valence: word.valence))) also matches stem \"\(stem.term)\" (line \(stem.line), \(LexiconFormat.format(valence: stem.valence))) with the opposite sign; the exact entry wins"))
            }
        }
        for (index, stem) in stems.enumerated() {
            let prefix = String(stem.term.dropLast())
            for other in stems[(index + 1)...] {
                let otherPrefix = String(other.term.dropLast())
                guard otherPrefix != prefix, otherPrefix.hasPrefix(prefix) || prefix.hasPrefix(otherPrefix),
                    other.valence * stem.valence < 0 else { continue }
                findings.append(Finding(.warning, file: lexiconFile, line: other.line,
                                        "stems \"\(stem.term)\" (line \(stem.line)) and \"\(other.term)\" overlap with opposite signs; the longer one wins"))
            }
        }

        // Terms that only differ by accents, with opposite signs: accent-less text matches neither.
        let mode = LanguageTraits.of(language.code).looseMatching
        if mode != .none {
            var byLoose: [String: LexiconEntry] = [:]
            for entry in entries {
                let loose = Folding.loose(Folding.key(entry.term), mode)
                if let other = byLoose[loose], Folding.key(other.term) != Folding.key(entry.term),
                    other.valence * entry.valence < 0 {
                    findings.append(Finding(.warning, file: lexiconFile, line: entry.line,
                                            "\"\(entry.term)\" and \"\(other.term)\" (line \(other.line)) differ only by accents and have opposite signs; text without accents matches neither"))
                } else if byLoose[loose] == nil {
                    byLoose[loose] = entry
                }
            }
        }

        // Phrases that can never match because a word is only punctuation.
        for entry in entries where entry.term.contains(" ") {
            let words = entry.term.split(separator: " ")
            if words.contains(where: { !$0.unicodeScalars.contains(where: CharacterClass.isWordScalar) }) {
                findings.append(Finding(.warning, file: lexiconFile, line: entry.line,
                                        "phrase \"\(entry.term)\" has a word without letters; it can never match"))
            }
        }
        return findings
    }
}
