// Command optlab is an interactive command-line lab for gradient-based
// optimization: see `optlab --help`.
package main

import (
	"os"

	"github.com/optlab/optlab/internal/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr)) }
