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
/// let scaler = Standardizer(fittedOn: train.features)
/// let trainZ = scaler.transform(train.features)
/// let testZ = scaler.transform(test.features)      // same means and scales
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
    public init(fittedOn x: Matrix) {
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
    public func transform(_ x: Matrix) -> Matrix {
        precondition(x.columns == means.count, "fitted on \(means.count) features, got \(x.columns)")
        var out = x
        for i in 0..<x.rows {
            for j in 0..<x.columns { out[i, j] = (x[i, j] - means[j]) / scales[j] }
        }
        return out
    }
}

/// One-hot encoding: label k of `classCount` classes becomes a row with a 1 in
/// column k and 0 elsewhere, the target format of categorical cross-entropy.
///
/// - Precondition: every label is in `0..<classCount`.
/// - Returns: `labels.count x classCount`.
public func oneHot(_ labels: [Int], classCount: Int) -> Matrix {
    var out = Matrix(rows: labels.count, columns: classCount)
    for (i, label) in labels.enumerated() {
        precondition(label >= 0 && label < classCount, "label \(label) outside 0..<\(classCount)")
        out[i, label] = 1
    }
    return out
}

/// Targets as a one-column matrix (the format of binary cross-entropy and regression).
public func columnMatrix(_ values: [Double]) -> Matrix {
    Matrix(rows: values.count, columns: 1, elements: values)
}
