// Preprocessing.swift
//
// What this file teaches: feature scaling and label encoding, and the leakage trap.
//
// Standardisation rescales each feature to mean 0 and standard deviation 1, so that
// a feature measured in thousands (insulin) does not dominate one measured in units
// (pregnancies) at the start of training. The means and deviations must be computed
// on the *training* rows only. Computing them on all rows would let the validation and
// test rows influence the model before it is evaluated on them: "data leakage", which
// makes scores look better than they will be on new data.

import LabMath

/// Per-feature standardisation z = (x - mean) / scale, fitted on training data.
///
/// ```swift
/// let scaler = try Standardizer(fittedOn: train.features)
/// let trainZ = try scaler.transform(train.features)
/// let testZ = try scaler.transform(test.features)      // same means and scales
/// ```
public struct Standardizer: Sendable, Equatable {
    /// The mean of each feature over the fitting rows.
    public let means: [Double]
    /// The population standard deviation (ddof 0, as scikit-learn's StandardScaler)
    /// of each feature, or 1 for a constant feature.
    public let scales: [Double]

    /// Fits means and scales on the rows of `x`.
    ///
    /// A constant column has standard deviation 0; dividing by it would produce NaN,
    /// so its scale is set to 1 (the column becomes all zeros), as scikit-learn does.
    /// Huge and tiny features are fine: `Statistics` scales each column by a power of
    /// two near its largest magnitude first, so features of 1e200 get their true
    /// deviation instead of an overflowed one (which used to leave them unscaled).
    /// - Throws: `DataError.invalidArgument` for a matrix without rows (the means would
    ///   be NaN) or with a NaN or infinite value (named by row and column, 1-based).
    public init(fittedOn x: Matrix) throws {
        guard x.rows > 0 else {
            throw DataError.invalidArgument("Standardizer(fittedOn:): the matrix has no rows, so there are no means "
                                            + "and deviations to learn")
        }
        if let e = x.elements.firstIndex(where: { !$0.isFinite }) {
            throw DataError.invalidArgument("Standardizer(fittedOn:): row \(e / x.columns + 1), column "
                                            + "\(e % x.columns + 1) is \(x.elements[e]); every value must be a finite number")
        }
        var means: [Double] = []
        var scales: [Double] = []
        for j in 0..<x.columns {
            let column = x.column(j)
            means.append(Statistics.mean(column))
            let deviation = Statistics.standardDeviation(column)
            scales.append(deviation > 0 && deviation.isFinite ? deviation : 1)
        }
        self.means = means
        self.scales = scales
    }

    /// Returns (x - mean) / scale, column by column.
    /// - Throws: `DataError.invalidArgument` when `x` has another number of columns
    ///   than the matrix the scaler was fitted on.
    public func transform(_ x: Matrix) throws -> Matrix {
        guard x.columns == means.count else {
            throw DataError.invalidArgument("Standardizer.transform: fitted on \(means.count) feature columns, "
                                            + "but the matrix has \(x.columns)")
        }
        var out = x
        for i in 0..<x.rows {
            for j in 0..<x.columns {
                let difference = x[i, j] - means[j]
                // x - mean overflows only for values near the largest double with the
                // other sign's mean; halving all three (exact) gives the same quotient.
                out[i, j] = difference.isFinite ? difference / scales[j]
                    : (x[i, j] * 0.5 - means[j] * 0.5) / (scales[j] * 0.5)
            }
        }
        return out
    }
}

/// One-hot encoding: label k of `classCount` classes becomes a row with a 1 in
/// column k and 0 elsewhere, the target format of categorical cross-entropy.
///
/// - Returns: `labels.count x classCount`.
/// - Throws: `DataError.invalidArgument` when `classCount` < 1 or a label is outside
///   `0..<classCount` (naming the label and its position).
public func oneHot(_ labels: [Int], classCount: Int) throws -> Matrix {
    guard classCount >= 1 else { throw DataError.invalidArgument("oneHot: classCount must be at least 1, got \(classCount)") }
    var out = Matrix(rows: labels.count, columns: classCount)
    for (i, label) in labels.enumerated() {
        guard label >= 0 && label < classCount else {
            throw DataError.invalidArgument("oneHot: label \(label) at position \(i) is outside 0..<\(classCount) "
                                            + "(classCount \(classCount))")
        }
        out[i, label] = 1
    }
    return out
}

/// Targets as a one-column matrix (the format of binary cross-entropy and regression).
public func columnMatrix(_ values: [Double]) -> Matrix {
    Matrix(rows: values.count, columns: 1, elements: values)
}
