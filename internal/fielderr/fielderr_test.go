package fielderr

import "testing"

func TestListComposes(t *testing.T) {
	var part List
	part.Add("lr", "must be > 0, got %g", -0.1)
	part.AddUnknown("momentum", "adam has no hyperparameter %q", "momentum")
	part.Add("", "needs a base optimizer")
	part.AddUnknown("", "adam has no hyperparameter %q", "")
	var all List
	all.Under("optimizers[1]", part)
	want := "optimizers[1].lr: must be > 0, got -0.1\n" +
		"optimizers[1].momentum: adam has no hyperparameter \"momentum\"\n" +
		"optimizers[1]: needs a base optimizer\n" +
		"optimizers[1].: adam has no hyperparameter \"\""
	if got := all.Error(); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	if !all[1].Unknown || all[0].Unknown {
		t.Fatalf("Unknown not kept: %+v", all)
	}
	if (List{}).Err() != nil || all.Err() == nil {
		t.Fatal("Err: an empty list must be a nil error, a full one not")
	}
}

func TestSuggest(t *testing.T) {
	for _, c := range []struct{ word, want string }{
		{"adm", ` (did you mean "adam"?)`},
		{"rmsprp", ` (did you mean "rmsprop"?)`},
		{"xyz", ""},
	} {
		if got := Suggest(c.word, []string{"adam", "rmsprop", "sgd"}); got != c.want {
			t.Errorf("Suggest(%q) = %q, want %q", c.word, got, c.want)
		}
	}
}
