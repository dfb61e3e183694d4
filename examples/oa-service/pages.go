package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/branchscore/branchscore/examples/xlsx-export/workbook"
	"github.com/branchscore/branchscore/report"
)

// The pages people look at, as HTML (package report): a stored result's
// score sheet and a period's board, under the same tokens and scopes as
// the JSON they are made from; the published standard; the period as a
// spreadsheet; and at GET / the latest board, or an index without a token.

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

// board is GET /rankings/{period}/board and GET /board/{period}: the
// period's board (牌板), made from the same ranking as GET
// /rankings/{period}: the results that verify. Each name links the
// subject's sheet where the caller may read it.
func (sv *Server) board(w http.ResponseWriter, r *http.Request, p *Principal) {
	period, err := sv.pathPeriod(r)
	if err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	sv.boardOf(w, r, p, period)
}

func (sv *Server) boardOf(w http.ResponseWriter, r *http.Request, p *Principal, period string) {
	rep, ok := sv.rankingOr(w, r, p, period)
	if !ok {
		return
	}
	opts := report.Options{Standard: "/standard", Sheet: func(subject string) string {
		id, ok := rep.ids[subject]
		if !ok || p.Role == RoleBranch && subject != p.Subject {
			return "" // a branch reads its own sheet only
		}
		return fmt.Sprintf("/evaluations/%d/sheet", id)
	}}
	var buf bytes.Buffer
	if err := report.WriteBoard(&buf, sv.Scheme, rep.Ranking, nil, opts); err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	writeHTML(w, buf.Bytes())
}

// rankingOr is sv.ranking, answering the request itself when it fails.
func (sv *Server) rankingOr(w http.ResponseWriter, r *http.Request, p *Principal, period string) (*RankingReport, bool) {
	rep, err := sv.ranking(r.Context(), p.Org.ID, period)
	var re errRank
	switch {
	case errors.As(err, &re):
		fail(w, http.StatusConflict, err)
		return nil, false
	case err != nil:
		status, msg := sv.storeError("ranking "+period, err)
		fail(w, status, errors.New(msg))
		return nil, false
	}
	return rep, true
}

// standard is GET /standard: the scheme in force as the published scoring
// standard (公示). It is the same for every organisation, but like every
// page of the service it is served to a caller with a token.
func (sv *Server) standard(w http.ResponseWriter, r *http.Request, p *Principal) {
	var buf bytes.Buffer
	if err := report.WriteStandard(&buf, sv.Scheme, report.Options{}); err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	writeHTML(w, buf.Bytes())
}

// home is GET /: without a token, the index of what the service answers
// (it shows no data); with one, the board of the organisation's latest
// period with a result, or the index while there is none. A token the
// service does not know is refused as anywhere else.
func (sv *Server) home(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") == "" {
		sv.index(w, r)
		return
	}
	sv.authed(func(w http.ResponseWriter, r *http.Request, p *Principal) {
		period, err := sv.Store.LastPeriod(r.Context(), p.Org.ID, sv.Scheme.ID())
		if err != nil {
			status, msg := sv.storeError("the latest period", err)
			fail(w, status, errors.New(msg))
			return
		}
		if period == "" {
			sv.index(w, r)
			return
		}
		sv.boardOf(w, r, p, period)
	})(w, r)
}

// spreadsheet is GET /periods/{period}.xlsx: the period's ranking as a
// workbook (package workbook of examples/xlsx-export), one row per subject
// ranked with every indicator's points, and every audit sentence. It
// holds every subject's figures, so a branch may not read it: the office
// and the committee may.
func (sv *Server) spreadsheet(w http.ResponseWriter, r *http.Request, p *Principal) {
	if p.Role == RoleBranch {
		fail(w, http.StatusForbidden, errors.New("the period's spreadsheet holds every branch's figures: the office's and the committee's"))
		return
	}
	file := r.PathValue("file")
	name, ok := strings.CutSuffix(file, ".xlsx")
	if !ok {
		fail(w, http.StatusNotFound, fmt.Errorf("%s: the period's spreadsheet is /periods/PERIOD.xlsx", file))
		return
	}
	r.SetPathValue("period", name)
	period, err := sv.pathPeriod(r)
	if err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	rep, ok := sv.rankingOr(w, r, p, period)
	if !ok {
		return
	}
	var buf bytes.Buffer
	if err := workbook.Write(&buf, sv.Scheme, rep.results, rep.Ranking); err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+period+`.xlsx"`)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes())
}

// index is GET / without a token: what the service answers, for a person
// who opens it in a browser. It shows no data, so it needs no token.
func (sv *Server) index(w http.ResponseWriter, r *http.Request) {
	writeHTML(w, []byte(indexPage))
}

// LastPeriod returns the latest period in which org has a result scored
// with schemeID ("" when none). A scheme's periods are of one kind, and
// those sort as text.
func (s *Store) LastPeriod(ctx context.Context, org, schemeID string) (string, error) {
	var p sql.NullString
	err := s.db.QueryRowContext(ctx, s.q(`SELECT MAX(period) FROM results WHERE org = $1 AND scheme_id = $2`), org, schemeID).Scan(&p)
	return p.String, err
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
<li><code>GET /</code>（带令牌）：最近一期的排名牌板</li>
<li><code>GET /rankings/{period}/board</code>、<code>GET /board/{period}</code>：当期排名牌板</li>
<li><code>GET /standard</code>：考核评分标准（公示）</li>
<li><code>GET /periods/{period}.xlsx</code>：当期考核汇总表（电子表格，组织部门及党委）</li>
<li><code>GET /evaluations/{id}</code>、<code>GET /evaluations/{id}/explain</code>：结果及说明（JSON）</li>
<li><code>GET /rankings/{period}</code>：当期排名（JSON）</li>
<li><code>POST /evaluations</code>：提交佐证材料并评分</li>
</ul>
</body>
</html>
`
