package trace

import "regexp"

// wallClock matches summary.json's wall times (Cost.Seconds), written by
// encoding/json with the indent summary.json uses.
var wallClock = regexp.MustCompile(`"seconds": [-+0-9.eE]+`)

// WithoutWallClock is summary.json's bytes b with every wall time set to
// 0. A run's wall time is the one part of an output that differs between
// two runs of one config; tests and merges that compare outputs byte for
// byte compare these.
func WithoutWallClock(b []byte) []byte {
	return wallClock.ReplaceAll(b, []byte(`"seconds": 0`))
}
