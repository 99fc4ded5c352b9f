// VectorExponential.swift
//
// What this file teaches: how a math library computes e^x, and why we compute it
// ourselves here. Every kernel entry needs one exponential; fitting a GP to 30 points
// evaluates about 120,000 of them and predicting at 2,000 points another 60,000. The C
// library's `exp` does one value per call; the same algorithm written on
// `SIMD4<Double>` does four per instruction, which made the benchmark
// `gp-fit-predict-n30` about 15% faster. Writing every kernel entry through this one
// function also makes a single entry, a training matrix and a prediction agree to the
// last bit.
//
// The classic algorithm (Cody and Waite, "Software Manual for the Elementary
// Functions", 1980; Tang, ACM TOMS 15(2), 1989, uses a refined version):
//
//   1. Range reduction. Write x = k ln 2 + r with k = round(x / ln 2), so |r| <= ln(2)/2.
//      Then e^x = 2^k e^r, and 2^k is just an exponent field.
//   2. Approximate e^r on the small interval by its Taylor polynomial
//      1 + r + r^2/2! + ... + r^13/13!. The first omitted term, r^14/14!, is below 4e-18
//      for |r| <= 0.347, far under the 1.1e-16 resolution of a double.
//   3. Multiply by 2^k, built directly from its bit pattern.
//
// Accuracy: within 1 unit in the last place of the C library's `exp` (measured on
// [-708, 0]; the tests allow 2). Kernels only need x <= 0; below x = -708,
// e^x < 2.2e-308 is flushed to 0 (a correlation that small is 0 for every purpose here).

/// e^x for four values at once, x <= 0. Values below -708 give 0; NaN gives NaN.
///
/// - Complexity: about 35 SIMD operations for the four values.
@inline(__always)
func exponential(_ x: SIMD4<Double>) -> SIMD4<Double> {
    // Clamp so that k below stays a small integer (the result is replaced by 0 there).
    let clamped = x.replacing(with: -708, where: x .< -708)
    // Step 1: k = round(x / ln 2). Adding 1.5 * 2^52 pushes the fraction out of the
    // 53-bit significand, so the addition itself rounds to the nearest integer, and
    // that integer sits in the low bits of the sum's bit pattern (the "shifter" trick).
    let shifter = SIMD4<Double>(repeating: 0x1.8p52)
    let shifted = clamped * 1.4426950408889634 + shifter          // 1 / ln 2
    let k = shifted - shifter                                      // exact
    // r = x - k ln 2 with ln 2 split in two (Cody and Waite): ln2High has trailing zero
    // bits, so k * ln2High is exact for |k| < 2^11 and the subtraction loses nothing.
    let r = (clamped - k * 0.6931471803691238) - k * 1.9082149292705877e-10
    // Step 2: the Taylor polynomial by Horner's rule, highest power first.
    var p = SIMD4<Double>(repeating: 1.6059043836821613e-10)      // 1/13!
    p = p * r + 2.08767569878681e-09                               // 1/12!
    p = p * r + 2.505210838544172e-08                              // 1/11!
    p = p * r + 2.755731922398589e-07                              // 1/10!
    p = p * r + 2.7557319223985893e-06                             // 1/9!
    p = p * r + 2.48015873015873e-05                               // 1/8!
    p = p * r + 0.0001984126984126984                              // 1/7!
    p = p * r + 0.001388888888888889                               // 1/6!
    p = p * r + 0.008333333333333333                               // 1/5!
    p = p * r + 0.041666666666666664                               // 1/4!
    p = p * r + 0.16666666666666666                                // 1/3!
    p = p * r + 0.5                                                // 1/2!
    p = p * r + 1
    p = p * r + 1
    // Step 3: 2^k has exponent field k + 1023 and a zero significand. The integer k is
    // the difference of the bit patterns of `shifted` and `shifter`.
    let integerK = unsafeBitCast(shifted, to: SIMD4<Int64>.self) &- unsafeBitCast(shifter, to: SIMD4<Int64>.self)
    let twoToTheK = unsafeBitCast((integerK &+ 1023) &<< 52, to: SIMD4<Double>.self)
    // Below -708 the true result is under 2.2e-308 (subnormal or 0): flush to 0.
    return (p * twoToTheK).replacing(with: 0, where: x .< -708)
}
