package cli

import (
	"runtime"
	"runtime/debug"
)

// version is set at link time for release builds:
//
//	go build -ldflags "-X github.com/optlab/optlab/internal/cli.version=v1.2.0" ./cmd/optlab
//
// It is written by the linker only, never at run time (the one exception to
// "no package-level mutable state", because -X needs a variable).
var version = ""

// Version is optlab's version: the one given at link time, else the module
// version `go install github.com/optlab/optlab/cmd/optlab@vX` records in
// the build info, else "devel" with the VCS revision when the build has it.
func Version() string {
	v := version
	info, ok := debug.ReadBuildInfo()
	if v == "" && ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		v = info.Main.Version
	}
	if v == "" {
		v = "devel"
		if ok {
			for _, s := range info.Settings {
				if s.Key == "vcs.revision" && len(s.Value) >= 12 {
					v += "+" + s.Value[:12]
				}
			}
		}
	}
	return v + " (" + runtime.Version() + ")"
}
