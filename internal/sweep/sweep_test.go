package sweep

import (
	"math"
	"strings"
	"testing"
)

func TestParsePath(t *testing.T) {
	p, err := ParsePath("optimizers[*].lr")
	if err != nil || len(p.Steps) != 2 || !p.Steps[0].All || p.Steps[0].Key != "optimizers" || p.Last() != "lr" {
		t.Fatalf("optimizers[*].lr: %+v %v", p, err)
	}
	p, err = ParsePath("optimizers[2].base.lr")
	if err != nil || !p.Steps[0].HasIndex || p.Steps[0].Index != 2 || len(p.Steps) != 3 {
		t.Fatalf("optimizers[2].base.lr: %+v %v", p, err)
	}
	for _, bad := range []string{"", "a..b", "a[x]", "a[-1]", "[0]", "a[1"} {
		if _, err := ParsePath(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestGrids(t *testing.T) {
	g, _ := LogGrid(1e-8, 10, 37)
	for k, v := range g {
		if want := math.Pow(10, float64(k-32)/4); v != want {
			t.Fatalf("quarter decade %d: %v, want %v", k, v, want)
		}
	}
	d := DeepOBS()
	if len(d) != 36 || d[0] != 1e-5 || d[35] != 1e2 {
		t.Fatalf("deepobs grid: %d values %v…%v", len(d), d[0], d[len(d)-1])
	}
	if r := d[1] / d[0]; math.Abs(r-math.Pow(10, 0.2)) > 1e-12 {
		t.Fatalf("deepobs ratio %v", r)
	}
	l, _ := LinearGrid(0, 1, 5)
	if l[1] != 0.25 || l[4] != 1 {
		t.Fatalf("linear %v", l)
	}
	if _, err := LogGrid(0, 1, 3); err == nil {
		t.Error("log grid from 0 accepted")
	}
	if _, err := LinearGrid(0, 1, 0); err == nil {
		t.Error("num 0 accepted")
	}
}

func TestCoordsLastFastest(t *testing.T) {
	sizes := []int{2, 3}
	var got []string
	for i := 0; i < Product(sizes); i++ {
		c := Coords(i, sizes)
		got = append(got, string(rune('0'+c[0]))+string(rune('0'+c[1])))
	}
	if strings.Join(got, " ") != "00 01 02 10 11 12" {
		t.Fatal(got)
	}
}

// Shards of any count cover every job exactly once, in order.
func TestShardsPartition(t *testing.T) {
	for _, total := range []int{0, 1, 7, 36, 100} {
		for n := 1; n <= 17; n++ {
			next := 0
			for i := 1; i <= n; i++ {
				lo, hi := Shard{i, n}.Range(total)
				if lo != next || hi < lo {
					t.Fatalf("total %d shard %d/%d: [%d,%d) after %d", total, i, n, lo, hi, next)
				}
				next = hi
			}
			if next != total {
				t.Fatalf("total %d, %d shards end at %d", total, n, next)
			}
		}
	}
}

func TestShardFromEnv(t *testing.T) {
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	s, src, err := ShardFromEnv(env(map[string]string{"SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_COUNT": "4"}))
	if err != nil || s != (Shard{1, 4}) || src != "SLURM_ARRAY_TASK_ID" {
		t.Fatalf("slurm 0-based: %v %v %v", s, src, err)
	}
	s, _, _ = ShardFromEnv(env(map[string]string{"SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "4"}))
	if s != (Shard{4, 4}) {
		t.Fatalf("slurm 1-based: %v", s)
	}
	s, _, _ = ShardFromEnv(env(map[string]string{"JOB_COMPLETION_INDEX": "2", "OPTLAB_SHARD_COUNT": "3"}))
	if s != (Shard{3, 3}) {
		t.Fatalf("k8s: %v", s)
	}
	if _, _, err := ShardFromEnv(env(map[string]string{"JOB_COMPLETION_INDEX": "2"})); err == nil || !strings.Contains(err.Error(), "OPTLAB_SHARD_COUNT") {
		t.Fatalf("k8s without count: %v", err)
	}
	if s, src, err := ShardFromEnv(env(nil)); err != nil || src != "" || !s.Whole() {
		t.Fatalf("no env: %v %v %v", s, src, err)
	}
	for _, bad := range []string{"0/4", "5/4", "3", "a/b", "1/0"} {
		if _, err := ParseShard(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestCheckShards(t *testing.T) {
	m := func(hash string, lo, hi int) Manifest {
		return Manifest{ConfigHash: hash, Jobs: 10, First: lo, End: hi, Shard: "?"}
	}
	if order, err := CheckShards([]string{"b", "a"}, []Manifest{m("h", 5, 10), m("h", 0, 5)}); err != nil || order[0] != 1 {
		t.Fatalf("good shards: %v %v", order, err)
	}
	cases := []struct {
		ms   []Manifest
		want string
	}{
		{[]Manifest{m("h", 0, 5), m("x", 5, 10)}, "another config"},
		{[]Manifest{m("h", 0, 4), m("h", 5, 10)}, "jobs 4–4 are in no shard"},
		{[]Manifest{m("h", 0, 6), m("h", 5, 10)}, "overlaps"},
		{[]Manifest{m("h", 0, 5)}, "missing at the end"},
	}
	for _, c := range cases {
		dirs := make([]string, len(c.ms))
		for i := range dirs {
			dirs[i] = string(rune('a' + i))
		}
		if _, err := CheckShards(dirs, c.ms); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.ms, err, c.want)
		}
	}
}

func TestBest(t *testing.T) {
	nan := math.NaN()
	if k := Best([]float64{3, 1, 0.9995, 0.5, nan}, []bool{true, true, true, false, true}); k != 1 {
		t.Fatalf("best %d, want 1 (0.9995 is within 0.1%%, 0.5 not acceptable)", k)
	}
	if k := Best([]float64{nan, math.Inf(1)}, []bool{true, true}); k != -1 {
		t.Fatalf("best of none %d", k)
	}
	if !Wild(1, 10.5) || Wild(1, 9) || !Wild(0, 0.011) {
		t.Fatal("wild rule")
	}
}
