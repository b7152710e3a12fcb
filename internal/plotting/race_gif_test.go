//go:build race

package plotting

// raceEnabled: the race detector slows drawing several times, so timing
// goals are not checked under it.
const raceEnabled = true
