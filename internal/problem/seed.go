package problem

// Mix is the SplitMix64 output function (Steele, Lea & Flood 2014): a
// bijective 64-bit mixer, the root of every seed derived in optlab.
func Mix(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// DeriveSeed returns the stream seed of repeat r (0, 1, …) of an
// experiment with seed seed: distinct repeats get distinct, decorrelated
// seeds. Repeat 0 is mixed too (DeriveSeed(s, 0) ≠ s), so a lab that always
// streams from DeriveSeed(seed, repeat) makes a single run identical to
// repeat 0 of a repeated experiment.
func DeriveSeed(seed uint64, repeat int) uint64 {
	return Mix(seed + Mix(uint64(repeat)))
}
