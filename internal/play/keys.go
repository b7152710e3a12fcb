package play

import "strings"

// A binding is a key (or keys) and what it does, for the help line and `?`.
type binding struct {
	keys  []string
	help  string
	short bool // shown in the one-line help
}

// bindings are every key of the playground, in the order `?` lists them.
var bindings = []binding{
	{[]string{"tab", "shift+tab"}, "select the next / previous run", true},
	{[]string{"+", "-"}, "lr of the selected run ×/÷ √2", true},
	{[]string{"m", "M"}, "momentum / β1 / ρ of the selected run up / down", true},
	{[]string{"b", "B"}, "batch size of the selected run ×/÷ 2 (restarts)", false},
	{[]string{"n", "N"}, "noise σ (finite_sum: spread) ×/÷ 2, off below 0.01 (restarts)", false},
	{[]string{"c"}, "cosine schedule on / off for the selected run (restarts)", false},
	{[]string{"space"}, "pause / resume", true},
	{[]string{"."}, "one step (pauses)", false},
	{[]string{">", "<"}, "faster / slower (updates per frame)", false},
	{[]string{"r"}, "restart from the start", true},
	{[]string{"arrows", "enter", "click"}, "move the start cursor; restart from it (or click a point)", false},
	{[]string{"z", "Z"}, "zoom in / out", false},
	{[]string{"h", "j", "k", "l", "0"}, "pan left / down / up / right; reset the view", false},
	{[]string{"f", "F"}, "next / previous surface (restarts)", false},
	{[]string{"a", "x"}, "add an optimizer / remove the selected one (restarts)", false},
	{[]string{"L"}, "log / linear contours", false},
	{[]string{"s"}, "save the setup as a YAML config for optlab run", true},
	{[]string{"?"}, "all keys", true},
	{[]string{"q", "ctrl+c"}, "quit", true},
}

// helpLine is the one-line summary of the main keys.
func helpLine() string {
	var parts []string
	for _, b := range bindings {
		if b.short {
			parts = append(parts, strings.Join(b.keys, "/")+" "+shortHelp(b.help))
		}
	}
	return strings.Join(parts, " · ")
}

func shortHelp(h string) string {
	switch {
	case strings.HasPrefix(h, "select"):
		return "run"
	case strings.HasPrefix(h, "lr"):
		return "lr"
	case strings.HasPrefix(h, "momentum"):
		return "mom"
	case strings.HasPrefix(h, "pause"):
		return "pause"
	case strings.HasPrefix(h, "restart"):
		return "restart"
	case strings.HasPrefix(h, "save"):
		return "save"
	case strings.HasPrefix(h, "all"):
		return "keys"
	}
	return h
}

// helpScreen lists every key.
func helpScreen() string {
	var b strings.Builder
	b.WriteString("optlab play — keys (any key closes)\n\n")
	for _, k := range bindings {
		b.WriteString("  " + padRight(strings.Join(k.keys, " "), 22) + k.help + "\n")
	}
	return b.String()
}
