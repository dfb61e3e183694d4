// Command oa-service is a small HTTP service of the kind an OA or HR
// system embeds branchscore in: it accepts a branch's evidence as JSON,
// scores it with a scheme, and stores the result with its audit trail and
// the evidence in a database — SQLite (pure Go, no cgo) by default,
// PostgreSQL when a DSN is given — so any stored result can be verified
// later from the database alone.
//
//	go run . -scheme tingnan-2017 -db branchscore.db
//	go run . -scheme tingnan-2017 -dsn postgres://branchscore@localhost/branchscore
//
//	curl -s --data-binary @../data/tingnan-2017/2017-03-zongcai1.json localhost:8080/evaluations
//	curl -s localhost:8080/evaluations/1
//	curl -s -X POST localhost:8080/evaluations/1/verify
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/branchscore/branchscore/scheme"
	"github.com/branchscore/branchscore/schemes"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	_ "modernc.org/sqlite"             // database/sql driver "sqlite", pure Go
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	schemeArg := flag.String("scheme", "tingnan-2017", "built-in scheme id or scheme file")
	dbPath := flag.String("db", "branchscore.db", "SQLite database file (used unless -dsn is given)")
	dsn := flag.String("dsn", os.Getenv("BRANCHSCORE_PG_DSN"), "PostgreSQL DSN, e.g. postgres://user@localhost/branchscore")
	flag.Parse()
	logger := log.New(os.Stderr, "oa-service: ", log.LstdFlags)

	s, err := loadScheme(*schemeArg)
	if err != nil {
		logger.Fatal(err)
	}
	db, dialect, err := openDB(*dbPath, *dsn)
	if err != nil {
		logger.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	store, err := OpenStore(ctx, db, dialect)
	cancel()
	if err != nil {
		logger.Fatal(err)
	}
	sv := &Server{Scheme: s, Store: store, Log: logger}
	logger.Printf("scheme %s %s, %s store, listening on %s", s.ID(), s.Version(), dialect, *addr)
	srv := &http.Server{Addr: *addr, Handler: sv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	logger.Fatal(srv.ListenAndServe())
}

// loadScheme takes a built-in id or a path to a scheme file.
func loadScheme(arg string) (*scheme.Scheme, error) {
	if strings.HasSuffix(arg, ".yaml") || strings.HasSuffix(arg, ".yml") {
		return scheme.CompileFile(arg)
	}
	return schemes.Load(arg)
}

// openDB opens PostgreSQL when a DSN is given, else the SQLite file.
func openDB(path, dsn string) (*sql.DB, string, error) {
	if dsn != "" {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, "", err
		}
		return db, "postgres", nil
	}
	// One writer at a time and foreign keys on: SQLite's defaults are
	// neither.
	db, err := sql.Open("sqlite", fmt.Sprintf("file:%s?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)", path))
	if err != nil {
		return nil, "", err
	}
	db.SetMaxOpenConns(1)
	return db, "sqlite", nil
}
