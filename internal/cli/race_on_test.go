//go:build race

package cli

// raceEnabled: the race detector slows everything about tenfold, so the
// signal tests allow more time to write the files after stopping.
const raceEnabled = true
