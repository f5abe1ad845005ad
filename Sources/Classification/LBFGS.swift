/// A differentiable function of a flat parameter vector.
protocol DifferentiableObjective {
    var parameterCount: Int { get }
    /// The value at `x`; writes the gradient into `gradient` (already sized).
    mutating func evaluate(_ x: [Double], gradient: inout [Double]) -> Double
}

/// Why the optimiser stopped.
public enum StopReason: String, Sendable, Codable, Equatable {
    /// The largest gradient component fell to the tolerance (scipy's `pgtol`).
    case gradientTolerance
    /// The objective's relative decrease fell below 64·ε (scipy's `ftol` as scikit-learn sets it).
    case relativeReduction
    /// The iteration budget ran out before convergence.
    case maxIterations
    /// No step along the search direction reduced the objective: the optimum is within
    /// the precision of the Float32 matrix products.
    case lineSearchFailed
}

/// Limited-memory BFGS (Nocedal & Wright, *Numerical Optimization*, 2nd ed., alg. 7.4/7.5)
/// with a strong-Wolfe line search (alg. 3.5/3.6, cubic interpolation).
///
/// Stopping mirrors scipy's L-BFGS-B as scikit-learn calls it: max |gradient| ≤ `tolerance`,
/// or relative decrease ≤ 64·ε, or `maxIterations`. The first step is 1/‖g‖, as in L-BFGS-B.
///
/// Losses here come from Float32 matrix products, so near the optimum the objective's
/// rounding noise (~1e-7 relative) exceeds the decrease a step can show. The line search
/// therefore also accepts Hager & Zhang's approximate Wolfe conditions (SIAM J. Optim. 16,
/// 2005): φ(α) ≤ φ(0) + ε|φ(0)| and σ·φ'(0) ≤ φ'(α) ≤ (1 − 2δ)|φ'(0)|, which rely on the
/// gradient (accurate to far smaller values) instead of tiny differences of the value.
struct LBFGS {
    var historySize = 10
    var tolerance = 1e-4
    var maxIterations = 100
    /// scikit-learn passes `maxls=50` to scipy.
    var maxLineSearchEvaluations = 50

    static let sufficientDecrease = 1e-4  // δ, c1
    static let curvature = 0.9  // σ, c2
    static let approximateWolfeSlack = 1e-6  // Hager-Zhang's ε
    static let relativeReductionTolerance = 64 * Double.ulpOfOne

    struct Result {
        var x: [Double]
        var value: Double
        var gradientMaxNorm: Double
        var iterations: Int
        var evaluations: Int
        var stop: StopReason
    }

    private struct Point {
        var step: Double
        var x: [Double]
        var value: Double
        var gradient: [Double]
        var slope: Double
    }

    func minimize<Objective: DifferentiableObjective>(_ objective: inout Objective, from start: [Double]) -> Result {
        precondition(start.count == objective.parameterCount, "start has the wrong size")
        var x = start
        var gradient = [Double](repeating: 0, count: x.count)
        var value = objective.evaluate(x, gradient: &gradient)
        var evaluations = 1
        var iterations = 0
        var steps: [[Double]] = []  // s_k = x_{k+1} − x_k, oldest first
        var changes: [[Double]] = []  // y_k = g_{k+1} − g_k
        var curvatures: [Double] = []  // 1 / (y_kᵀ s_k)
        var direction = gradient.map { -$0 }
        var initialStep = 1 / max(norm(gradient), .leastNormalMagnitude)
        var failedInARow = 0

        func finish(_ stop: StopReason) -> Result {
            Result(x: x, value: value, gradientMaxNorm: maxNorm(gradient), iterations: iterations,
                   evaluations: evaluations, stop: stop)
        }

        if maxNorm(gradient) <= tolerance { return finish(.gradientTolerance) }
        while iterations < maxIterations {
            if dot(direction, gradient) >= 0 {
                // Not a descent direction (rounding): fall back to steepest descent.
                steps.removeAll(); changes.removeAll(); curvatures.removeAll()
                direction = gradient.map { -$0 }
                initialStep = 1 / max(norm(gradient), .leastNormalMagnitude)
            }
            let start = Point(step: 0, x: x, value: value, gradient: gradient, slope: dot(direction, gradient))
            guard let next = lineSearch(&objective, from: start, along: direction, initialStep: initialStep,
                                        evaluations: &evaluations)
            else {
                failedInARow += 1
                if failedInARow >= 2 || steps.isEmpty { return finish(.lineSearchFailed) }
                // Retry once from steepest descent with a fresh memory.
                steps.removeAll(); changes.removeAll(); curvatures.removeAll()
                direction = gradient.map { -$0 }
                initialStep = 1 / max(norm(gradient), .leastNormalMagnitude)
                continue
            }
            failedInARow = 0
            iterations += 1
            let s = zip(next.x, x).map { $0 - $1 }
            let y = zip(next.gradient, gradient).map { $0 - $1 }
            let previousValue = value
            x = next.x
            value = next.value
            gradient = next.gradient

            let sy = dot(s, y)
            if sy > Double.ulpOfOne * dot(y, y) {
                if steps.count == historySize {
                    steps.removeFirst(); changes.removeFirst(); curvatures.removeFirst()
                }
                steps.append(s); changes.append(y); curvatures.append(1 / sy)
            }
            if maxNorm(gradient) <= tolerance { return finish(.gradientTolerance) }
            let reduction = previousValue - value
            if reduction >= 0,
               reduction / max(abs(previousValue), abs(value), 1) <= Self.relativeReductionTolerance {
                return finish(.relativeReduction)
            }
            direction = twoLoop(gradient, steps: steps, changes: changes, curvatures: curvatures)
            initialStep = 1
        }
        return finish(.maxIterations)
    }

    /// −H·g by the two-loop recursion, H₀ = (sᵀy / yᵀy)·I from the newest pair.
    private func twoLoop(_ gradient: [Double], steps: [[Double]], changes: [[Double]], curvatures: [Double]) -> [Double] {
        var q = gradient
        var alphas = [Double](repeating: 0, count: steps.count)
        for i in stride(from: steps.count - 1, through: 0, by: -1) {
            let alpha = curvatures[i] * dot(steps[i], q)
            alphas[i] = alpha
            axpy(-alpha, changes[i], &q)
        }
        if let s = steps.last, let y = changes.last {
            let scale = dot(s, y) / dot(y, y)
            for j in q.indices { q[j] *= scale }
        }
        for i in steps.indices {
            let beta = curvatures[i] * dot(changes[i], q)
            axpy(alphas[i] - beta, steps[i], &q)
        }
        return q.map { -$0 }
    }

    // MARK: - Line search

    private func lineSearch<Objective: DifferentiableObjective>(
        _ objective: inout Objective, from start: Point, along direction: [Double], initialStep: Double,
        evaluations: inout Int
    ) -> Point? {
        let slack = Self.approximateWolfeSlack * abs(start.value)
        var budget = maxLineSearchEvaluations

        func evaluate(_ step: Double) -> Point {
            var x = start.x
            axpy(step, direction, &x)
            var gradient = [Double](repeating: 0, count: x.count)
            let value = objective.evaluate(x, gradient: &gradient)
            evaluations += 1
            budget -= 1
            return Point(step: step, x: x, value: value, gradient: gradient, slope: dot(gradient, direction))
        }
        func decreasesEnough(_ p: Point) -> Bool {
            if p.value <= start.value + Self.sufficientDecrease * p.step * start.slope { return true }
            // Approximate Wolfe: the value is within rounding of φ(0) and the slope says we
            // moved downhill by a quadratic model.
            return p.value <= start.value + slack && p.slope <= (1 - 2 * Self.sufficientDecrease) * abs(start.slope)
        }
        func flatEnough(_ p: Point) -> Bool { abs(p.slope) <= Self.curvature * abs(start.slope) }

        var previous = start
        var step = initialStep
        while budget > 0 {
            let trial = evaluate(step)
            guard trial.value.isFinite else {
                // Overflowed: shrink towards the last good point.
                step = previous.step + (step - previous.step) / 4
                continue
            }
            let decreases = decreasesEnough(trial)
            if decreases && flatEnough(trial) { return trial }
            if !decreases || (previous.step > 0 && trial.value >= previous.value) {
                return zoom(low: previous, high: trial, evaluate: evaluate, decreasesEnough: decreasesEnough,
                            flatEnough: flatEnough, budget: { budget })
            }
            if trial.slope >= 0 {
                return zoom(low: trial, high: previous, evaluate: evaluate, decreasesEnough: decreasesEnough,
                            flatEnough: flatEnough, budget: { budget })
            }
            // Still descending steeply: extrapolate (cubic, kept within [1.1, 4] times the step).
            let next = cubicMinimizer(previous, trial) ?? 4 * trial.step
            previous = trial
            step = min(max(next, 1.1 * trial.step), 4 * trial.step)
        }
        return previous.step > 0 ? previous : nil
    }

    private func zoom(
        low lowStart: Point, high highStart: Point, evaluate: (Double) -> Point, decreasesEnough: (Point) -> Bool,
        flatEnough: (Point) -> Bool, budget: () -> Int
    ) -> Point? {
        var low = lowStart
        var high = highStart
        while budget() > 0 {
            let width = abs(high.step - low.step)
            if width <= 1e-12 * max(abs(high.step), abs(low.step)) { break }
            let lower = min(low.step, high.step) + 0.1 * width
            let upper = max(low.step, high.step) - 0.1 * width
            var step = cubicMinimizer(low, high) ?? (low.step + high.step) / 2
            if !(lower...upper).contains(step) { step = (low.step + high.step) / 2 }
            let trial = evaluate(step)
            guard trial.value.isFinite else {
                high = trial
                continue
            }
            let decreases = decreasesEnough(trial)
            if decreases && flatEnough(trial) { return trial }
            if !decreases || trial.value >= low.value {
                high = trial
            } else {
                if trial.slope * (high.step - low.step) >= 0 { high = low }
                low = trial
            }
        }
        // Out of budget or interval: `low` always passed the decrease test unless it is the
        // starting point, so take it if we moved at all.
        return low.step > 0 ? low : nil
    }

    /// The minimiser of the cubic through two points with their slopes, if it exists.
    private func cubicMinimizer(_ a: Point, _ b: Point) -> Double? {
        let d1 = a.slope + b.slope - 3 * (a.value - b.value) / (a.step - b.step)
        let radicand = d1 * d1 - a.slope * b.slope
        guard radicand >= 0 else { return nil }
        let d2 = (b.step > a.step ? 1.0 : -1.0) * radicand.squareRoot()
        let denominator = b.slope - a.slope + 2 * d2
        guard denominator != 0 else { return nil }
        let step = b.step - (b.step - a.step) * (b.slope + d2 - d1) / denominator
        return step.isFinite ? step : nil
    }
}

// MARK: - Small vector helpers (parameter vectors are a few thousand long at most)

@inline(__always) func dot(_ a: [Double], _ b: [Double]) -> Double {
    var sum = 0.0
    for i in a.indices { sum += a[i] * b[i] }
    return sum
}

@inline(__always) func axpy(_ alpha: Double, _ x: [Double], _ y: inout [Double]) {
    for i in x.indices { y[i] += alpha * x[i] }
}

@inline(__always) func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }

@inline(__always) func maxNorm(_ a: [Double]) -> Double { a.reduce(0) { max($0, abs($1)) } }
