package main

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
)

// storeError logs a store's error in full and returns what the client is
// told: a status and a message in words, never a raw SQLSTATE or driver
// text. what says what was being done.
func (sv *Server) storeError(what string, err error) (int, string) {
	status, msg := clientError(err)
	if status >= 500 {
		sv.Log.Printf("%s: %v", what, err)
	}
	return status, what + ": " + msg
}

// clientError maps an error of the store (PostgreSQL through pgx, SQLite
// through modernc.org/sqlite) to a status and a message a client can act
// on.
func clientError(err error) (int, string) {
	switch {
	case errors.Is(err, ErrStale):
		return http.StatusConflict, ErrStale.Error()
	case errors.Is(err, ErrNotFound):
		return http.StatusNotFound, err.Error()
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "the database did not answer in time; try again"
	case errors.Is(err, context.Canceled):
		return http.StatusServiceUnavailable, "the request was cancelled"
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		code := pe.Code
		switch {
		case code == "22021" || code == "22P05": // character_not_in_repertoire, untranslatable_character
			return http.StatusBadRequest, "a value holds a character the database cannot store (a NUL byte, or text that is not UTF-8)"
		case code == "22001": // string_data_right_truncation
			return http.StatusBadRequest, "a value is too long for the database"
		case strings.HasPrefix(code, "22"): // data exceptions
			return http.StatusBadRequest, "a value the database refuses: " + pe.Message
		case code == "23505": // unique_violation
			return http.StatusConflict, "stored meanwhile by another request; read it again"
		case code == "40001" || code == "40P01": // serialization_failure, deadlock_detected
			return http.StatusServiceUnavailable, "the database was busy; try again"
		case code == "57014": // query_canceled (statement_timeout)
			return http.StatusServiceUnavailable, "the database did not answer in time; try again"
		case strings.HasPrefix(code, "08") || strings.HasPrefix(code, "53") || strings.HasPrefix(code, "57P"):
			return http.StatusServiceUnavailable, "the database is unavailable; try again later"
		}
		return http.StatusInternalServerError, "the store failed; see the service log"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case 5, 6: // SQLITE_BUSY, SQLITE_LOCKED
			return http.StatusServiceUnavailable, "the database was busy; try again"
		case 19: // SQLITE_CONSTRAINT
			return http.StatusConflict, "stored meanwhile by another request; read it again"
		}
		return http.StatusInternalServerError, "the store failed; see the service log"
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	if errors.As(err, &ce) || errors.As(err, &ne) {
		return http.StatusServiceUnavailable, "the database is unavailable; try again later"
	}
	return http.StatusInternalServerError, "the store failed; see the service log"
}
