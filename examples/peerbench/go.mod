// This folder is not built here: run.sh copies branchscore.go into a copy of
// peerbench (../shared/tools/peerbench), where it replaces impls/branchscore.
// The go.mod keeps it out of the branchscore module's build.
module peerbench-wrapper

go 1.26.0
