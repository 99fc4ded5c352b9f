// ArticleNetwork.swift
//
// What this file teaches: the first article's Keras model as a reusable recipe, so
// every lesson tunes exactly the same network:
//
//   model = Sequential()
//   model.add(Dense(10, input_dim=8, activation='relu'))
//   model.add(Dense(1, activation='sigmoid'))
//   model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])

import LabMath
import TextCharts
import TrainingEngine

/// The hyperparameters the lessons tune on the article's network.
public struct NetworkSettings: Sendable, Equatable, CustomStringConvertible {
    public var learningRate: Double
    public var batchSize: Int
    public var epochs: Int
    public var hiddenUnits: Int

    /// The article's values: Adam's learning rate 0.01 (its manual-tuning example),
    /// batch 10, 100 epochs, 10 hidden units.
    public init(learningRate: Double = 0.01, batchSize: Int = 10, epochs: Int = 100, hiddenUnits: Int = 10) {
        self.learningRate = learningRate
        self.batchSize = batchSize
        self.epochs = epochs
        self.hiddenUnits = hiddenUnits
    }

    public var description: String {
        "lr \(Format.compact(learningRate)), batch \(batchSize), \(Format.counted(epochs, "epoch")), \(hiddenUnits) hidden"
    }
}

public enum ArticleNetwork {
    /// Builds and compiles Dense(hiddenUnits, relu) -> Dense(1, sigmoid) with binary
    /// cross-entropy and Adam(learningRate), weights drawn from `rng`.
    public static func make(inputs: Int, hiddenUnits: Int, learningRate: Double,
                            rng: inout SeededGenerator) throws -> Sequential {
        let model = Sequential()
        try model.add(Dense(hiddenUnits, inputDim: inputs, activation: .relu))
        try model.add(Dense(1, activation: .sigmoid))
        try model.compile(loss: .binaryCrossEntropy, optimizer: Adam(learningRate: learningRate),
                          metrics: [.accuracy], weightsFrom: &rng)
        return model
    }
}
