// Command oa-service is a small HTTP service of the kind an OA or HR
// system embeds branchscore in: branches and the party office submit
// evidence as JSON, the service scores it with a scheme and stores each
// submission as a version with its result, audit trail and evidence in a
// database — SQLite (pure Go, no cgo) by default, PostgreSQL when a DSN is
// given — takes each result through publication (公示) and approval (审批),
// and ranks a period from the results that still verify, carrying the
// ledger of awards from period to period.
//
//	go run . -new-token                      # a token, and the hash for the config
//	go run . -config oa-service.json -scheme tingnan-2017 -db branchscore.db
//	go run . -config oa-service.json -dsn postgres://branchscore@localhost/branchscore
//
//	curl -s -H "Authorization: Bearer $TOKEN" --data-binary @../data/tingnan-2017/2017-03-zongcai1.json localhost:8080/evaluations
//	curl -s -H "Authorization: Bearer $TOKEN" localhost:8080/evaluations/1
//	curl -s -H "Authorization: Bearer $TOKEN" -X POST localhost:8080/evaluations/1/verify
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"log"
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
	configPath := flag.String("config", "oa-service.json", "organisations and hashed tokens (JSON)")
	schemeArg := flag.String("scheme", "tingnan-2017", "built-in scheme id or scheme file")
	dbPath := flag.String("db", "branchscore.db", "SQLite database file (used unless -dsn is given)")
	dsn := flag.String("dsn", os.Getenv("BRANCHSCORE_PG_DSN"), "PostgreSQL DSN, e.g. postgres://user@localhost/branchscore")
	evalTimeout := flag.Duration("eval-timeout", DefaultEvalTimeout, "bound on each evaluation and verification")
	window := flag.Duration("objection-window", DefaultObjectionWindow, "how long a published result is open to objections")
	newToken := flag.Bool("new-token", false, "print a new token and its SHA-256 for the config, and exit")
	flag.Parse()
	logger := log.New(os.Stderr, "oa-service: ", log.LstdFlags)

	if *newToken {
		tok, hash, err := NewToken()
		if err != nil {
			logger.Fatal(err)
		}
		fmt.Printf("token:  %s   (give it to its holder; it is not stored)\nsha256: %s   (put this in the config)\n", tok, hash)
		return
	}
	cfg, err := LoadConfig(*configPath)
	if err != nil {
		logger.Fatal(err)
	}
	auth, err := NewAuth(cfg)
	if err != nil {
		logger.Fatalf("%s:\n%v", *configPath, err)
	}
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
	sv := &Server{Scheme: s, Store: store, Auth: auth, Log: logger, EvalTimeout: *evalTimeout, ObjectionWindow: *window}
	logger.Printf("scheme %s %s, %s store, %d organisation(s), listening on %s", s.ID(), s.Version(), dialect, len(cfg.Organisations), *addr)
	logger.Fatal(NewHTTPServer(*addr, sv.Handler(), DefaultTimeouts).ListenAndServe())
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
