package main

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"

	"github.com/branchscore/branchscore/report"
)

// The pages people look at, as HTML (package report): a stored result's
// score sheet and a period's board, under the same tokens and scopes as
// the JSON they are made from, and an index at GET /.

// sheet is GET /evaluations/{id}/sheet: the stored result's score sheet
// (考核评分表), for whoever may read the result.
func (sv *Server) sheet(w http.ResponseWriter, r *http.Request, p *Principal) {
	st, ok := sv.load(w, r, p)
	if !ok {
		return
	}
	res, err := decodeResult(st.Result)
	if err != nil {
		fail(w, http.StatusConflict, fmt.Errorf("result %d: the stored JSON does not decode: %v", st.ID, err))
		return
	}
	var buf bytes.Buffer
	if err := report.WriteSheet(&buf, sv.Scheme, res, report.Options{}); err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	writeHTML(w, buf.Bytes())
}

// board is GET /rankings/{period}/board: the period's board (牌板), made
// from the same ranking as GET /rankings/{period}: the results that verify.
func (sv *Server) board(w http.ResponseWriter, r *http.Request, p *Principal) {
	period, err := sv.pathPeriod(r)
	if err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	rep, err := sv.ranking(r.Context(), p.Org.ID, period)
	var re errRank
	switch {
	case errors.As(err, &re):
		fail(w, http.StatusConflict, err)
		return
	case err != nil:
		status, msg := sv.storeError("ranking "+period, err)
		fail(w, status, errors.New(msg))
		return
	}
	var buf bytes.Buffer
	if err := report.WriteBoard(&buf, sv.Scheme, rep.Ranking, nil, report.Options{}); err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	writeHTML(w, buf.Bytes())
}

// index is GET /: what the service answers, for a person who opens it in
// a browser. It shows no data, so it needs no token.
func (sv *Server) index(w http.ResponseWriter, r *http.Request) {
	writeHTML(w, []byte(indexPage))
}

func writeHTML(w http.ResponseWriter, page []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(page)
}

const indexPage = `<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>党支部考核评分服务</title>
<style>body{font:15px/1.6 serif;max-width:40rem;margin:2rem auto;padding:0 1rem}code{font-size:.9em}</style>
</head>
<body>
<h1>党支部考核评分服务</h1>
<p>每个请求须带令牌：<code>Authorization: Bearer TOKEN</code>。</p>
<ul>
<li><code>GET /evaluations/{id}/sheet</code>：考核评分表（可打印）</li>
<li><code>GET /rankings/{period}/board</code>：当期排名牌板</li>
<li><code>GET /evaluations/{id}</code>、<code>GET /evaluations/{id}/explain</code>：结果及说明（JSON）</li>
<li><code>GET /rankings/{period}</code>：当期排名（JSON）</li>
<li><code>POST /evaluations</code>：提交佐证材料并评分</li>
</ul>
</body>
</html>
`
