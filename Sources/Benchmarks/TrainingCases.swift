// TrainingCases.swift: training throughput, in training examples per second.
//
// Both cases follow Tests/References/numpy_mlp_reference.py: 80/20 stratified split,
// standardised features, Adam lr 0.001, the same layer sizes, batch size and epochs.

import LabData
import LabMath
import TrainingEngine

/// Trains `hidden`-unit MLPs on a dataset and reports samples per second.
func mlpThroughput(dataset: Dataset, hidden: Int, batchSize: Int, epochs: Int, size: BenchmarkSize) throws -> Double {
    var rng = SeededGenerator(seed: 0)
    let labels = try dataset.classLabels()
    let split = try DataSplitter.stratified(labels: labels, validationFraction: 0, testFraction: 0.2, rng: &rng)
    let train = dataset.subset(split.train)
    let x = try Standardizer(fittedOn: train.features).transform(train.features)
    let classes = try dataset.classCount()
    let binary = classes == 2
    let y = binary ? columnMatrix(train.targets) : try oneHot(split.train.map { labels[$0] }, classCount: classes)
    let time = try bestSeconds(of: size.repetitions(9)) {
        let model = Sequential()
        try model.add(Dense(hidden, inputDim: dataset.featureCount, activation: .relu))
        try model.add(Dense(binary ? 1 : classes, activation: binary ? .sigmoid : .softmax))
        try model.compile(loss: binary ? .binaryCrossEntropy : .categoricalCrossEntropy,
                          optimizer: try Adam(learningRate: 0.001), metrics: [.accuracy], weightsFrom: &rng)
        try model.fit(x, y, epochs: epochs, batchSize: batchSize, rng: &rng)
    }
    return Double(train.count * epochs) / time
}

/// Lesson 5's small CNN on the digits' 8 x 8 images (pixels scaled to [0, 1]):
/// Conv2D(16, 3x3, same, relu) -> MaxPooling2D(2x2) -> Flatten -> Dense(10, softmax),
/// Adam lr 0.003, batch 32, 20 epochs, samples per second.
func cnnThroughput(dataset: Dataset, size: BenchmarkSize) throws -> Double {
    var rng = SeededGenerator(seed: 0)
    let labels = try dataset.classLabels()
    let split = try DataSplitter.stratified(labels: labels, validationFraction: 0, testFraction: 0.2, rng: &rng)
    let x = dataset.subset(split.train).features.map { $0 / 16 }
    let y = try oneHot(split.train.map { labels[$0] }, classCount: 10)
    let epochs = size.pick(20, smoke: 1)
    let time = try bestSeconds(of: size.repetitions(5)) {
        let model = try Sequential([Conv2D(16, kernelSize: (3, 3), padding: .same, activation: .relu, inputShape: TensorShape(8, 8, 1)),
                                MaxPooling2D(poolSize: (2, 2)), Flatten(), Dense(10, activation: .softmax)])
        try model.compile(loss: .categoricalCrossEntropy, optimizer: try Adam(learningRate: 0.003), metrics: [.accuracy],
                          weightsFrom: &rng)
        try model.fit(x, y, epochs: epochs, batchSize: 32, rng: &rng)
    }
    return Double(x.rows * epochs) / time
}

func trainingCases(catalog: DatasetCatalog, size: BenchmarkSize) -> [BenchmarkCase] {
    [
        BenchmarkCase(name: "train-pima-mlp", unit: "samples/s") {
            try mlpThroughput(dataset: catalog.load("pima-diabetes"), hidden: 10, batchSize: 10,
                              epochs: size.pick(100, smoke: 2), size: size)
        },
        BenchmarkCase(name: "train-digits-mlp", unit: "samples/s") {
            try mlpThroughput(dataset: catalog.load("digits-8x8"), hidden: 64, batchSize: 32,
                              epochs: size.pick(50, smoke: 1), size: size)
        },
        BenchmarkCase(name: "train-digits-cnn", unit: "samples/s") {
            try cnnThroughput(dataset: catalog.load("digits-8x8"), size: size)
        },
    ]
}
