package report

import (
	"bytes"
	"embed"
	"html/template"
	"io"
)

//go:embed assets/style.css assets/*.html
var assets embed.FS

// pages are parsed once; a *template.Template is safe for concurrent
// execution.
var pages = template.Must(template.New("").ParseFS(assets, "assets/*.html"))

// css is the style sheet every page embeds, so a page saved or mailed
// alone still shows as it should.
var css = func() template.CSS {
	b, err := assets.ReadFile("assets/style.css")
	if err != nil {
		panic(err) // embedded at build time: cannot be missing
	}
	return template.CSS(b)
}()

// render executes a page into a buffer first, so that a failing template
// writes nothing half-done.
func render(w io.Writer, name string, data any) error {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, struct {
		CSS  template.CSS
		Page any
	}{css, data}); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}
