package nn

import "math"

// A Work holds the forward values of one batch and the buffers of its
// backward pass. It grows to the largest batch it is given and then
// allocates nothing; it belongs to one goroutine.
type Work struct {
	cap    int
	m      int
	a      [][]float64 // a[0] the input batch (not owned), a[l+1] the output of layer l (activations; logits for the last)
	xhat   [][]float64 // per hidden layer with batch norm: the normalised values
	invstd [][]float64 // per hidden layer with batch norm: 1/√(var+eps) per chunk and channel
	chunk  int         // rows per normalisation chunk (the ghost batch)
	train  bool
	d1, d2 []float64 // backward buffers, cap × width
	dlog   []float64 // dL/dlogits
}

func (n *Net) grow(w *Work, m int) {
	if m <= w.cap && w.a != nil {
		return
	}
	w.cap = max(m, w.cap)
	L := len(n.layers)
	w.a = make([][]float64, L+1)
	w.xhat = make([][]float64, L)
	w.invstd = make([][]float64, L)
	for i, l := range n.layers {
		w.a[i+1] = make([]float64, w.cap*l.out)
		if l.bn >= 0 {
			w.xhat[i] = make([]float64, w.cap*l.out)
			w.invstd[i] = make([]float64, w.cap*l.out) // at most one chunk per row
		}
	}
	w.d1 = make([]float64, w.cap*n.width)
	w.d2 = make([]float64, w.cap*n.width)
	w.dlog = make([]float64, w.cap*n.spec.Out)
}

// Forward evaluates the loss of the m rows x (m×In) with targets y, and
// keeps what Backward needs in w. In training mode (train) batch norm
// normalises each chunk of ghost rows (ghost ≤ 0 or ≥ m: the whole
// batch) with its own mean and biased variance and, when update is set,
// moves st as BatchNorm1d applied chunk after chunk would; in evaluation
// mode it uses st. The loss is the mean over the m rows.
func (n *Net) Forward(w *Work, p, x, y []float64, m int, train bool, ghost int, st *Stats, update bool) float64 {
	n.grow(w, m)
	w.m, w.train = m, train
	if ghost <= 0 || ghost > m {
		ghost = m
	}
	w.chunk = ghost
	w.a[0] = x[:m*n.spec.In]
	for i, l := range n.layers {
		in, out := w.a[i], w.a[i+1][:m*l.out]
		W, b := p[l.w:l.w+l.out*l.in], p[l.b:l.b+l.out]
		for r := 0; r < m; r++ {
			xr := in[r*l.in : (r+1)*l.in]
			or := out[r*l.out : (r+1)*l.out]
			for o := range or {
				or[o] = dot(b[o], xr, W[o*l.in:(o+1)*l.in])
			}
		}
		if !l.hidden {
			break
		}
		if l.bn >= 0 {
			n.bnForward(w, i, l, p, out, m, st, update)
		}
		if n.tanh {
			for k, v := range out {
				out[k] = math.Tanh(v)
			}
		} else {
			for k, v := range out {
				if v < 0 {
					out[k] = 0
				}
			}
		}
	}
	return n.loss(w, y, m)
}

// bnForward normalises z (m×h) in place into γ·x̂ + β.
func (n *Net) bnForward(w *Work, i int, l layer, p, z []float64, m int, st *Stats, update bool) {
	h := l.out
	g, be := p[l.g:l.g+h], p[l.be:l.be+h]
	xh, inv := w.xhat[i][:m*h], w.invstd[i]
	if !w.train {
		rm, rv := st.Mean[l.bn], st.Var[l.bn]
		for c := 0; c < h; c++ {
			inv[c] = 1 / math.Sqrt(rv[c]+bnEps)
		}
		for r := 0; r < m; r++ {
			for c := 0; c < h; c++ {
				v := (z[r*h+c] - rm[c]) * inv[c]
				xh[r*h+c] = v
				z[r*h+c] = g[c]*v + be[c]
			}
		}
		return
	}
	for lo, k := 0, 0; lo < m; lo, k = lo+w.chunk, k+1 {
		hi := min(lo+w.chunk, m)
		cnt := float64(hi - lo)
		ik := inv[k*h : (k+1)*h]
		for c := 0; c < h; c++ {
			var mean float64
			for r := lo; r < hi; r++ {
				mean += z[r*h+c]
			}
			mean /= cnt
			var vs float64
			for r := lo; r < hi; r++ {
				d := z[r*h+c] - mean
				vs += d * d
			}
			v := vs / cnt
			is := 1 / math.Sqrt(v+bnEps)
			ik[c] = is
			for r := lo; r < hi; r++ {
				t := (z[r*h+c] - mean) * is
				xh[r*h+c] = t
				z[r*h+c] = g[c]*t + be[c]
			}
			if update {
				unb := v
				if hi-lo > 1 {
					unb = vs / (cnt - 1)
				}
				st.Mean[l.bn][c] = (1-bnMomentum)*st.Mean[l.bn][c] + bnMomentum*mean
				st.Var[l.bn][c] = (1-bnMomentum)*st.Var[l.bn][c] + bnMomentum*unb
			}
		}
	}
}

// loss is the mean loss of the logits in w and dL/dlogits in w.dlog.
func (n *Net) loss(w *Work, y []float64, m int) float64 {
	K := n.spec.Out
	z := w.a[len(n.layers)][:m*K]
	d := w.dlog[:m*K]
	fm := float64(m)
	var sum float64
	if n.mse {
		for r := 0; r < m; r++ {
			e := z[r] - y[r]
			sum += e * e
			d[r] = 2 * e / fm
		}
		return sum / fm
	}
	for r := 0; r < m; r++ {
		zr, dr := z[r*K:(r+1)*K], d[r*K:(r+1)*K]
		mx := zr[0]
		for _, v := range zr[1:] {
			mx = max(mx, v)
		}
		var se float64
		for k, v := range zr {
			e := math.Exp(v - mx)
			dr[k] = e
			se += e
		}
		lse := mx + math.Log(se)
		c := int(y[r])
		sum += lse - zr[c]
		for k := range dr {
			dr[k] /= se * fm
		}
		dr[c] -= 1 / fm
	}
	return sum / fm
}

// Correct counts the rows of the last Forward whose largest logit is
// their class (the first largest, as torch.argmax).
func (n *Net) Correct(w *Work, y []float64) int {
	K := n.spec.Out
	z := w.a[len(n.layers)]
	cnt := 0
	for r := 0; r < w.m; r++ {
		zr := z[r*K : (r+1)*K]
		best := 0
		for k, v := range zr {
			if v > zr[best] {
				best = k
			}
		}
		if best == int(y[r]) {
			cnt++
		}
	}
	return cnt
}

// Logits are the outputs of the last Forward (m×Out, valid until the next).
func (n *Net) Logits(w *Work) []float64 { return w.a[len(n.layers)][:w.m*n.spec.Out] }

// Backward writes the gradient of the last Forward's loss with respect to
// p into dst, through batch norm in the mode Forward ran in.
func (n *Net) Backward(w *Work, dst, p []float64) {
	m := w.m
	dz := w.dlog[:m*n.spec.Out]
	for i := len(n.layers) - 1; i >= 0; i-- {
		l := n.layers[i]
		in := w.a[i]
		dW, db := dst[l.w:l.w+l.out*l.in], dst[l.b:l.b+l.out]
		for k := range dW {
			dW[k] = 0
		}
		for k := range db {
			db[k] = 0
		}
		for r := 0; r < m; r++ {
			dr := dz[r*l.out : (r+1)*l.out]
			xr := in[r*l.in : (r+1)*l.in]
			for o, g := range dr {
				db[o] += g
				if g == 0 {
					continue
				}
				axpy(g, xr, dW[o*l.in:(o+1)*l.in])
			}
		}
		if i == 0 {
			return
		}
		// dA of the layer below: dz·W, then through its activation.
		below := n.layers[i-1]
		buf := w.d1
		if &dz[0] == &w.d1[0] {
			buf = w.d2
		}
		da := buf[:m*l.in]
		W := p[l.w : l.w+l.out*l.in]
		act := w.a[i]
		for r := 0; r < m; r++ {
			ar := da[r*l.in : (r+1)*l.in]
			for k := range ar {
				ar[k] = 0
			}
			for o, g := range dz[r*l.out : (r+1)*l.out] {
				if g == 0 {
					continue
				}
				axpy(g, W[o*l.in:(o+1)*l.in], ar)
			}
			yr := act[r*l.in : (r+1)*l.in]
			if n.tanh {
				for k, v := range yr {
					ar[k] *= 1 - v*v
				}
			} else {
				for k, v := range yr {
					if v <= 0 {
						ar[k] = 0
					}
				}
			}
		}
		if below.bn >= 0 {
			n.bnBackward(w, i-1, below, p, dst, da, m)
		}
		dz = da
	}
}

// bnBackward turns dY (m×h, in place) into dZ and writes dγ, dβ.
func (n *Net) bnBackward(w *Work, i int, l layer, p, dst, dy []float64, m int) {
	h := l.out
	g := p[l.g : l.g+h]
	dg, dbe := dst[l.g:l.g+h], dst[l.be:l.be+h]
	xh, inv := w.xhat[i][:m*h], w.invstd[i]
	for c := 0; c < h; c++ {
		var sg, sb float64
		for r := 0; r < m; r++ {
			sg += dy[r*h+c] * xh[r*h+c]
			sb += dy[r*h+c]
		}
		dg[c], dbe[c] = sg, sb
	}
	if !w.train {
		for r := 0; r < m; r++ {
			for c := 0; c < h; c++ {
				dy[r*h+c] *= g[c] * inv[c]
			}
		}
		return
	}
	for lo, k := 0, 0; lo < m; lo, k = lo+w.chunk, k+1 {
		hi := min(lo+w.chunk, m)
		cnt := float64(hi - lo)
		for c := 0; c < h; c++ {
			var s1, s2 float64 // Σ dx̂ and Σ dx̂·x̂ over the chunk
			for r := lo; r < hi; r++ {
				dx := dy[r*h+c] * g[c]
				s1 += dx
				s2 += dx * xh[r*h+c]
			}
			f := inv[k*h+c] / cnt
			for r := lo; r < hi; r++ {
				dx := dy[r*h+c] * g[c]
				dy[r*h+c] = f * (cnt*dx - s1 - xh[r*h+c]*s2)
			}
		}
	}
}
