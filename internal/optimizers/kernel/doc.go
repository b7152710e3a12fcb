// Package kernel holds the optimizers' per-parameter update loops, each one
// fused pass over x, g and the optimizer's state, rounded as PyTorch 1.13's
// CPU kernels round them (float64):
//
//   - add_(other, alpha) is fma(alpha, other, self);
//   - addcmul_(t1, t2, value) is fma(value·t1, t2, self);
//   - addcdiv_(t1, t2, value) is self + (value·t1)/t2, not fused;
//   - mul_, div, sqrt and add_ without alpha round once each;
//   - scalar / tensor is reciprocal(tensor)·scalar.
//
// Every function exists twice: in Go (generic.go), where math.FMA marks each
// fused multiply-add and every other product is rounded on its own by an
// explicit float64 conversion (so the compiler may not fuse it either), and,
// on amd64 with AVX2 and FMA, in assembly (kernel_amd64.s) that processes
// four parameters per instruction and leaves the n%4 tail to the Go loop.
// Both give the same bits; kernel_test.go checks it on random and special
// inputs. The CPU is asked once, through golang.org/x/sys/cpu.
//
// The functions take equal-length slices (they panic otherwise), allocate
// nothing and keep nothing.
package kernel
