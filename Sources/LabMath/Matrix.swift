// Matrix.swift
//
// What this file teaches: how a matrix is stored in memory. A `Matrix` is one flat
// array of doubles in row-major order: element (i, j) of an r x c matrix lives at
// index i * c + j. Keeping the numbers contiguous is what makes the loops in
// MatrixProducts.swift fast: the processor reads memory in cache lines, and walking
// along a row touches consecutive addresses.
//
// In the training engine a mini-batch is a matrix with one *row per example* and one
// column per feature, the same convention as Keras and NumPy.

/// A dense matrix of `Double`, stored row-major in one contiguous array.
///
/// ```swift
/// var a = Matrix([[1, 2, 3],
///                 [4, 5, 6]])        // 2 x 3
/// a[1, 2]                            // 6
/// a.transposed().shape               // (rows: 3, columns: 2)
/// ```
public struct Matrix: Equatable, Sendable, CustomStringConvertible {
    /// Number of rows.
    public private(set) var rows: Int
    /// Number of columns.
    public private(set) var columns: Int
    /// The `rows * columns` elements, row after row.
    public var elements: [Double]

    /// A `rows x columns` matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.elements = [Double](repeating: value, count: rows * columns)
    }

    /// A matrix over existing row-major `elements`.
    /// - Precondition: `elements.count == rows * columns`.
    public init(rows: Int, columns: Int, elements: [Double]) {
        precondition(elements.count == rows * columns,
                     "expected \(rows * columns) elements for a \(rows)x\(columns) matrix, got \(elements.count)")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix from an array of equally long rows.
    public init(_ rowArrays: [[Double]]) {
        let columns = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == columns }, "all rows must have the same length")
        self.init(rows: rowArrays.count, columns: columns, elements: rowArrays.flatMap { $0 })
    }

    /// The n x n identity matrix.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    /// `(rows, columns)`, handy in error messages and tests.
    public var shape: (rows: Int, columns: Int) { (rows, columns) }

    /// Element access by (row, column).
    @inlinable
    public subscript(row: Int, column: Int) -> Double {
        get { elements[row * columns + column] }
        set { elements[row * columns + column] = newValue }
    }

    /// A copy of row `i`.
    public func row(_ i: Int) -> [Double] {
        Array(elements[(i * columns)..<((i + 1) * columns)])
    }

    /// A copy of column `j`.
    public func column(_ j: Int) -> [Double] {
        (0..<rows).map { self[$0, j] }
    }

    /// The transpose, `self[i, j] == transposed()[j, i]`.
    public func transposed() -> Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for i in 0..<rows {
            for j in 0..<columns { t[j, i] = self[i, j] }
        }
        return t
    }

    /// A new matrix made of the rows at `indices`, in that order (a "gather").
    public func rows(at indices: [Int]) -> Matrix {
        var out = Matrix(rows: 0, columns: columns)
        out.gatherRows(from: self, at: indices[...])
        return out
    }

    /// Applies `transform` to every element.
    public func map(_ transform: (Double) -> Double) -> Matrix {
        Matrix(rows: rows, columns: columns, elements: elements.map(transform))
    }

    /// Changes the shape to `rows x columns`, keeping the array's capacity so that a
    /// buffer reused for every mini-batch is allocated only once. The contents are
    /// unspecified afterwards (callers overwrite them).
    public mutating func reshapeReusingStorage(rows: Int, columns: Int) {
        let needed = rows * columns
        if elements.count != needed {
            if elements.count > needed {
                elements.removeLast(elements.count - needed)
            } else {
                elements.append(contentsOf: repeatElement(0, count: needed - elements.count))
            }
        }
        self.rows = rows
        self.columns = columns
    }

    /// Reads the same numbers with another shape of equal size: a batch of images
    /// (batch x height*width*channels) becomes (batch*height*width) x channels, say.
    /// Row-major storage makes this free: nothing moves.
    /// - Precondition: `rows * columns == self.rows * self.columns`.
    public mutating func reinterpret(rows: Int, columns: Int) {
        precondition(rows * columns == elements.count,
                     "cannot view \(self.rows)x\(self.columns) as \(rows)x\(columns)")
        self.rows = rows
        self.columns = columns
    }

    /// Overwrites `self` with the rows of `source` at `indices` (used to build a
    /// mini-batch without allocating a new matrix each time).
    public mutating func gatherRows(from source: Matrix, at indices: ArraySlice<Int>) {
        reshapeReusingStorage(rows: indices.count, columns: source.columns)
        let width = source.columns
        source.elements.withUnsafeBufferPointer { src in
            elements.withUnsafeMutableBufferPointer { dst in
                guard let from = src.baseAddress, var to = dst.baseAddress else { return }
                for index in indices {
                    // One contiguous row: a block copy (memcpy).
                    to.update(from: from + index * width, count: width)
                    to += width
                }
            }
        }
    }

    /// Overwrites every row with `row` (used to start a layer's output at its bias).
    /// - Precondition: `row.count == columns`.
    public mutating func setEveryRow(to row: [Double]) {
        precondition(row.count == columns, "row has \(row.count) values, matrix has \(columns) columns")
        let width = columns
        row.withUnsafeBufferPointer { source in
            elements.withUnsafeMutableBufferPointer { destination in
                guard let from = source.baseAddress, var to = destination.baseAddress else { return }
                for _ in 0..<rows {
                    to.update(from: from, count: width)
                    to += width
                }
            }
        }
    }

    /// Writes the sum of each column (over all rows) into `sums`, resized to `columns`.
    ///
    /// Each sum starts at 0 and adds the rows in order, top to bottom. Columns are taken
    /// 8 at a time (then 4, 2, 1): their 8 running sums stay in one SIMD register while
    /// the loop walks down the rows, and are stored once at the end.
    public func columnSums(into sums: inout [Double]) {
        if sums.count != columns { sums = [Double](repeating: 0, count: columns) }
        let (height, width) = (rows, columns)
        elements.withUnsafeBufferPointer { source in
            sums.withUnsafeMutableBufferPointer { total in
                guard let top = source.baseAddress, let out = total.baseAddress else { return }
                var j = 0
                while j + 8 <= width { sumColumns(SIMD8<Double>.self, top + j, height, width, out + j); j += 8 }
                if j + 4 <= width { sumColumns(SIMD4<Double>.self, top + j, height, width, out + j); j += 4 }
                if j + 2 <= width { sumColumns(SIMD2<Double>.self, top + j, height, width, out + j); j += 2 }
                if j < width {
                    var sum = 0.0, row = top + j
                    for _ in 0..<height { sum += row.pointee; row += width }
                    out[j] = sum
                }
            }
        }
    }

    /// Sets every element to zero, keeping the shape.
    public mutating func setZero() {
        elements.withUnsafeMutableBufferPointer { buffer in
            for i in buffer.indices { buffer[i] = 0 }
        }
    }

    /// A short multi-line rendering with 4 decimals (for debugging and doc examples).
    public var description: String {
        var lines: [String] = []
        for i in 0..<rows {
            let cells = (0..<columns).map { j -> String in
                let v = self[i, j]
                let rounded = (v * 10_000).rounded() / 10_000
                return "\(rounded == 0 ? 0 : rounded)"
            }
            lines.append("[" + cells.joined(separator: ", ") + "]")
        }
        return "Matrix \(rows)x\(columns)\n" + lines.joined(separator: "\n")
    }
}

/// out[0..<V.scalarCount] = the sums down `height` rows (`width` apart) of the columns
/// starting at `top`.
@inline(__always)
private func sumColumns<V: SIMD>(_: V.Type, _ top: UnsafePointer<Double>, _ height: Int, _ width: Int,
                                 _ out: UnsafeMutablePointer<Double>) where V.Scalar == Double {
    var sum = V()
    var row = top
    for _ in 0..<height {
        sum += UnsafeRawPointer(row).loadUnaligned(as: V.self)
        row += width
    }
    UnsafeMutableRawPointer(out).storeBytes(of: sum, as: V.self)
}

// MARK: - Vector helpers

/// The dot product sum_i a[i] * b[i].
/// - Precondition: equal lengths.
public func dot(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "dot product of vectors of lengths \(a.count) and \(b.count)")
    var sum = 0.0
    for i in a.indices { sum += a[i] * b[i] }
    return sum
}

/// The sum of squares sum_i x[i]^2 of a buffer.
///
/// A plain running sum is one long chain of dependent additions: each must wait for
/// the previous one (about 3 processor cycles). Four independent partial sums in a
/// `SIMD4<Double>` let four additions run at once. The result is a deterministic
/// function of the input, but can differ in the last bits from the sequential sum.
@inlinable
public func sumOfSquares(_ x: UnsafeBufferPointer<Double>) -> Double {
    var partial = SIMD4<Double>()
    var i = 0
    while i + 4 <= x.count {
        let v = SIMD4(x[i], x[i + 1], x[i + 2], x[i + 3])
        partial += v * v
        i += 4
    }
    var total = (partial[0] + partial[1]) + (partial[2] + partial[3])
    while i < x.count {
        total += x[i] * x[i]
        i += 1
    }
    return total
}

/// The Euclidean (L2) norm sqrt(sum_i x[i]^2).
///
/// The naive formula can overflow for huge entries (x^2 > 1.8e308) even though the
/// norm itself is representable. We first divide by the largest magnitude, the
/// classic scaling trick, so the squares stay at most 1.
public func euclideanNorm(_ x: [Double]) -> Double {
    var scale = 0.0
    for v in x { scale = max(scale, abs(v)) }
    // Infinity or NaN in the input: return it rather than a misleading finite value.
    guard scale.isFinite else { return x.contains { $0.isNaN } ? .nan : .infinity }
    guard scale > 0 else { return 0 }
    var sum = 0.0
    for v in x {
        let r = v / scale
        sum += r * r
    }
    return scale * sum.squareRoot()
}
