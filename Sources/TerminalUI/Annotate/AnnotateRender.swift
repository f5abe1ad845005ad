/// Drawing the annotate screen. Top to bottom: a title bar, the item's id and where it comes
/// from, a rule (or the revisit banner), the text, then a fixed panel: metadata, flags, note,
/// model, lexicon hints, a rule, progress, the status line and the help bar.
extension AnnotateState {
    static let headerRows = 3
    static let panelRows = 9
    static let fieldColumn = 8
    static let textIndent = 2

    public func render(_ size: Size) -> Grid {
        Frames.screen(size, minimum: Self.minimumSize, showingHelp: mode != .browsing && !isEditingNote, tooSmall: drawTooSmall,
                      help: drawHelpOrGuidelines) { grid in
            drawHeader(&grid)
            drawText(&grid)
            drawPanel(&grid)
        }
    }

    // MARK: - Text area

    private static func textHeight(_ size: Size) -> Int { size.height - headerRows - panelRows }
    private static func textWidth(_ size: Size) -> Int { size.width - 2 * textIndent }

    private func textLines(_ size: Size) -> [[StyledGlyph]] {
        guard let item = shownItem else { return [] }
        return TextLayout.wrap(item.text, width: Self.textWidth(size), marks: item.hints ?? [])
    }

    /// How far the text can scroll: until its last line shows above the bottom row.
    func maxScroll() -> Int {
        let lines = textLines(size).count
        let height = Self.textHeight(size)
        return lines <= height ? 0 : lines - height + 1
    }

    private func drawText(_ grid: inout Grid) {
        let top = Self.headerRows
        let height = Self.textHeight(grid.size)
        let x = Self.textIndent
        guard shownItem != nil else {
            switch queue {
            case .empty:
                let lines = TextLayout.wrap(AnnotateStrings.queueEmpty(annotator: setup.annotator, overlap: setup.overlap),
                                            width: Self.textWidth(grid.size))
                var y = top
                for line in lines.prefix(height - 2) {
                    grid.put(line.map(\.glyph), at: Point(x: x, y: y)) { _ in .plain }
                    y += 1
                }
                grid.putTruncating(AnnotateStrings.queueEmptyKeys, at: Point(x: x, y: y + 1), style: .muted,
                                   width: Self.textWidth(grid.size))
            case .loading, .showing:
                grid.put(AnnotateStrings.loading, at: Point(x: x, y: top), style: .muted)
            }
            return
        }
        let lines = textLines(grid.size)
        Frames.scrolledLines(lines, scroll: scroll, top: top, rows: height, x: x, into: &grid)
    }

    // MARK: - Header

    private func drawHeader(_ grid: inout Grid) {
        let width = grid.size.width
        grid.fill(row: 0, style: .title)
        let name = setup.annotator + " "
        let nameWidth = DisplayWidth.of(name)
        grid.putTruncating(AnnotateStrings.header(project: setup.projectName), at: Point(x: 0, y: 0), style: .title,
                           width: width - nameWidth - 1)
        grid.put(name, at: Point(x: width - nameWidth, y: 0), style: .title)

        if let item = shownItem {
            var x = grid.put(item.id, at: Point(x: 1, y: 1), clip: width / 2)
            var details: [String] = []
            if let language = item.language { details.append(language) }
            details.append(item.split)
            details.append(item.reason)
            if DisplayWidth.containsRightToLeft(item.text) { details.append(AnnotateStrings.rightToLeft) }
            x += 2
            grid.putTruncating(details.joined(separator: " · "), at: Point(x: x, y: 1), style: .muted, width: width - x - 1)
        }
        if let revisit {
            grid.fill(row: 2, style: .selection)
            let entry = history[revisit.index]
            grid.putTruncating(AnnotateStrings.revisiting(index: revisit.index + 1, count: history.count, label: entry.label),
                               at: Point(x: 1, y: 2), style: .selection, width: width - 2)
        } else {
            grid.put(String(repeating: "─", count: width), at: Point(x: 0, y: 2), style: .muted)
        }
    }

    // MARK: - Panel

    private func drawPanel(_ grid: inout Grid) {
        let size = grid.size
        let top = size.height - Self.panelRows
        let x = 1 + Self.fieldColumn
        let width = size.width - x - 1
        func field(_ name: String, row: Int) {
            grid.put(name, at: Point(x: 1, y: row), style: .muted, clip: Self.fieldColumn)
        }

        // Metadata.
        field(AnnotateStrings.metaField, row: top)
        if let item = shownItem {
            if item.metadata.isEmpty {
                grid.put(AnnotateStrings.noMetadata, at: Point(x: x, y: top), style: .muted)
            } else {
                var column = x
                for (index, entry) in item.metadata.enumerated() {
                    let end = x + width
                    if index > 0 { column = grid.put(" · ", at: Point(x: column, y: top), style: .muted, clip: end - column) }
                    column = grid.put(entry.key + " ", at: Point(x: column, y: top), style: .muted, clip: end - column)
                    column = grid.putTruncating(entry.value, at: Point(x: column, y: top), width: min(end - column, 40))
                    if column >= end { break }
                }
            }
        }

        // Flags.
        field(AnnotateStrings.flagsField, row: top + 1)
        if setup.flags.isEmpty {
            grid.put(AnnotateStrings.noFlags, at: Point(x: x, y: top + 1), style: .muted)
        } else {
            var column = x
            let on = Set(draft?.flags ?? [])
            for flag in setup.flags {
                let isOn = on.contains(flag.name)
                column = grid.put(String(flag.key), at: Point(x: column, y: top + 1), style: isOn ? .selection : .key,
                                  clip: x + width - column)
                column = grid.put(" " + flag.name, at: Point(x: column, y: top + 1), style: isOn ? .selection : .muted,
                                  clip: x + width - column) + 2
            }
        }

        // Note.
        field(AnnotateStrings.noteField, row: top + 2)
        if case .editingNote(let editor) = mode {
            editor.draw(in: &grid, at: Point(x: x, y: top + 2), width: width)
        } else if let note = draft?.note {
            grid.putTruncating(note, at: Point(x: x, y: top + 2), width: width)
        } else if draft != nil {
            grid.put(AnnotateStrings.noNote, at: Point(x: x, y: top + 2), style: .muted)
        }

        // Model and hints: the slots the classifier and the lexicons fill.
        field(AnnotateStrings.modelField, row: top + 3)
        if shownItem?.predictionHidden == true {
            grid.putTruncating(AnnotateStrings.predictionHidden, at: Point(x: x, y: top + 3), style: .muted, width: width)
        } else if let prediction = shownItem?.prediction, !prediction.isEmpty {
            drawPrediction(prediction, in: &grid, at: Point(x: x, y: top + 3), width: width)
        } else {
            grid.putTruncating(modelStatus, at: Point(x: x, y: top + 3), style: .muted, width: width)
        }
        field(AnnotateStrings.hintsField, row: top + 4)
        if let hints = shownItem?.hints {
            var column = grid.put(AnnotateStrings.hintLegend(count: hints.count), at: Point(x: x, y: top + 4), style: .muted)
            for style in [Style.positive, .negative, .negated, .boosted] {
                column = grid.put(style.rawValue, at: Point(x: column, y: top + 4), style: style, clip: x + width - column) + 1
            }
        } else {
            grid.putTruncating(hintStatus, at: Point(x: x, y: top + 4), style: .muted, width: width)
        }

        grid.put(String(repeating: "─", count: size.width), at: Point(x: 0, y: top + 5), style: .muted)
        grid.putTruncating(progressLine(), at: Point(x: 1, y: top + 6), width: size.width - 2)
        if let status {
            grid.putTruncating(status.text, at: Point(x: 1, y: top + 7), style: status.style, width: size.width - 2)
        }
        keys.drawBar(in: &grid, row: top + 8, width: size.width)
    }

    private func progressLine() -> String {
        var percent: String?
        var slots: Int?
        if let progress, progress.slots > 0 {
            percent = AnnotateStrings.oneDecimal(100 * Double(progress.filledSlots) / Double(progress.slots))
            slots = progress.slots
        }
        var rate: String?
        let minutes = (now - openedAt) / 60
        if sessionLabels > 0 && minutes >= 1.0 / 60 { rate = AnnotateStrings.oneDecimal(Double(sessionLabels) / minutes) }
        return AnnotateStrings.progress(session: sessionLabels, mine: progress?.annotatorItems, percent: percent,
                                        slots: slots, overlap: setup.overlap, rate: rate)
    }

    private func drawPrediction(_ prediction: [LabelProbability], in grid: inout Grid, at point: Point, width: Int) {
        let best = ProbabilityBar.best(prediction)
        var x = point.x
        let end = point.x + width
        for label in setup.labels.map(\.name) {
            guard let entry = prediction.first(where: { $0.label == label }) else { continue }
            let style: Style = entry.label == best ? .selection : .muted
            x = grid.put(label + " ", at: Point(x: x, y: point.y), style: style, clip: end - x)
            x = grid.put(ProbabilityBar.text(entry.probability), at: Point(x: x, y: point.y), style: style, clip: end - x)
            x = grid.put(" " + ProbabilityBar.percent(entry.probability), at: Point(x: x, y: point.y), style: style, clip: end - x) + 2
        }
    }

    // MARK: - Help and too small

    private var isEditingNote: Bool {
        if case .editingNote = mode { return true }
        return false
    }

    /// The two full-screen pages: the key table (`?`) and the guidelines (`g`).
    private func drawHelpOrGuidelines(_ grid: inout Grid) {
        if case .guidelines(let scroll) = mode {
            setup.guidelines.draw(into: &grid, scroll: scroll, title: AnnotateStrings.guidelinesTitle, footer: AnnotateStrings.guidelinesFooter)
        } else {
            drawHelp(&grid)
        }
    }

    /// How far the guidelines page scrolls at the current size.
    func guidelinesMaxScroll() -> Int {
        GuidelinesPage.maxScroll(lines: setup.guidelines.lines(width: size.width - 2).count, rows: size.height - 2)
    }

    private func drawHelp(_ grid: inout Grid) {
        Frames.help(keys.helpLines(), title: AnnotateStrings.helpTitle, note: AnnotateStrings.helpNote, footer: AnnotateStrings.helpFooter, into: &grid)
    }

    private func drawTooSmall(_ grid: inout Grid) {
        Frames.tooSmall(AnnotateStrings.tooSmall(size: grid.size, minimum: Self.minimumSize), into: &grid)
    }
}

extension Grid {
    /// Writes `text` within `width` columns, ending with `…` when it had to be cut.
    @discardableResult
    public mutating func putTruncating(_ text: String, at point: Point, style: Style = .plain, width: Int) -> Int {
        guard width > 0 else { return point.x }
        let glyphs = VisibleText.glyphs(of: text)
        let styleOf: (Glyph) -> Style = { $0.kind == .text ? style : .escaped }
        if glyphs.reduce(0, { $0 + $1.width }) <= width {
            return put(glyphs, at: point, clip: width, styleOf: styleOf)
        }
        let x = put(Glyph.prefix(glyphs, fitting: width - 1).glyphs, at: point, clip: width, styleOf: styleOf)
        return put("…", at: Point(x: x, y: point.y), style: style, clip: 1)
    }
}
