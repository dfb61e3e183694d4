package evidence_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/synth"
)

// BenchmarkDecode decodes a 23 KB sample document, and an array of 2,000
// generated branch-months (about 2 MB): the strict pre-pass must keep
// decoding linear and close to encoding/json's own speed.
func BenchmarkDecode(b *testing.B) {
	sample, err := os.ReadFile("../examples/data/qianjiang-2017/2018-chengguan.json")
	if err != nil {
		b.Fatal(err)
	}
	var batch bytes.Buffer
	batch.WriteByte('[')
	i := 0
	for ev, err := range synth.Tingnan(1, "2017-03", 2000) {
		if err != nil {
			b.Fatal(err)
		}
		if i > 0 {
			batch.WriteByte(',')
		}
		i++
		if err := evidence.Encode(&batch, ev); err != nil {
			b.Fatal(err)
		}
	}
	batch.WriteByte(']')
	for _, bc := range []struct {
		name string
		data []byte
	}{{"sample", sample}, {"batch", batch.Bytes()}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := evidence.Decode(bytes.NewReader(bc.data)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
