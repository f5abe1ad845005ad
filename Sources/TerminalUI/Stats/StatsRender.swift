/// Drawing the stats screen. Top to bottom: a title bar with the two page tabs, a summary
/// line, a rule, the page's body, the status line and the help bar. The agreement page lays
/// its sections out in two columns when the terminal is 80 wide or more, else in one, and
/// scrolls; the model page lists runs on the left and the selected run on the right.
extension StatsState {
    /// Title, summary, rule, status, help bar.
    static let chromeRows = 5
    static let twoColumnWidth = 80

    public func render(_ size: Size) -> Grid {
        Frames.screen(size, minimum: Self.minimumSize, showingHelp: mode == .help, tooSmall: drawTooSmall, help: drawHelp) { grid in
            drawHeader(&grid)
            let body = Body(top: 3, height: size.height - Self.chromeRows, width: size.width)
            if let view {
                switch page {
                case .agreement:
                    grid.putTruncating(agreementSummary(view.agreement), at: Point(x: 1, y: 1), style: .muted, width: size.width - 2)
                    drawAgreement(&grid, body: body)
                case .model:
                    drawModelSummary(&grid, view: view)
                    drawModel(&grid, view: view, body: body)
                case .drift:
                    grid.putTruncating(StatsStrings.driftSummary, at: Point(x: 1, y: 1), style: .muted, width: size.width - 2)
                    if let drift = view.drift {
                        drawDrift(&grid, drift: drift, body: body)
                    } else {
                        grid.put(StatsStrings.computingDrift, at: Point(x: 1, y: body.top), style: .muted, clip: body.width - 2)
                    }
                }
            } else {
                grid.put(loading ? StatsStrings.loading : "", at: Point(x: 1, y: body.top), style: .muted)
            }
            if let status {
                grid.putTruncating(status.text, at: Point(x: 1, y: size.height - 2), style: status.style, width: size.width - 2)
            }
            keys.drawBar(in: &grid, row: size.height - 1, width: size.width)
        }
    }

    struct Body {
        var top: Int
        var height: Int
        var width: Int
    }

    // MARK: - Header

    private func drawHeader(_ grid: inout Grid) {
        let width = grid.size.width
        grid.fill(row: 0, style: .title)
        let tabs = [(StatsStrings.agreementTab, Page.agreement), (StatsStrings.modelTab, Page.model), (StatsStrings.driftTab, Page.drift)]
        let tabsWidth = tabs.reduce(0) { $0 + DisplayWidth.of($1.0) + 2 } + 1
        grid.putTruncating(StatsStrings.header(project: projectName), at: Point(x: 0, y: 0), style: .title,
                           width: width - tabsWidth - 1)
        var x = width - tabsWidth
        for (title, target) in tabs {
            x = grid.put(" \(title) ", at: Point(x: x, y: 0), style: target == page ? .selection : .title)
        }
        grid.put(String(repeating: "─", count: width), at: Point(x: 0, y: 2), style: .muted)
    }

    private func agreementSummary(_ agreement: AgreementView) -> String {
        StatsStrings.agreementSummary(items: agreement.items, pairable: agreement.pairableItems, labels: agreement.labels,
                                      annotators: agreement.annotators.count, draws: agreement.bootstrapDraws)
    }

    // MARK: - Agreement page

    /// The page's rows at `width`: the two columns side by side, or one after the other.
    func agreementRows(width: Int) -> [(left: StatsLine, right: StatsLine?)] {
        guard let view else { return [] }
        if width >= Self.twoColumnWidth {
            let (leftWidth, rightWidth) = Self.columns(width)
            let left = leftSections(view, width: leftWidth), right = rightSections(view, width: rightWidth)
            return (0..<max(left.count, right.count)).map { index in
                (index < left.count ? left[index] : [], index < right.count ? right[index] : [])
            }
        }
        let single = width - 2
        return (leftSections(view, width: single) + [[]] + rightSections(view, width: single)).map { ($0, nil) }
    }

    private static func columns(_ width: Int) -> (left: Int, right: Int) {
        let left = (width - 3) / 2
        return (left, width - 3 - left)
    }

    /// How far the agreement page can scroll: until its last line shows above the bottom row.
    func maxScroll() -> Int {
        let lines = agreementRows(width: size.width).count
        let height = size.height - Self.chromeRows
        return lines <= height ? 0 : lines - height + 1
    }

    private func drawAgreement(_ grid: inout Grid, body: Body) {
        let rows = agreementRows(width: body.width)
        let window = Frames.scrollWindow(count: rows.count, scroll: scroll, top: body.top, rows: body.height, x: 1, into: &grid)
        var y = window.firstRow
        let (leftWidth, rightWidth) = Self.columns(body.width)
        for row in rows[window.lines] {
            if let right = row.right {
                draw(row.left, in: &grid, at: Point(x: 1, y: y), width: leftWidth)
                draw(right, in: &grid, at: Point(x: 2 + leftWidth, y: y), width: rightWidth)
            } else {
                draw(row.left, in: &grid, at: Point(x: 1, y: y), width: body.width - 2)
            }
            y += 1
        }
    }

    private func leftSections(_ view: StatsView, width: Int) -> [StatsLine] {
        let agreement = view.agreement
        var lines: [StatsLine] = []
        if agreement.hasOverlap {
            let nameWidth = min(18, max(8, width - 20))
            lines.append([.init(StatsStrings.coefficientsTitle, .title, width: nameWidth),
                          .init(StatsStrings.valueColumn, .muted, width: 6, right: true),
                          .init("  " + StatsStrings.intervalColumn, .muted)])
            for coefficient in agreement.coefficients {
                lines.append([.init(coefficient.name, width: nameWidth),
                              .init(StatsStrings.fixed(coefficient.estimate.value), bandStyle(coefficient.estimate.value), width: 6, right: true),
                              .init("  " + StatsStrings.interval(coefficient.estimate), .muted)])
            }
            lines.append([])
            lines.append([.init(StatsStrings.perLabelTitle, .title)])
            let labelWidth = min(12, max(6, agreement.perLabel.map { DisplayWidth.of($0.label) }.max() ?? 6))
            let barWidth = max(4, min(20, width - labelWidth - 8))
            for label in agreement.perLabel {
                lines.append([.init(label.label, width: labelWidth),
                              .init(" " + Charts.bar(label.specificAgreement ?? 0, width: barWidth), bandStyle(label.specificAgreement)),
                              .init(StatsStrings.fixed(label.specificAgreement), width: 6, right: true)])
            }
        } else {
            lines.append([.init(StatsStrings.coefficientsTitle, .title)])
            for sentence in StatsStrings.noOverlap(annotators: agreement.annotators.count, pairable: agreement.pairableItems) {
                lines += wrapped(sentence, width: width, style: .warning)
            }
        }
        lines.append([])
        lines.append([.init(StatsStrings.sliceGapsTitle, .title)])
        if agreement.sliceGaps.isEmpty {
            lines += wrapped(StatsStrings.noSliceGaps, width: width, style: .muted)
        }
        let valueWidth = max(4, (width - 18) / 2)
        for gap in agreement.sliceGaps {
            lines.append([.init(gap.dimension, width: min(Self.visibleWidth(gap.dimension), width / 2)),
                          .init(" · " + StatsStrings.gapLine(metric: gap.metric, gap: StatsStrings.fixed(gap.gap, 2)), .muted)])
            lines.append([.init("  ▼ ", .negative), .init(gap.low, width: min(valueWidth, Self.visibleWidth(gap.low))),
                          .init(" " + StatsStrings.fixed(gap.lowValue, 2)),
                          .init("  ▲ ", .positive), .init(gap.high, width: min(valueWidth, Self.visibleWidth(gap.high))),
                          .init(" " + StatsStrings.fixed(gap.highValue, 2))])
        }
        return lines
    }

    private func rightSections(_ view: StatsView, width: Int) -> [StatsLine] {
        let agreement = view.agreement
        var lines: [StatsLine] = []
        if agreement.hasOverlap {
            lines.append([.init(StatsStrings.pairsTitle, .title)])
            let nameWidth = 9, cellWidth = 6
            let fitting = max(1, (width - nameWidth) / cellWidth)
            let shown = Array(agreement.annotators.prefix(fitting))
            var header: StatsLine = [.init("", width: nameWidth)]
            for name in shown { header += [.init(" "), .init(name, .muted, width: cellWidth - 1, right: true)] }
            lines.append(header)
            for row in shown {
                var line: StatsLine = [.init(row, width: nameWidth - 1), .init(" ")]
                for column in shown {
                    if row == column {
                        line.append(.init("·", .muted, width: cellWidth, right: true))
                    } else {
                        let cell = Charts.heatCell(agreement.kappa(row, column)?.kappa.value, width: cellWidth - 1)
                        line.append(.init(" " + cell.text, cell.style, width: cellWidth))
                    }
                }
                lines.append(line)
            }
            if agreement.annotators.count > shown.count {
                lines.append([.init(StatsStrings.morePairs(agreement.annotators.count - shown.count), .muted)])
            }
            lines.append([.init(StatsStrings.bandLegend, .muted)])
            lines.append([])
        }
        lines += anchoringLines(view.anchoring, width: width)
        if agreement.hasOverlap {
            lines.append([])
            lines.append([.init(StatsStrings.trendsTitle, .title)])
            let trends = agreement.trends.filter { !$0.points.isEmpty }
            if trends.isEmpty { lines += wrapped(StatsStrings.noTrends, width: width, style: .muted) }
            let nameWidth = 9
            let sparkWidth = max(1, width - nameWidth - 6)
            for trend in trends {
                let points = Array(trend.points.suffix(sparkWidth))
                lines.append([.init(trend.annotator, width: nameWidth - 1), .init(" "),
                              .init(Charts.sparkline(points, range: 0...1), bandStyle(points.last ?? nil)),
                              .init(" " + StatsStrings.fixed(trend.agreementWithOthers, 2))])
            }
        }
        return lines
    }

    private func anchoringLines(_ anchoring: AnchoringView, width: Int) -> [StatsLine] {
        var lines: [StatsLine] = [[.init(StatsStrings.anchoringTitle, .title)]]
        let minimum = anchoring.minimumGroupSize
        if anchoring.shown.labels == 0 && anchoring.hidden.labels == 0 {
            return lines + wrapped(StatsStrings.noExposure, width: width, style: .muted)
        }
        for (name, group) in [(StatsStrings.shownRow, anchoring.shown), (StatsStrings.hiddenRow, anchoring.hidden)] {
            let thin = group.labels < minimum
            lines.append([.init(name, width: 7), .init("n=\(group.labels)", thin ? .warning : .plain, width: 7),
                          .init(StatsStrings.fixed(group.rate?.value, 2), width: 5, right: true),
                          .init(" " + (group.rate.map { StatsStrings.interval($0) } ?? ""), .muted)])
        }
        if let difference = anchoring.difference {
            lines.append([.init(StatsStrings.differenceRow, width: 14),
                          .init(StatsStrings.fixed(difference.value, 2, sign: true), width: 5, right: true),
                          .init(" " + StatsStrings.interval(difference, sign: true), .muted)])
            let verdict: (String, Style)
            if let lower = difference.lower, lower > 0 {
                verdict = (StatsStrings.anchoringSign, .warning)
            } else if let upper = difference.upper, upper < 0 {
                verdict = (StatsStrings.anchoringReverse, .muted)
            } else {
                verdict = (StatsStrings.anchoringNone, .muted)
            }
            lines += wrapped(verdict.0, width: width, style: verdict.1)
        } else {
            var thin: [String] = []
            if anchoring.shown.labels < minimum { thin.append(StatsStrings.shownRow) }
            if anchoring.hidden.labels < minimum { thin.append(StatsStrings.hiddenRow) }
            lines += wrapped(StatsStrings.notEnough(thin, minimum: minimum), width: width, style: .muted)
        }
        return lines
    }

    // MARK: - Model page

    private func drawModelSummary(_ grid: inout Grid, view: StatsView) {
        guard let latest = view.runs.last else {
            grid.putTruncating(StatsStrings.noRuns, at: Point(x: 1, y: 1), style: .muted, width: grid.size.width - 2)
            return
        }
        var line: StatsLine = [.init(StatsStrings.runCount(view.runs.count), .muted)]
        if view.runs.count > 1 {
            let values = view.runs.map { $0.evaluation?.macroF1 }
            line += [.init(StatsStrings.trendLabel, .muted), .init(Charts.sparkline(Array(values.suffix(24))))]
        }
        line.append(.init(StatsStrings.latestRun(latest.id, source: latest.evaluation?.source,
                                                  macroF1: latest.evaluation.map { StatsStrings.fixed($0.macroF1) }), .muted))
        draw(line, in: &grid, at: Point(x: 1, y: 1), width: grid.size.width - 2)
    }

    private func drawModel(_ grid: inout Grid, view: StatsView, body: Body) {
        let runs = runsNewestFirst
        guard !runs.isEmpty else {
            var y = body.top
            grid.put(StatsStrings.noRuns, at: Point(x: 1, y: y), style: .warning, clip: body.width - 2)
            y += 2
            for line in wrapped(StatsStrings.noRunsDetail, width: body.width - 2, style: .muted) where y < body.top + body.height {
                draw(line, in: &grid, at: Point(x: 1, y: y), width: body.width - 2)
                y += 1
            }
            return
        }
        let leftWidth = max(22, (body.width - 3) * 2 / 5)
        let showCreated = leftWidth >= 28
        let rightWidth = body.width - 3 - leftWidth
        let compareLines = comparisonLines(width: leftWidth)
        // The list keeps at least three rows; the comparison takes what is left below it.
        let listRows = max(3, body.height - 2 - compareLines.count)
        var left: [StatsLine] = [[.init(StatsStrings.runsTitle, .title, width: leftWidth - 7),
                                  .init(StatsStrings.runsF1Column, .muted, width: 5, right: true)]]
        let selectedIndex = runs.firstIndex { $0.id == selectedRun } ?? 0
        let firstRow = max(0, min(selectedIndex - listRows / 2, runs.count - listRows))
        for run in runs.dropFirst(firstRow).prefix(listRows) {
            let selected = run.id == selectedRun
            let mark = run.id == markA ? "A" : run.id == markB ? "B" : ""
            let style: Style = selected ? .selection : .plain
            left.append([.init(selected ? "▸ " : "  ", style),
                         .init(StatsStrings.runRow(id: run.id, created: showCreated ? run.created : nil), style, width: leftWidth - 9),
                         .init(run.evaluation.map { Charts.compact($0.macroF1) } ?? "—", style, width: 5, right: true),
                         .init(" " + mark, mark.isEmpty ? style : .key, width: 2)])
        }
        left.append([])
        left += compareLines
        for (index, line) in left.prefix(body.height).enumerated() {
            draw(line, in: &grid, at: Point(x: 1, y: body.top + index), width: leftWidth)
        }
        if let run = selectedRunView {
            for (index, line) in runLines(run, width: rightWidth).prefix(body.height).enumerated() {
                draw(line, in: &grid, at: Point(x: 2 + leftWidth, y: body.top + index), width: rightWidth)
            }
        }
    }

    private func comparisonLines(width: Int) -> [StatsLine] {
        switch comparison {
        case .none:
            return wrapped(StatsStrings.compareHint, width: width, style: .muted)
        case .loading(let a, let b):
            return [[.init(StatsStrings.compareTitle(a: a, b: b), .title)], [.init(StatsStrings.comparing, .muted)]]
        case .failed(let a, let b, let reason):
            return [[.init(StatsStrings.compareTitle(a: a, b: b), .title)]] + wrapped(reason, width: width, style: .error)
        case .loaded(let result):
            var lines: [StatsLine] = [[.init(StatsStrings.compareTitle(a: result.a, b: result.b), .title)]]
            for delta in result.deltas where delta.a != nil || delta.b != nil {
                let change = delta.change
                // Log-loss and calibration error improve downwards.
                let lowerIsBetter = delta.metric.hasSuffix("log_loss") || delta.metric.hasSuffix("ece")
                let style: Style = change.map { $0 == 0 ? .muted : ($0 > 0) != lowerIsBetter ? .positive : .negative } ?? .muted
                // Narrow: B and the change only.
                var line: StatsLine = [.init(StatsStrings.metricName(delta.metric), width: width >= 30 ? 12 : 10)]
                if width >= 30 { line += [.init(StatsStrings.fixed(delta.a), width: 5, right: true), .init("→", .muted)] }
                line += [.init(StatsStrings.fixed(delta.b), width: 5, right: true),
                         .init(StatsStrings.fixed(change, 3, sign: true), style, width: 7, right: true)]
                lines.append(line)
            }
            lines += wrapped(StatsStrings.changed(result.changedPredictions, of: result.comparedItems), width: width, style: .plain)
            return lines
        }
    }

    private func runLines(_ run: RunView, width: Int) -> [StatsLine] {
        guard let evaluation = run.evaluation else {
            return [[.init(StatsStrings.runRow(id: run.id, created: run.created), .title)]]
                + wrapped(StatsStrings.noEvaluation, width: width, style: .muted)
        }
        var lines: [StatsLine] = [
            [.init(StatsStrings.runTitle(id: run.id, source: evaluation.source, count: evaluation.count), .title)],
            [.init(StatsStrings.runScores(accuracy: StatsStrings.fixed(evaluation.accuracy), macroF1: StatsStrings.fixed(evaluation.macroF1)),
                   .muted)],
            [],
        ]
        let labelWidth = 10, cellWidth = 6
        var header: StatsLine = [.init("", width: labelWidth)]
        for column in StatsStrings.classColumns { header.append(.init(column, .muted, width: cellWidth, right: true)) }
        lines.append(header)
        for scores in evaluation.perClass {
            lines.append([.init(scores.label, width: labelWidth),
                          .init(StatsStrings.fixed(scores.precision, 2), width: cellWidth, right: true),
                          .init(StatsStrings.fixed(scores.recall, 2), width: cellWidth, right: true),
                          .init(StatsStrings.fixed(scores.f1, 2), bandStyle(scores.f1), width: cellWidth, right: true),
                          .init(String(scores.support), .muted, width: cellWidth, right: true)])
        }
        lines.append([])
        lines.append([.init(StatsStrings.confusionTitle, .muted)])
        let labels = evaluation.perClass.map(\.label)
        var confusionHeader: StatsLine = [.init("", width: labelWidth)]
        for label in labels { confusionHeader.append(.init(" " + label, .muted, width: cellWidth, right: true)) }
        lines.append(confusionHeader)
        for (row, label) in labels.enumerated() where row < evaluation.confusion.count {
            var line: StatsLine = [.init(label, width: labelWidth)]
            for (column, count) in evaluation.confusion[row].enumerated() {
                let style: Style = row == column ? .selection : count == 0 ? .muted : .plain
                line.append(.init(String(count), style, width: cellWidth, right: true))
            }
            lines.append(line)
        }
        return lines
    }

    // MARK: - Drift page

    /// One row per import: when, how many items, the AUC against the imports before it as a bar
    /// from 0.5 (chance) to 1, and the label and prediction PSI.
    private func drawDrift(_ grid: inout Grid, drift: DriftView, body: Body) {
        var y = body.top
        if let note = drift.note {
            for line in wrapped(note, width: body.width - 2, style: .muted) where y < body.top + body.height {
                draw(line, in: &grid, at: Point(x: 1, y: y), width: body.width - 2)
                y += 1
            }
            y += 1
        }
        guard !drift.windows.isEmpty, y < body.top + body.height else { return }
        grid.putTruncating(StatsStrings.driftColumns, at: Point(x: 1, y: y), style: .title, width: body.width - 2)
        y += 1
        let number = { (value: Double?) in value.map { StatsStrings.fixed($0) } ?? "—" }
        for window in drift.windows.suffix(body.top + body.height - y) {
            var line: StatsLine = [.init("\(window.number)", .plain, width: 8), .init(window.importedAt, .muted, width: 20),
                                   .init("\(window.items)", .plain, width: 7, right: true), .init(" ", .plain, width: 1)]
            if let auc = window.auc {
                let style: Style = window.drifted == true ? .warning : .positive
                line += [.init(number(auc), style, width: 6), .init(Charts.bar(max(0, (auc - 0.5) / 0.5), width: 10), style, width: 11)]
            } else {
                line += [.init("baseline", .muted, width: 17)]
            }
            line += [.init(number(window.labelPSI), window.labelsDrifted == true ? .warning : .plain, width: 12, right: false),
                     .init(number(window.predictionPSI), .plain, width: 8)]
            draw(line, in: &grid, at: Point(x: 1, y: y), width: body.width - 2)
            y += 1
        }
    }

    // MARK: - Lines

    private func bandStyle(_ value: Double?) -> Style {
        value.map { Charts.band(of: $0).style } ?? .muted
    }

    private func wrapped(_ text: String, width: Int, style: Style) -> [StatsLine] {
        TextLayout.wrap(text, width: max(1, width), style: style).map { line in
            [StatsSpan(glyphs: line)]
        }
    }

    /// Draws a line's spans from `point`, no wider than `width`: fixed-width spans are cut (with
    /// `…`) or padded to their width; the others take what is left, cut with `…` at the end.
    private func draw(_ line: StatsLine, in grid: inout Grid, at point: Point, width: Int) {
        var x = point.x
        let end = point.x + width
        for span in line {
            guard x < end else { break }
            let room = end - x
            let glyphs = span.glyphs.map(\.glyph)
            let style = span.style
            let styleOf: (Glyph) -> Style = { $0.kind == .text ? style : .escaped }
            if let fixed = span.width {
                let fitted = Self.fit(glyphs, width: min(fixed, room), right: span.right)
                x = grid.put(fitted, at: Point(x: x, y: point.y), clip: room, styleOf: styleOf)
            } else {
                let total = glyphs.reduce(0) { $0 + $1.width }
                x = grid.put(total <= room ? glyphs : Self.fit(glyphs, width: room, right: false), at: Point(x: x, y: point.y),
                             clip: room, styleOf: styleOf)
            }
        }
    }

    /// The width `text` takes on screen, control characters shown as escapes.
    static func visibleWidth(_ text: String) -> Int {
        VisibleText.glyphs(of: text).reduce(0) { $0 + $1.width }
    }

    /// Glyphs cut to `width` (ending in `…` when cut) or padded with spaces to it.
    static func fit(_ glyphs: [Glyph], width: Int, right: Bool) -> [Glyph] {
        guard width > 0 else { return [] }
        let total = glyphs.reduce(0) { $0 + $1.width }
        if total <= width {
            let padding = Array(repeating: Glyph(grapheme: " ", width: 1), count: width - total)
            return right ? padding + glyphs : glyphs + padding
        }
        let (kept, used) = Glyph.prefix(glyphs, fitting: width - 1)
        return kept + [Glyph(grapheme: "…", width: 1)] + Array(repeating: Glyph(grapheme: " ", width: 1), count: width - 1 - used)
    }

    // MARK: - Help and too small

    private func drawHelp(_ grid: inout Grid) {
        Frames.help(StatsKeys.all.helpLines(), title: StatsStrings.helpTitle, note: StatsStrings.helpNote, footer: StatsStrings.helpFooter, into: &grid)
    }

    private func drawTooSmall(_ grid: inout Grid) {
        Frames.tooSmall(StatsStrings.tooSmall(size: grid.size, minimum: Self.minimumSize), into: &grid)
    }
}

/// A piece of a line on the stats screen: text in one style, optionally cut or padded to a
/// fixed width (right-aligned for numbers).
struct StatsSpan {
    var glyphs: [StyledGlyph]
    /// The style of the text (escapes are drawn as `.escaped` whatever it is).
    var style: Style
    var width: Int?
    var right: Bool

    init(_ text: String, _ style: Style = .plain, width: Int? = nil, right: Bool = false) {
        glyphs = VisibleText.glyphs(of: text).map { StyledGlyph(glyph: $0, style: $0.kind == .text ? style : .escaped) }
        self.style = style
        self.width = width
        self.right = right
    }

    /// Glyphs already styled (a wrapped line).
    init(glyphs: [StyledGlyph]) {
        self.glyphs = glyphs
        style = glyphs.first?.style ?? .plain
        width = nil
        right = false
    }
}

typealias StatsLine = [StatsSpan]
