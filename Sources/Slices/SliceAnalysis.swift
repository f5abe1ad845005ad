import Agreement

/// Bias slices: per slice of every dimension, label distribution, agreement and model quality
/// with bootstrap intervals; fairness gaps across each dimension's slices; and the slices that
/// differ from the rest of their dimension by more than chance, ranked.
///
/// Intervals: items are resampled within each slice of an item dimension (`draws` times,
/// seeded); an annotator dimension resamples the items its annotators labelled, all groups
/// together, since one item carries several groups' labels. The difference slice − complement
/// is taken within each draw, slice and complement resampled in that same draw.
public struct SliceAnalysis: Sendable, Equatable, Codable {
    /// Category names; per-label arrays are indexed like this.
    public let labels: [String]
    public let items: Int
    public let options: SliceOptions
    /// Item dimensions first, then annotator dimensions, in the order given.
    public let dimensions: [DimensionAnalysis]
    /// Slices whose metric differs from their complement's beyond the bootstrap interval of
    /// the difference, largest |difference| first.
    public let findings: [SliceFinding]
    /// Slices with fewer than `options.minimumSliceSize` items.
    public let tooSmall: [SliceReference]

    public func dimension(_ name: String) -> DimensionAnalysis? { dimensions.first { $0.name == name } }

    public init(_ data: SliceData, options: SliceOptions = SliceOptions()) throws(SlicesError) {
        try options.validate()
        let evaluator = Evaluator(k: data.labelCount, level: options.alphaLevel, categoryValues: data.ratings.categoryValues)
        var designs: [DimensionDesign] = []
        if !data.itemDimensions.isEmpty {
            let profiles = DimensionDesign.ItemProfiles(data)
            designs += data.itemDimensions.map { DimensionDesign($0, data: data, profiles: profiles) }
        }
        designs += data.annotatorDimensions.map { DimensionDesign($0, data: data) }

        var dimensions: [DimensionAnalysis] = []
        var findings: [SliceFinding] = []
        var tooSmall: [SliceReference] = []
        for design in designs {
            let summary = Summariser(design: design, data: data, evaluator: evaluator, options: options)
            dimensions.append(summary.dimension)
            findings += summary.findings
            tooSmall += summary.dimension.slices.filter(\.tooSmall).map {
                SliceReference(dimension: design.name, slice: $0.value, items: $0.items)
            }
        }
        // Stable sort: equal gaps keep dimension, slice and metric order.
        let ranked = findings.enumerated().sorted { lhs, rhs in
            let (a, b) = (abs(lhs.element.difference), abs(rhs.element.difference))
            return a != b ? a > b : lhs.offset < rhs.offset
        }
        labels = data.labels
        items = data.itemCount
        self.options = options
        self.dimensions = dimensions
        self.findings = ranked.map(\.element)
        self.tooSmall = tooSmall
    }
}

/// Builds one dimension's report from its measurement.
private struct Summariser {
    let dimension: DimensionAnalysis
    let findings: [SliceFinding]

    init(design: DimensionDesign, data: SliceData, evaluator: Evaluator, options: SliceOptions) {
        let k = data.labelCount
        let layout = evaluator.sums
        let metrics = evaluator.metrics
        let v = layout.count
        let m = metrics.count
        let hasModel = data.predictions != nil
        let items = design.sliceItems
        let evaluated = design.values.indices.filter { items[$0] >= options.minimumSliceSize }
        let measurement = DimensionMeasurement(design, evaluator: evaluator, evaluated: evaluated, options: options)
        let positionOf = Dictionary(uniqueKeysWithValues: evaluated.enumerated().map { ($1, $0) })

        func point(_ slice: Int, _ metric: Int) -> Double { measurement.slicePoint[slice * m + metric] }
        func complementPoint(_ slice: Int, _ metric: Int) -> Double { measurement.complementPoint[slice * m + metric] }
        func estimate(_ slice: Int, _ metric: Int) -> Estimate? {
            let value = point(slice, metric)
            guard !value.isNaN else { return nil }
            let interval = positionOf[slice].flatMap { position in
                measurement.draws > 0
                    ? DimensionMeasurement.interval(
                        measurement.drawSeries(position: position, metric: metric, metricCount: m, complement: false),
                        level: options.confidenceLevel)
                    : nil
            }
            return Estimate(value: value, interval: interval)
        }
        func sum(_ slice: Int, _ index: Int) -> Double { measurement.sliceSums[slice * v + index] }
        func classification(_ slice: Int, source: Int) -> ClassificationSummary? {
            let counts = (0..<k).map { Int(sum(slice, layout.predicted(source) + $0)) }
            let units = counts.reduce(0, +)
            guard units > 0 else { return nil }
            var scored = 0.0
            for index in 0..<(k * k) { scored += sum(slice, layout.confusion(source) + index) }
            return ClassificationSummary(
                units: units, scoredUnits: Int(scored), counts: counts,
                selectionRate: (0..<k).compactMap { estimate(slice, metrics.selectionRate(source, $0)) },
                accuracy: estimate(slice, metrics.accuracy(source)),
                macroF1: estimate(slice, metrics.macroF1(source)),
                truePositiveRate: (0..<k).map { estimate(slice, metrics.truePositiveRate(source, $0)) },
                falsePositiveRate: (0..<k).map { estimate(slice, metrics.falsePositiveRate(source, $0)) })
        }

        let slices = design.values.enumerated().map { slice, value in
            let probabilityUnits = design.probabilityUnits[slice]
            return SliceSummary(
                value: value, items: items[slice],
                labels: (0..<k).reduce(0) { $0 + Int(sum(slice, layout.predicted(1) + $1)) },
                annotators: design.members?[slice],
                tooSmall: items[slice] < options.minimumSliceSize,
                agreement: AgreementSummary(
                    pairableItems: Int(sum(slice, layout.pairable)),
                    percentAgreement: estimate(slice, metrics.percentAgreement),
                    krippendorffAlpha: estimate(slice, metrics.alpha)),
                annotatorLabels: classification(slice, source: 1),
                model: hasModel ? classification(slice, source: 0) : nil,
                meanProbabilities: probabilityUnits > 0
                    ? design.probabilitySums[slice].map { $0 / probabilityUnits } : nil)
        }

        // Gaps over the slices that are large enough, with fairlearn's definitions.
        var gapSources: [GapSummary?] = []
        for source in 0..<2 {
            if source == 0 && !hasModel {
                gapSources.append(nil)
                continue
            }
            let groupsPerLabel: [[GroupCounts]] = (0..<k).map { label in
                evaluated.map { slice in
                    measurement.sliceSums.withUnsafeBufferPointer { sums in
                        GroupCounts(
                            name: design.values[slice],
                            sums: UnsafeBufferPointer(rebasing: sums[(slice * v)..<((slice + 1) * v)]),
                            layout: layout, source: source, label: label)
                    }
                }
            }
            let gaps = groupsPerLabel.enumerated().compactMap { LabelGap(label: $0, groups: $1) }
            let compared = (groupsPerLabel.first ?? []).filter { $0.units > 0 }.map(\.name)
            gapSources.append(gaps.isEmpty ? nil : GapSummary(slices: compared, labels: gaps))
        }

        dimension = DimensionAnalysis(
            name: design.name, kind: design.kind, items: design.itemsInDimension, slices: slices,
            gaps: DimensionGaps(model: gapSources[0], annotatorLabels: gapSources[1]))

        // Ranking: slice − complement, where the interval of the difference excludes 0.
        var ranked: [SliceMetric] = []
        if hasModel {
            ranked += [SliceMetric(source: .model, name: .accuracy), SliceMetric(source: .model, name: .macroF1)]
            ranked += (0..<k).map { SliceMetric(source: .model, name: .selectionRate, label: $0) }
        }
        ranked += [
            SliceMetric(source: .annotatorLabels, name: .accuracy), SliceMetric(source: .annotatorLabels, name: .macroF1),
        ]
        ranked += (0..<k).map { SliceMetric(source: .annotatorLabels, name: .selectionRate, label: $0) }
        ranked += [
            SliceMetric(source: .agreement, name: .percentAgreement),
            SliceMetric(source: .agreement, name: .krippendorffAlpha),
        ]
        var findings: [SliceFinding] = []
        if measurement.draws > 0 {
            for (position, slice) in evaluated.enumerated() {
                for metric in ranked {
                    let index = metrics.index(of: metric)
                    let value = point(slice, index)
                    let rest = complementPoint(slice, index)
                    guard !value.isNaN, !rest.isNaN else { continue }
                    let inSlice = measurement.drawSeries(position: position, metric: index, metricCount: m, complement: false)
                    let inRest = measurement.drawSeries(position: position, metric: index, metricCount: m, complement: true)
                    let differences = zip(inSlice, inRest).map { $0 - $1 }
                    guard let interval = DimensionMeasurement.interval(differences, level: options.confidenceLevel),
                          interval.excludesZero
                    else { continue }
                    findings.append(
                        SliceFinding(
                            dimension: design.name, slice: design.values[slice], items: items[slice], metric: metric,
                            sliceValue: value, complementValue: rest, difference: value - rest,
                            differenceInterval: interval))
                }
            }
        }
        self.findings = findings
    }
}
