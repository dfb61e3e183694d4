package scheme

import (
	"context"
	"fmt"
	"github.com/branchscore/branchscore/internal/bound"
	"github.com/branchscore/branchscore/internal/msg"
	"time"

	"cel.dev/cel-go/common/types"
	"github.com/branchscore/branchscore/internal/celdec"
)

// Key evaluates a key expression (dedupe_by) to a text that is equal for
// equal values of the same kind, whatever their type: the number 1 and
// 1.0 are one key, the text "1" another. It returns the key and the value
// as written for the audit.
func (b *binding) Key(ctx context.Context, e *Expr, rec *bound.Record) (key, shown string, err error) {
	v, err := b.Eval(ctx, e, rec)
	if err != nil {
		return "", "", err
	}
	switch x := v.(type) {
	case types.String:
		return "s:" + string(x), string(x), nil
	case types.Int:
		t := fmt.Sprint(int64(x))
		return "n:" + t, t, nil
	case celdec.Decimal:
		return "n:" + x.String(), x.String(), nil
	case types.Bool:
		return fmt.Sprintf("b:%t", bool(x)), fmt.Sprint(bool(x)), nil
	case types.Timestamp:
		t := x.Time.UTC().Format(time.DateOnly)
		return "d:" + t, t, nil
	}
	return "", "", msg.Errorf("want a key (a number, text, date or condition), got %s", v.Type().TypeName())
}
