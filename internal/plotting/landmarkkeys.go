package plotting

import (
	"fmt"

	"gonum.org/v1/plot"
)

// landmarkNames says how addLandmarks names the minima and saddles.
type landmarkNames uint8

const (
	// namesInFigure tags every marker with its name and value ("global
	// f=0"), and the legend has one entry per kind ("minimum"), as on
	// plot surface and a single trajectory figure.
	namesInFigure landmarkNames = iota
	// namesKeyed tags every marker with a letter only and gives each
	// letter a legend entry with the name, value and place: the small
	// multiples' panels repeat the landmarks in every panel, where the
	// full names would cover the paths, and the one legend beside the
	// grid says once which is which (issue 8, item 7).
	namesKeyed
	// namesNone marks the landmarks without tags, with one legend entry
	// per kind: figures that name the minima their own way (the basin
	// map names them in its legend of basins).
	namesNone
)

// keyTagSize is the letters' font size in a panel: about its tick labels'
// (shrink), so that a letter covers little of the paths.
const keyTagSize = 10

// landmarkKeys hands out the letters A, B, … to the landmarks in the
// order they are marked, and remembers each one's legend entry.
type landmarkKeys struct {
	entries []keyEntry
}

type keyEntry struct {
	text string
	mark *markers
}

// next is the key of landmark m, marked by mk.
func (k *landmarkKeys) next(m Landmark, mk *markers) string {
	key := landmarkKey(len(k.entries))
	text := fmt.Sprintf("%s  %s  f=%s at (%.3g, %.3g)", key, m.Name, fmtLoss(m.Value), m.X, m.Y)
	// The legend icon is the marker's own shape, a little smaller than in
	// the figure so that the icons of consecutive entries do not touch.
	icon := &markers{shape: mk.shape, radius: 0.75 * mk.radius, fill: mk.fill, edge: mk.edge, width: mk.width}
	k.entries = append(k.entries, keyEntry{text, icon})
	return key
}

// addTo adds one legend entry per landmark, in the order of the keys.
func (k *landmarkKeys) addTo(leg *plot.Legend) {
	for _, e := range k.entries {
		leg.Add(e.text, e.mark)
	}
}

// landmarkKey is A … Z, then AA, AB, … (a surface with more than 26
// landmarks in the window is rare).
func landmarkKey(i int) string {
	if i < 26 {
		return string(rune('A' + i))
	}
	return landmarkKey(i/26-1) + landmarkKey(i%26)
}
