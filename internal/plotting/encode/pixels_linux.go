//go:build linux

package encode

import "syscall"

// newPixels returns n zeroed bytes for an image, and a function that frees
// them. On Linux they are mapped with MAP_POPULATE: the kernel fills every
// page in one call instead of taking a page fault per 4 KiB on first touch,
// which on virtual machines costs more than drawing the figure.
func newPixels(n int) ([]byte, func()) {
	b, err := syscall.Mmap(-1, 0, n, syscall.PROT_READ|syscall.PROT_WRITE,
		syscall.MAP_ANON|syscall.MAP_PRIVATE|syscall.MAP_POPULATE)
	if err != nil {
		return make([]byte, n), func() {}
	}
	return b, func() { syscall.Munmap(b) }
}
