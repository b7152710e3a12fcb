package cli

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/pflag"
)

// progressDelay is how long work runs before a bar appears: work that
// ends sooner leaves stderr as it was, so short commands stay quiet.
const progressDelay = time.Second

// addProgressFlag declares --progress on run and compare.
func addProgressFlag(fs *pflag.FlagSet, p *bool) {
	fs.BoolVar(p, "progress", false, "show a progress bar on stderr even when it is not a terminal, at once (by default: on a terminal, for work longer than a second)")
}

// A progress shows the steps done by the runs of one command as a bar with
// an ETA on stderr. The lab only counts (lab.Options.Progress); this polls
// the count, so the engine knows nothing of terminals.
type progress struct {
	done    atomic.Int64
	total   int64
	stop    chan struct{}
	stopped sync.WaitGroup
}

// startProgress returns the counter the runs advance and a function that
// ends the bar, or (nil, no-op) when no bar is to be shown: stderr is not
// a terminal and force (--progress) is off, or quiet is on and force off.
// Without force the bar waits progressDelay, so that work of less than
// about a second shows nothing.
func startProgress(ios *IOStreams, total int64, force, quiet bool) (*atomic.Int64, func()) {
	tty := ios.ErrIsTerminal()
	if total <= 0 || (!force && (quiet || !tty)) {
		return nil, func() {}
	}
	p := &progress{total: total, stop: make(chan struct{})}
	delay := progressDelay
	if force {
		delay = 0
	}
	p.stopped.Add(1)
	go p.show(ios, tty, delay)
	var once sync.Once
	return &p.done, func() {
		once.Do(func() {
			close(p.stop)
			p.stopped.Wait()
		})
	}
}

func (p *progress) show(ios *IOStreams, tty bool, delay time.Duration) {
	defer p.stopped.Done()
	start := time.Now()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	var bar *progressbar.ProgressBar
	figures := false
	for {
		select {
		case <-p.stop:
			if bar != nil {
				_ = bar.Finish()
				if !tty {
					_, _ = ios.Err.Write([]byte("\n")) // a log keeps the last line
				}
			}
			return
		case <-tick.C:
		}
		done := p.done.Load()
		if bar == nil {
			if time.Since(start) < delay || (delay > 0 && done >= p.total) {
				continue // short work, or only the figures are left
			}
			bar = newBar(ios, p.total, tty)
		}
		_ = bar.Set64(done)
		if done >= p.total && !figures {
			figures = true
			bar.Describe("drawing figures")
		}
	}
}

func newBar(ios *IOStreams, total int64, tty bool) *progressbar.ProgressBar {
	opts := []progressbar.Option{
		progressbar.OptionSetWriter(ios.Err),
		progressbar.OptionSetDescription("running"),
		progressbar.OptionSetWidth(30),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("steps"),
		progressbar.OptionSetPredictTime(true), // the ETA
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionThrottle(100 * time.Millisecond),
	}
	if tty {
		// On a terminal the bar is redrawn in place and cleared at the end,
		// so the "wrote … files" line follows on a clean line.
		opts = append(opts, progressbar.OptionClearOnFinish(), progressbar.OptionUseANSICodes(true), progressbar.OptionSetRenderBlankState(true))
	} else {
		opts = append(opts, progressbar.OptionThrottle(time.Second))
	}
	return progressbar.NewOptions64(total, opts...)
}
