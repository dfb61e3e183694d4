package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image"
	"image/color/palette"
	"image/draw"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/branchscore/branchscore/schemes"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The pages in a real browser: Debian's Chromium, headless, against the
// service on loopback. Without a browser the test skips, unless
// BRANCHSCORE_TEST_BROWSER=1 (as .ci/run sets it, having installed
// chromium), where a missing browser fails it.
//
// With -update it writes the screenshots the README shows,
// docs/img/board.png and docs/img/sheet.png.

var update = flag.Bool("update", false, "rewrite docs/img/board.png and docs/img/sheet.png from the browser")

// browserPath is the Chromium to drive, or "" when there is none.
func browserPath() string {
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser is a headless Chromium sending token on every request, and the
// console errors its pages report.
type browser struct {
	ctx context.Context

	mu     sync.Mutex
	errors []string
}

func newBrowser(t *testing.T, token string) *browser {
	t.Helper()
	path := browserPath()
	if path == "" {
		if os.Getenv("BRANCHSCORE_TEST_BROWSER") == "1" {
			t.Fatal("BRANCHSCORE_TEST_BROWSER=1 but no Chromium found (looked for /usr/bin/chromium, chromium, chromium-browser, google-chrome): install it with apt-get install -y chromium")
		}
		t.Skip("no Chromium found (looked for /usr/bin/chromium, chromium, chromium-browser, google-chrome): the pages are not tested in a browser; install it with apt-get install -y chromium, or set BRANCHSCORE_TEST_BROWSER=1 to make this a failure")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(900, 1200),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	tctx, cancelT := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })

	b := &browser{ctx: tctx}
	headers := network.Headers{}
	if token != "" {
		headers["Authorization"] = "Bearer " + token
	}
	// The first call starts Chromium; Runtime, Log and Network are enabled
	// on every tab chromedp opens.
	_, err := chromedp.Call(tctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: headers})
	require.NoError(t, err, "starting Chromium at %s", path)
	require.NoError(t, chromedp.Do(tctx, chromedp.EmulateViewport(900, 1200)))
	// Console errors (console.error and console.assert), uncaught
	// exceptions and browser log entries of level error, such as a
	// resource that failed to load.
	messages := chromedp.Console(tctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException || m.Type == "assert" {
				b.mu.Lock()
				b.errors = append(b.errors, m.String()+" "+m.URL)
				b.mu.Unlock()
			}
		}
	}()
	return b
}

// load navigates to url, waits for the body, and returns the page's text
// as the reader sees it (innerText: what CSS hides is not there).
func (b *browser) load(t *testing.T, url string) string {
	t.Helper()
	require.NoError(t, chromedp.Do(b.ctx, chromedp.Navigate(url)), url)
	text, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.body.innerText`))
	require.NoError(t, err, url)
	return text
}

// consoleErrors returns and forgets the errors reported so far.
func (b *browser) consoleErrors() []string {
	// Log entries arrive asynchronously: give the last page a moment.
	_ = chromedp.Do(b.ctx, chromedp.Sleep(200*time.Millisecond))
	b.mu.Lock()
	defer b.mu.Unlock()
	errs := b.errors
	b.errors = nil
	return errs
}

// screenshot writes the full page, 900 pixels wide, to docs/img/name.
func (b *browser) screenshot(t *testing.T, name string) {
	t.Helper()
	// Without a Chinese font every character is a box: refuse to write
	// such a picture.
	fonts, err := exec.Command("fc-list", ":lang=zh", "family").Output()
	require.NoError(t, err, "fc-list")
	require.NotEmpty(t, bytes.TrimSpace(fonts), "no Chinese font installed: install fonts-wqy-microhei (apt-get install -y fonts-wqy-microhei) before -update")
	shot, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err, name)
	pic := smallPNG(t, shot)
	require.Less(t, len(pic), 300<<10, "%s: keep the screenshot small", name)
	out := filepath.Join("..", "..", "docs", "img", name)
	require.NoError(t, os.MkdirAll(filepath.Dir(out), 0o755))
	require.NoError(t, os.WriteFile(out, pic, 0o644))
	t.Logf("wrote %s (%d bytes)", out, len(pic))
}

// smallPNG re-encodes a screenshot with 256 colours (the Plan 9
// palette, without dithering: the pages are text, rules and a few flag
// colours), best compressed, so that it stays small in the repository.
func smallPNG(t *testing.T, shot []byte) []byte {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(shot))
	require.NoError(t, err)
	pal := image.NewPaletted(img.Bounds(), palette.Plan9)
	draw.Draw(pal, pal.Bounds(), img, img.Bounds().Min, draw.Src)
	var out bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	require.NoError(t, enc.Encode(&out, pal))
	return out.Bytes()
}

// printA4 prints the current page as Chromium does for Ctrl+P on A4,
// the page's own @page size preferred, and returns the PDF.
func (b *browser) printA4(t *testing.T) []byte {
	t.Helper()
	pdf, err := chromedp.Run(b.ctx, chromedp.PrintToPDF(
		chromedp.PDFPaper(chromedp.PaperA4),
		chromedp.PDFPreferCSSPageSize(),
		chromedp.PDFPrintBackground(),
	))
	require.NoError(t, err)
	return pdf
}

// pageObject is a page object of a PDF: "/Type /Page", not "/Type /Pages".
var pageObject = regexp.MustCompile(`/Type\s*/Page\b`)

func pdfPages(pdf []byte) int { return len(pageObject.FindAll(pdf, -1)) }

// The board, a sheet and the standard of tingnan-2017's March, as the
// office sees them in Chromium.
func TestBrowserPages(t *testing.T) {
	b := newBrowser(t, tokOffice)
	db, dialect, err := openDB(filepath.Join(t.TempDir(), "bs.db"), "")
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	e := newEnv(t, db, dialect)
	e.mustPost(tokOffice, readFile(t, "tingnan-2017/year/2017-02.json"))
	items := e.mustPost(tokOffice, readFile(t, "tingnan-2017/year/2017-03.json"))
	byID := map[string]Item{}
	for _, it := range items {
		byID[it.Subject] = it
	}

	board := b.load(t, e.url+"/board/2017-03")
	assert.Empty(t, b.consoleErrors(), "the board")
	// The board's names, not the ids; 机电队 is +5% (band [5,10): 3 × 30%
	// = 0.90) at the top; March's flags.
	for _, want := range []string{"2017年3月考核排名", "机电队党支部", "综掘区党支部", "综采一队党支部", "0.90", "小红旗", "小黄旗"} {
		assert.Contains(t, board, want, "on the board in the browser")
	}
	// Every branch's total, as GET /evaluations reported it, is on the board.
	for subject, it := range byID {
		assert.Contains(t, board, it.Total, "%s's total on the board", subject)
	}
	if *update {
		b.screenshot(t, "board.png")
	}

	zc1 := byID["zc1"]
	sheet := b.load(t, fmt.Sprintf("%s/evaluations/%d/sheet", e.url, zc1.ID))
	assert.Empty(t, b.consoleErrors(), "the sheet")
	for _, want := range []string{"综采一队党支部", "考核评分表", zc1.Total, "考核人（签字）", "审核人（签字）"} {
		assert.Contains(t, sheet, want, "on zc1's sheet in the browser")
	}
	t.Logf("tingnan-2017's sheet (three sections) prints on %d A4 page(s)", pdfPages(b.printA4(t)))

	// 机电队's sheet, with points in it, is the README's picture of a sheet.
	jd := byID["jd"]
	sheet = b.load(t, fmt.Sprintf("%s/evaluations/%d/sheet", e.url, jd.ID))
	assert.Empty(t, b.consoleErrors(), "jd's sheet")
	for _, want := range []string{"机电队党支部", jd.Total} {
		assert.Contains(t, sheet, want, "on jd's sheet in the browser")
	}
	if *update {
		b.screenshot(t, "sheet.png")
	}

	standard := b.load(t, e.url+"/standard")
	assert.Empty(t, b.consoleErrors(), "the standard")
	for _, want := range []string{"考核评分标准", "超出5%-10%（含5%）加3分"} {
		assert.Contains(t, standard, want, "on the standard in the browser")
	}

	// The listener hears what it is there to hear, so the checks above
	// can fail: a console.error, and a fetch the pages' Content Security
	// Policy refuses (the browser logs it as an error).
	_, err = chromedp.Run(b.ctx, chromedp.Evaluate[any](`console.error("probe"); fetch("/no-such-resource").catch(() => {}); null`))
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(b.ctx, chromedp.Sleep(300*time.Millisecond)))
	errs := b.consoleErrors()
	joined := fmt.Sprint(errs)
	assert.Contains(t, joined, "probe", "console.error is heard")
	assert.Contains(t, joined, "/no-such-resource", "a refused fetch is heard")
}

// A one-section scheme's sheet prints on one A4 page: the print CSS keeps
// the 考核评分表 to the sheet of paper the assessors sign.
func TestBrowserSheetPrintsOnOnePage(t *testing.T) {
	b := newBrowser(t, "office-std-8e1f")
	s, err := schemes.Load("standardization-committee") // one section
	require.NoError(t, err)
	auth, err := NewAuth(&Config{
		Organisations: []Organisation{{ID: "std", Name: "标准化党委", Subjects: []string{"wy-li", "wy-zhang"}}},
		Tokens:        []Token{{SHA256: HashToken("office-std-8e1f"), Organisation: "std", Role: RoleOffice, Who: "组织部"}},
	})
	require.NoError(t, err)
	db, dialect, err := openDB(filepath.Join(t.TempDir(), "bs.db"), "")
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	e := newEnv(t, db, dialect).with(func(sv *Server) { sv.Scheme = s; sv.Auth = auth })
	items := e.mustPost("office-std-8e1f", readFile(t, "standardization/2023-05-committee.json"))
	require.NotEmpty(t, items)
	for _, it := range items {
		sheet := b.load(t, fmt.Sprintf("%s/evaluations/%d/sheet", e.url, it.ID))
		assert.Empty(t, b.consoleErrors(), "%s's sheet", it.Subject)
		assert.Contains(t, sheet, it.Total, "%s's total on the sheet", it.Subject)
		assert.Contains(t, sheet, map[string]string{"wy-li": "李委员", "wy-zhang": "张委员"}[it.Subject], "the name on the sheet")
		pdf := b.printA4(t)
		require.True(t, bytes.HasPrefix(pdf, []byte("%PDF-")), "a PDF")
		assert.Equal(t, 1, pdfPages(pdf), "%s's sheet on A4", it.Subject)
	}
}
