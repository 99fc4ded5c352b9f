// HeldOutFolds.swift
//
// What this file teaches: the shape of every search in the lessons. Test rows are split
// off first and never seen by the search; the remaining training rows are cut once into
// stratified folds, so every configuration is scored on exactly the same splits.

import HyperSearch
import LabData
import LabMath

/// A classification dataset cut once into training rows (with fixed stratified folds
/// for cross-validation) and held-out test rows, the shape of every search in the
/// lessons. The test rows are split off first, stratified and seeded; the folds use
/// the seed plus one, so they do not depend on how the test rows were drawn.
public struct HeldOutFolds {
    public let training: Dataset
    public let test: Dataset
    public let crossValidation: CrossValidation

    public init(_ dataset: Dataset, testFraction: Double, folds: Int, seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let split = try DataSplitter.stratified(labels: dataset.classLabels(), validationFraction: 0,
                                                testFraction: testFraction, rng: &rng)
        training = dataset.subset(split.train)
        test = dataset.subset(split.test)
        crossValidation = try CrossValidation.stratified(labels: training.classLabels(), k: folds, seed: seed &+ 1)
    }
}
