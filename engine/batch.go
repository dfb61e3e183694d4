package engine

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
	"github.com/shopspring/decimal"
)

// Score is what ranking needs of one result, without its audit: small,
// so that a batch of a million subjects holds a million scores and no
// audit trails. Batch returns one per subject scored, Result.Score makes
// one, and Rank ranks them. (It was called Summary, a name that clashed
// with Explanation.Summary, the sentences that sum a result up; its JSON
// is unchanged.)
type Score struct {
	Subject evidence.Subject `json:"subject"`
	Period  string           `json:"period"`
	Total   Points           `json:"total"`
	Tier    string           `json:"tier"`
	Vetoes  []string         `json:"vetoes,omitempty"`
	// NotAssessed: the scheme does not assess the subject; Rank leaves it
	// out.
	NotAssessed bool `json:"not_assessed,omitempty"`
	// Pending are the vetoes awaiting their decision (Result.Pending).
	Pending []string `json:"pending,omitempty"`
	// Keys are the points of the ranking's tie-break sections or
	// indicators, in its order.
	Keys []Points `json:"keys,omitempty"`
	// Carry is the figure a computed carry passes to the next period.
	Carry *Points `json:"carry,omitempty"`
	// Deducted lists the indicators with a repeated rule that lost points.
	Deducted []string `json:"deducted,omitempty"`
	// Splits are the points of the sections and indicators quotas split
	// ties by (quota.split_by), by id.
	Splits map[string]Points `json:"splits,omitempty"`
}

// Score returns what Rank needs of r, which s computed: its total, tier
// and vetoes, and the points of s's tie-break keys and quota splits.
func (r *Result) Score(s *scheme.Scheme) Score {
	sum := Score{Subject: r.Subject, Period: r.Period, Total: r.Total, Tier: r.Tier, NotAssessed: r.NotAssessed != nil}
	for _, v := range r.Vetoes {
		sum.Vetoes = append(sum.Vetoes, v.ID)
	}
	for _, v := range r.Pending {
		sum.Pending = append(sum.Pending, v.ID)
	}
	tb := s.Ranking().TieBreak
	if len(tb) == 0 {
		summarizePatterns(s, r, &sum)
		return sum
	}
	weight := make(map[string]decimal.Decimal, len(r.Rounds))
	for _, rd := range r.Rounds {
		weight[rd.ID] = rd.Weight.Decimal()
	}
	sum.Keys = make([]Points, 0, len(tb))
	for _, k := range tb {
		v := decimal.Zero
		add := func(round string, p decimal.Decimal) {
			if w, ok := weight[round]; ok {
				p = p.Mul(w)
			}
			v = v.Add(p)
		}
		if k.Section != "" {
			for _, sec := range r.Sections {
				if sec.ID == k.Section {
					add(sec.Round, sec.Points.Decimal())
				}
			}
		} else {
			for _, ind := range r.Indicators {
				if ind.ID == k.Indicator {
					add(ind.Round, ind.Points.Decimal())
				}
			}
		}
		sum.Keys = append(sum.Keys, NewPoints(v))
	}
	summarizePatterns(s, r, &sum)
	return sum
}

// BatchOptions tunes a batch.
type BatchOptions struct {
	Options
	// Workers is the number of subjects scored at once (default
	// GOMAXPROCS).
	Workers int
	// Progress, when set, is called after each item comes back, scored or
	// not, with the number back so far: 1, 2, 3, …. Like emit, it is never
	// called concurrently; it should return quickly (a host shows a
	// counter, or sends a heartbeat every thousand items).
	Progress func(done int)
	// ReuseResults lets Batch write a later item's result into the memory
	// of a result once emit has returned with it: the *Result emit gets,
	// and everything it holds (its strings, slices, maps, audit), is then valid
	// only until emit returns. A host that keeps any part of it past that
	// copies it first (its JSON, or Score). It saves a result's
	// allocations, and the collector's work, for a host that writes each
	// result out as it comes. Without it, a result emitted never shares
	// memory with another, and a host may keep it. With a nil emit,
	// results are never handed out and always reused.
	ReuseResults bool
}

// ItemError is an item of a batch that was not scored: its place in the
// stream (from 0), its subject and period when it has them, and why.
type ItemError struct {
	Index   int
	Subject string
	Period  string
	Err     error
}

func (e *ItemError) Error() string {
	var named *Error
	var bad *scheme.EvidenceError
	var dup *DuplicateEvidenceError
	switch {
	case e.Subject == "":
		return fmt.Sprintf("evidence[%d]: %v", e.Index, e.Err)
	case errors.As(e.Err, &named), errors.As(e.Err, &bad), errors.As(e.Err, &dup):
		return e.Err.Error() // it names the subject and period already
	}
	return fmt.Sprintf("subject %s, period %s: %v", e.Subject, e.Period, e.Err)
}

func (e *ItemError) Unwrap() error { return e.Err }

// BatchError lists the items of a batch that were not scored, in stream
// order, when Batch has no emit to hand them to.
type BatchError struct {
	Items []*ItemError
}

func (e *BatchError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d items not scored", len(e.Items))
	for _, it := range e.Items {
		b.WriteString("\n  ")
		b.WriteString(strings.ReplaceAll(it.Error(), "\n", "\n  "))
	}
	return b.String()
}

func (e *BatchError) Unwrap() []error {
	out := make([]error, len(e.Items))
	for i, it := range e.Items {
		out[i] = it
	}
	return out
}

// ErrPanic is wrapped by the error of an item whose evaluation panicked:
// a bug, reported for that item rather than crashing the host.
var ErrPanic = errors.New("evaluation panicked")

// Batch scores every evidence evs yields with s, Workers at a time. Each
// result (or error) goes to emit in the order evs yields the items, as
// soon as it and every item before it are made; emit is never called
// concurrently, so it may write to a file or a database without locking.
// What Batch keeps is one Score per subject and period scored, sorted by
// subject id and period, for Rank: memory grows with the scores only.
//
// Every item evs yields comes back exactly once: as a result, or as an
// *ItemError naming its subject and period, or its index in the stream
// when it has none (a nil evidence, an error evs yields for a file that
// does not decode). A second evidence for a subject and period already
// given is not scored: its error wraps a *DuplicateEvidenceError naming
// both indices. An item that fails does not stop the batch. With a nil
// emit, Batch returns the scores of the items scored and, when any
// failed, a *BatchError listing them all. Batch returns early only when
// ctx is done, with ctx's error, or when the overrides in opts.Params do
// not apply to s, before scoring anything.
func Batch(ctx context.Context, s *scheme.Scheme, evs iter.Seq2[*evidence.Evidence, error], opts BatchOptions, emit func(*Result, error)) ([]Score, error) {
	sc, err := BatchScores(ctx, s, evs, opts, emit)
	if sc == nil || sc.Len() == 0 {
		return nil, err
	}
	return sc.Slice(), err
}

// BatchScores is Batch keeping the scores compactly, for RankScores: a
// score takes about 44 bytes besides its subject's id and name, where a
// Score takes 232. It is what a host scoring hundreds of thousands of
// subjects calls.
func BatchScores(ctx context.Context, s *scheme.Scheme, evs iter.Seq2[*evidence.Evidence, error], opts BatchOptions, emit func(*Result, error)) (*Scores, error) {
	if len(opts.Params) > 0 {
		var err error
		if s, err = s.WithParams(opts.Params); err != nil {
			return nil, err
		}
		opts.Params = nil
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	p := newBatchPipe(workers)
	go p.produce(ctx, evs)
	// The results emitted, when the host is done with them (ReuseResults,
	// or no emit): handed back to the workers once emit has returned, the
	// channel ordering the host's last read before the worker's first
	// write.
	var spare chan *Result
	if opts.ReuseResults || emit == nil {
		spare = make(chan *Result, p.window*maxChunk)
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.work(func(it *batchItem) batchOutcome {
				o := opts.Options
				select {
				case o.reuse = <-spare: // nil spare: never ready
				default:
				}
				return score(ctx, s, it.index, it.ev, it.err, o)
			})
		}()
	}
	go func() {
		wg.Wait()
		close(p.done)
	}()
	sums := &Scores{}
	var failed []*ItemError
	received := 0
	// The chunks come back in any order; they are emitted in the order
	// they were filled, each held in its place in pending until the chunks
	// before it are out.
	pending := make([]*batchChunk, p.window)
	next := 0
	for c := range p.done {
		if ctx.Err() != nil {
			break
		}
		pending[c.seq%len(pending)] = c
		for {
			c := pending[next%len(pending)]
			if c == nil || c.seq != next {
				break
			}
			pending[next%len(pending)] = nil
			next++
			for i := range c.items {
				if ctx.Err() != nil {
					return nil, ctx.Err()
				}
				o := &c.out[i]
				received++
				if o.err != nil {
					if emit != nil {
						emit(nil, o.err)
					} else {
						failed = append(failed, o.err)
					}
				} else {
					if emit != nil {
						emit(o.r, nil)
					}
					sums.Add(o.sum)
					if spare != nil {
						select {
						case spare <- o.r:
						default: // enough spare already
						}
					}
				}
				if opts.Progress != nil {
					opts.Progress(received)
				}
			}
			p.recycle(c)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if p.streamErr != nil {
		return nil, p.streamErr
	}
	if received != p.produced {
		return nil, fmt.Errorf("batch: %d items given, %d came back", p.produced, received)
	}
	sums.sortByID()
	if len(failed) > 0 {
		slices.SortFunc(failed, func(a, b *ItemError) int { return a.Index - b.Index })
		return sums, &BatchError{Items: failed}
	}
	return sums, nil
}

// batchOutcome is one item of a batch scored: a result or its error.
type batchOutcome struct {
	r   *Result
	sum Score
	err *ItemError
}

// score evaluates one item of a batch and sums it up for Rank; whatever
// goes wrong, a panic included, comes back as an *ItemError naming the
// item. An item scored allocates nothing here besides its result and
// score.
func score(ctx context.Context, s *scheme.Scheme, index int, ev *evidence.Evidence, err error, opts Options) (o batchOutcome) {
	defer func() {
		if p := recover(); p != nil {
			o = batchOutcome{err: itemError(index, ev, fmt.Errorf("%w: %v", ErrPanic, p))}
		}
	}()
	if err == nil {
		var r *Result
		if r, err = Evaluate(ctx, s, ev, opts); err == nil {
			// Summed up here, on the worker's core, not by the one
			// goroutine that emits.
			return batchOutcome{r: r, sum: r.Score(s)}
		}
	}
	return batchOutcome{err: itemError(index, ev, err)}
}

func itemError(index int, ev *evidence.Evidence, err error) *ItemError {
	item := &ItemError{Index: index, Err: err}
	if ev != nil {
		item.Subject, item.Period = ev.Subject.ID, ev.Period
	}
	return item
}
