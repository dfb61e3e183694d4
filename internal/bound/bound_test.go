package bound

import (
	"testing"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"github.com/branchscore/branchscore/internal/celdec"
	"github.com/stretchr/testify/assert"
)

// TestValueText: each kind of value as the audit writes it.
func TestValueText(t *testing.T) {
	d, _ := celdec.ParseNumber("1.25")
	for _, tc := range []struct {
		v    ref.Val
		want string
		why  string
	}{
		{types.Int(7), "7", "a small integer"},
		{types.Int(-123456789012), "-123456789012", "a large negative one, as fmt.Sprint writes it"},
		{types.True, "true", "a condition"},
		{types.False, "false", "its other value"},
		{types.String("张三"), "张三", "a text as it is"},
		{celdec.Val(d), "1.25", "a decimal as written"},
		{types.Timestamp{Time: time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC)}, "2023-05-01", "a date"},
		{types.NewStringList(types.DefaultTypeAdapter, []string{"a", "b"}), "2 records", "a list as its size"},
		{types.Double(1.5), "1.5", "anything else as fmt.Sprint writes its value"},
	} {
		assert.Equal(t, tc.want, ValueText(tc.v), tc.why)
	}
}
