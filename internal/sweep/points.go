package sweep

// Product is the number of points of the axes' product (1 when there are
// no axes: the config as written).
func Product(sizes []int) int {
	n := 1
	for _, s := range sizes {
		n *= s
	}
	return n
}

// Coords returns the index into each axis of point i of the product, the
// last axis varying fastest (the order of nested loops written in axis
// order).
func Coords(i int, sizes []int) []int {
	c := make([]int, len(sizes))
	for a := len(sizes) - 1; a >= 0; a-- {
		c[a] = i % sizes[a]
		i /= sizes[a]
	}
	return c
}

// A Job is one run of a sweep: a point under one seed. Jobs are numbered
// point·repeats + repeat; that number fixes where the job's rows go, so
// the results do not depend on which worker, process or shard ran it.
type Job struct {
	Index, Point, Repeat int
}

// Jobs lists the jobs of points × repeats in order.
func Jobs(points, repeats int) []Job {
	out := make([]Job, 0, points*repeats)
	for p := 0; p < points; p++ {
		for r := 0; r < repeats; r++ {
			out = append(out, Job{Index: len(out), Point: p, Repeat: r})
		}
	}
	return out
}
