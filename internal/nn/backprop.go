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
	dz     [][]float64 // dz[l]: dL/d(output of layer l before its activation), cap × out; the last is dL/dlogits
	dlog   []float64   // dL/dlogits
	rowl   []float64   // per-row losses, summed in row order
	par    split       // how the passes are split across goroutines (workers.go)
	parts  partPool    // the partial gradients of Gradient's chunks
	subs   workPool    // the Works of a split Evaluate's blocks
	// Evaluate's per-block loss sums and hit counts
	evalSums []float64
	evalHits []int
	// gradChunk is the rows of Gradient's chunks (0: the constant
	// gradChunk; tests lower it to sum a small batch in many chunks).
	gradChunk int
	// the operands of the pass under way, read by the split phases
	p, dst, y []float64
	st        *Stats
	update    bool
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
	w.dlog = make([]float64, w.cap*n.spec.Out)
	w.dz = make([][]float64, L)
	for i, l := range n.layers[:L-1] {
		w.dz[i] = make([]float64, w.cap*l.out)
	}
	w.dz[L-1] = w.dlog
	w.rowl = make([]float64, w.cap)
}

// Forward evaluates the loss of the m rows x (m×In) with targets y, and
// keeps what Backward needs in w. In training mode (train) batch norm
// normalises each chunk of ghost rows (ghost ≤ 0 or ≥ m: the whole
// batch) with its own mean and biased variance and, when update is set,
// moves st as BatchNorm1d applied chunk after chunk would; in evaluation
// mode it uses st. The loss is the mean over the m rows.
//
// With w's workers (Work.SetWorkers) the passes are split across
// goroutines so that every number is computed by the same operations in
// the same order as on one: rows are independent in the linear layers,
// the activations and the loss terms; batch norm is split by channel
// (each channel's statistics over all rows, in row order); the loss terms
// are summed in row order after the split.
func (n *Net) Forward(w *Work, p, x, y []float64, m int, train bool, ghost int, st *Stats, update bool) float64 {
	n.begin(w, p, x, y, m, train, ghost, st, update)
	if len(n.bnDim) == 0 {
		// Rows are independent from input to loss: one split for all of it.
		n.split(w, phForward, 0, m, n.rowWork())
	} else {
		for i, l := range n.layers {
			n.split(w, phLinear, i, m, l.in*l.out)
			if l.bn >= 0 {
				n.split(w, phNorm, i, l.out, 8*m)
			}
		}
		n.split(w, phLoss, 0, m, 8*n.spec.Out)
	}
	return w.meanLoss()
}

// begin sets w up for a pass over the m rows x with targets y.
func (n *Net) begin(w *Work, p, x, y []float64, m int, train bool, ghost int, st *Stats, update bool) {
	n.grow(w, m)
	w.m, w.train = m, train
	if ghost <= 0 || ghost > m {
		ghost = m
	}
	w.chunk = ghost
	w.a[0] = x[:m*n.spec.In]
	w.p, w.y, w.st, w.update = p, y, st, update
}

// meanLoss is the mean of the rows' loss terms, summed in row order.
func (w *Work) meanLoss() float64 {
	var sum float64
	for _, v := range w.rowl[:w.m] {
		sum += v
	}
	return sum / float64(w.m)
}

// rowWork is the multiply-adds of one row through every layer.
func (n *Net) rowWork() int {
	k := 8 * n.spec.Out
	for _, l := range n.layers {
		k += l.in * l.out
	}
	return k
}

// unitCount is the number of output units of all layers, the items of
// phGradWAll.
func (n *Net) unitCount() int {
	k := 0
	for _, l := range n.layers {
		k += l.out
	}
	return k
}

// The phases of a pass, each split over rows or over units.
const (
	phLinear   = iota // rows: z = x·Wᵀ + b, then the activation unless batch norm follows
	phNorm            // channels: batch norm, then the activation
	phLoss            // rows: loss terms and dL/dlogits
	phGradW           // output units: dW and db
	phGradA           // rows: dA of the layer below through its activation
	phNormBack        // channels: through batch norm
	phForward         // rows: every layer and the loss terms (no batch norm)
	phBackRows        // rows: dA of every layer below the last (no batch norm)
	phGradWAll        // output units of all layers: dW and db (no batch norm)
	phRows            // rows: phForward then phBackRows (no batch norm; Gradient)
)

// phase runs phase ph of layer i on the index range [lo, hi).
func (n *Net) phase(w *Work, ph, i, lo, hi int) {
	switch ph {
	case phLinear:
		n.linearRows(w, i, lo, hi)
	case phNorm:
		n.bnForward(w, i, lo, hi)
	case phLoss:
		n.lossRows(w, lo, hi)
	case phGradW:
		n.gradW(w, i, lo, hi)
	case phGradA:
		n.gradA(w, i, lo, hi)
	case phNormBack:
		n.bnBackward(w, i-1, lo, hi)
	case phForward:
		for i := range n.layers {
			n.linearRows(w, i, lo, hi)
		}
		n.lossRows(w, lo, hi)
	case phBackRows:
		for i := len(n.layers) - 1; i > 0; i-- {
			n.gradA(w, i, lo, hi)
		}
	case phRows:
		n.phase(w, phForward, 0, lo, hi)
		n.phase(w, phBackRows, 0, lo, hi)
	case phGradWAll:
		off := 0
		for i, l := range n.layers {
			if o0, o1 := max(lo-off, 0), min(hi-off, l.out); o0 < o1 {
				n.gradW(w, i, o0, o1)
			}
			off += l.out
		}
	}
}

func (n *Net) activate(v []float64) {
	if n.tanh {
		for k, x := range v {
			v[k] = math.Tanh(x)
		}
		return
	}
	for k, x := range v {
		if x < 0 {
			v[k] = 0
		}
	}
}

// linearRows computes rows [lo, hi) of layer i's output.
func (n *Net) linearRows(w *Work, i, lo, hi int) {
	l := n.layers[i]
	in, out := w.a[i], w.a[i+1]
	W, b := w.p[l.w:l.w+l.out*l.in], w.p[l.b:l.b+l.out]
	for r := lo; r < hi; r++ {
		xr := in[r*l.in : (r+1)*l.in]
		or := out[r*l.out : (r+1)*l.out]
		for o := range or {
			or[o] = dot(b[o], xr, W[o*l.in:(o+1)*l.in])
		}
		if l.hidden && l.bn < 0 {
			n.activate(or)
		}
	}
}

// bnForward normalises channels [c0, c1) of layer i's output z (m×h) in
// place into γ·x̂ + β, then applies the activation to them.
func (n *Net) bnForward(w *Work, i, c0, c1 int) {
	l := n.layers[i]
	m, h, p, st := w.m, l.out, w.p, w.st
	z := w.a[i+1][:m*h]
	g, be := p[l.g:l.g+h], p[l.be:l.be+h]
	xh, inv := w.xhat[i][:m*h], w.invstd[i]
	if !w.train {
		rm, rv := st.Mean[l.bn], st.Var[l.bn]
		for c := c0; c < c1; c++ {
			inv[c] = 1 / math.Sqrt(rv[c]+bnEps)
			for r := 0; r < m; r++ {
				v := (z[r*h+c] - rm[c]) * inv[c]
				xh[r*h+c] = v
				z[r*h+c] = n.act(g[c]*v + be[c])
			}
		}
		return
	}
	for c := c0; c < c1; c++ {
		for lo, k := 0, 0; lo < m; lo, k = lo+w.chunk, k+1 {
			hi := min(lo+w.chunk, m)
			cnt := float64(hi - lo)
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
			inv[k*h+c] = is
			for r := lo; r < hi; r++ {
				t := (z[r*h+c] - mean) * is
				xh[r*h+c] = t
				z[r*h+c] = n.act(g[c]*t + be[c])
			}
			if w.update {
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

// act is the activation of one value (what activate does to a slice).
func (n *Net) act(v float64) float64 {
	if n.tanh {
		return math.Tanh(v)
	}
	if v < 0 {
		return 0
	}
	return v
}

// lossRows writes the loss terms and dL/dlogits of rows [lo, hi).
func (n *Net) lossRows(w *Work, lo, hi int) {
	K := n.spec.Out
	z := w.a[len(n.layers)]
	d, y := w.dlog, w.y
	fm := float64(w.m)
	if n.mse {
		for r := lo; r < hi; r++ {
			e := z[r] - y[r]
			w.rowl[r] = e * e
			d[r] = 2 * e / fm
		}
		return
	}
	for r := lo; r < hi; r++ {
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
		w.rowl[r] = lse - zr[c]
		for k := range dr {
			dr[k] /= se * fm
		}
		dr[c] -= 1 / fm
	}
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
// p into dst, through batch norm in the mode Forward ran in. Split as
// Forward is: dW and db by output unit (each a sum over the rows in row
// order), dA by row, batch norm by channel.
func (n *Net) Backward(w *Work, dst, p []float64) {
	m := w.m
	w.p, w.dst = p, dst
	if len(n.bnDim) == 0 {
		// dA is row by row through every layer, then dW and db unit by
		// unit: two splits a pass.
		if len(n.layers) > 1 {
			n.split(w, phBackRows, 0, m, n.rowWork())
		}
		n.split(w, phGradWAll, 0, n.unitCount(), max(n.n/n.unitCount(), 1)*m)
		return
	}
	for i := len(n.layers) - 1; i >= 0; i-- {
		l := n.layers[i]
		n.split(w, phGradW, i, l.out, m*l.in)
		if i == 0 {
			return
		}
		n.split(w, phGradA, i, m, l.in*l.out)
		if below := n.layers[i-1]; below.bn >= 0 {
			n.split(w, phNormBack, i, below.out, 8*m)
		}
	}
}

// gradW writes dW and db of layer i's output units [o0, o1). For dW rows
// are the outer loop, so that the block's dW (o1-o0 rows of In) stays in
// cache while each input row is read once; db is summed apart, unit by
// unit in a register, because its entries of two blocks share cache lines
// that stores on every row would pass back and forth between the cores.
// Every entry is still a sum over the rows in row order, so the bits do
// not depend on the loop order or on how the units are split.
func (n *Net) gradW(w *Work, i, o0, o1 int) {
	l := n.layers[i]
	in, dz := w.a[i], w.dz[i]
	dW, db := w.dst[l.w+o0*l.in:l.w+o1*l.in], w.dst[l.b+o0:l.b+o1]
	for k := range dW {
		dW[k] = 0
	}
	for r := 0; r < w.m; r++ {
		xr := in[r*l.in : (r+1)*l.in]
		for j, g := range dz[r*l.out+o0 : r*l.out+o1] {
			if g == 0 {
				continue
			}
			axpy(g, xr, dW[j*l.in:(j+1)*l.in])
		}
	}
	for j := range db {
		var s float64
		for r := 0; r < w.m; r++ {
			s += dz[r*l.out+o0+j]
		}
		db[j] = s
	}
}

// gradA writes rows [lo, hi) of dA below layer i (dz·W), through the
// activation of the layer below.
func (n *Net) gradA(w *Work, i, lo, hi int) {
	l := n.layers[i]
	W := w.p[l.w : l.w+l.out*l.in]
	act, dz, da := w.a[i], w.dz[i], w.dz[i-1]
	for r := lo; r < hi; r++ {
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
}

// bnBackward turns channels [c0, c1) of dY (w.dz[i], m×h, in place) of
// layer i into dZ and writes their dγ, dβ.
func (n *Net) bnBackward(w *Work, i, c0, c1 int) {
	l := n.layers[i]
	m, h, dy := w.m, l.out, w.dz[i]
	g := w.p[l.g : l.g+h]
	dg, dbe := w.dst[l.g:l.g+h], w.dst[l.be:l.be+h]
	xh, inv := w.xhat[i][:m*h], w.invstd[i]
	for c := c0; c < c1; c++ {
		var sg, sb float64
		for r := 0; r < m; r++ {
			sg += dy[r*h+c] * xh[r*h+c]
			sb += dy[r*h+c]
		}
		dg[c], dbe[c] = sg, sb
		if !w.train {
			for r := 0; r < m; r++ {
				dy[r*h+c] *= g[c] * inv[c]
			}
			continue
		}
		for lo, k := 0, 0; lo < m; lo, k = lo+w.chunk, k+1 {
			hi := min(lo+w.chunk, m)
			cnt := float64(hi - lo)
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
