// Package arch holds tests of the code's structure: which packages may
// import which, and that the engine asks capabilities instead of naming
// optimizers, noise models or problem kinds.
package arch

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/optlab/optlab/internal/noise"
	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/surfaces"
)

const module = "github.com/optlab/optlab/internal/"

// sources parses the non-test Go files of one package under internal/.
func sources(t *testing.T, pkg string) map[string]*ast.File {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", pkg, "*.go"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no sources for %s: %v", pkg, err)
	}
	files := map[string]*ast.File{}
	fset := token.NewFileSet()
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files[p] = f
	}
	return files
}

// The engine — the lab that runs experiments and the runner that writes
// them — never names an optimizer, a noise model or a surface: it asks
// optimizers.NeedsOf and the problem's capabilities.
func TestEngineNamesNoKind(t *testing.T) {
	forbidden := map[string]string{}
	for _, n := range optimizers.Names() {
		forbidden[n] = "optimizer"
	}
	for _, n := range surfaces.Names() {
		forbidden[n] = "surface"
	}
	for _, n := range []string{noise.Gaussian, noise.FiniteSum} {
		forbidden[n] = "noise model"
	}
	for _, pkg := range []string{"lab", "runner", "problem"} {
		for path, f := range sources(t, pkg) {
			ast.Inspect(f, func(n ast.Node) bool {
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					return true
				}
				// "saddle" is a kind of stationary point in problem as well as a surface.
				if kind, bad := forbidden[s]; bad && !(pkg == "problem" && kind == "surface") {
					t.Errorf("%s names the %s %q", path, kind, s)
				}
				return true
			})
		}
	}
}

// Numerical packages import neither Cobra, Viper, YAML nor the command
// line; the engine does not import surfaces or noise; data flows one way.
func TestImports(t *testing.T) {
	rules := []struct {
		pkg       string
		forbidden []string
	}{
		{"problem", []string{"spf13", "yaml", module}},
		{"sweep", []string{"spf13", "yaml", module}}, // bookkeeping only: no numerics, no command line
		{"surfaces", []string{"spf13", "yaml", module + "lab", module + "noise", module + "config", module + "cli", module + "plotting", module + "runner"}},
		{"optimizers", []string{"spf13", "yaml", module + "lab", module + "surfaces", module + "noise", module + "config", module + "cli", module + "plotting"}},
		{"optimizers/kernel", []string{"spf13", "yaml", module}}, // leaf: loops over slices, nothing of the project
		{"noise", []string{"spf13", "yaml", module + "lab", module + "config", module + "cli", module + "plotting", module + "runner"}},
		{"lab", []string{"spf13", "yaml", module + "surfaces", module + "noise", module + "nn", module + "data", module + "config", module + "cli", module + "plotting", module + "runner"}},
		{"data", []string{"spf13", "yaml", module + "lab", module + "nn", module + "config", module + "cli", module + "plotting", module + "runner"}},
		{"nn", []string{"spf13", "yaml", module + "lab", module + "config", module + "cli", module + "plotting", module + "runner"}},
		{"trace", []string{"spf13", "yaml", module + "lab", module + "config", module + "cli", module + "plotting", module + "runner"}},
		{"plotting", []string{"spf13", "yaml", module + "lab", module + "config", module + "cli", module + "runner", module + "noise", module + "nn", module + "data"}},
		{"runner", []string{"spf13", "yaml", module + "config", module + "cli", module + "nn", module + "data"}},
		{"scaling", []string{"spf13", "yaml", module + "surfaces", module + "lab", module + "config", module + "cli", module + "plotting", module + "runner"}},
		{"config", []string{"spf13/cobra", module + "cli", module + "runner", module + "plotting"}},
	}
	for _, r := range rules {
		out, err := exec.Command("go", "list", "-deps", module+r.pkg).Output()
		if err != nil {
			t.Fatalf("go list %s: %v", r.pkg, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			for _, bad := range r.forbidden {
				if strings.Contains(dep, bad) && dep != module+r.pkg && !strings.HasPrefix(module+r.pkg, dep) {
					t.Errorf("%s depends on %s", r.pkg, dep)
				}
			}
		}
	}
}
