package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// The life of an assessment, each step stored with who and when:
//
//	self_assessed ──confirm (office)──▶ assessed ──publish (office)──▶ published ──approve (committee)──▶ approved
//	      (a branch's submission)       (or the office's submission)   (公示: objections until the window closes)  (审批)
//
// Any new submission for the subject and period is the next version and
// supersedes the last; once a version is published or approved only the
// office may replace it, and only with a reason, which is stored with both
// versions' transitions.

// actionBody is the optional JSON body of a transition: {"reason": "…"}.
type actionBody struct {
	Reason string `json:"reason"`
}

func readAction(w http.ResponseWriter, r *http.Request) (string, int, error) {
	b, status, err := readBody(w, r, maxActionBody)
	if err != nil {
		return "", status, err
	}
	var a actionBody
	if len(bytes.TrimSpace(b)) > 0 {
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&a); err != nil {
			return "", http.StatusBadRequest, fmt.Errorf("want {\"reason\": \"…\"}: %v", err)
		}
	}
	if err := checkReason(a.Reason); err != nil {
		return "", http.StatusBadRequest, err
	}
	return a.Reason, 0, nil
}

// step is one transition: who may take it, from which stage, to which.
type step struct {
	action   string
	role     Role
	from, to string
}

// move loads the result, checks the caller and the stage, and stores the
// transition. check, when set, may refuse with a status and an error.
func (sv *Server) move(w http.ResponseWriter, r *http.Request, p *Principal, s step, check func(st *Stored, reason string) (int, error)) {
	st, ok := sv.load(w, r, p)
	if !ok {
		return
	}
	reason, status, err := readAction(w, r)
	if err != nil {
		fail(w, status, err)
		return
	}
	if p.Role != s.role {
		fail(w, http.StatusForbidden, fmt.Errorf("%s is for the %s role; this token's is %s", s.action, s.role, p.Role))
		return
	}
	if st.Stage != s.from {
		fail(w, http.StatusConflict, fmt.Errorf("result %d (version %d) is %s; %s needs it %s", st.ID, st.Version, st.Stage, s.action, s.from))
		return
	}
	if check != nil {
		if status, err := check(st, reason); err != nil {
			fail(w, status, err)
			return
		}
	}
	var until time.Time
	if s.to == StagePublished {
		until = sv.now().Add(sv.objectionWindow())
	}
	if err := sv.Store.Move(r.Context(), st.ID, s.from, s.to, s.action, p.Who, p.Role, reason, sv.now(), until); err != nil {
		status, msg := sv.storeError(fmt.Sprintf("%s result %d", s.action, st.ID), err)
		fail(w, status, errors.New(msg))
		return
	}
	out := map[string]any{"id": st.ID, "version": st.Version, "stage": s.to}
	if !until.IsZero() {
		out["objection_until"] = until
	}
	writeJSON(w, http.StatusOK, out)
}

func (sv *Server) objectionWindow() time.Duration {
	if sv.ObjectionWindow > 0 {
		return sv.ObjectionWindow
	}
	return DefaultObjectionWindow
}

func (sv *Server) confirm(w http.ResponseWriter, r *http.Request, p *Principal) {
	sv.move(w, r, p, step{"confirm", RoleOffice, StageSelf, StageAssessed}, nil)
}

func (sv *Server) publish(w http.ResponseWriter, r *http.Request, p *Principal) {
	sv.move(w, r, p, step{"publish", RoleOffice, StageAssessed, StagePublished}, nil)
}

// approve needs the objection window closed, and a reason when objections
// were filed: how they were answered.
func (sv *Server) approve(w http.ResponseWriter, r *http.Request, p *Principal) {
	sv.move(w, r, p, step{"approve", RoleCommittee, StagePublished, StageApproved}, func(st *Stored, reason string) (int, error) {
		if now := sv.now(); now.Before(st.ObjectionUntil) {
			return http.StatusConflict, fmt.Errorf("result %d is open to objections until %s", st.ID, st.ObjectionUntil.Format(time.RFC3339))
		}
		hist, err := sv.Store.History(r.Context(), st.ID)
		if err != nil {
			status, msg := sv.storeError("reading the history", err)
			return status, errors.New(msg)
		}
		n := 0
		for _, t := range hist {
			if t.Action == "objection" {
				n++
			}
		}
		if n > 0 && reason == "" {
			return http.StatusConflict, fmt.Errorf("result %d has %d objection(s): approve with a reason saying how they were answered", st.ID, n)
		}
		return 0, nil
	})
}

// object records an objection to a published result, within its window,
// by the branch itself or the office.
func (sv *Server) object(w http.ResponseWriter, r *http.Request, p *Principal) {
	st, ok := sv.load(w, r, p)
	if !ok {
		return
	}
	reason, status, err := readAction(w, r)
	if err != nil {
		fail(w, status, err)
		return
	}
	if p.Role == RoleCommittee {
		fail(w, http.StatusForbidden, errors.New("objections come from the branch or the party office"))
		return
	}
	if reason == "" {
		fail(w, http.StatusBadRequest, errors.New("an objection needs a reason"))
		return
	}
	if st.Stage != StagePublished {
		fail(w, http.StatusConflict, fmt.Errorf("result %d is %s: objections are filed while it is published", st.ID, st.Stage))
		return
	}
	if now := sv.now(); !now.Before(st.ObjectionUntil) {
		fail(w, http.StatusConflict, fmt.Errorf("the objection window of result %d closed at %s", st.ID, st.ObjectionUntil.Format(time.RFC3339)))
		return
	}
	if err := sv.Store.Note(r.Context(), st.ID, "objection", st.Stage, p.Who, p.Role, reason, sv.now()); err != nil {
		status, msg := sv.storeError("storing the objection", err)
		fail(w, status, errors.New(msg))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": st.ID, "stage": st.Stage, "objection": reason})
}

// history shows a result's version, stage, links and transitions.
func (sv *Server) history(w http.ResponseWriter, r *http.Request, p *Principal) {
	st, ok := sv.load(w, r, p)
	if !ok {
		return
	}
	hist, err := sv.Store.History(r.Context(), st.ID)
	if err != nil {
		status, msg := sv.storeError("reading the history", err)
		fail(w, status, errors.New(msg))
		return
	}
	out := map[string]any{"id": st.ID, "subject": st.Subject, "period": st.Period, "version": st.Version,
		"stage": st.Stage, "links": st.Links, "transitions": hist}
	if !st.ObjectionUntil.IsZero() {
		out["objection_until"] = st.ObjectionUntil
	}
	writeJSON(w, http.StatusOK, out)
}
