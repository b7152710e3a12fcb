package plotting

import "image/color"

// LandscapeColor is the colour of the landscape figures' heat map at t in
// [0, 1] (0 lowest): the terminal playground and the GIF frames use it so
// their contours have the figures' colours.
func LandscapeColor(t float64) color.NRGBA { return figurePalette().at(t) }

// RunColors is the number of distinct run colours before RunColor cycles.
func RunColors() int { return len(runColors) }

// figurePalette is the palette of the heat map under the paths.
func figurePalette() landscapePalette { return landscapePalette{n: 256, light: 0.38} }
