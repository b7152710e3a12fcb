package optimizers

// A Stater exposes an optimizer's inner state for display (the playground's
// state panel): each named vector is a copy, so reading it never changes the
// optimizer's numbers. Stateless methods (sgd, newton) do not implement it.
// Keys: "v" velocity (momentum, nesterov), "s" first moment (adam, radam),
// "r" second moment or sum of squares (adam, radam, rmsprop, adagrad).
type Stater interface {
	State() map[string][]float64
}

// StateOf returns o's state when it has one (nil otherwise).
func StateOf(o Optimizer) map[string][]float64 {
	if s, ok := o.(Stater); ok {
		return s.State()
	}
	return nil
}

func copyVec(v []float64) []float64 { return append([]float64(nil), v...) }
