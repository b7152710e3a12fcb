//go:build race

package cli

// raceEnabled: the test binary runs under the race detector, which makes
// whole-document runs ten times slower without exercising other code.
const raceEnabled = true
