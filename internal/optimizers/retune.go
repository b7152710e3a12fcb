package optimizers

import (
	"fmt"
	"reflect"
)

// Retune changes opt's hyperparameters to h's while it runs, keeping its
// state (moments, velocity, factorisations): the playground turns a knob
// between two steps and the path goes on from where it is.
//
// It relies on the convention every optimizer here follows: exported
// fields are hyperparameters, set by the spec's New from a Hyper;
// unexported fields are state. A fresh optimizer is built from h and its
// exported fields are copied over; a field holding an Optimizer (sam's
// Base) is retuned in place instead of replaced, so its state is kept too.
// opt must have been built from a Config of the same name as h.
func Retune(opt Optimizer, h Hyper) error {
	spec, ok := Lookup(h.Name)
	if !ok {
		return fmt.Errorf("optimizers: unknown optimizer %q", h.Name)
	}
	fresh, err := spec.New(h)
	if err != nil {
		return err
	}
	dst, src := reflect.ValueOf(opt), reflect.ValueOf(fresh)
	if dst.Type() != src.Type() || dst.Kind() != reflect.Pointer {
		return fmt.Errorf("optimizers: cannot retune a %T as %s", opt, h.Name)
	}
	dst, src = dst.Elem(), src.Elem()
	optType := reflect.TypeFor[Optimizer]()
	for i := range dst.NumField() {
		f := dst.Type().Field(i)
		if !f.IsExported() {
			continue
		}
		if f.Type == optType && h.Base != nil {
			bh, err := Resolve(*h.Base)
			if err != nil {
				return err
			}
			if err := Retune(dst.Field(i).Interface().(Optimizer), bh); err != nil {
				return err
			}
			continue
		}
		dst.Field(i).Set(src.Field(i))
	}
	return nil
}
