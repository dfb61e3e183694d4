package engine

import (
	"context"
	"fmt"
	"iter"
	"sync"

	"github.com/branchscore/branchscore/evidence"
)

// How a batch moves its items: the goroutine that reads the stream puts
// them into chunks of up to maxChunk items; a worker takes a full chunk,
// or, with nothing else to do, the one being filled as it is, scores its
// items into it and hands it back; the caller's goroutine emits the
// chunks in the order they were filled and puts them back to be filled
// again. When the workers are busy a chunk fills up: a lock and a channel
// operation a chunk, not a channel operation and a goroutine woken an
// item; nothing is allocated an item besides its result and score. When
// the stream is slow, the workers take the items one by one as they come.
//
// A fixed number of chunks go round (window), so the results waiting for
// an earlier, slower chunk to come back are bounded, and so is the memory
// they hold: window × maxChunk results at most.

// maxChunk is the most items a chunk carries: enough that handing it over
// costs nothing beside scoring its items, few enough that the results
// held back for the order stay a few megabytes.
const maxChunk = 16

// batchItem is an item of the stream: its place, and the evidence or the
// error the stream yielded.
type batchItem struct {
	index int
	ev    *evidence.Evidence
	err   error
}

// batchChunk is a run of consecutive items and, once scored, their
// outcomes (out[i] for items[i]).
type batchChunk struct {
	seq   int // the chunk's place among the chunks filled, from 0
	items []batchItem
	out   []batchOutcome
}

type batchPipe struct {
	window int              // chunks that go round
	made   int              // chunks made so far (by produce only)
	free   chan *batchChunk // chunks emitted, to be filled again
	done   chan *batchChunk // has room for every chunk: a worker never waits on it

	// The chunks ready for a worker: full ones, and the one being filled,
	// which a worker with nothing else to do takes as it is, so that an
	// item never waits for the stream to yield the next (a slow stream, or
	// one that waits for emit, is scored item by item).
	mu      sync.Mutex
	wake    sync.Cond // a chunk is ready, or the stream has ended
	ready   []*batchChunk
	filling *batchChunk
	ended   bool

	// Written by produce before it ends the stream, read after done is
	// closed: the lock and the close order the two.
	produced  int
	streamErr error
}

func newBatchPipe(workers int) *batchPipe {
	n := 2*workers + 2
	p := &batchPipe{window: n, free: make(chan *batchChunk, n), done: make(chan *batchChunk, n)}
	p.wake.L = &p.mu
	return p
}

// take returns a chunk to fill: one emitted, or a new one while fewer
// than window are made, or, when all are out, the first to come back;
// nil when ctx is done first.
func (p *batchPipe) take(ctx context.Context) *batchChunk {
	select {
	case c := <-p.free:
		return c
	default:
	}
	if p.made < p.window {
		p.made++
		return &batchChunk{items: make([]batchItem, 0, maxChunk)}
	}
	select {
	case c := <-p.free:
		return c
	case <-ctx.Done():
		return nil
	}
}

// produce reads the stream into chunks for the workers, refusing a second
// item for a subject and period, until the stream ends, panics or ctx is
// done.
func (p *batchPipe) produce(ctx context.Context, evs iter.Seq2[*evidence.Evidence, error]) {
	defer func() {
		if r := recover(); r != nil {
			p.streamErr = fmt.Errorf("the evidence stream panicked after %d items: %v", p.produced, r)
		}
		p.mu.Lock()
		p.ended = true
		p.mu.Unlock()
		p.wake.Broadcast()
	}()
	seq := 0
	seen := newSeenItems()
	for ev, err := range evs {
		it := batchItem{index: p.produced, ev: ev, err: err}
		if err == nil && ev != nil {
			if first, dup := seen.add(ev.Subject.ID, ev.Period, it.index); dup {
				it.err = &DuplicateEvidenceError{Subject: ev.Subject.ID, Period: ev.Period, First: first, Second: it.index}
			}
		}
		p.mu.Lock()
		if p.filling == nil {
			p.mu.Unlock()
			c := p.take(ctx)
			if c == nil {
				return
			}
			c.seq = seq
			seq++
			p.mu.Lock()
			p.filling = c
		}
		c := p.filling
		c.items = append(c.items, it)
		p.produced++
		if len(c.items) == cap(c.items) {
			p.ready = append(p.ready, c)
			p.filling = nil
		}
		p.mu.Unlock()
		p.wake.Signal()
		select {
		case <-ctx.Done():
			return
		default:
		}
	}
}

// next returns a chunk to score, waiting for one; nil when the stream has
// ended and every chunk is taken.
func (p *batchPipe) next() *batchChunk {
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		if len(p.ready) > 0 {
			c := p.ready[0]
			n := copy(p.ready, p.ready[1:]) // a few chunks at most
			p.ready[n] = nil
			p.ready = p.ready[:n]
			return c
		}
		if c := p.filling; c != nil && len(c.items) > 0 {
			p.filling = nil
			return c
		}
		if p.ended {
			return nil
		}
		p.wake.Wait()
	}
}

// work scores the items of each chunk it takes and hands it back.
func (p *batchPipe) work(score func(it *batchItem) batchOutcome) {
	for c := p.next(); c != nil; c = p.next() {
		if cap(c.out) < len(c.items) {
			c.out = make([]batchOutcome, maxChunk)
		}
		c.out = c.out[:len(c.items)]
		for i := range c.items {
			c.out[i] = score(&c.items[i])
		}
		p.done <- c
	}
}

// recycle drops what c holds, so that the results emitted can be
// collected, and gives c back to be filled.
func (p *batchPipe) recycle(c *batchChunk) {
	clear(c.out)
	clear(c.items)
	c.items, c.out = c.items[:0], c.out[:0]
	p.free <- c // never blocks: free has room for every chunk
}
