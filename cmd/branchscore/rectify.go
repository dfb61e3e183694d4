package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/branchscore/branchscore/engine"
)

// withRectification is a result as eval --json --rectification writes it:
// the result's fields, and its rectification list beside them.
type withRectification struct {
	*engine.Result
	Rectification []engine.RectItem `json:"rectification"`
}

// MarshalJSON writes the result as engine.Result writes it, with the
// rectification list as one more key (the embedded Result's own
// MarshalJSON would otherwise be promoted and leave it out).
func (w withRectification) MarshalJSON() ([]byte, error) {
	res, err := json.Marshal(w.Result)
	if err != nil {
		return nil, err
	}
	items, err := json.Marshal(w.Rectification)
	if err != nil {
		return nil, err
	}
	out := append(res[:len(res)-1:len(res)-1], `,"rectification":`...)
	out = append(out, items...)
	return append(out, '}'), nil
}

// printRectification prints a subject's rectification list (一支部一清单),
// one item a paragraph: its id, what it is about and the points lost, the
// reasons, and the evidence behind it.
func printRectification(w io.Writer, items []engine.RectItem) {
	if len(items) == 0 {
		fmt.Fprintln(w, "  整改清单：无")
		return
	}
	fmt.Fprintf(w, "  整改清单（%d 项）\n", len(items))
	for i, it := range items {
		head := it.Label.Zh
		if it.Record != "" {
			head += "（" + it.Record + "）"
		}
		switch {
		case it.Pending:
			head += "：待确认"
		case it.Lost != nil && it.Max != nil:
			head += fmt.Sprintf("：失 %s 分（得 %s / %s）", it.Lost, it.Points, it.Max)
		case it.Lost != nil:
			head += fmt.Sprintf("：失 %s 分", it.Lost)
		}
		fmt.Fprintf(w, "  %d. [%s] %s\n", i+1, it.ID, head)
		for _, r := range it.Reasons {
			fmt.Fprintf(w, "     · %s\n", r.Zh)
		}
		if len(it.Evidence) > 0 {
			fmt.Fprintf(w, "     依据：%s\n", strings.Join(it.Evidence, "、"))
		}
	}
}
