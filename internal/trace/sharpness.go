package trace

// Sharpness is summary.json's account of how sharp a run's end point is
// (internal/sharpness): the values, and how each was computed. A value
// that could not be computed (no Hessian products, a non-finite loss) is
// null.
type Sharpness struct {
	// On says what loss was measured ("train, eval mode" for a network).
	On        string   `json:"on,omitempty"`
	Loss      *float64 `json:"loss"`
	LambdaMax *float64 `json:"lambda_max"`
	// LambdaMethod is "exact" (EigenSym) or "lanczos", with its
	// iterations (Hessian-vector products) and residual ‖Hv − λv‖.
	LambdaMethod string   `json:"lambda_max_method,omitempty"`
	Iterations   int      `json:"lanczos_iterations,omitempty"`
	Residual     *float64 `json:"lanczos_residual,omitempty"`
	Trace        *float64 `json:"trace"`
	// TraceMethod is "exact", "diagonal" (n products) or "hutchinson"
	// with its sample count.
	TraceMethod string   `json:"trace_method,omitempty"`
	Samples     int      `json:"hutchinson_samples,omitempty"`
	SAM         *float64 `json:"sam"`
	Rho         float64  `json:"rho"`
	Keskar      *float64 `json:"keskar"`
	Epsilon     float64  `json:"epsilon"`
	Restarts    int      `json:"restarts"`
	AscentSteps int      `json:"ascent_steps"`
}
