package data

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestReadCSVErrors(t *testing.T) {
	cases := []struct {
		name, in, target string
		classify         bool
		want             string // substring: the place and the problem
	}{
		{"no target", "a,b\n1,2\n", "y", true, `f.csv:1: no target column "y"`},
		{"non-numeric", "a,y\n1,0\nx,1\n", "y", true, `f.csv:3:1: column "a": "x" is not a finite number`},
		{"ragged", "a,b,y\n1,2,0\n1,1\n", "y", true, "f.csv:3: 2 fields, the header has 3"},
		{"non-integer class", "a,y\n1,0\n2,1.5\n", "y", true, `f.csv:3:3: target "y": class "1.5"`},
		{"gappy classes", "a,y\n1,0\n2,2\n", "y", true, "class 1 is missing"},
		{"empty", "", "y", true, "f.csv:1: empty file"},
		{"no rows", "a,y\n", "y", false, "f.csv:2: no examples"},
	}
	for _, c := range cases {
		_, err := ReadCSV(strings.NewReader(c.in), "f.csv", c.target, c.classify)
		var ce *CSVError
		if err == nil || !errors.As(err, &ce) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
	s, err := ReadCSV(strings.NewReader("x, y ,label\n1,2,1\n3,4,0\n"), "f.csv", "label", true)
	if err != nil || s.N != 2 || s.D != 2 || s.Classes != 2 || s.X[3] != 4 || s.Y[0] != 1 {
		t.Fatalf("good file: %+v %v", s, err)
	}
	var b bytes.Buffer
	if err := WriteCSV(&b, s, "label"); err != nil {
		t.Fatal(err)
	}
	back, err := ReadCSV(&b, "back", "label", true)
	if err != nil || back.X[2] != 3 || back.Y[1] != 0 {
		t.Fatalf("round trip: %+v %v", back, err)
	}
}

func TestGeneratorsDeterministic(t *testing.T) {
	for _, spec := range Specs() {
		a, _ := spec.Gen(Params{Examples: 50, Noise: 0.1}, 3)
		b, _ := spec.Gen(Params{Examples: 50, Noise: 0.1}, 3)
		c, _ := spec.Gen(Params{Examples: 50, Noise: 0.1}, 4)
		if a.N != 50 || len(a.X) != 50*a.D {
			t.Fatalf("%s: %d rows", spec.Name, a.N)
		}
		same := true
		for i := range a.X {
			if a.X[i] != b.X[i] {
				t.Fatalf("%s: same seed, different data", spec.Name)
			}
			same = same && a.X[i] == c.X[i]
		}
		if same {
			t.Errorf("%s: seeds 3 and 4 gave the same data", spec.Name)
		}
	}
	moons, _ := Lookup("moons")
	s, _ := moons.Gen(Params{Examples: 100, Noise: 0.2}, 1)
	tr, te := Split(s, 0.25, 1)
	if tr.N != 75 || te.N != 25 {
		t.Errorf("split %d/%d", tr.N, te.N)
	}
}
