package optimizers

import "reflect"

// A StateSizer reports the bytes of state its Init allocated. It is
// optional: StateBytesOf counts an optimizer's slices when it is absent.
type StateSizer interface {
	StateBytes() int
}

// StateBytesOf returns the bytes of o's state after Init: StateBytes when
// o is a StateSizer, else the capacity of every slice reachable from o
// (through pointers, structs and arrays; newton's Hessian in its
// *mat.SymDense counts), times its element size. Counting what Init
// really allocated, rather than a formula per method, keeps the number
// true when a method's state changes.
func StateBytesOf(o Optimizer) int {
	if s, ok := o.(StateSizer); ok {
		return s.StateBytes()
	}
	return sliceBytes(reflect.ValueOf(o), map[uintptr]bool{})
}

// sliceBytes sums the backing arrays reachable from v, each counted once.
func sliceBytes(v reflect.Value, seen map[uintptr]bool) int {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return 0
		}
		if v.Kind() == reflect.Pointer {
			if seen[v.Pointer()] {
				return 0
			}
			seen[v.Pointer()] = true
		}
		return sliceBytes(v.Elem(), seen)
	case reflect.Struct:
		total := 0
		for i := 0; i < v.NumField(); i++ {
			total += sliceBytes(v.Field(i), seen)
		}
		return total
	case reflect.Array:
		total := 0
		for i := 0; i < v.Len(); i++ {
			total += sliceBytes(v.Index(i), seen)
		}
		return total
	case reflect.Slice:
		if v.IsNil() || v.Cap() == 0 || seen[v.Pointer()] {
			return 0
		}
		seen[v.Pointer()] = true
		total := v.Cap() * int(v.Type().Elem().Size())
		for i := 0; i < v.Len(); i++ { // slices of structs or slices
			if k := v.Type().Elem().Kind(); k == reflect.Struct || k == reflect.Slice || k == reflect.Pointer {
				total += sliceBytes(v.Index(i), seen)
			}
		}
		return total
	}
	return 0
}
