package engine

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadsJSONIsTheMapsJSON pins Reads' JSON to a map[string]string's,
// byte for byte, with and without HTML escapes and indented, so that
// results stored before Reads replaced the map read and verify unchanged.
func TestReadsJSONIsTheMapsJSON(t *testing.T) {
	tests := []struct {
		name string
		m    map[string]string
	}{
		{"plain names and values, given out of order", map[string]string{"y": "7.5", "x": "1", "record.n": "2.5"}},
		{"an empty value", map[string]string{"record.note": ""}},
		{"HTML characters, escaped or not by the encoder", map[string]string{"a<b": "x > 1 && y", "q": "<script>"}},
		{"quotes, backslashes and control characters", map[string]string{`say "hi"`: "a\\b\n\t\x01"}},
		{"Chinese text", map[string]string{"record.名称": "综采一队", "党支部": "是"}},
		{"line and paragraph separators, always escaped", map[string]string{"s": "a\u2028b\u2029c"}},
		{"invalid UTF-8, replaced", map[string]string{"bad": "a\xffb", "k\xfe": "v"}},
		{"names that sort by bytes, not by rune", map[string]string{"B": "1", "a": "2", "é": "3", "z": "4"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			type withMap struct {
				Reads map[string]string `json:"reads,omitempty"`
			}
			type withReads struct {
				Reads Reads `json:"reads,omitempty"`
			}
			want, err := json.Marshal(withMap{tt.m})
			require.NoError(t, err)
			got, err := json.Marshal(withReads{ReadsOf(tt.m)})
			require.NoError(t, err)
			assert.Equal(t, string(want), string(got), "json.Marshal")

			want, err = json.MarshalIndent(withMap{tt.m}, "", "  ")
			require.NoError(t, err)
			got, err = json.MarshalIndent(withReads{ReadsOf(tt.m)}, "", "  ")
			require.NoError(t, err)
			assert.Equal(t, string(want), string(got), "json.MarshalIndent")

			encode := func(v any) string {
				var b bytes.Buffer
				enc := json.NewEncoder(&b)
				enc.SetEscapeHTML(false)
				require.NoError(t, enc.Encode(v))
				return b.String()
			}
			assert.Equal(t, encode(withMap{tt.m}), encode(withReads{ReadsOf(tt.m)}), "Encoder without HTML escapes")

			// Read back: what the map reads back (invalid UTF-8 replaced), sorted.
			var back withReads
			var backMap withMap
			require.NoError(t, json.Unmarshal(want, &back))
			require.NoError(t, json.Unmarshal(want, &backMap))
			assert.Equal(t, ReadsOf(backMap.Reads), back.Reads)
			assert.Equal(t, backMap.Reads, back.Reads.Map())
		})
	}
}

func TestReadsGetAndOrder(t *testing.T) {
	tests := []struct {
		name  string
		r     Reads
		key   string
		want  string
		found bool
	}{
		{"sorted, found by search", Reads{{"a", "1"}, {"b", "2"}, {"c", "3"}}, "b", "2", true},
		{"sorted, absent", Reads{{"a", "1"}, {"c", "3"}}, "b", "", false},
		{"built by hand out of order, still found", Reads{{"c", "3"}, {"a", "1"}}, "c", "3", true},
		{"empty", nil, "a", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, ok := tt.r.Get(tt.key)
			assert.Equal(t, tt.found, ok)
			assert.Equal(t, tt.want, v)
		})
	}
	// Out of order and a name twice: written sorted, the last value of a
	// name winning, as assigning into a map would.
	b, err := json.Marshal(Reads{{"b", "1"}, {"a", "2"}, {"b", "3"}})
	require.NoError(t, err)
	assert.Equal(t, `{"a":"2","b":"3"}`, string(b))
}

func TestReadBufRegionsStayPut(t *testing.T) {
	var rb readBuf
	var regions []Reads
	var want []map[string]string
	for i := range 3 * readsChunk {
		rb.begin()
		m := map[string]string{}
		for j := range i%5 + 1 {
			name := string(rune('e' - j)) // added in reverse order
			v := string(rune('0' + (i+j)%10))
			rb.add(name, v)
			m[name] = v
		}
		regions = append(regions, rb.end())
		want = append(want, m)
	}
	// A region later merged or appended to by a host leaves the others.
	merged := rb.merge(regions[0], regions[1])
	_ = append(regions[2], Read{"zz", "x"})
	for i, r := range regions {
		assert.Equal(t, ReadsOf(want[i]), r, "region %d", i)
	}
	m := want[0]
	for k, v := range want[1] {
		m[k] = v
	}
	assert.Equal(t, ReadsOf(m), merged)
}
