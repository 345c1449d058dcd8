// numpy's float16 as a value type (README: float16): IEEE binary16 storage, and arithmetic as
// numpy's half loops do it — each operation on the float32 values of its operands, its result
// rounded to float16 (round half to even). float32 holds any sum, difference, product or quotient
// of two float16 values closely enough (24 significand bits >= 2·11 + 2) that rounding that result
// once more to float16 gives the correctly rounded float16 operation. A double (a Python float,
// a coefficient) is rounded to float16 directly, as numpy casts one.
//
// Pure C++ (no Node-API); no F16C instructions (the baseline build has none): conversions are
// bit operations.
#pragma once

#include <cstdint>
#include <cstring>

namespace ndgradient {

// The float16 bits nearest a double (round half to even; overflow to ±Inf; NaN stays NaN, quiet):
// numpy's npy_double_to_half, the cast of a Python float to float16.
inline std::uint16_t halfBitsOf(double value) {
  std::uint64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  const std::uint16_t sign = static_cast<std::uint16_t>((bits >> 48) & 0x8000u);
  const int exponent = static_cast<int>((bits >> 52) & 0x7ff);
  const std::uint64_t significand = bits & ((std::uint64_t(1) << 52) - 1);
  if (exponent == 0x7ff) {
    if (significand == 0) return sign | 0x7c00u;                                         // ±Inf
    return sign | 0x7e00u | static_cast<std::uint16_t>((significand >> 42) & 0x1ffu);   // NaN, quiet
  }
  const double magnitude = value < 0 ? -value : value;
  if (!(magnitude < 65520.0)) return sign | 0x7c00u;  // at or past the rounding edge of 65504
  // Scale so that the float16 ulp at this magnitude becomes 1, round to an integer (adding and
  // subtracting 2^52 rounds half to even), and read the bits off the integer: below 2^-14 the
  // subnormals' ulp is 2^-24; above, 2^(e-10) for the exponent e.
  constexpr double kRound = 4503599627370496.0;  // 2^52
  if (magnitude < 6.103515625e-05) {               // 2^-14
    const double scaled = magnitude * 16777216.0;  // 2^24: exact
    return sign | static_cast<std::uint16_t>((scaled + kRound) - kRound);  // 0x400 at the top: the smallest normal
  }
  const int e = exponent - 1023;  // -14 <= e <= 15
  double unit;                    // 2^(10 - e), exact
  const std::uint64_t unitBits = static_cast<std::uint64_t>(1023 + 10 - e) << 52;
  std::memcpy(&unit, &unitBits, sizeof unit);
  const double rounded = (magnitude * unit + kRound) - kRound;  // in [1024, 2048]
  const std::uint32_t integer = static_cast<std::uint32_t>(rounded);
  // 2048 carries into the next exponent: (e + 15) << 10 plus 1024 is exactly that.
  return sign | static_cast<std::uint16_t>((static_cast<std::uint32_t>(e + 15) << 10) + integer - 1024);
}

// The double value of float16 bits (exact).
inline double halfValue(std::uint16_t h) {
  const int exponent = (h >> 10) & 0x1f;
  const std::uint64_t significand = h & 0x3ffu;
  const std::uint64_t sign = static_cast<std::uint64_t>(h & 0x8000u) << 48;
  std::uint64_t bits;
  if (exponent == 0x1f) {
    bits = sign | (std::uint64_t(0x7ff) << 52) | (significand << 42);
  } else if (exponent == 0) {
    const double magnitude = static_cast<double>(significand) * 5.9604644775390625e-08;  // 2^-24: exact
    return (h & 0x8000u) ? -magnitude : magnitude;
  } else {
    bits = sign | (static_cast<std::uint64_t>(exponent - 15 + 1023) << 52) | (significand << 42);
  }
  double value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

// a where `condition`, else b, as a mask (no branch: loops over it vectorise).
inline std::uint32_t select(bool condition, std::uint32_t a, std::uint32_t b) {
  const std::uint32_t mask = 0u - static_cast<std::uint32_t>(condition);
  return (a & mask) | (b & ~mask);
}

// The float16 bits nearest a float (round half to even), branch-free so that loops over them
// vectorise. For a finite normal result: the float's bits rebiased, plus half an ulp minus one,
// plus the bit that makes ties go to even, then shifted down (a carry rounds up through the
// exponent); below the float16 normals, adding a power of two lets the float unit do the
// shifting and rounding; at or past 65520, Inf; NaN stays NaN (quiet).
inline std::uint16_t halfBitsOf(float value) {
  std::uint32_t f;
  std::memcpy(&f, &value, sizeof f);
  const std::uint32_t sign = (f >> 16) & 0x8000u;
  f &= 0x7fffffffu;
  const std::uint32_t mantissaOdd = (f >> 13) & 1u;
  const std::uint32_t normal = (f + 0xc8000fffu + mantissaOdd) >> 13;  // (15 - 127) << 23, wrapped
  // Subnormal or zero: f + 0.5 (as floats) puts the float16 subnormal significand, rounded to
  // even, in the low bits; 0.5 is 126 << 23.
  float small;
  const std::uint32_t magnitude = f;
  std::memcpy(&small, &magnitude, sizeof small);
  small += 0.5f;
  std::uint32_t smallBits;
  std::memcpy(&smallBits, &small, sizeof smallBits);
  const std::uint32_t subnormal = smallBits - (126u << 23);
  const std::uint32_t finite = select(f < (113u << 23), subnormal, normal);  // 2^-14: the smallest float16 normal
  const std::uint32_t special = select(f > (255u << 23), 0x7e00u, 0x7c00u);   // NaN, or overflow to Inf
  const std::uint32_t bits = select(f >= (143u << 23), special, finite);      // 2^16: past every finite float16
  // 65520 <= |x| < 65536 rounds up into the Inf bits by itself (0x7c00).
  return static_cast<std::uint16_t>(bits | sign);
}

// The float value of float16 bits (exact), branch-free: the bits moved into place and rebiased;
// Inf and NaN take the float's top exponent; subnormals are renormalised by one float subtraction.
inline float halfFloat(std::uint16_t h) {
  const std::uint32_t shifted = static_cast<std::uint32_t>(h & 0x7fffu) << 13;
  const std::uint32_t exponent = shifted & (0x1fu << 23);
  const std::uint32_t rebiased = shifted + (112u << 23);  // (127 - 15) << 23
  const std::uint32_t special = rebiased + (112u << 23);  // Inf, NaN: exponent 255
  float subnormal;
  const std::uint32_t lifted = rebiased + (1u << 23);
  std::memcpy(&subnormal, &lifted, sizeof subnormal);
  subnormal -= 6.103515625e-05f;  // 2^-14
  std::uint32_t subnormalBits;
  std::memcpy(&subnormalBits, &subnormal, sizeof subnormalBits);
  std::uint32_t bits = select(exponent == (0x1fu << 23), special, select(exponent == 0, subnormalBits, rebiased));
  bits |= static_cast<std::uint32_t>(h & 0x8000u) << 16;
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

struct Half {
  std::uint16_t bits;

  Half() = default;
  // The casts numpy makes: a double or float (a Python float, a coefficient) rounded once.
  explicit Half(double value) : bits(halfBitsOf(value)) {}
  explicit Half(float value) : bits(halfBitsOf(value)) {}
  explicit Half(int value) : bits(halfBitsOf(static_cast<double>(value))) {}
  static Half fromBits(std::uint16_t bits) {
    Half h;
    h.bits = bits;
    return h;
  }
  explicit operator double() const { return static_cast<double>(halfFloat(bits)); }
  explicit operator float() const { return halfFloat(bits); }
};

// numpy's half loops: the float32 operation, rounded to float16.
inline Half operator+(Half a, Half b) { return Half(static_cast<float>(a) + static_cast<float>(b)); }
inline Half operator-(Half a, Half b) { return Half(static_cast<float>(a) - static_cast<float>(b)); }
inline Half operator*(Half a, Half b) { return Half(static_cast<float>(a) * static_cast<float>(b)); }
inline Half operator/(Half a, Half b) { return Half(static_cast<float>(a) / static_cast<float>(b)); }
inline Half operator-(Half a) { return Half::fromBits(static_cast<std::uint16_t>(a.bits ^ 0x8000u)); }  // numpy's negative: the sign bit
inline bool operator==(Half a, Half b) { return static_cast<float>(a) == static_cast<float>(b); }
inline bool operator!=(Half a, Half b) { return !(a == b); }

}  // namespace ndgradient
