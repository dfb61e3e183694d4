package scheme

import (
	"sync"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"github.com/branchscore/branchscore/internal/celdec"
)

// baseEnvs holds, for each decimal configuration a scheme declares, the
// environment every scheme with it starts from: CEL's standard library,
// the parser's limits and the decimal functions. Building it (some
// hundreds of overload declarations) was a twentieth of compiling a
// scheme; a scheme now extends it with its own types and variables
// (Env.Extend shares the declarations). The configurations are few (a
// scale from 0 to 18 and a rounding mode), and an Env is immutable and
// safe for concurrent use.
//
// With the environment goes its parser (celdec.Parser): cel-go's Pratt
// parser with the environment's options, falling back to the
// environment's own on any error.
var baseEnvs sync.Map // celdec.Config → *base

type base struct {
	env    *cel.Env
	parser *celdec.Parser
}

// The parser's limits: the longest expression in code points, and how
// deeply it may nest.
const (
	exprSizeLimit  = 4096
	exprDepthLimit = 64
)

func baseEnv(cfg celdec.Config) (*base, error) {
	if b, ok := baseEnvs.Load(cfg); ok {
		return b.(*base), nil
	}
	opts := append([]cel.EnvOption{cel.ParserExpressionSizeLimit(exprSizeLimit), cel.ParserRecursionLimit(exprDepthLimit)},
		celdec.Options(cfg)...)
	env, err := cel.NewEnv(opts...)
	if err != nil {
		return nil, err
	}
	p, err := celdec.NewParser(env, exprSizeLimit, exprDepthLimit)
	if err != nil {
		return nil, err
	}
	b, _ := baseEnvs.LoadOrStore(cfg, &base{env: env, parser: p})
	return b.(*base), nil
}

// schemeEnv extends the base environment for cfg with a scheme's object
// types (prov) and variables. The base registered CEL's optional type in
// its own registry; prov replaces that registry, so it registers the type
// too, as building the whole environment over prov did. The parser parses
// for the environment and every extension of it.
func schemeEnv(cfg celdec.Config, prov *celdec.Provider, vars []cel.EnvOption) (*cel.Env, *celdec.Parser, error) {
	b, err := baseEnv(cfg)
	if err != nil {
		return nil, nil, err
	}
	if err := prov.RegisterType(types.OptionalType); err != nil {
		return nil, nil, err
	}
	env, err := b.env.Extend(append([]cel.EnvOption{cel.CustomTypeProvider(prov)}, vars...)...)
	return env, b.parser, err
}
