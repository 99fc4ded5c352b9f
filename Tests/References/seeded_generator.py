"""A line-by-line Python port of LabMath's SeededGenerator (xoshiro256** seeded by
SplitMix64), so that reference scripts can draw exactly the numbers a Swift test or
benchmark draws. Uniform draws match bit for bit; normal draws use the platform's
log and cos (glibc on Linux, as Swift does), so they match on the same platform.
"""
import math

MASK = (1 << 64) - 1


def _rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


class _SplitMix64:
    def __init__(self, state):
        self.state = state & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)


class SeededGenerator:
    def __init__(self, seed, stream=0):
        mixer = _SplitMix64(seed ^ ((stream * 0xD1B54A32D192ED03) & MASK))
        self.s = [mixer.next() for _ in range(4)]

    def next_uint64(self):
        s0, s1, s2, s3 = self.s
        result = (_rotl((s1 * 5) & MASK, 7) * 9) & MASK
        t = (s1 << 17) & MASK
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = _rotl(s3, 45)
        self.s = [s0, s1, s2, s3]
        return result

    def next_double(self):
        return (self.next_uint64() >> 11) * 2.0 ** -53

    def next_normal(self, mean=0.0, standard_deviation=1.0):
        u1 = 1.0 - self.next_double()
        u2 = self.next_double()
        radius = math.sqrt(-2.0 * math.log(u1))
        return mean + standard_deviation * radius * math.cos(2.0 * math.pi * u2)
