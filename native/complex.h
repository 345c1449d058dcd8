// numpy's complex numbers as a value type, so that the one set of kernels (kernels.h) computes
// complex gradients with numpy's bits (README: Complex and float16).
//
// Pure C++ (no Node-API). Complex<R> has std::complex's layout (re, im: interleaved memory) but
// numpy's operators, not the C++ library's (which may scale, or fuse, or recover infinities):
//   a ± b   componentwise
//   a * b   fma(ar, br, -(ai*bi)) + fma(ar, bi, ai*br)i    numpy's multiply, as its SIMD loops
//           (AVX2/FMA3, AVX-512, NEON) compute it: each part one fused multiply-add
//           (scalarProduct: numpy's scalar multiply, unfused, for a 1-d array's ends)
//   a / b   Smith's scaled division, as numpy's divide loop writes it (ScaledDivisor)
// A real coefficient meets complex data as numpy promotes it: a complex number with a zero
// imaginary part, multiplied as a complex number (so 0·Inf and -0 behave as numpy's). The fused
// rounding shows where a coefficient's product underflows to zero: (0.5 + 0i)(-5e-324 - 1i) has
// real part -0 (the exact product's sign), where two roundings would give +0.
#pragma once

#include <cmath>
#include <type_traits>

namespace ndgradient {

template <typename R> struct Complex;
template <typename T> struct IsComplexType { static constexpr bool value = false; };
template <typename R> struct IsComplexType<Complex<R>> { static constexpr bool value = true; };

template <typename R> struct Complex {
  R re;
  R im;

  Complex() = default;
  // A real value promoted to complex (numpy's cast): a zero imaginary part.
  constexpr Complex(R real) : re(real), im(R(0)) {}  // NOLINT: implicit, as numpy promotes
  constexpr Complex(R real, R imaginary) : re(real), im(imaginary) {}
  // Any other real type (a float64 coefficient for complex64, a float16 one): cast, then promoted.
  template <typename S, typename = typename std::enable_if<!std::is_same<S, R>::value && !IsComplexType<S>::value>::type>
  explicit constexpr Complex(S real) : re(static_cast<R>(real)), im(R(0)) {}
  // complex64 <-> complex128: each part cast (numpy's astype).
  template <typename S>
  explicit constexpr Complex(const Complex<S>& other) : re(static_cast<R>(other.re)), im(static_cast<R>(other.im)) {}
};

template <typename R> inline Complex<R> operator+(const Complex<R>& a, const Complex<R>& b) { return {a.re + b.re, a.im + b.im}; }
template <typename R> inline Complex<R> operator-(const Complex<R>& a, const Complex<R>& b) { return {a.re - b.re, a.im - b.im}; }
// x*y + z, rounded once. For an addend that is a zero or a NaN — always, where the left factor is
// a real coefficient (ai = 0) — no hardware FMA is needed: the exact product plus a zero is the
// product rounded once, whose sign survives where it underflows to zero (a separate addition would
// apply the sign rule of a sum of zeros instead). Other addends take std::fma.
template <typename R> inline R fusedMultiplyAdd(R x, R y, R z) {
  if (z == R(0) || z != z) {
    const R product = x * y;
    if (product == R(0) && x != R(0) && y != R(0) && z == z) return product;
    return product + z;
  }
  return std::fma(x, y, z);
}

// fusedMultiplyAdd for an addend known to be a zero or a NaN, without a branch (so that loops
// over it vectorise): the product where it underflowed to zero from nonzero factors (and z is
// no NaN), else product + z.
template <typename R> inline R fusedMultiplyAddZero(R x, R y, R z) {
  const R product = x * y;
  const R sum = product + z;
  const bool keep = product == R(0) && x != R(0) && y != R(0) && z == z;
  return keep ? product : sum;
}

template <typename R> inline Complex<R> operator*(const Complex<R>& a, const Complex<R>& b) {
  // A real left factor — every coefficient the gradient takes — makes both addends 0·part.
  if (a.im == R(0)) return {fusedMultiplyAddZero(a.re, b.re, -(a.im * b.im)), fusedMultiplyAddZero(a.re, b.im, a.im * b.re)};
  return {fusedMultiplyAdd(a.re, b.re, -(a.im * b.im)), fusedMultiplyAdd(a.re, b.im, a.im * b.re)};
}

// numpy's scalar multiply (scalarmath.c.src): each part's two products rounded, then summed —
// not fused as its array loops are (operator* above). numpy takes it where it indexes a 1-d
// array's ends with integers (f[0]: a scalar), so the two differ where a product underflows to
// zero: (0.5 + 0i)(-5e-324 - 1i) has real part -0 fused, +0 here (-0 - (+0·-1)).
template <typename R> inline Complex<R> scalarProduct(const Complex<R>& a, const Complex<R>& b) {
  return {a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re};
}

// Division by a fixed complex divisor b, numpy's algorithm with the parts of it that depend on
// b alone computed once (the same operations, so the same bits):
//   |br| >= |bi|, b != 0:  rat = bi/br, scl = 1/(br + bi*rat); (ar + ai*rat)*scl, (ai - ar*rat)*scl
//   b == 0:                ar/|br|, ai/|br|   (a complex infinity or NaN)
//   otherwise (|bi| > |br|, or NaN):
//                          rat = br/bi, scl = 1/(bi + br*rat); (ar*rat + ai)*scl, (ai*rat - ar)*scl
template <typename R> struct ScaledDivisor {
  enum Branch { Real, Zero, Imaginary };
  Branch branch;
  R rat;
  R scl;
  R abs;

  explicit ScaledDivisor(const Complex<R>& b) : branch(Real), rat(R(0)), scl(R(0)), abs(std::fabs(b.re)) {
    const R absIm = std::fabs(b.im);
    if (abs >= absIm) {
      if (abs == R(0) && absIm == R(0)) {
        branch = Zero;
        return;
      }
      rat = b.im / b.re;
      scl = R(1) / (b.re + b.im * rat);
    } else {
      branch = Imaginary;
      rat = b.re / b.im;
      scl = R(1) / (b.im + b.re * rat);
    }
  }
  ScaledDivisor() : ScaledDivisor(Complex<R>(R(1))) {}
};

template <typename R> inline Complex<R> operator/(const Complex<R>& a, const ScaledDivisor<R>& d) {
  switch (d.branch) {
    case ScaledDivisor<R>::Real: return {(a.re + a.im * d.rat) * d.scl, (a.im - a.re * d.rat) * d.scl};
    case ScaledDivisor<R>::Zero: return {a.re / d.abs, a.im / d.abs};
    default: return {(a.re * d.rat + a.im) * d.scl, (a.im * d.rat - a.re) * d.scl};
  }
}

template <typename R> inline Complex<R> operator/(const Complex<R>& a, const Complex<R>& b) { return a / ScaledDivisor<R>(b); }


// The real type behind a value type: R for Complex<R>, the type itself otherwise.
template <typename T> struct RealOf { using type = T; };
template <typename R> struct RealOf<Complex<R>> { using type = R; };

}  // namespace ndgradient
