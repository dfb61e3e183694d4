package scheme

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/branchscore/branchscore/evidence"
	"github.com/branchscore/branchscore/internal/msg"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestChineseCatalogComplete fails when a message written at a call site
// in scheme, evidence or one of the internal packages messageDirs lists
// has no Chinese entry in zhFormats, when an entry's verbs do not take the
// same arguments as its format, and when an entry's format is written nowhere
// (reworded or removed: the entry would never be used). To fix: add the
// English format, exactly as written, with its Chinese to zhFormats.
func TestChineseCatalogComplete(t *testing.T) {
	sites := messageFormats(t)
	require.Greater(t, len(sites), 200, "the scan finds the message call sites")
	used := map[string]bool{}
	for _, s := range sites {
		if s.format == "" {
			t.Errorf("%s: the message format is not a string literal; the catalog is keyed by the literal", s.pos)
			continue
		}
		used[s.format] = true
		if !hasWords(s.format) {
			continue
		}
		zh, ok := zhCatalog.Formats[s.format]
		if !assert.True(t, ok, "%s: no Chinese for %q: add it to zhFormats in scheme/i18n.go", s.pos, s.format) {
			continue
		}
		assert.Equal(t, argVerbs(s.format), argVerbs(zh), "%s: %q and its Chinese %q print different arguments", s.pos, s.format, zh)
	}
	for f := range zhCatalog.Formats {
		assert.True(t, used[f], "zhFormats has %q, which no call site writes: remove it or correct it", f)
	}
}

// argVerbs maps each argument a format prints to the verbs it is printed
// with, %w read as %v and %q as %s (a translation may quote differently).
func argVerbs(format string) map[int]string {
	idx, verbs := msg.Verbs(format)
	out := map[int]string{}
	for i, n := range idx {
		v := verbs[i]
		switch v {
		case 'w':
			v = 'v'
		case 'q':
			v = 's'
		}
		if !strings.ContainsRune(out[n], rune(v)) {
			out[n] += string(v)
		}
	}
	return out
}

// TestChineseSentinels checks that every fixed condition of evidence
// reads in Chinese.
func TestChineseSentinels(t *testing.T) {
	for _, err := range []error{evidence.ErrTooLarge, evidence.ErrDuplicateKey, evidence.ErrKeyCase, evidence.ErrUnknownKey,
		evidence.ErrInvalidUTF8, evidence.ErrLongNumber, evidence.ErrExponent, evidence.ErrTooLong, evidence.ErrControl} {
		assert.Contains(t, zhWords, err.Error(), "evidence's %q has no Chinese in zhWords", err)
	}
}

// TestBadSchemesChinese renders every bad scheme's diagnostics in
// Chinese: the same positions as in English, one line each, no verb fmt
// could not fill; and compares them with NAME.zh.golden where there is
// one (every i18n-* file has one).
func TestBadSchemesChinese(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.yaml")
	require.NoError(t, err)
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".yaml")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(file)
			require.NoError(t, err)
			_, err = Compile(file, src)
			var ds Diagnostics
			require.True(t, errors.As(err, &ds))
			zh := ErrorIn(err, Chinese)
			assert.Equal(t, zh, ds.In(Chinese))
			assert.Equal(t, ds.Error(), ErrorIn(err, English), "English is the Message")
			lines := strings.Split(zh, "\n")
			require.Len(t, lines, len(ds))
			for i, d := range ds {
				assert.True(t, strings.HasPrefix(lines[i], d.Pos.String()+": "), "same position: %s", lines[i])
				assert.NotContains(t, lines[i], "%!", "a verb without its argument")
				if !strings.HasPrefix(d.Message, "YAML: ") && hasWords(d.text.Format) {
					assert.NotEqual(t, d.Message, d.Text(Chinese), "rendered in Chinese")
				}
			}
			golden := strings.TrimSuffix(file, ".yaml") + ".zh.golden"
			if *update && strings.HasPrefix(name, "i18n-") {
				require.NoError(t, os.WriteFile(golden, []byte(zh+"\n"), 0o644))
			}
			want, err := os.ReadFile(golden)
			if os.IsNotExist(err) && !strings.HasPrefix(name, "i18n-") {
				return
			}
			require.NoError(t, err, "run go test ./scheme -update to create it")
			assert.Equal(t, string(want), zh+"\n")
		})
	}
}

// TestEvidenceErrorsChinese renders evidence errors in both languages:
// the same subject, period and paths, the words in the chosen language.
func TestEvidenceErrorsChinese(t *testing.T) {
	s := compileConstructs(t)
	bindErr := func(ev *evidence.Evidence) error {
		_, err := s.bind(ev)
		require.Error(t, err)
		return err
	}
	decodeErr := func(doc string) error {
		_, err := evidence.Decode(strings.NewReader(doc))
		require.Error(t, err)
		return err
	}
	// en and zh are one line of the error, at the same place in both.
	tests := []struct {
		name   string
		err    error
		en, zh string
	}{
		{"a fact the scheme does not declare, with a suggestion: Bind's problem and didYouMean both in Chinese",
			bindErr(&evidence.Evidence{Subject: evidence.Subject{ID: "b1"}, Period: "2023", Facts: map[string]any{"complete": "1"}}),
			"subject b1, period 2023: facts.complete: the scheme declares no such fact; did you mean \"completion\"?",
			"考核对象 b1，考核周期 2023：facts.complete：方案未声明这项数据；是不是想写 \"completion\"？"},
		{"a period of another kind: a wrapped evidence error keeps its path",
			bindErr(&evidence.Evidence{Subject: evidence.Subject{ID: "b1"}, Period: "2023-13"}),
			"subject b1, period 2023-13: period: invalid period \"2023-13\": want 2017-03, 2017-Q1, 2017-H2 or 2021",
			"考核对象 b1，考核周期 2023-13：period：考核周期 \"2023-13\" 无效：应写成 2017-03、2017-Q1、2017-H2 或 2021"},
		{"a key twice in one object: Decode's Problem, its sentinel in Chinese",
			decodeErr(`{"subject": {"id": "b1"}, "period": "2023", "period": "2024"}`),
			"evidence: period: duplicate key",
			"证据材料：period：键重复"},
		{"an unknown key differing in case: the sentinel and the hint",
			decodeErr(`{"subject": {"id": "b1"}, "Period": "2023"}`),
			"evidence: Period: unknown key; keys are case-sensitive: did you mean \"period\"?",
			"证据材料：Period：未知的键；键区分大小写：是不是想写 \"period\"？"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.err.Error(), ErrorIn(tt.err, English))
			en := strings.Split(tt.err.Error(), "\n")
			zh := strings.Split(ErrorIn(tt.err, Chinese), "\n")
			require.Len(t, zh, len(en), "a line for each problem")
			i := slices.Index(en, tt.en)
			require.GreaterOrEqual(t, i, 0, "%q among %q", tt.en, en)
			assert.Equal(t, tt.zh, zh[i])
		})
	}
}

func TestParseLang(t *testing.T) {
	tests := []struct {
		in   string
		want Lang
		ok   bool
		why  string
	}{
		{"zh", Chinese, true, "the flag's value"},
		{"zh_CN.UTF-8", Chinese, true, "a locale: its language"},
		{"zh-Hans", Chinese, true, "a BCP 47 tag"},
		{"en_US.UTF-8", English, true, "English locale"},
		{"C", English, true, "the C locale is English"},
		{"fr_FR", "", false, "no catalog: the caller decides"},
		{"", "", false, "unset"},
	}
	for _, tt := range tests {
		got, ok := ParseLang(tt.in)
		assert.Equal(t, tt.want, got, tt.why)
		assert.Equal(t, tt.ok, ok, tt.why)
	}
}
