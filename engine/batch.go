package engine

import (
	"context"
	"iter"
	"runtime"
	"sort"
	"sync"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/scheme"
	"github.com/shopspring/decimal"
)

// Summary is what ranking needs of one result: small, so that a batch of a
// million subjects holds a million summaries and no audit trails.
type Summary struct {
	Subject evidence.Subject `json:"subject"`
	Period  string           `json:"period"`
	Total   Points           `json:"total"`
	Tier    string           `json:"tier"`
	Vetoes  []string         `json:"vetoes,omitempty"`
	// Keys are the points of the ranking's tie-break sections or
	// indicators, in its order.
	Keys []Points `json:"keys,omitempty"`
}

// Summarize returns the summary of r under s.
func Summarize(s *scheme.Scheme, r *Result) Summary {
	sum := Summary{Subject: r.Subject, Period: r.Period, Total: r.Total, Tier: r.Tier}
	for _, v := range r.Vetoes {
		sum.Vetoes = append(sum.Vetoes, v.ID)
	}
	weight := map[string]decimal.Decimal{}
	for _, rd := range r.Rounds {
		weight[rd.ID] = rd.Weight.d
	}
	for _, k := range s.Ranking().TieBreak {
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
					add(sec.Round, sec.Points.d)
				}
			}
		} else {
			for _, ind := range r.Indicators {
				if ind.ID == k.Indicator {
					add(ind.Round, ind.Points.d)
				}
			}
		}
		sum.Keys = append(sum.Keys, P(v))
	}
	return sum
}

// BatchOptions tunes a batch.
type BatchOptions struct {
	Options
	// Workers is the number of subjects scored at once (default
	// GOMAXPROCS).
	Workers int
}

// Batch scores every evidence evs yields with s, Workers at a time. Each
// result (or error) goes to emit as soon as it is made; emit is never
// called concurrently, so it may write to a file or a database without
// locking, and results arrive in no particular order. What Batch keeps is
// one Summary per subject scored, sorted by subject id, for Rank: memory
// grows with the summaries only.
//
// A subject that fails, or an error evs yields (a file that does not
// decode), goes to emit with a nil result and the batch goes on. Batch
// returns early only when ctx is done, with ctx's error.
func Batch(ctx context.Context, s *scheme.Scheme, evs iter.Seq2[*evidence.Evidence, error], opts BatchOptions, emit func(*Result, error)) ([]Summary, error) {
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
	type job struct {
		ev  *evidence.Evidence
		err error
	}
	type outcome struct {
		r   *Result
		err error
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan job, workers*4)
	out := make(chan outcome, workers*4)
	go func() {
		defer close(jobs)
		for ev, err := range evs {
			select {
			case jobs <- job{ev, err}:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				o := outcome{err: j.err}
				if j.err == nil {
					o.r, o.err = Evaluate(ctx, s, j.ev, opts.Options)
				}
				select {
				case out <- o:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	var sums []Summary
	for o := range out {
		if ctx.Err() != nil {
			break
		}
		if emit != nil {
			emit(o.r, o.err)
		}
		if o.err == nil {
			sums = append(sums, Summarize(s, o.r))
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sort.Slice(sums, func(i, j int) bool { return sums[i].Subject.ID < sums[j].Subject.ID })
	return sums, nil
}
