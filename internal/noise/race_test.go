//go:build race

package noise

// raceEnabled: the race detector makes sync.Pool drop items on purpose.
const raceEnabled = true
