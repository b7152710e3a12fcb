//go:build !race

package plotting

const raceEnabled = false
