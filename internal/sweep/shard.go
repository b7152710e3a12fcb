package sweep

import (
	"fmt"
	"strconv"
	"strings"
)

// A Shard is the I-th of N disjoint slices of a sweep's jobs, counted
// from 1 (--shard 1/4 … 4/4). The zero value is the whole sweep.
type Shard struct {
	I, N int
}

// Whole reports whether s is the whole sweep (the zero value or 1/1).
func (s Shard) Whole() bool { return s.N <= 1 }

func (s Shard) String() string {
	if s.Whole() {
		return "1/1"
	}
	return fmt.Sprintf("%d/%d", s.I, s.N)
}

// ParseShard parses "i/n" with 1 ≤ i ≤ n.
func ParseShard(text string) (Shard, error) {
	a, b, ok := strings.Cut(text, "/")
	i, err1 := strconv.Atoi(strings.TrimSpace(a))
	n, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("sweep: shard %q: want i/n, e.g. 3/16", text)
	}
	if n < 1 || i < 1 || i > n {
		return Shard{}, fmt.Errorf("sweep: shard %q: want 1 ≤ i ≤ n (shards count from 1)", text)
	}
	return Shard{I: i, N: n}, nil
}

// ShardFromEnv reads a scheduler's array index: Slurm's
// SLURM_ARRAY_TASK_ID (counted from SLURM_ARRAY_TASK_MIN, default 0) of
// SLURM_ARRAY_TASK_COUNT, or a Kubernetes Indexed Job's 0-based
// JOB_COMPLETION_INDEX of OPTLAB_SHARD_COUNT (the job's completions,
// which Kubernetes does not pass itself). ok is false when neither is set.
func ShardFromEnv(getenv func(string) string) (s Shard, source string, err error) {
	if id := getenv("SLURM_ARRAY_TASK_ID"); id != "" {
		count := getenv("SLURM_ARRAY_TASK_COUNT")
		min := getenv("SLURM_ARRAY_TASK_MIN")
		if min == "" {
			min = "0"
		}
		i, e1 := strconv.Atoi(id)
		n, e2 := strconv.Atoi(count)
		lo, e3 := strconv.Atoi(min)
		if e1 != nil || e2 != nil || e3 != nil {
			return Shard{}, "SLURM_ARRAY_TASK_ID", fmt.Errorf("sweep: SLURM_ARRAY_TASK_ID=%q, SLURM_ARRAY_TASK_MIN=%q, SLURM_ARRAY_TASK_COUNT=%q: want integers", id, min, count)
		}
		s, err := ParseShard(fmt.Sprintf("%d/%d", i-lo+1, n))
		if err != nil {
			return Shard{}, "SLURM_ARRAY_TASK_ID", fmt.Errorf("%v (from SLURM_ARRAY_TASK_ID=%s, SLURM_ARRAY_TASK_MIN=%s, SLURM_ARRAY_TASK_COUNT=%s; the array must be a contiguous range)", err, id, min, count)
		}
		return s, "SLURM_ARRAY_TASK_ID", nil
	}
	if id := getenv("JOB_COMPLETION_INDEX"); id != "" {
		count := getenv("OPTLAB_SHARD_COUNT")
		i, e1 := strconv.Atoi(id)
		n, e2 := strconv.Atoi(count)
		if e1 != nil || e2 != nil {
			return Shard{}, "JOB_COMPLETION_INDEX", fmt.Errorf("sweep: JOB_COMPLETION_INDEX=%q needs OPTLAB_SHARD_COUNT (the job's completions), got %q", id, count)
		}
		s, err := ParseShard(fmt.Sprintf("%d/%d", i+1, n))
		if err != nil {
			return Shard{}, "JOB_COMPLETION_INDEX", fmt.Errorf("%v (from JOB_COMPLETION_INDEX=%s, OPTLAB_SHARD_COUNT=%s)", err, id, count)
		}
		return s, "JOB_COMPLETION_INDEX", nil
	}
	return Shard{}, "", nil
}

// Range is the slice [lo, hi) of jobs 0…total−1 that s runs: contiguous,
// the sizes differing by at most one, so the shards of n cover every job
// exactly once.
func (s Shard) Range(total int) (lo, hi int) {
	if s.Whole() {
		return 0, total
	}
	return (s.I - 1) * total / s.N, s.I * total / s.N
}
