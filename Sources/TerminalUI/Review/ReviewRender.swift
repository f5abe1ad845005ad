/// Drawing the review screen. Top to bottom: a title bar, the counts, the active filters, a
/// rule naming the two panes; then the list (two rows per item: id and labels, then why it is
/// here) beside the selected item's detail; then the status line (or the reason being typed)
/// and the help bar.
extension ReviewState {
    static let headerRows = 4
    static let footerRows = 2
    static let rowsPerItem = 2
    /// The detail's left column of field names ("labels", "model"…).
    static let fieldColumn = 7

    static func listWidth(_ size: Size) -> Int { max(24, min(36, size.width * 3 / 8)) }
    static func detailX(_ size: Size) -> Int { listWidth(size) + 2 }
    static func detailWidth(_ size: Size) -> Int { max(1, size.width - detailX(size) - 1) }

    public func render(_ size: Size) -> Grid {
        Frames.screen(size, minimum: Self.minimumSize, showingHelp: mode == .help, tooSmall: drawTooSmall, help: drawHelp) { grid in
            drawHeader(&grid)
            drawBody(&grid)
            drawFooter(&grid)
        }
    }

    // MARK: - Header

    private func drawHeader(_ grid: inout Grid) {
        let width = grid.size.width
        grid.fill(row: 0, style: .title)
        let name = ReviewStrings.leadName(setup.lead)
        let nameWidth = DisplayWidth.of(name)
        grid.putTruncating(ReviewStrings.header(project: setup.projectName), at: Point(x: 0, y: 0), style: .title,
                           width: width - nameWidth - 1)
        grid.put(name, at: Point(x: max(0, width - nameWidth), y: 0), style: .title)

        // Counts: where the selection is, how many are left, and why the shown ones are here.
        let list = visible
        let toReview = entries.filter { $0.adjudication == nil }.count
        let kinds = ReviewReasonKind.allCases.map { kind in (kind, list.filter { $0.reasons.contains { $0.kind == kind } }.count) }
        var x = grid.put(ReviewStrings.position(selectedIndex, of: list.count), at: Point(x: 1, y: 1), style: .key) + 2
        grid.putTruncating(ReviewStrings.counts(toReview: toReview, kinds: kinds, adjudicated: adjudicatedHere.count),
                           at: Point(x: x, y: 1), style: .muted, width: width - x - 1)

        // Filters, the active ones standing out.
        x = grid.put(ReviewStrings.filtersLabel, at: Point(x: 1, y: 2), style: .muted)
        var parts: [String] = []
        if let reason = filters.reason { parts.append(ReviewStrings.filterPart(ReviewStrings.reasonFilterName, reason.rawValue)) }
        if let slice = filters.slice { parts.append(ReviewStrings.filterPart(ReviewStrings.sliceFilterName, slice.description)) }
        if let pair = filters.pair { parts.append(ReviewStrings.filterPart(ReviewStrings.pairFilterName, pair.description)) }
        if let annotator = filters.annotator { parts.append(ReviewStrings.filterPart(ReviewStrings.annotatorFilterName, annotator)) }
        if filters.showAdjudicated { parts.append(ReviewStrings.adjudicatedShown) }
        if parts.isEmpty {
            grid.putTruncating(ReviewStrings.noFilters, at: Point(x: x, y: 2), style: .muted, width: width - x - 1)
        } else {
            for (index, part) in parts.enumerated() {
                if index > 0 { x = grid.put(" · ", at: Point(x: x, y: 2), style: .muted, clip: width - 1 - x) }
                x = grid.putTruncating(part, at: Point(x: x, y: 2), style: .selection, width: width - 1 - x)
            }
        }

        // The rule names the panes; the focused one stands out.
        let split = Self.listWidth(grid.size)
        grid.put(String(repeating: "─", count: width), at: Point(x: 0, y: 3), style: .muted)
        guard !loading, !list.isEmpty else { return }
        grid.put("┬", at: Point(x: split, y: 3), style: .muted)
        grid.put(ReviewStrings.listTitle, at: Point(x: 1, y: 3), style: focus == .list ? .selection : .muted)
        grid.put(ReviewStrings.detailTitle, at: Point(x: split + 2, y: 3), style: focus == .detail ? .selection : .muted)
    }

    // MARK: - Body

    private func drawBody(_ grid: inout Grid) {
        let size = grid.size
        let top = Self.headerRows
        let rows = Self.bodyRows(size)
        let split = Self.listWidth(size)
        if loading {
            grid.put(ReviewStrings.loading, at: Point(x: 1, y: top), style: .muted)
            return
        }
        let list = visible
        if list.isEmpty {
            // Nothing shows: either the filters hide everything, or all is adjudicated (or nothing was ever contested).
            let lines = filters.isActive
                ? [(ReviewStrings.noMatch, Style.plain), (ReviewStrings.noMatchKeys, Style.muted)]
                : [(ReviewStrings.nothingToReview, Style.plain), (ReviewStrings.nothingAdjudicatedHidden, Style.muted)]
            var y = top
            for (text, style) in lines where y < top + rows {
                for line in TextLayout.wrap(text, width: size.width - 2, style: style) where y < top + rows {
                    grid.put(line.map(\.glyph), at: Point(x: 1, y: y)) { _ in style }
                    y += 1
                }
                y += 1
            }
            return
        }
        for y in top..<(top + rows) { grid.put("│", at: Point(x: split, y: y), style: .muted) }
        drawList(list, in: &grid, top: top, rows: rows, width: split)
        drawDetail(in: &grid, top: top, rows: rows)
    }

    private func drawList(_ list: [ReviewEntry], in grid: inout Grid, top: Int, rows: Int, width: Int) {
        let page = max(1, rows / Self.rowsPerItem)
        // The state keeps the selection in view at its size; a render at another size re-clamps.
        var first = min(listTop, max(0, list.count - page))
        if let index = selectedIndex {
            if index < first { first = index }
            if index >= first + page { first = index - page + 1 }
        }
        for (offset, entry) in list.dropFirst(first).prefix(page).enumerated() {
            let y = top + offset * Self.rowsPerItem
            let isSelected = entry.id == selectedId
            let highlighted = isSelected && focus == .list
            if highlighted {
                grid.fill(row: y, width: width, style: .selection)
                grid.fill(row: y + 1, width: width, style: .selection)
            }
            func style(_ base: Style) -> Style { highlighted ? .selection : base }
            var x = grid.put(isSelected ? "▸ " : "  ", at: Point(x: 0, y: y), style: isSelected ? style(.key) : .plain)
            x = grid.putTruncating(entry.id, at: Point(x: x, y: y), style: style(.plain), width: min(width - x - 1, 16))
            x += 2
            if let adjudication = entry.adjudication {
                x = grid.put(ReviewStrings.adjudicatedMark + " ", at: Point(x: x, y: y), style: style(.positive), clip: width - x)
                grid.putTruncating(adjudication.label, at: Point(x: x, y: y), style: style(.positive), width: width - x - 1)
            } else {
                grid.putTruncating(givenLabels(entry).joined(separator: "/"), at: Point(x: x, y: y), style: style(.muted),
                                   width: width - x - 1)
            }
            let tags = entry.reasons.map { ReviewStrings.tag($0.kind) }.joined(separator: " · ")
            grid.putTruncating(tags, at: Point(x: 2, y: y + 1), style: style(.muted), width: width - 3)
        }
    }

    /// The labels given to an item, in the project's order.
    private func givenLabels(_ entry: ReviewEntry) -> [String] {
        let order = setup.labels.map(\.name)
        return entry.givenLabels.sorted { (order.firstIndex(of: $0) ?? order.count) < (order.firstIndex(of: $1) ?? order.count) }
    }

    private func drawDetail(in grid: inout Grid, top: Int, rows: Int) {
        let x = Self.detailX(grid.size)
        let lines = detailLines(width: Self.detailWidth(grid.size))
        Frames.scrolledLines(lines, scroll: detailScroll, top: top, rows: rows, x: x, into: &grid)
    }

    /// The selected item's detail as wrapped lines: where it comes from, its text, each
    /// annotator's label, the gold label and any adjudication, the model, why it is here.
    func detailLines(width: Int) -> [[StyledGlyph]] {
        guard let entry = selected, width > 0 else { return [] }
        var lines: [[StyledGlyph]] = []
        var origin = Self.styled(entry.id, .plain) + Self.styled("  ", .plain)
        var details: [String] = []
        if let language = entry.language { details.append(language) }
        details.append(entry.split)
        if DisplayWidth.containsRightToLeft(entry.text) { details.append(ReviewStrings.rightToLeft) }
        origin += Self.styled(details.joined(separator: " · "), .muted)
        lines += TextLayout.wrap(origin, width: width)
        lines += TextLayout.wrap(entry.text, width: width)
        lines.append([])

        let fieldWidth = width - Self.fieldColumn
        /// A field: its name in the left column, its content wrapped beside it.
        func field(_ name: String, _ content: [[StyledGlyph]]) {
            for (index, line) in content.enumerated() {
                let label = index == 0 ? name : ""
                let padded = label + String(repeating: " ", count: max(0, Self.fieldColumn - DisplayWidth.of(label)))
                lines.append(Self.styled(padded, .muted) + line)
            }
        }
        func wrapped(_ glyphs: [StyledGlyph]) -> [[StyledGlyph]] {
            fieldWidth > 0 ? TextLayout.wrap(glyphs, width: fieldWidth) : []
        }

        // Labels, one per annotator, names aligned.
        if entry.labels.isEmpty {
            field(ReviewStrings.labelsHeading, wrapped(Self.styled(ReviewStrings.noLabels, .muted)))
        } else {
            let nameWidth = entry.labels.map { DisplayWidth.of($0.annotator) }.max() ?? 0
            var content: [[StyledGlyph]] = []
            for label in entry.labels {
                let name = label.annotator + String(repeating: " ", count: nameWidth - DisplayWidth.of(label.annotator) + 1)
                var glyphs = Self.styled(name, .muted) + Self.styled(label.label, .plain)
                if !label.flags.isEmpty { glyphs += Self.styled("  " + label.flags.joined(separator: " "), .warning) }
                if let note = label.note { glyphs += Self.styled("  “", .muted) + Self.styled(note, .muted) + Self.styled("”", .muted) }
                content += wrapped(glyphs)
            }
            field(ReviewStrings.labelsHeading, content)
        }

        // Gold, and the adjudication behind it.
        var gold = wrapped(Self.styled(ReviewStrings.gold(entry.gold, method: entry.goldMethod), entry.gold == nil ? .muted : .plain))
        if let adjudication = entry.adjudication {
            gold += wrapped(Self.styled(ReviewStrings.adjudication(label: adjudication.label, lead: adjudication.lead), .positive)
                + Self.styled(adjudication.reason, .plain))
        }
        field(ReviewStrings.goldHeading, gold)

        // The model: one bar per label in the project's order, the most probable highlighted.
        if let prediction = entry.prediction, !prediction.isEmpty {
            let best = ProbabilityBar.best(prediction)
            let labelWidth = prediction.map { DisplayWidth.of($0.label) }.max() ?? 0
            var bars: [[StyledGlyph]] = []
            let order = setup.labels.map(\.name)
            let sorted = prediction.sorted { (order.firstIndex(of: $0.label) ?? order.count) < (order.firstIndex(of: $1.label) ?? order.count) }
            for entry in sorted {
                let style: Style = entry.label == best ? .selection : .muted
                let name = entry.label + String(repeating: " ", count: labelWidth - DisplayWidth.of(entry.label) + 1)
                bars.append(Self.styled(name + ProbabilityBar.text(entry.probability) + " " + ProbabilityBar.percent(entry.probability), style))
            }
            field(ReviewStrings.modelHeading, bars)
        } else {
            let status = model == nil ? ReviewStrings.noModel : ReviewStrings.noPrediction
            field(ReviewStrings.modelHeading, wrapped(Self.styled(status, .muted)))
        }

        // Why it is on the list.
        field(ReviewStrings.whyHeading, entry.reasons.flatMap { wrapped(Self.styled($0.summary, .plain)) })

        if !entry.metadata.isEmpty {
            var glyphs: [StyledGlyph] = []
            for (index, item) in entry.metadata.enumerated() {
                if index > 0 { glyphs += Self.styled(" · ", .muted) }
                glyphs += Self.styled(item.key + " ", .muted) + Self.styled(item.value, .plain)
            }
            field(ReviewStrings.metaHeading, wrapped(glyphs))
        }
        return lines
    }

    /// Text made visible, in `style` (escapes in `.escaped`).
    static func styled(_ text: String, _ style: Style) -> [StyledGlyph] {
        VisibleText.glyphs(of: text).map { StyledGlyph(glyph: $0, style: $0.kind == .text ? style : .escaped) }
    }

    // MARK: - Footer

    private func drawFooter(_ grid: inout Grid) {
        let size = grid.size
        let statusRow = size.height - 2
        let barRow = size.height - 1
        if case .reason(_, let label, let editor) = mode {
            let x = grid.put(ReviewStrings.reasonPrompt(label: label), at: Point(x: 1, y: statusRow), style: .key)
            editor.draw(in: &grid, at: Point(x: x, y: statusRow), width: size.width - x - 1)
            let hint = status ?? StatusLine(text: ReviewStrings.reasonHelp, style: .muted)
            grid.putTruncating(hint.text, at: Point(x: 1, y: barRow), style: hint.style, width: size.width - 2)
            return
        }
        if let pending {
            grid.putTruncating(ReviewStrings.saving(item: pending.item, label: pending.label), at: Point(x: 1, y: statusRow),
                               style: .muted, width: size.width - 2)
        } else if let status {
            grid.putTruncating(status.text, at: Point(x: 1, y: statusRow), style: status.style, width: size.width - 2)
        }
        keys.drawBar(in: &grid, row: barRow, width: size.width)
    }

    // MARK: - Help and too small

    private func drawHelp(_ grid: inout Grid) {
        Frames.help(keys.helpLines(), title: ReviewStrings.helpTitle, note: ReviewStrings.helpNote, footer: ReviewStrings.helpFooter, into: &grid)
    }

    private func drawTooSmall(_ grid: inout Grid) {
        Frames.tooSmall(ReviewStrings.tooSmall(size: grid.size, minimum: Self.minimumSize), into: &grid)
    }
}
