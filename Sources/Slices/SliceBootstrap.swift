import Agreement
import Digest
import Dispatch

/// Turns a cell's sums into its metrics.
struct Evaluator: Sendable {
    let sums: SumLayout
    let metrics: MetricLayout
    let level: LevelOfMeasurement
    let categoryValues: [Double]

    init(k: Int, level: LevelOfMeasurement, categoryValues: [Double]) {
        sums = SumLayout(k: k)
        metrics = MetricLayout(k: k)
        self.level = level
        self.categoryValues = categoryValues
    }

    /// Writes `metrics.count` values into `out`, NaN where undefined.
    func evaluate(_ s: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        let k = sums.k
        for source in 0..<2 {
            let predicted = sums.predicted(source)
            let confusion = sums.confusion(source)
            var units = 0.0
            for c in 0..<k { units += s[predicted + c] }
            var scored = 0.0
            var correct = 0.0
            for g in 0..<k {
                for p in 0..<k { scored += s[confusion + g * k + p] }
                correct += s[confusion + g * k + g]
            }
            out[metrics.accuracy(source)] = scored > 0 ? correct / scored : .nan
            var f1Sum = 0.0
            var present = 0
            for c in 0..<k {
                out[metrics.selectionRate(source, c)] = units > 0 ? s[predicted + c] / units : .nan
                var positives = 0.0
                var selected = 0.0
                for j in 0..<k {
                    positives += s[confusion + c * k + j]
                    selected += s[confusion + j * k + c]
                }
                let truePositives = s[confusion + c * k + c]
                let negatives = scored - positives
                out[metrics.truePositiveRate(source, c)] = positives > 0 ? truePositives / positives : .nan
                out[metrics.falsePositiveRate(source, c)] =
                    negatives > 0 ? (selected - truePositives) / negatives : .nan
                // scikit-learn averages F1 over the labels present in y_true ∪ y_pred.
                if positives > 0 || selected > 0 {
                    f1Sum += 2 * truePositives / (positives + selected)
                    present += 1
                }
            }
            out[metrics.macroF1(source)] = present > 0 ? f1Sum / Double(present) : .nan
        }
        let pairable = s[sums.pairable]
        out[metrics.percentAgreement] = pairable > 0 ? s[sums.agreeing] / pairable : .nan
        let coincidences = (0..<k).map { c in (0..<k).map { d in s[sums.coincidences + c * k + d] } }
        out[metrics.alpha] = pairable > 0
            ? KrippendorffAlpha.alpha(coincidences: coincidences, level: level, categoryValues: categoryValues) ?? .nan
            : .nan
    }
}

/// Counts, sums and metrics of one dimension: the point estimates and, per bootstrap draw, the
/// metrics of every evaluated slice and of its complement.
struct DimensionMeasurement: Sendable {
    /// sliceCount × SumLayout.count.
    let sliceSums: [Double]
    /// sliceCount × MetricLayout.count, for the slices and for their complements.
    let slicePoint: [Double]
    let complementPoint: [Double]
    /// The slices that were bootstrapped (not too small).
    let evaluated: [Int]
    /// draws × evaluated.count × 2 (slice, complement) × MetricLayout.count.
    let drawValues: [Double]
    let draws: Int

    init(_ design: DimensionDesign, evaluator: Evaluator, evaluated: [Int], options: SliceOptions) {
        let v = evaluator.sums.count
        let m = evaluator.metrics.count
        let slices = design.sliceCount
        var counts = [Int32](repeating: 0, count: design.cellCount * design.profileCount)
        var sums = [Double](repeating: 0, count: design.cellCount * v)
        var complements = [Double](repeating: 0, count: slices * v)
        var slicePoint = [Double](repeating: .nan, count: slices * m)
        var complementPoint = [Double](repeating: .nan, count: slices * m)
        counts.withUnsafeMutableBufferPointer { counts in
            Self.countEveryItem(design, into: counts)
            sums.withUnsafeMutableBufferPointer { sums in
                complements.withUnsafeMutableBufferPointer { complements in
                    Self.accumulate(design, counts: UnsafeBufferPointer(counts), sums: sums, complements: complements)
                    slicePoint.withUnsafeMutableBufferPointer { slicePoint in
                        complementPoint.withUnsafeMutableBufferPointer { complementPoint in
                            for slice in 0..<slices {
                                evaluator.evaluate(
                                    UnsafeBufferPointer(rebasing: sums[(slice * v)..<((slice + 1) * v)]),
                                    into: UnsafeMutableBufferPointer(rebasing: slicePoint[(slice * m)..<((slice + 1) * m)]))
                                evaluator.evaluate(
                                    UnsafeBufferPointer(rebasing: complements[(slice * v)..<((slice + 1) * v)]),
                                    into: UnsafeMutableBufferPointer(
                                        rebasing: complementPoint[(slice * m)..<((slice + 1) * m)]))
                            }
                        }
                    }
                }
            }
        }
        sliceSums = Array(sums[0..<(slices * v)])
        self.slicePoint = slicePoint
        self.complementPoint = complementPoint
        self.evaluated = evaluated
        draws = evaluated.isEmpty ? 0 : options.draws
        drawValues = draws > 0 ? Self.bootstrap(design, evaluator: evaluator, evaluated: evaluated, options: options) : []
    }

    /// Generator of draw `draw` of a dimension: its own stream per draw, so the resample does
    /// not depend on which thread runs it or how draws are chunked.
    static func generator(seed: UInt64, stream: UInt64, draw: Int) -> Xoshiro256StarStar {
        Xoshiro256StarStar(seed: seed ^ SplitMix64.mix(stream ^ SplitMix64.mix(UInt64(draw))))
    }

    static let chunksPerWorker = 8

    private static func bootstrap(
        _ design: DimensionDesign, evaluator: Evaluator, evaluated: [Int], options: SliceOptions
    ) -> [Double] {
        let draws = options.draws
        let v = evaluator.sums.count
        let m = evaluator.metrics.count
        let width = evaluated.count * 2 * m
        // Several chunks per worker so one descheduled thread does not hold up the rest.
        let chunks = options.workers == 1 ? 1 : min(draws, options.workers * chunksPerWorker)
        var values = [Double](repeating: .nan, count: draws * width)
        values.withUnsafeMutableBufferPointer { buffer in
            let output = SharedOutput(buffer: buffer)
            let work: @Sendable (Int) -> Void = { chunk in
                var counts = [Int32](repeating: 0, count: design.cellCount * design.profileCount)
                var picks = [Int32](repeating: 0, count: design.strata.map(\.signatureCount).max() ?? 0)
                var sums = [Double](repeating: 0, count: design.cellCount * v)
                var complements = [Double](repeating: 0, count: design.sliceCount * v)
                picks.withUnsafeMutableBufferPointer { picks in
                counts.withUnsafeMutableBufferPointer { counts in
                sums.withUnsafeMutableBufferPointer { sums in
                complements.withUnsafeMutableBufferPointer { complements in
                    for draw in (draws * chunk / chunks)..<(draws * (chunk + 1) / chunks) {
                        var generator = generator(seed: options.seed, stream: design.stream, draw: draw)
                        counts.update(repeating: 0)
                        resample(design, generator: &generator, picks: picks, into: counts)
                        accumulate(design, counts: UnsafeBufferPointer(counts), sums: sums, complements: complements)
                        for (position, slice) in evaluated.enumerated() {
                            let base = draw * width + position * 2 * m
                            evaluator.evaluate(
                                UnsafeBufferPointer(rebasing: sums[(slice * v)..<((slice + 1) * v)]),
                                into: UnsafeMutableBufferPointer(rebasing: output.buffer[base..<(base + m)]))
                            evaluator.evaluate(
                                UnsafeBufferPointer(rebasing: complements[(slice * v)..<((slice + 1) * v)]),
                                into: UnsafeMutableBufferPointer(rebasing: output.buffer[(base + m)..<(base + 2 * m)]))
                        }
                    }
                }}}}
            }
            if chunks == 1 {
                work(0)
            } else {
                DispatchQueue.concurrentPerform(iterations: chunks, execute: work)
            }
        }
        return values
    }

    /// Counters with every item of every stratum taken once (the data as observed).
    private static func countEveryItem(_ design: DimensionDesign, into counts: UnsafeMutableBufferPointer<Int32>) {
        for stratum in design.strata {
            var picks = [Int32](repeating: 0, count: stratum.signatureCount)
            for signature in stratum.signatureOfItem { picks[Int(signature)] += 1 }
            picks.withUnsafeBufferPointer { expand(stratum, picks: $0, into: counts) }
        }
    }

    /// One bootstrap draw: each stratum resampled with replacement to its own size.
    private static func resample(
        _ design: DimensionDesign, generator: inout Xoshiro256StarStar,
        picks: UnsafeMutableBufferPointer<Int32>, into counts: UnsafeMutableBufferPointer<Int32>
    ) {
        for stratum in design.strata where stratum.itemCount > 0 {
            let bound = UInt64(stratum.itemCount)
            let stratumPicks = UnsafeMutableBufferPointer(rebasing: picks[0..<stratum.signatureCount])
            stratumPicks.update(repeating: 0)
            stratum.signatureOfItem.withUnsafeBufferPointer { signatures in
                for _ in 0..<stratum.itemCount {
                    stratumPicks[Int(signatures[Int(generator.next(below: bound))])] &+= 1
                }
            }
            expand(stratum, picks: UnsafeBufferPointer(stratumPicks), into: counts)
        }
    }

    /// Adds each signature's pick count to the counters it feeds.
    private static func expand(
        _ stratum: Stratum, picks: UnsafeBufferPointer<Int32>, into counts: UnsafeMutableBufferPointer<Int32>
    ) {
        stratum.offsets.withUnsafeBufferPointer { offsets in
            stratum.entries.withUnsafeBufferPointer { entries in
                for signature in 0..<stratum.signatureCount {
                    let count = picks[signature]
                    if count == 0 { continue }
                    for index in Int(offsets[signature])..<Int(offsets[signature + 1]) {
                        counts[Int(entries[index])] &+= count
                    }
                }
            }
        }
    }

    /// Cell sums from profile counters, and each slice's complement: the explicit complement
    /// cell, or the other slices' sums (added up as prefix + suffix, never total − slice, so a
    /// sum that should be zero is exactly zero).
    private static func accumulate(
        _ design: DimensionDesign, counts: UnsafeBufferPointer<Int32>,
        sums: UnsafeMutableBufferPointer<Double>, complements: UnsafeMutableBufferPointer<Double>
    ) {
        guard design.cellCount > 0 else { return }
        let v = sums.count / design.cellCount
        let profiles = design.profileCount
        let slices = design.sliceCount
        sums.update(repeating: 0)
        design.vectors.withUnsafeBufferPointer { vectors in
            for cell in 0..<design.cellCount {
                let out = cell * v
                for profile in 0..<profiles {
                    let weight = counts[cell * profiles + profile]
                    if weight == 0 { continue }
                    let w = Double(weight)
                    let base = profile * v
                    for j in 0..<v where vectors[base + j] != 0 {
                        sums[out + j] += w * vectors[base + j]
                    }
                }
            }
        }
        if design.explicitComplements {
            for index in 0..<(slices * v) { complements[index] = sums[slices * v + index] }
            return
        }
        // complements[s] = Σ_{t<s} sums[t] + Σ_{t>s} sums[t].
        var running = [Double](repeating: 0, count: v)
        for slice in 0..<slices {
            for j in 0..<v { complements[slice * v + j] = running[j] }
            for j in 0..<v { running[j] += sums[slice * v + j] }
        }
        for j in 0..<v { running[j] = 0 }
        for slice in stride(from: slices - 1, through: 0, by: -1) {
            for j in 0..<v { complements[slice * v + j] += running[j] }
            for j in 0..<v { running[j] += sums[slice * v + j] }
        }
    }

    /// Percentile interval of the defined values (numpy's default linear interpolation).
    static func interval(_ values: [Double], level: Double) -> Interval? {
        let sorted = values.filter { !$0.isNaN }.sorted()
        guard !sorted.isEmpty else { return nil }
        let tail = (1 - level) / 2
        return Interval(lower: quantile(sorted, tail), upper: quantile(sorted, 1 - tail), validDraws: sorted.count)
    }

    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        let position = Double(sorted.count - 1) * p
        let below = Int(position.rounded(.down))
        let above = min(below + 1, sorted.count - 1)
        return sorted[below] + (position - Double(below)) * (sorted[above] - sorted[below])
    }

    /// Draw values of metric `metric` for evaluated slice `position`: the slice's
    /// (`complement: false`) or its complement's.
    func drawSeries(position: Int, metric: Int, metricCount m: Int, complement: Bool) -> [Double] {
        let width = evaluated.count * 2 * m
        let offset = position * 2 * m + (complement ? m : 0) + metric
        return (0..<draws).map { drawValues[$0 * width + offset] }
    }
}

/// Lets the draw workers write their disjoint rows of one buffer.
private struct SharedOutput: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Double>
}
