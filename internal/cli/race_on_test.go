//go:build race

package cli

// raceEnabled: the race detector slows everything about tenfold, so
// whole-document runs are skipped under it and the signal tests allow more
// time to write the files after stopping.
const raceEnabled = true
