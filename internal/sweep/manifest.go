package sweep

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
)

// ManifestFile is the name of the manifest in a sweep's folder.
const ManifestFile = "sweep.json"

// A Manifest says what a sweep folder holds: which config (its hash and
// its text, so that merge can finish the sweep), how many jobs the whole
// sweep has, and which slice of them this folder ran.
type Manifest struct {
	Name       string `json:"name"`
	ConfigFile string `json:"config_file"`
	ConfigHash string `json:"config_sha256"`
	Config     string `json:"config"`
	Jobs       int    `json:"jobs"`
	Shard      string `json:"shard"`
	First      int    `json:"first_job"` // jobs [first_job, end_job)
	End        int    `json:"end_job"`
}

// Hash is the hex SHA-256 of a resolved config's canonical text.
func Hash(canonical []byte) string {
	h := sha256.Sum256(canonical)
	return hex.EncodeToString(h[:])
}

// CheckShards reports every reason the shards (named by their folders)
// do not make one whole sweep: different configs, different job counts,
// overlapping slices, missing ones. On success it returns the shards'
// order by first job.
func CheckShards(dirs []string, ms []Manifest) ([]int, error) {
	if len(ms) == 0 {
		return nil, fmt.Errorf("merge: no shard folders given")
	}
	var problems []string
	for i, m := range ms[1:] {
		if m.ConfigHash != ms[0].ConfigHash {
			problems = append(problems, fmt.Sprintf("%s is a sweep of another config than %s (config_sha256 %.12s… vs %.12s…)", dirs[i+1], dirs[0], m.ConfigHash, ms[0].ConfigHash))
		} else if m.Jobs != ms[0].Jobs {
			problems = append(problems, fmt.Sprintf("%s has %d jobs, %s %d", dirs[i+1], m.Jobs, dirs[0], ms[0].Jobs))
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("merge: %s", strings.Join(problems, "; "))
	}
	order := make([]int, len(ms))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return ms[order[a]].First < ms[order[b]].First })
	next := 0
	for _, k := range order {
		m := ms[k]
		switch {
		case m.First > next:
			problems = append(problems, fmt.Sprintf("jobs %d–%d are in no shard (a shard missing before %s, shard %s)", next, m.First-1, dirs[k], m.Shard))
		case m.First < next:
			problems = append(problems, fmt.Sprintf("%s (shard %s, jobs %d–%d) overlaps jobs before %d", dirs[k], m.Shard, m.First, m.End-1, next))
		}
		if m.End > next {
			next = m.End
		}
	}
	if next < ms[0].Jobs {
		problems = append(problems, fmt.Sprintf("jobs %d–%d of %d are in no shard (a shard missing at the end)", next, ms[0].Jobs-1, ms[0].Jobs))
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("merge: %s", strings.Join(problems, "; "))
	}
	return order, nil
}
