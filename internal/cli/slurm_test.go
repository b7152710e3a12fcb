package cli

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// The sweep as a real Slurm job array plus a dependent merge job, on a
// single-node cluster on localhost started by scripts/slurm-local.sh: the
// merged folder has the bytes of the sweep run whole.
func TestSlurmArraySweep(t *testing.T) {
	for _, c := range []string{"slurmctld", "slurmd", "sbatch", "munged", "mungekey"} {
		if _, err := exec.LookPath(c); err != nil {
			t.Skipf("Slurm is not installed (%s not found; apt-get install slurm-wlm munge): the job array is not tested", c)
		}
	}
	if testing.Short() {
		t.Skip("-short: no Slurm cluster started")
	}
	root, _ := filepath.Abs("../..")
	dir := t.TempDir()
	bin := filepath.Join(dir, "optlab")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/optlab/optlab/cmd/optlab").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	state, err := os.MkdirTemp("", "slurm") // short: the munge socket's path has a length limit
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(state)
	env := append(os.Environ(), "SLURM_LOCAL_DIR="+state, fmt.Sprintf("SLURM_LOCAL_PORT=%d", 20000+2*(os.Getpid()%10000)), /* ctld and slurmd: an even port and the next */
		"SLURM_CONF="+filepath.Join(state, "slurm.conf"))
	script := func(name string, args ...string) *exec.Cmd {
		c := exec.Command(filepath.Join(root, "scripts", name), args...)
		c.Env, c.Dir = env, dir
		return c
	}
	if out, err := script("slurm-local.sh", "start").CombinedOutput(); err != nil {
		script("slurm-local.sh", "stop").Run()
		t.Fatalf("starting Slurm: %v\n%s", err, out)
	}
	defer func() {
		if out, err := script("slurm-local.sh", "stop").CombinedOutput(); err != nil {
			t.Errorf("stopping Slurm: %v\n%s", err, out)
		}
	}()
	cfg := filepath.Join(root, "configs", "lr-sweep.yaml")
	whole := filepath.Join(dir, "whole")
	if code, _, stderr := run(t, "sweep", cfg, "--out", whole); code != ExitOK {
		t.Fatal(stderr)
	}
	sub := script("slurm-sweep.sh", cfg, "3", filepath.Join(dir, "slurm"))
	sub.Env = append(sub.Env, "OPTLAB="+bin, "SLURM_SWEEP_WAIT=1")
	if out, err := sub.CombinedOutput(); err != nil {
		logs, _ := os.ReadFile(filepath.Join(dir, "slurm", "logs", "merge.out"))
		t.Fatalf("slurm-sweep.sh: %v\n%s\n%s", err, out, logs)
	}
	for i := 1; i <= 3; i++ {
		if _, err := os.Stat(filepath.Join(dir, "slurm", fmt.Sprintf("shard-%d", i), "sweep.json")); err != nil {
			t.Errorf("array task %d left no shard: %v", i, err)
		}
	}
	sameFolders(t, "Slurm array merged vs whole", whole, filepath.Join(dir, "slurm", "all"))
}
