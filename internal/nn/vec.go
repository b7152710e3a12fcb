package nn

// dot is Σ a[k]·b[k] summed in order (so results do not depend on the
// unrolling), with the bounds checks hoisted out of the loop.
func dot(s float64, a, b []float64) float64 {
	b = b[:len(a)]
	k := 0
	for ; k+4 <= len(a); k += 4 {
		s += a[k] * b[k]
		s += a[k+1] * b[k+1]
		s += a[k+2] * b[k+2]
		s += a[k+3] * b[k+3]
	}
	for ; k < len(a); k++ {
		s += a[k] * b[k]
	}
	return s
}

// axpy adds alpha·x to y.
func axpy(alpha float64, x, y []float64) {
	y = y[:len(x)]
	k := 0
	for ; k+4 <= len(x); k += 4 {
		y[k] += alpha * x[k]
		y[k+1] += alpha * x[k+1]
		y[k+2] += alpha * x[k+2]
		y[k+3] += alpha * x[k+3]
	}
	for ; k < len(x); k++ {
		y[k] += alpha * x[k]
	}
}
