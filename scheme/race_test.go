//go:build race

package scheme

// raceEnabled: the race detector changes what allocates; allocation
// counts are pinned only without it.
const raceEnabled = true
