// Command batch-run scores N generated tingnan-2017 branch-months with
// engine.BatchScores, ranks them with engine.RankScores, and reports the
// rate and the peak resident memory: the memory run over a million
// subjects that the README quotes. Results are dropped as they come, as a
// host that stores them would drop them, so what grows with N is one
// compact score a subject (about 80 bytes with its id and name) and,
// while ranking, one entry.
//
// Like a host that knows its machine, it sets a soft memory limit
// (debug.SetMemoryLimit, -memlimit; 0 leaves the Go default): with it the
// garbage collector works harder as the heap nears the limit rather than
// letting it grow to twice what is live. It keeps the resident memory
// down only because what is live stays well below it.
//
//	go run ./examples/batch-run -n 1000000
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/branchscore/branchscore/engine"
	"github.com/branchscore/branchscore/internal/synth"
	"github.com/branchscore/branchscore/schemes"
)

// isTerminal reports whether f is a terminal (a character device).
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func main() {
	n := flag.Int("n", 1_000_000, "subjects to score")
	seed := flag.Uint64("seed", 1, "seed of the generated evidence")
	period := flag.String("period", "2017-03", "the month scored")
	memlimit := flag.Int64("memlimit", 400, "soft memory limit in MiB (debug.SetMemoryLimit); 0: none")
	memprofile := flag.String("memprofile", "", "write a heap profile, taken after ranking, to this file")
	reuse := flag.Bool("reuse", true, "let Batch reuse a result's memory once emit returns (BatchOptions.ReuseResults): emit keeps nothing of it")
	flag.Parse()
	if *memlimit > 0 {
		debug.SetMemoryLimit(*memlimit << 20)
	}

	s, err := schemes.Load("tingnan-2017")
	if err != nil {
		log.Fatal(err)
	}
	start := time.Now()
	failed := 0
	// Progress on stderr, once a second, when it is a terminal: a minute
	// of silence looks like a hang.
	last := start
	progress := func(done int) {
		if now := time.Now(); now.Sub(last) >= time.Second {
			last = now
			fmt.Fprintf(os.Stderr, "\rscored %d of %d…", done, *n)
		}
	}
	if !isTerminal(os.Stderr) {
		progress = nil
	}
	// emit keeps nothing of a result: Batch may write the next into its
	// memory.
	opts := engine.BatchOptions{Progress: progress, ReuseResults: *reuse}
	sums, err := engine.BatchScores(context.Background(), s, synth.Tingnan(*seed, *period, *n), opts, func(_ *engine.Result, err error) {
		if err != nil {
			failed++
		}
	})
	if progress != nil {
		fmt.Fprint(os.Stderr, "\r\033[K")
	}
	if err != nil {
		log.Fatal(err)
	}
	scored := time.Since(start)
	scoringRSS := status("VmHWM")
	// Scoring's garbage is in small spans; the ranking's entries are one
	// large block. Handing the free spans back to the system first keeps
	// the two from adding up (counted in the ranking's time).
	debug.FreeOSMemory()
	rk, err := engine.RankScores(s, *period, sums, nil)
	if err != nil {
		log.Fatal(err)
	}
	total := time.Since(start)
	if *memprofile != "" {
		f, err := os.Create(*memprofile)
		if err != nil {
			log.Fatal(err)
		}
		runtime.GC() // the profile shows what is live after ranking
		if err := pprof.WriteHeapProfile(f); err != nil {
			log.Fatal(err)
		}
		if err := f.Close(); err != nil {
			log.Fatal(err)
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("subjects         %d (%d failed)\n", *n, failed)
	fmt.Printf("workers          %d (GOMAXPROCS)\n", runtime.GOMAXPROCS(0))
	fmt.Printf("scored in        %s  (%.0f evals/s)\n", scored.Round(time.Millisecond), float64(*n)/scored.Seconds())
	fmt.Printf("ranked in        %s  (%d entries, red flag to %v)\n", (total - scored).Round(time.Millisecond), len(rk.Entries), awardTo(rk, "red_flag"))
	fmt.Printf("peak RSS         %s (%s after scoring)\n", status("VmHWM"), scoringRSS)
	fmt.Printf("heap in use      %.1f MiB at the end; %.1f GiB allocated in all\n", float64(ms.HeapInuse)/(1<<20), float64(ms.TotalAlloc)/(1<<30))
}

func awardTo(rk *engine.Ranking, id string) []string {
	for _, a := range rk.Awards {
		if a.ID == id {
			if len(a.To) > 3 {
				return append(a.To[:3:3], fmt.Sprintf("… %d in all", len(a.To)))
			}
			return a.To
		}
	}
	return nil
}

// status reads a field of /proc/self/status (Linux).
func status(field string) string {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return "unknown (no /proc)"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
