package play

import (
	"bytes"
	"image/gif"
	"testing"
)

// A recording has the frames asked and shows the screen's colours.
func TestRecord(t *testing.T) {
	m := fiveRuns(t)
	var buf bytes.Buffer
	script := []RecordStep{{Msg: Size(100, 30), Frames: 10}, {Msg: Key("tab"), Frames: 5}, {Msg: Key("+"), Frames: 5}}
	n, err := Record(&buf, m, script, 10, 2)
	if err != nil {
		t.Fatal(err)
	}
	g, err := gif.DecodeAll(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if n != 10 || len(g.Image) != 10 {
		t.Fatalf("%d frames (%d decoded), want 10", n, len(g.Image))
	}
	if b := g.Image[0].Bounds(); b.Dx() != 100*cellW || b.Dy() != 30*cellH {
		t.Errorf("frame %v", b)
	}
	// The map's bands are in the palette.
	seen := map[uint8]bool{}
	for _, p := range g.Image[9].Pix {
		seen[p] = true
	}
	if len(seen) < bands {
		t.Errorf("only %d colours in a frame", len(seen))
	}
}
